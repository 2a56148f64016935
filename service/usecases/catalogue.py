"""Reading the award catalogue."""

from __future__ import annotations

from service.domain.awards import Award
from service.domain.permissions import Actor
from service.usecases.ports import UnitOfWork


def list_awards(*, actor: Actor, uow: UnitOfWork) -> list[Award]:
    with uow:
        return uow.awards.all()


def level_names(*, uow: UnitOfWork) -> dict[str, str]:
    """Each level's Vietnamese name by code, e.g. {"ward": "Cấp xã"}."""
    with uow:
        return {lv.code: lv.name for lv in uow.orgs.levels()}
