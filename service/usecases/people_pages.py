"""The registry's list page as a read model: one read-only transaction, a page of entries.

The search is the registry's (diacritics-insensitive, merged entries left out, the actor's
units and those below only); a page is cut from it by position, so the list pages on past the
API's cap on one answer. Identity numbers never reach a list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from service.domain.people import Person
from service.domain.permissions import Actor
from service.usecases.people import reachable_codes
from service.usecases.ports import UnitOfWork

MAX_PAGES = 40  # beyond this a clerk narrows the search


@dataclass(frozen=True)
class PeopleListPage:
    items: list[Person]
    page: int
    more: bool


def people_list_page(
    q: str, page: int, size: int, *, actor: Actor, uow: UnitOfWork
) -> PeopleListPage:
    page = max(1, min(page, MAX_PAGES))
    with uow:
        codes = reachable_codes(uow, actor)
        if not codes:
            return PeopleListPage([], page, False)
        found = uow.people.search(q, limit=page * size + 1, org_codes=codes)
    shown = [replace(p, identity_number="") for p in found[(page - 1) * size : page * size]]
    return PeopleListPage(shown, page, len(found) > page * size)
