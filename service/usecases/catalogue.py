"""Reading the award catalogue and the rulebooks (any signed-in user may)."""

from __future__ import annotations

from service.domain.awards import Award
from service.domain.errors import NotFound
from service.domain.permissions import Actor
from service.domain.rulebooks import DEFAULT_RULEBOOK, Rulebook
from service.usecases.ports import RulebookLibrary, UnitOfWork
from service.usecases.rules import rulebook_of


def list_awards(*, actor: Actor, uow: UnitOfWork, rulebook: str = DEFAULT_RULEBOOK) -> list[Award]:
    """The awards one may file a dossier for, by the rulebook of the caller's (first) unit's
    province (``rulebook``, KT_RULEBOOK, if it names none); old codes kept as aliases are not
    listed."""
    with uow:
        if actor.grants:
            rulebook = rulebook_of(uow, actor.grants[0].org_id, rulebook)
        return [a for a in uow.awards.all(rulebook) if a.alias_of is None]


def filed_under(code: str, rulebook: str, *, uow: UnitOfWork) -> str:
    """The award a dossier's ``code`` stands for today: an old code kept as an alias
    (``BK_TINH_CN``) gives the award it is now filed under (``BK_TINH``); any other code is
    given back as it is."""
    with uow:
        award = uow.awards.get(code, rulebook)
    return award.canonical if award else code


def level_names(*, uow: UnitOfWork) -> dict[str, str]:
    """Each level's Vietnamese name by code, e.g. {"ward": "Cấp xã"}."""
    with uow:
        return {lv.code: lv.name for lv in uow.orgs.levels()}


def list_rulebooks(*, actor: Actor, rulebooks: RulebookLibrary) -> list[Rulebook]:
    return rulebooks.all()


def get_rulebook(code: str, *, actor: Actor, rulebooks: RulebookLibrary) -> Rulebook:
    book = rulebooks.get(code)
    if book is None:
        raise NotFound(f"Không có bộ quy định '{code}'.")
    return book
