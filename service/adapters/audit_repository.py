"""The audit trail: appending events to the hash chain, reading and searching them.

Nothing here updates or deletes an event; only ``append`` writes, and it writes new rows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from sqlalchemy import Select, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.adapters.tables import AuditHeadRow, EventRow, OrgUnitRow, UserRow
from service.domain.audit import GENESIS, AuditQuery, Link, link_hash
from service.domain.history import Event, Names

HEAD = 1


def _event(r: EventRow) -> Event:
    return Event(
        at=r.at,
        actor=r.actor,
        action=r.action,
        dossier_id=r.dossier_id,
        actor_id=r.actor_id,
        level=r.level,
        org_code=r.org_code,
        comment=r.comment,
    )


class EventRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def append(self, event: Event) -> None:
        seq, prev = self._lock_head()
        seq += 1
        digest = link_hash(prev, seq, event)
        self.s.add(
            EventRow(
                seq=seq,
                prev_hash=prev,
                hash=digest,
                at=event.at,
                dossier_id=event.dossier_id,
                actor_id=event.actor_id,
                actor=event.actor,
                action=event.action,
                level=event.level,
                org_code=event.org_code,
                comment=event.comment,
            )
        )
        self.s.execute(
            update(AuditHeadRow).where(AuditHeadRow.id == HEAD).values(seq=seq, hash=digest)
        )

    def _lock_head(self) -> tuple[int, str]:
        """Take the chain's head row for this transaction; a concurrent appender waits here."""
        insert = (
            postgresql.insert if self.s.get_bind().dialect.name == "postgresql" else sqlite.insert
        )
        self.s.execute(
            insert(AuditHeadRow).values(id=HEAD, seq=0, hash=GENESIS).on_conflict_do_nothing()
        )
        row = self.s.execute(
            select(AuditHeadRow.seq, AuditHeadRow.hash)
            .where(AuditHeadRow.id == HEAD)
            .with_for_update()
        ).one()
        return int(row.seq), str(row.hash)

    def head(self) -> tuple[int, str]:
        row = self.s.execute(
            select(AuditHeadRow.seq, AuditHeadRow.hash).where(AuditHeadRow.id == HEAD)
        ).one_or_none()
        return (int(row.seq), str(row.hash)) if row else (0, GENESIS)

    def for_dossier(self, dossier_id: int) -> list[Event]:
        rows = self.s.scalars(
            select(EventRow).where(EventRow.dossier_id == dossier_id).order_by(EventRow.seq)
        )
        return [_event(r) for r in rows]

    def links(self, batch: int = 1000, after: int = 0) -> Iterator[Link]:
        """Every event after number ``after`` in chain order, read in batches so a long trail
        does not fill memory."""
        while True:
            rows = list(
                self.s.scalars(
                    select(EventRow).where(EventRow.seq > after).order_by(EventRow.seq).limit(batch)
                )
            )
            for r in rows:
                yield Link(r.id, r.seq, _event(r), r.prev_hash, r.hash)
            if len(rows) < batch:
                return
            after = rows[-1].seq

    def hashes_at(self, seqs: Collection[int]) -> dict[int, str]:
        """The hash stored at each of these event numbers; numbers with no event are absent."""
        if not seqs:
            return {}
        rows = self.s.execute(
            select(EventRow.seq, EventRow.hash).where(EventRow.seq.in_(sorted(set(seqs))))
        )
        return {int(r.seq): str(r.hash) for r in rows}

    def search(self, q: AuditQuery, after_seq: int | None, limit: int) -> list[Link]:
        stmt: Select[EventRow] = select(EventRow)
        if q.dossier_id is not None:
            stmt = stmt.where(EventRow.dossier_id == q.dossier_id)
        if q.actor is not None:
            stmt = stmt.where(EventRow.actor == q.actor)
        if q.since is not None:
            stmt = stmt.where(EventRow.at >= q.since)
        if q.until is not None:
            stmt = stmt.where(EventRow.at < q.until)
        if q.org_codes is not None:
            stmt = stmt.where(EventRow.org_code.in_(q.org_codes))
        if after_seq is not None:
            stmt = stmt.where(EventRow.seq > after_seq)
        rows = self.s.scalars(stmt.order_by(EventRow.seq).limit(limit))
        return [Link(r.id, r.seq, _event(r), r.prev_hash, r.hash) for r in rows]

    def names(self, events: Iterable[Event]) -> Names:
        """The full names of the events' actors and the names of their units: at most two
        statements, however many events."""
        events = list(events)
        usernames = sorted({e.actor for e in events})
        codes = sorted({e.org_code for e in events if e.org_code})
        people: dict[str, str] = {}
        units: dict[str, str] = {}
        if usernames:
            rows = self.s.execute(
                select(UserRow.username, UserRow.full_name).where(UserRow.username.in_(usernames))
            )
            people = {str(u): str(n) for u, n in rows}
        if codes:
            rows = self.s.execute(
                select(OrgUnitRow.code, OrgUnitRow.name).where(OrgUnitRow.code.in_(codes))
            )
            units = {str(c): str(n) for c, n in rows}
        return Names(people, units)
