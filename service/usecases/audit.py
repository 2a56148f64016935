"""Reading and checking the audit trail (auditors), and its CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from service.domain.audit import AuditQuery, Link, Verdict, verify
from service.domain.permissions import Actor, Role, require_auditor
from service.usecases.ports import UnitOfWork


@dataclass(frozen=True)
class AuditFilter:
    dossier_id: int | None = None
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _scope(uow: UnitOfWork, actor: Actor) -> frozenset[str] | None:
    """Org codes whose events the auditor may read; None for an auditor at a top unit (all)."""
    roots = actor.units_with([Role.AUDITOR])
    if any(uow.orgs.get(r).parent_id is None for r in roots):
        return None
    return frozenset(uow.orgs.get(i).code for i in uow.orgs.subtree_ids(roots))


def search_audit(
    f: AuditFilter, after_seq: int | None, limit: int, *, actor: Actor, uow: UnitOfWork
) -> list[Link]:
    require_auditor(actor)
    with uow:
        query = AuditQuery(f.dossier_id, f.actor, f.since, f.until, _scope(uow, actor))
        return uow.events.search(query, after_seq, limit)


CSV_COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "dossier_id",
    "level",
    "org_code",
    "comment",
    "prev_hash",
    "hash",
)


def export_audit_csv(f: AuditFilter, *, actor: Actor, uow: UnitOfWork) -> Iterator[str]:
    """The matching events as CSV lines, read page by page."""
    require_auditor(actor)
    yield _line(CSV_COLUMNS)
    after: int | None = 0
    while after is not None:
        page = search_audit(f, after, 1000, actor=actor, uow=uow)
        for link in page:
            e = link.event
            yield _line(
                (
                    link.seq,
                    e.at.isoformat(),
                    e.actor,
                    e.action,
                    e.dossier_id or "",
                    e.level or "",
                    e.org_code or "",
                    e.comment,
                    link.prev_hash,
                    link.hash,
                )
            )
        after = page[-1].seq if len(page) == 1000 else None


def _line(values: tuple[object, ...]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue()


def verify_audit(*, uow: UnitOfWork) -> Verdict:
    """Check the whole chain (for the CLI and for auditors)."""
    with uow:
        return verify(uow.events.links(), uow.events.head())


def verify_audit_as(*, actor: Actor, uow: UnitOfWork) -> Verdict:
    require_auditor(actor)
    return verify_audit(uow=uow)
