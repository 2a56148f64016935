"""Anchoring the audit chain outside the database: signed checkpoints, and judging the chain.

The chain alone cannot show that its end was cut off and ``audit_head`` rewound, that every event
was deleted, or that an event was edited and every later hash recomputed: everything it checks
lives in the database. A checkpoint says "at this time the chain's event number ``seq`` had hash
``hash``", signed with HMAC-SHA256 under a key the database does not hold (``KT_AUDIT_KEY``) and
kept in a store the database does not control. Each event's hash covers every event before it, so
one checkpoint that agrees with the chain vouches for every event up to its number; events after
the newest checkpoint are protected by the chain alone.

Pure rules, no I/O: signing and reading checkpoints, the name each is stored under, and ``judge``,
which compares the checkpoints read with the chain's hashes at their numbers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from enum import StrEnum

FORMAT = "kt-audit-checkpoint/1"
PREFIX = "audit/checkpoints/"
MIN_KEY_LENGTH = 32
NO_KEY = (
    "Chuỗi chưa được neo ra ngoài cơ sở dữ liệu: chưa đặt KT_AUDIT_KEY nên không có điểm neo "
    "nào được ký; xóa hoặc viết lại cả chuỗi trong cơ sở dữ liệu sẽ không bị phát hiện."
)


def key_from(raw: str) -> bytes | None:
    """The signing key a ``KT_AUDIT_KEY`` value gives; None when it is unset.

    A short key is refused rather than used: a guessable key lets anyone forge checkpoints.
    """
    if not raw:
        return None
    if len(raw) < MIN_KEY_LENGTH:
        raise ValueError(
            f"KT_AUDIT_KEY must be at least {MIN_KEY_LENGTH} characters "
            "(e.g. python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
    return raw.encode()


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: datetime
    signature: str  # HMAC-SHA256 of ``signed_text``, hex

    @property
    def name(self) -> str:
        """Where it is stored: names sort by event number, then by time."""
        return f"{PREFIX}{self.seq:012d}-{self.at.astimezone(UTC):%Y%m%dT%H%M%S%fZ}.json"


def _instant(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def signed_text(seq: int, chain_hash: str, at: datetime) -> bytes:
    return f"{FORMAT}\n{seq}\n{chain_hash}\n{_instant(at)}".encode()


def _mac(key: bytes, seq: int, chain_hash: str, at: datetime) -> str:
    return hmac.new(key, signed_text(seq, chain_hash, at), hashlib.sha256).hexdigest()


def sign(key: bytes, seq: int, chain_hash: str, at: datetime) -> Checkpoint:
    return Checkpoint(seq, chain_hash, at, _mac(key, seq, chain_hash, at))


def authentic(cp: Checkpoint, key: bytes) -> bool:
    return hmac.compare_digest(cp.signature, _mac(key, cp.seq, cp.hash, cp.at))


def encode(cp: Checkpoint) -> bytes:
    """One line of JSON: what is stored, and what ``audit checkpoint`` prints for the log."""
    body = {
        "format": FORMAT,
        "seq": cp.seq,
        "hash": cp.hash,
        "at": _instant(cp.at),
        "hmac_sha256": cp.signature,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def decode(raw: bytes) -> Checkpoint:
    """The checkpoint in ``raw``; ValueError if it is not one (the signature is not checked)."""
    try:
        body = json.loads(raw)
        if body["format"] != FORMAT:
            raise ValueError(f"unknown format {body['format']!r}")
        seq, chain_hash, signature = body["seq"], body["hash"], body["hmac_sha256"]
        at = datetime.fromisoformat(body["at"])
    except (KeyError, TypeError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"not a checkpoint: {err}") from err
    if not (isinstance(seq, int) and isinstance(chain_hash, str) and isinstance(signature, str)):
        raise ValueError("not a checkpoint: wrong field types")
    if at.tzinfo is None:
        raise ValueError("not a checkpoint: its time has no zone")
    return Checkpoint(seq, chain_hash, at, signature)


def local_time(at: datetime, zone: tzinfo) -> str:
    return f"{at.astimezone(zone):%d/%m/%Y %H:%M}"


@dataclass(frozen=True)
class Stored:
    """One object read from the checkpoint store: its name and, if it parses, the checkpoint."""

    name: str
    checkpoint: Checkpoint | None


class Kind(StrEnum):
    REWRITTEN = "rewritten"  # events rewritten or removed after a checkpoint vouched for them
    FORGED = "forged"  # a checkpoint whose signature does not hold
    UNREADABLE = "unreadable"  # an object in the checkpoint store that is not a checkpoint


@dataclass(frozen=True)
class Finding:
    kind: Kind
    message: str
    checkpoint: str  # the object's name
    first: int | None = None  # the range of events rewritten or removed (rewritten only)
    last: int | None = None


class State(StrEnum):
    ANCHORED = "anchored"  # the newest authentic checkpoint agrees with the chain
    BROKEN = "broken"  # at least one finding
    NO_KEY = "no_key"  # KT_AUDIT_KEY is unset: nothing can be signed or checked
    NO_CHECKPOINT = "no_checkpoint"  # a key, but no checkpoint written yet
    UNAVAILABLE = "unavailable"  # the checkpoint store could not be read


@dataclass(frozen=True)
class Anchoring:
    state: State
    message: str
    findings: tuple[Finding, ...] = ()
    anchor: Checkpoint | None = None  # the newest authentic checkpoint that agrees with the chain
    read: int = 0  # checkpoints read
    unanchored: int = 0  # events after the anchor, protected by the chain alone

    @property
    def ok(self) -> bool:
        """No evidence of tampering (being unanchored is a weakness, not evidence)."""
        return not self.findings

    @property
    def anchored(self) -> bool:
        return self.state is State.ANCHORED

    @classmethod
    def without_key(cls) -> Anchoring:
        return cls(State.NO_KEY, NO_KEY)

    @classmethod
    def unavailable(cls, why: str) -> Anchoring:
        return cls(
            State.UNAVAILABLE,
            f"Chưa đối chiếu được với các điểm neo: không đọc được kho lưu điểm neo ({why}).",
        )


def agrees(cp: Checkpoint, hashes: Mapping[int, str]) -> bool:
    """The chain has an event at the checkpoint's number with exactly its hash."""
    return hashes.get(cp.seq) == cp.hash


def judge(
    stored: Sequence[Stored],
    hashes: Mapping[int, str],
    last_seq: int,
    key: bytes,
    zone: tzinfo,
) -> Anchoring:
    """Compare the checkpoints read with the chain.

    ``hashes`` maps event numbers to the hash the chain stores there (numbers missing from the
    chain are absent); ``last_seq`` is the number of the chain's last event. The rewritten range
    runs from just after the newest checkpoint that agrees (or from 1) to the oldest checkpoint
    above it that does not: everything up to the agreeing one is vouched for, and the one that
    disagrees recorded a state the chain no longer has.
    """
    findings: list[Finding] = []
    good: list[Checkpoint] = []
    for s in stored:
        if s.checkpoint is None:
            findings.append(
                Finding(
                    Kind.UNREADABLE,
                    f"Tệp {s.name} trong kho điểm neo không phải là điểm neo đọc được.",
                    s.name,
                )
            )
        elif not authentic(s.checkpoint, key):
            findings.append(
                Finding(
                    Kind.FORGED,
                    f"Điểm neo {s.name} (sự kiện số {s.checkpoint.seq}) có chữ ký không hợp lệ: "
                    "đã bị sửa hoặc giả mạo, hoặc được ký bằng khóa khác.",
                    s.name,
                )
            )
        else:
            good.append(s.checkpoint)
    agreeing = [cp for cp in good if agrees(cp, hashes)]
    anchor = max(agreeing, key=lambda cp: (cp.seq, cp.at), default=None)
    base = anchor.seq if anchor else 0
    above = sorted((cp for cp in good if cp.seq > base and not agrees(cp, hashes)), key=_order)
    if above:
        findings.insert(0, _rewritten(base + 1, above[0], last_seq, zone))
    unanchored = max(last_seq - base, 0)
    if findings:
        return Anchoring(
            State.BROKEN, _broken(len(findings)), tuple(findings), anchor, len(stored), unanchored
        )
    if anchor is None:
        return Anchoring(
            State.NO_CHECKPOINT,
            "Chuỗi chưa được neo: chưa có điểm neo nào được ghi; hãy chạy "
            "`flask audit checkpoint` (theo lịch cron).",
            read=len(stored),
            unanchored=unanchored,
        )
    return Anchoring(
        State.ANCHORED, _anchored(anchor, unanchored, zone), (), anchor, len(stored), unanchored
    )


def _order(cp: Checkpoint) -> tuple[int, datetime]:
    return cp.seq, cp.at


def _rewritten(first: int, cp: Checkpoint, last_seq: int, zone: tzinfo) -> Finding:
    events = f"Sự kiện số {first}" if first == cp.seq else f"Các sự kiện số {first}–{cp.seq}"
    message = (
        f"{events} đã bị viết lại hoặc xóa sau điểm neo lúc {local_time(cp.at, zone)} "
        f"(điểm neo ghi sự kiện số {cp.seq} có mã băm {cp.hash[:12]}…)"
    )
    if last_seq == 0:
        message += "; chuỗi hiện không còn sự kiện nào"
    elif last_seq < cp.seq:
        message += f"; chuỗi hiện chỉ còn đến sự kiện số {last_seq}"
    return Finding(Kind.REWRITTEN, message + ".", cp.name, first, cp.seq)


def _broken(n: int) -> str:
    return f"Chuỗi không khớp với các điểm neo ngoài cơ sở dữ liệu ({n} vấn đề)."


def _anchored(anchor: Checkpoint, unanchored: int, zone: tzinfo) -> str:
    when = local_time(anchor.at, zone)
    after = (
        f"{unanchored} sự kiện ghi sau đó chỉ được chuỗi băm bảo vệ cho đến điểm neo kế tiếp"
        if unanchored
        else "không có sự kiện nào ghi sau đó"
    )
    return f"Khớp với điểm neo lúc {when} (đến sự kiện số {anchor.seq}); {after}."


@dataclass(frozen=True)
class Plan:
    """What ``audit checkpoint`` should do: sign the head, nothing, or refuse (and why)."""

    sign: bool
    note: str
    refused: bool = False


def plan(
    head: tuple[int, str],
    base: Checkpoint | None,
    base_hash: str | None,
    chain_problem: str,
) -> Plan:
    """Whether to sign ``head``, given the newest authentic checkpoint ``base``.

    ``base_hash`` is the hash the chain stores at ``base.seq`` (None if it has no such event);
    ``chain_problem`` is what the chain check from ``base`` (or from the start) to the head found,
    empty if nothing. A checkpoint is never signed over a chain that does not hold: that would
    vouch for the tampering, and a later check reading only the newest checkpoints would miss it.
    """
    seq, _ = head
    if base is not None and base_hash != base.hash:
        return Plan(
            False,
            f"chuỗi không còn khớp với điểm neo {base.name} (sự kiện số {base.seq}); "
            "chạy `flask audit verify` để biết phần nào bị viết lại hoặc xóa",
            refused=True,
        )
    if chain_problem:
        return Plan(False, f"chuỗi bị phá vỡ: {chain_problem}", refused=True)
    if seq == 0:
        return Plan(False, "nhật ký chưa có sự kiện nào")
    if base is not None and base.seq == seq:
        return Plan(False, f"không có sự kiện mới kể từ điểm neo số {seq}")
    return Plan(True, "")
