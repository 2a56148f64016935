"""The tamper-evident audit chain: how an event is hashed, and how a chain is checked.

Each event stores the SHA-256 of the previous event and the SHA-256 of its own canonical JSON
together with that previous hash. Editing a field changes the event's hash; deleting or reordering
events breaks the sequence or the link to the previous hash; cutting events off the end no longer
matches the chain's head. What the database alone cannot show (the end cut off and the head
rewound, every event deleted, an event edited and every later hash recomputed) is caught by the
signed checkpoints of ``service/domain/checkpoints.py``, which ``Verdict.anchoring`` reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from service.domain.checkpoints import Anchoring
from service.domain.history import Event

GENESIS = "0" * 64


@dataclass(frozen=True)
class Link:
    """An event as stored in the chain."""

    id: int
    seq: int
    event: Event
    prev_hash: str
    hash: str


def canonical(seq: int, event: Event) -> str:
    return json.dumps(
        {
            "seq": seq,
            "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": event.actor,
            "actor_id": event.actor_id,
            "action": event.action,
            "dossier_id": event.dossier_id,
            "level": event.level,
            "org_code": event.org_code,
            "comment": event.comment,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def link_hash(prev_hash: str, seq: int, event: Event) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(seq, event)}".encode()).hexdigest()


@dataclass(frozen=True)
class AuditQuery:
    dossier_id: int | None = None
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    org_codes: frozenset[str] | None = None  # None: every event, including system-wide ones


@dataclass(frozen=True)
class Verdict:
    checked: int
    first_broken: int | None  # the id of the first event that does not fit, if any
    reason: str = ""
    # The chain against the checkpoints kept outside the database; None when not compared.
    anchoring: Anchoring | None = None

    @property
    def chain_ok(self) -> bool:
        """The chain holds together as the database stores it."""
        return self.first_broken is None and not self.reason

    @property
    def ok(self) -> bool:
        return self.chain_ok and (self.anchoring is None or self.anchoring.ok)


def verify(
    links: Iterable[Link], head: tuple[int, str], start: tuple[int, str] = (0, GENESIS)
) -> Verdict:
    """Walk the chain in sequence order; ``head`` is the (seq, hash) the store says it ends at.

    ``start`` is a (seq, hash) already vouched for, when ``links`` are only the events after it.
    """
    prev, expected, checked = start[1], start[0] + 1, 0
    for link in links:
        checked += 1
        if link.seq != expected:
            return Verdict(checked, link.id, f"mất hoặc đảo thứ tự sự kiện trước số {link.seq}")
        if link.prev_hash != prev:
            return Verdict(checked, link.id, "không khớp với sự kiện liền trước")
        if link_hash(prev, link.seq, link.event) != link.hash:
            return Verdict(checked, link.id, "nội dung đã bị sửa")
        prev, expected = link.hash, expected + 1
    if head != (expected - 1, prev):
        return Verdict(checked, None, f"chuỗi dừng ở số {expected - 1}, đầu chuỗi ghi số {head[0]}")
    return Verdict(checked, None)
