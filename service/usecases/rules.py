"""The rule versions in force: awards as a province reads them on a day, and its regulation.

A dossier reads its award on the day it was pinned to (``Dossier.rules_day``), in the province
root above its unit: the rulebook's award with that province's overrides in force that day
(``domain.regulations``). An admin of the province root replaces the regulation as a whole.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from service.domain.awards import Award
from service.domain.checklists import Checklist
from service.domain.dossiers import Dossier
from service.domain.eligibility_rules import rule_problems
from service.domain.errors import Invalid
from service.domain.history import Event
from service.domain.orgs import OrgUnit
from service.domain.permissions import Actor, require_admin_over
from service.domain.regulations import (
    Regulation,
    award_on,
    regulation_from_record,
    regulation_problems,
)
from service.domain.rulebooks import DEFAULT_RULEBOOK
from service.usecases.ports import Clock, DecisionOffice, UnitOfWork, utcnow


def root_of(uow: UnitOfWork, org_id: int) -> OrgUnit:
    """The province root above a unit (the unit itself when it is one)."""
    return uow.orgs.chain(org_id)[-1]


def rulebook_of(uow: UnitOfWork, org_id: int, default: str) -> str:
    """The rulebook the unit's province root follows (``default``, KT_RULEBOOK, if it names
    none: the roots created before rulebooks were chosen per root)."""
    return root_of(uow, org_id).rulebook or default


def pinned_rulebook(dossier: Dossier) -> str:
    """The rulebook a dossier was pinned to (a dossier of the fakes may name none)."""
    return dossier.rulebook or DEFAULT_RULEBOOK


def award_in_force(
    uow: UnitOfWork, code: str, org_id: int, day: date, rulebook: str
) -> Award | None:
    """Award ``code`` as ``rulebook`` and the unit's province read it on ``day``; None if it is
    not in force then (or not in that rulebook)."""
    award = uow.awards.get(code, rulebook)
    if award is None:
        return None
    return award_on(award, day, uow.regulations.overrides(root_of(uow, org_id).id))


def list_awards_on(
    day: date,
    org_code: str | None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    default_rulebook: str = DEFAULT_RULEBOOK,
) -> tuple[OrgUnit | None, list[Award]]:
    """The awards in force on ``day`` for a unit, by its province's rulebook (default: the
    caller's first unit; else none, and the installation's rulebook without a province's
    overrides). Old codes kept as aliases are not listed."""
    with uow:
        unit, _, awards = _awards_on(uow, day, org_code, actor, default_rulebook)
        return unit, awards


def list_awards_with_checklists(
    day: date,
    org_code: str | None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    office: DecisionOffice,
    default_rulebook: str = DEFAULT_RULEBOOK,
) -> tuple[OrgUnit | None, list[tuple[Award, Checklist]]]:
    """``list_awards_on``, each award with the parts its dossiers must hold."""
    with uow:
        unit, book, awards = _awards_on(uow, day, org_code, actor, default_rulebook)
        return unit, [(a, office.checklist_for(a, book)) for a in awards]


def _awards_on(
    uow: UnitOfWork, day: date, org_code: str | None, actor: Actor, default_rulebook: str
) -> tuple[OrgUnit | None, str, list[Award]]:
    unit = _unit_for(uow, org_code, actor)
    overrides = uow.regulations.overrides(root_of(uow, unit.id).id) if unit else ()
    book = rulebook_of(uow, unit.id, default_rulebook) if unit else default_rulebook
    listed = (a for a in uow.awards.all(book) if a.alias_of is None)
    found = (award_on(a, day, overrides) for a in listed)
    return unit, book, [a for a in found if a is not None]


def rulebook_for(
    org_code: str | None, *, actor: Actor, uow: UnitOfWork, default_rulebook: str
) -> str:
    """The rulebook ``list_awards_on`` reads for the same unit."""
    with uow:
        unit = _unit_for(uow, org_code, actor)
        return rulebook_of(uow, unit.id, default_rulebook) if unit else default_rulebook


def _unit_for(uow: UnitOfWork, org_code: str | None, actor: Actor) -> OrgUnit | None:
    if org_code is None:
        return uow.orgs.get(actor.grants[0].org_id) if actor.grants else None
    unit = uow.orgs.by_code(org_code)
    if unit is None:
        raise Invalid(f"Không có đơn vị '{org_code}'.", {"org": "không tồn tại"})
    return unit


def get_regulation(root_code: str, *, actor: Actor | None, uow: UnitOfWork) -> Regulation:
    """A province root's regulation (empty, version 0, if it has none); ``actor`` None is an
    operator."""
    with uow:
        root = _root(uow, root_code, actor)
        return uow.regulations.get(root.id) or Regulation(name="")


def set_regulation(
    root_code: str,
    record: Mapping[str, Any],
    *,
    actor: Actor | None,
    by_name: str = "",
    uow: UnitOfWork,
    clock: Clock = utcnow,
    default_rulebook: str = DEFAULT_RULEBOOK,
    expected_version: int | None = None,
    office: DecisionOffice | None = None,
) -> Regulation:
    """Replace a province root's regulation; every override must name an award of the root's
    rulebook and a known level, every eligibility choice a rule of it (checked when ``office``
    is given). ``expected_version`` is the version the writer read (0: there
    was none); another write since then is refused (Conflict) rather than overwritten."""
    regulation = regulation_from_record(record)
    with uow:
        root = _root(uow, root_code, actor)
        book = root.rulebook or default_rulebook
        awards = {a.code for a in uow.awards.all(book)}
        levels = {lv.code for lv in uow.orgs.levels()}
        problems = regulation_problems(regulation, awards, levels)
        if office is not None:
            problems |= rule_problems(regulation.eligibility, office.rulebook_for(book).eligibility)
        if problems:
            raise Invalid("Quy chế không hợp lệ: " + "; ".join(problems.values()) + ".", problems)
        now = clock()
        saved = uow.regulations.put(root.id, regulation, now, expected_version)
        comment = json.dumps(regulation.as_record(), ensure_ascii=False)
        who: Actor | str = actor if actor is not None else by_name
        uow.events.append(Event.of(now, who, "regulation_changed", org=root, comment=comment))
        uow.commit()
        return saved


def regulations(rulebook: str, installed: str, *, uow: UnitOfWork) -> list[tuple[str, Regulation]]:
    """The provinces' regulations over ``rulebook``: those of the roots that follow it (a root
    that names none follows the installation's, ``installed``, KT_RULEBOOK)."""
    with uow:
        found = []
        for code, regulation in uow.regulations.all():
            root = uow.orgs.by_code(code)
            if root is not None and (root.rulebook or installed) == rulebook:
                found.append((code, regulation))
        return found


def _root(uow: UnitOfWork, code: str, actor: Actor | None) -> OrgUnit:
    unit = uow.orgs.by_code(code)
    if unit is None:
        raise Invalid(f"Không có đơn vị '{code}'.", {"org": "không tồn tại"})
    if actor is not None:
        require_admin_over(actor, uow.orgs.chain(unit.id))
    if unit.parent_id is not None:
        raise Invalid(
            f"Đơn vị '{code}' không phải đơn vị cấp tỉnh; quy chế thuộc về tỉnh, thành phố.",
            {"org": "không phải đơn vị gốc"},
        )
    return unit
