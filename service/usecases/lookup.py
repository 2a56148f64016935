"""The public lookup (tra cứu): anyone finds the awards issued here by name and unit.

Off unless the installation turns it on (``KT_PUBLIC_LOOKUP``); then each province root shows its
awards unless its org profile says ``"public_lookup": false``. Off, the page does not exist (404).
"""

from __future__ import annotations

from service.domain.errors import NotFound
from service.domain.lookup import PAGE_SIZE, LookupPage, lookup_query
from service.usecases.ports import UnitOfWork

PROFILE_FLAG = "public_lookup"


def public_lookup(q: str, unit: str, page: int, *, uow: UnitOfWork, enabled: bool) -> LookupPage:
    """One page of awards (at most ``PAGE_SIZE``) to nominees named like ``q`` in ``unit``."""
    name, place = lookup_query(q, unit)
    page = max(page, 1)
    with uow:
        shown = _shown_roots(uow, enabled)
        items, more = uow.stats.public_awards(
            name, place, uow.orgs.subtree_ids(shown), (page - 1) * PAGE_SIZE, PAGE_SIZE
        )
    return LookupPage(q, unit, page, items, more)


def require_lookup_open(*, uow: UnitOfWork, enabled: bool) -> None:
    """The lookup's empty form exists only where the lookup answers (else NotFound)."""
    with uow:
        _shown_roots(uow, enabled)


def _shown_roots(uow: UnitOfWork, enabled: bool) -> list[int]:
    """The province roots that show their awards; NotFound when none does."""
    roots = [u for u in uow.orgs.all() if u.parent_id is None] if enabled else []
    shown = [r.id for r in roots if uow.orgs.profile(r.id).get(PROFILE_FLAG, True) is not False]
    if not shown:
        raise NotFound("Trang tra cứu khen thưởng chưa được mở.")
    return shown
