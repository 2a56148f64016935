"""Reading and checking the audit trail (auditors), its CSV export, and anchoring it outside the
database: signing the chain's head into a checkpoint in the object store, and checking the chain
against the checkpoints there."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo
from itertools import takewhile

from service.domain.audit import GENESIS, AuditQuery, Link, Verdict, verify
from service.domain.checkpoints import (
    PREFIX,
    Anchoring,
    Checkpoint,
    Stored,
    authentic,
    decode,
    encode,
    judge,
    plan,
    sign,
)
from service.domain.errors import ConfigurationError
from service.domain.history import Names
from service.domain.permissions import Actor, Role, require_auditor
from service.usecases.ports import Clock, ObjectInfo, ObjectStore, UnitOfWork, utcnow
from storage.contract import ObjectNotFound, StorageUnavailable

WINDOW = 10  # checkpoints read by a check when the newest agree with the chain
MAX_CHECKPOINT_BYTES = 4096  # a checkpoint is about 250 bytes


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


@dataclass(frozen=True)
class AuditPage:
    """A page of the trail with the names of who did what where, read in one transaction."""

    links: list[Link]
    names: Names


def audit_page(
    f: AuditFilter, after_seq: int | None, limit: int, *, actor: Actor, uow: UnitOfWork
) -> AuditPage:
    require_auditor(actor)
    with uow:
        query = AuditQuery(f.dossier_id, f.actor, f.since, f.until, _scope(uow, actor))
        links = uow.events.search(query, after_seq, limit)
        return AuditPage(links, uow.events.names(link.event for link in links))


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


def verify_audit(
    *,
    uow: UnitOfWork,
    store: ObjectStore,
    key: bytes | None,
    zone: tzinfo = UTC,
    window: int = WINDOW,
) -> Verdict:
    """Check the whole chain, then compare it with the checkpoints kept in ``store``.

    The newest ``window`` checkpoints are read, and older ones only as long as none of those read
    agrees with the chain (to find where a rewritten range begins): one agreeing checkpoint
    vouches for every event before it, and ``write_checkpoint`` never signs over a chain that
    disagrees with the previous checkpoint, so older ones add nothing in the normal case.
    """
    with uow:
        head = uow.events.head()
        verdict = verify(uow.events.links(), head)
        anchoring = _anchoring(uow, store, key, zone, max(window, 1), head[0])
    return replace(verdict, anchoring=anchoring)


def verify_audit_as(
    *, actor: Actor, uow: UnitOfWork, store: ObjectStore, key: bytes | None, zone: tzinfo = UTC
) -> Verdict:
    require_auditor(actor)
    return verify_audit(uow=uow, store=store, key=key, zone=zone)


def _anchoring(
    uow: UnitOfWork, store: ObjectStore, key: bytes | None, zone: tzinfo, window: int, last: int
) -> Anchoring:
    if key is None:
        return Anchoring.without_key()
    try:
        listed = sorted(store.list(PREFIX), key=lambda o: o.key, reverse=True)
        stored: list[Stored] = []
        hashes: dict[int, str] = {}
        result = judge(stored, hashes, last, key, zone)
        for start in range(0, len(listed), window):
            batch = [_read(store, o) for o in listed[start : start + window]]
            hashes |= uow.events.hashes_at({s.checkpoint.seq for s in batch if s.checkpoint})
            stored += batch
            result = judge(stored, hashes, last, key, zone)
            if result.anchor is not None:
                break
        return result
    except StorageUnavailable as err:
        return Anchoring.unavailable(str(err))


def _read(store: ObjectStore, obj: ObjectInfo) -> Stored:
    if obj.size > MAX_CHECKPOINT_BYTES:  # not one of ours: do not load it into memory
        return Stored(obj.key, None)
    try:
        return Stored(obj.key, decode(store.open(obj.key).read_all()))
    except (ValueError, ObjectNotFound):
        # Not a checkpoint, or deleted between the listing and the read: either is reported.
        return Stored(obj.key, None)


@dataclass(frozen=True)
class CheckpointOutcome:
    written: Checkpoint | None  # the checkpoint signed and stored by this call, if any
    base: Checkpoint | None  # the newest authentic checkpoint found before it
    note: str = ""  # why nothing was written
    refused: bool = False  # nothing was written because the chain does not hold


def write_checkpoint(
    *, uow: UnitOfWork, store: ObjectStore, key: bytes | None, clock: Clock = utcnow
) -> CheckpointOutcome:
    """Sign the chain's head and store it under ``audit/checkpoints/``, if the head moved.

    Refused (``refused``, nothing written) when the chain no longer agrees with the newest
    checkpoint or does not hold from there to the head. Raises ConfigurationError without a key.
    """
    if key is None:
        raise ConfigurationError(
            "Không ghi được điểm neo: chưa đặt KT_AUDIT_KEY (khóa ký điểm neo, giữ ngoài cơ sở "
            "dữ liệu)."
        )
    base = _newest_authentic(store, key)
    with uow:
        head = uow.events.head()
        start = (base.seq, base.hash) if base else (0, GENESIS)
        base_hash = uow.events.hashes_at([base.seq]).get(base.seq) if base else None
        problem = ""
        if base is None or base_hash == base.hash:
            # Only the events since the base: it already vouches for the ones before.
            since = takewhile(lambda link: link.seq <= head[0], uow.events.links(after=start[0]))
            chain = verify(since, head, start)
            if not chain.chain_ok:
                where = f"sự kiện id {chain.first_broken}: " if chain.first_broken else ""
                problem = where + chain.reason
    decided = plan(head, base, base_hash, problem)
    if not decided.sign:
        return CheckpointOutcome(None, base, decided.note, decided.refused)
    cp = sign(key, head[0], head[1], clock())
    store.put(cp.name, io.BytesIO(encode(cp)), content_type="application/json")
    return CheckpointOutcome(cp, base)


def _newest_authentic(store: ObjectStore, key: bytes) -> Checkpoint | None:
    """The newest checkpoint whose signature holds; forged ones are skipped (verify names them)."""
    for obj in sorted(store.list(PREFIX), key=lambda o: o.key, reverse=True):
        cp = _read(store, obj).checkpoint
        if cp is not None and authentic(cp, key):
            return cp
    return None
