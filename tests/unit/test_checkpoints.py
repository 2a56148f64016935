"""Signed checkpoints of the audit chain and judging a chain by them (domain/checkpoints.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from service.domain.audit import GENESIS, Link, link_hash, verify
from service.domain.checkpoints import (
    PREFIX,
    Checkpoint,
    Kind,
    State,
    Stored,
    authentic,
    decode,
    encode,
    judge,
    key_from,
    plan,
    sign,
)
from service.domain.history import Event

KEY = b"k" * 32
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam


def chain(n: int) -> list[Link]:
    links, prev = [], GENESIS
    for seq in range(1, n + 1):
        event = Event(at=T0, actor="dc.clerk", action="created", dossier_id=seq)
        digest = link_hash(prev, seq, event)
        links.append(Link(seq, seq, event, prev, digest))
        prev = digest
    return links


def hashes(links: list[Link]) -> dict[int, str]:
    return {link.seq: link.hash for link in links}


def checkpoint_at(links: list[Link], seq: int, minutes: int = 0) -> Checkpoint:
    return sign(KEY, seq, hashes(links)[seq], T0 + timedelta(minutes=minutes))


def stored(*cps: Checkpoint) -> list[Stored]:
    return [Stored(cp.name, cp) for cp in cps]


# Signing


def test_a_signed_checkpoint_is_authentic_under_its_key_only() -> None:
    cp = sign(KEY, 7, "a" * 64, T0)
    assert authentic(cp, KEY)
    assert not authentic(cp, b"x" * 32)


@pytest.mark.parametrize(
    "change",
    [
        {"seq": 8},
        {"hash": "b" * 64},
        {"at": T0 + timedelta(seconds=1)},
        {"signature": "0" * 64},
    ],
)
def test_changing_any_field_of_a_checkpoint_breaks_its_signature(change: dict[str, object]) -> None:
    cp = sign(KEY, 7, "a" * 64, T0)
    assert not authentic(replace(cp, **change), KEY)  # type: ignore[arg-type]


def test_a_checkpoint_survives_encoding_and_its_time_is_signed_in_utc() -> None:
    cp = sign(KEY, 7, "a" * 64, T0.astimezone(VIETNAM))
    back = decode(encode(cp))
    assert back == replace(cp, at=back.at) and back.at == T0
    assert authentic(back, KEY)
    assert json.loads(encode(cp))["at"] == "2026-12-02T03:00:00.000000+00:00"


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b'{"format": "other/1", "seq": 1, "hash": "h", "at": "2026-12-02T03:00:00+00:00",'
        b' "hmac_sha256": "s"}',
        b'{"format": "kt-audit-checkpoint/1", "seq": "1", "hash": "h",'
        b' "at": "2026-12-02T03:00:00+00:00", "hmac_sha256": "s"}',
        b'{"format": "kt-audit-checkpoint/1", "seq": 1, "hash": "h",'
        b' "at": "2026-12-02T03:00:00", "hmac_sha256": "s"}',
        b"\xff\xfe",
    ],
)
def test_what_is_not_a_checkpoint_is_refused_when_read(raw: bytes) -> None:
    with pytest.raises(ValueError):
        decode(raw)


def test_checkpoint_names_sort_by_event_number_then_time() -> None:
    names = [
        sign(KEY, seq, "a" * 64, T0 + timedelta(minutes=m)).name
        for seq, m in [(10, 0), (9, 5), (10, 1), (100, 0)]
    ]
    assert all(n.startswith(PREFIX) and n.endswith(".json") for n in names)
    assert sorted(names) == [names[1], names[0], names[2], names[3]]


def test_the_key_is_unset_when_empty_and_refused_when_short() -> None:
    assert key_from("") is None
    assert key_from("x" * 32) == b"x" * 32
    with pytest.raises(ValueError, match="KT_AUDIT_KEY"):
        key_from("short-key")


# Judging a chain by its checkpoints


def test_a_chain_that_agrees_with_its_newest_checkpoint_is_anchored() -> None:
    links = chain(12)
    result = judge(
        stored(checkpoint_at(links, 10, 5), checkpoint_at(links, 4)),
        hashes(links),
        12,
        KEY,
        VIETNAM,
    )
    assert result.state is State.ANCHORED and result.ok
    assert result.anchor is not None and result.anchor.seq == 10
    assert result.unanchored == 2
    assert "02/12/2026 10:05" in result.message and "2 sự kiện ghi sau đó" in result.message


def test_events_rewritten_after_a_checkpoint_are_named_as_a_range() -> None:
    links = chain(12)
    cps = stored(checkpoint_at(links, 10, 5), checkpoint_at(links, 4))
    rewritten = hashes(links) | {seq: "f" * 64 for seq in range(6, 13)}
    result = judge(cps, rewritten, 12, KEY, VIETNAM)
    assert result.state is State.BROKEN and not result.ok
    (finding,) = result.findings
    assert finding.kind is Kind.REWRITTEN and (finding.first, finding.last) == (5, 10)
    assert finding.message.startswith(
        "Các sự kiện số 5–10 đã bị viết lại hoặc xóa sau điểm neo lúc 02/12/2026 10:05"
    )
    assert result.anchor is not None and result.anchor.seq == 4


def test_a_chain_shorter_than_a_checkpoint_says_where_it_now_ends() -> None:
    links = chain(12)
    cps = stored(checkpoint_at(links, 12), checkpoint_at(links, 4))
    result = judge(cps, {s: h for s, h in hashes(links).items() if s <= 4}, 7, KEY, VIETNAM)
    (finding,) = result.findings
    assert (finding.first, finding.last) == (5, 12)
    assert "chuỗi hiện chỉ còn đến sự kiện số 7" in finding.message


def test_an_emptied_chain_is_caught_from_its_first_event() -> None:
    links = chain(3)
    result = judge(stored(checkpoint_at(links, 3)), {}, 0, KEY, VIETNAM)
    (finding,) = result.findings
    assert (finding.first, finding.last) == (1, 3)
    assert "chuỗi hiện không còn sự kiện nào" in finding.message


def test_a_checkpoint_with_a_bad_signature_is_reported_and_not_trusted() -> None:
    links = chain(5)
    good = checkpoint_at(links, 3)
    forged = replace(checkpoint_at(links, 5), hash="e" * 64)
    result = judge(stored(forged, good), hashes(links), 5, KEY, VIETNAM)
    (finding,) = result.findings
    assert finding.kind is Kind.FORGED and finding.checkpoint == forged.name
    assert "chữ ký không hợp lệ" in finding.message
    assert result.anchor == good


def test_an_object_that_is_not_a_checkpoint_is_reported() -> None:
    result = judge([Stored(PREFIX + "junk.json", None)], {}, 0, KEY, VIETNAM)
    assert [f.kind for f in result.findings] == [Kind.UNREADABLE]


def test_a_key_with_no_checkpoint_yet_is_not_anchored_but_not_broken() -> None:
    result = judge([], hashes(chain(2)), 2, KEY, VIETNAM)
    assert result.state is State.NO_CHECKPOINT and result.ok and not result.anchored
    assert "flask audit checkpoint" in result.message


# Deciding whether to sign the head


def test_the_first_checkpoint_signs_a_chain_that_holds() -> None:
    assert plan((5, "h"), None, None, "").sign


def test_no_checkpoint_is_written_for_an_empty_or_unmoved_chain() -> None:
    links = chain(5)
    base = checkpoint_at(links, 5)
    assert not plan((0, GENESIS), None, None, "").sign
    unmoved = plan((5, base.hash), base, base.hash, "")
    assert not unmoved.sign and not unmoved.refused


def test_a_chain_that_disagrees_with_the_last_checkpoint_is_never_signed() -> None:
    links = chain(5)
    base = checkpoint_at(links, 3)
    rewound = plan((2, links[1].hash), base, None, "")
    assert not rewound.sign and rewound.refused and base.name in rewound.note
    edited = plan((5, "f" * 64), base, "e" * 64, "")
    assert edited.refused
    broken = plan((5, links[4].hash), base, base.hash, "nội dung đã bị sửa")
    assert broken.refused and "nội dung đã bị sửa" in broken.note


def test_the_chain_check_may_start_from_a_vouched_for_event() -> None:
    links = chain(6)
    start = (3, links[2].hash)
    assert verify(links[3:], (6, links[5].hash), start).ok
    assert not verify(links[4:], (6, links[5].hash), start).ok
    assert not verify(links[3:], (6, links[5].hash), (3, "f" * 64)).ok
