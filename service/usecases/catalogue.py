"""Reading the award catalogue."""

from __future__ import annotations

from service.domain.awards import Award
from service.domain.permissions import Actor
from service.usecases.ports import UnitOfWork


def list_awards(*, actor: Actor, uow: UnitOfWork) -> list[Award]:
    with uow:
        return uow.awards.all()
