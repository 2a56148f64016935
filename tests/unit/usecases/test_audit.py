"""Reading, exporting, verifying and anchoring the audit trail (service/usecases/audit.py)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from service.domain.audit import GENESIS, Link, Verdict, link_hash
from service.domain.checkpoints import PREFIX, Anchoring, Kind, State, encode, sign
from service.domain.errors import ConfigurationError, Forbidden
from service.usecases import audit
from service.usecases.audit import AuditFilter
from storage.contract import StorageUnavailable
from tests.unit.usecases.kit import Kit

# The parts a one-nominee Bằng khen dossier files before it is submitted: tờ trình, the
# nominee's report, the council's minutes (the rulebook's checklist).
PARTS = 3


def journey(kit: Kit) -> int:
    """A dossier of HM-DC that goes up to the province, is approved and has its decision issued
    (submitted for signature, signed, numbered), and one of CG-DV."""
    d = kit.create(award="BK_TINH_CN")
    kit.approve_up_to(d.id, "dc.approver", "hm.approver")
    kit.act(d.id, "return", "hn.officer", "Bổ sung, xin cảm ơn")  # the province appraises first
    kit.approve(d.id, "hm.approver")
    kit.approve(d.id, "hn.approver")
    kit.issue(d.id, "hn")
    kit.create("dv.clerk")
    return d.id


def search(
    kit: Kit,
    username: str,
    f: AuditFilter | None = None,
    after: int | None = None,
    limit: int = 1000,
) -> list[tuple[int, str, str | None]]:
    links = audit.search_audit(
        f or AuditFilter(), after, limit, actor=kit.actor(username), uow=kit.uow
    )
    return [(link.seq, link.event.action, link.event.org_code) for link in links]


def test_the_chain_verifies_after_a_journey(kit: Kit) -> None:
    journey(kit)

    verdict = audit.verify_audit_as(
        actor=kit.actor("hn.auditor"), uow=kit.uow, store=kit.store, key=None
    )

    assert verdict.ok
    assert verdict.checked == len(kit.uow.world.events) == kit.uow.world.head[0]


def test_an_edited_event_is_caught(kit: Kit) -> None:
    journey(kit)
    events = kit.uow.world.events
    i = next(i for i, link in enumerate(events) if link.event.action == "return")
    events[i] = replace(events[i], event=replace(events[i].event, comment="Không có gì"))

    verdict = audit.verify_audit(uow=kit.uow, store=kit.store, key=None)

    assert not verdict.ok
    assert verdict.first_broken == events[i].id
    assert verdict.reason == "nội dung đã bị sửa"


def test_a_deleted_event_is_caught(kit: Kit) -> None:
    journey(kit)
    removed = kit.uow.world.events.pop(10)

    verdict = audit.verify_audit(uow=kit.uow, store=kit.store, key=None)

    assert verdict.first_broken == removed.id + 1
    assert "mất hoặc đảo thứ tự" in verdict.reason


def test_events_cut_off_the_end_are_caught(kit: Kit) -> None:
    journey(kit)
    del kit.uow.world.events[-2:]

    verdict = audit.verify_audit(uow=kit.uow, store=kit.store, key=None)

    assert not verdict.ok
    assert verdict.first_broken is None
    assert "đầu chuỗi" in verdict.reason


def test_an_auditor_of_the_top_unit_reads_every_event(kit: Kit) -> None:
    journey(kit)
    kit.create("tm.clerk")

    found = search(kit, "hn.auditor")

    assert [seq for seq, _, _ in found] == list(range(1, len(kit.uow.world.events) + 1))


def test_an_auditor_below_the_top_reads_only_the_events_of_their_subtree(kit: Kit) -> None:
    journey(kit)

    found = search(kit, "hm.auditor")

    assert {code for _, _, code in found} == {"HM", "HM-DC", "HM-TM"}
    assert ("created", "CG-DV") not in {(a, c) for _, a, c in found}
    # The province's steps on the HM-DC dossier are the province's, not the district's.
    assert "HN" not in {code for _, _, code in found}


def test_the_trail_is_filtered_by_dossier_actor_and_time_and_paged(kit: Kit) -> None:
    d = journey(kit)
    by_dossier = search(kit, "hn.auditor", AuditFilter(dossier_id=d))
    parts = ["attachment_added"] * PARTS
    assert [a for _, a, _ in by_dossier] == [
        "created",
        *parts,
        "submit",
        "approve",
        "approve",
        "return",
        "approve",
        "approve",  # the province's officer: the appraisal
        "record_votes",  # its council's secretary
        "approve",  # its head
        "decision_drafted",
        "decision_submitted_for_signature",  # its officer
        "decision_signed",  # its signer
        "decision_issued",  # its records office
    ]
    assert [a for _, a, _ in search(kit, "hn.auditor", AuditFilter(actor="hm.approver"))] == [
        "approve",
        "approve",
    ]
    now = kit.clock()
    assert search(kit, "hn.auditor", AuditFilter(since=now + timedelta(days=1))) == []
    assert search(kit, "hn.auditor", AuditFilter(until=now - timedelta(days=1))) == []
    first, rest = by_dossier[:3], by_dossier[3:]
    page = search(kit, "hn.auditor", AuditFilter(dossier_id=d), limit=3)
    assert page == first
    assert search(kit, "hn.auditor", AuditFilter(dossier_id=d), after=page[-1][0]) == rest


def test_the_export_is_csv_with_the_hashes(kit: Kit) -> None:
    d = journey(kit)

    lines = audit.export_audit_csv(
        AuditFilter(dossier_id=d), actor=kit.actor("hn.auditor"), uow=kit.uow
    )
    rows = list(csv.reader(io.StringIO("".join(lines))))

    assert tuple(rows[0]) == audit.CSV_COLUMNS
    # The header, the parts filed and the thirteen steps (the last four: the decision's).
    assert len(rows) == 1 + PARTS + 13
    returned = next(r for r in rows if r[3] == "return")
    assert returned[7] == "Bổ sung, xin cảm ơn"
    link = next(x for x in kit.uow.world.events if x.event.action == "return")
    assert (returned[8], returned[9]) == (link.prev_hash, link.hash)


@pytest.mark.parametrize("username", ["dc.clerk", "hn.approver", "admin"])
def test_only_auditors_read_the_trail(kit: Kit, username: str) -> None:
    actor = kit.actor(username)
    with pytest.raises(Forbidden):
        audit.search_audit(AuditFilter(), None, 10, actor=actor, uow=kit.uow)
    with pytest.raises(Forbidden):
        list(audit.export_audit_csv(AuditFilter(), actor=actor, uow=kit.uow))
    with pytest.raises(Forbidden):
        audit.verify_audit_as(actor=actor, uow=kit.uow, store=kit.store, key=None)


# Anchoring the chain outside the database: checkpoints in the object store

KEY = b"a-key-the-database-never-sees-0123456789"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def checkpoint(kit: Kit) -> audit.CheckpointOutcome:
    kit.later(hours=1)
    return audit.write_checkpoint(uow=kit.uow, store=kit.store, key=KEY, clock=kit.clock)


def check(kit: Kit, window: int = audit.WINDOW) -> Verdict:
    return audit.verify_audit(uow=kit.uow, store=kit.store, key=KEY, zone=VIETNAM, window=window)


def anchoring(verdict: Verdict) -> Anchoring:
    assert verdict.anchoring is not None
    return verdict.anchoring


def rechain(kit: Kit, events: list[Link]) -> None:
    """Make ``events`` the world's chain, one that holds: numbered, linked, the head at its end."""
    prev, links = GENESIS, []
    for seq, link in enumerate(events, start=1):
        digest = link_hash(prev, seq, link.event)
        links.append(Link(link.id, seq, link.event, prev, digest))
        prev = digest
    kit.uow.world.events = links
    kit.uow.world.head = (len(links), prev)


def checkpoints(kit: Kit) -> list[str]:
    return sorted(k for k in kit.store.objects if k.startswith(PREFIX))


def test_a_checkpoint_signs_the_head_into_the_store_and_the_chain_is_then_anchored(
    kit: Kit,
) -> None:
    journey(kit)
    seq, digest = kit.uow.world.head

    outcome = checkpoint(kit)

    assert outcome.written is not None and (outcome.written.seq, outcome.written.hash) == (
        seq,
        digest,
    )
    assert checkpoints(kit) == [outcome.written.name]
    verdict = check(kit)
    assert verdict.ok and anchoring(verdict).anchored
    assert anchoring(verdict).unanchored == 0


def test_no_checkpoint_is_written_until_the_chain_moves(kit: Kit) -> None:
    journey(kit)
    first = checkpoint(kit).written

    again = checkpoint(kit)
    kit.create("tm.clerk")
    moved = checkpoint(kit)

    assert again.written is None and not again.refused and again.base == first
    assert "không có sự kiện mới" in again.note
    assert moved.written is not None and moved.written.seq == kit.uow.world.head[0]
    assert len(checkpoints(kit)) == 2


def test_events_after_the_last_checkpoint_are_counted_as_unanchored(kit: Kit) -> None:
    journey(kit)
    checkpoint(kit)
    kit.create("tm.clerk")
    kit.create("tm.clerk")

    a = anchoring(check(kit))

    assert a.anchored and a.unanchored == 2
    assert "2 sự kiện ghi sau đó chỉ được chuỗi băm bảo vệ" in a.message


def test_cutting_the_tail_and_rewinding_the_head_is_caught_once_anchored(kit: Kit) -> None:
    journey(kit)
    first = checkpoint(kit).written
    journey(kit)
    second = checkpoint(kit).written
    assert first and second
    rechain(kit, kit.uow.world.events[: first.seq + 3])

    verdict = check(kit)

    assert verdict.chain_ok  # what the chain alone says: nothing wrong
    assert not verdict.ok
    (finding,) = anchoring(verdict).findings
    assert (finding.first, finding.last) == (first.seq + 1, second.seq)
    assert f"chuỗi hiện chỉ còn đến sự kiện số {first.seq + 3}" in finding.message


def test_deleting_every_event_is_caught_once_anchored(kit: Kit) -> None:
    journey(kit)
    cp = checkpoint(kit).written
    assert cp
    rechain(kit, [])

    verdict = check(kit)

    assert verdict.chain_ok and not verdict.ok
    (finding,) = anchoring(verdict).findings
    assert (finding.first, finding.last) == (1, cp.seq)
    assert "chuỗi hiện không còn sự kiện nào" in finding.message


def test_an_edit_with_every_later_hash_recomputed_is_caught_between_two_checkpoints(
    kit: Kit,
) -> None:
    journey(kit)
    first = checkpoint(kit).written
    journey(kit)
    second = checkpoint(kit).written
    kit.create("tm.clerk")
    assert first and second
    events = list(kit.uow.world.events)
    i = first.seq + 2  # the event numbered first.seq + 3
    events[i] = replace(events[i], event=replace(events[i].event, comment="sửa lén"))
    rechain(kit, events)

    verdict = check(kit)

    assert verdict.chain_ok and not verdict.ok
    (finding,) = anchoring(verdict).findings
    assert (finding.first, finding.last) == (first.seq + 1, second.seq)
    assert anchoring(verdict).anchor == first


def test_a_rewritten_chain_is_never_signed_so_the_evidence_stays(kit: Kit) -> None:
    journey(kit)
    checkpoint(kit)
    rechain(kit, kit.uow.world.events[:5])
    kit.create("tm.clerk")

    outcome = checkpoint(kit)

    assert outcome.refused and outcome.written is None
    assert "không còn khớp với điểm neo" in outcome.note
    assert len(checkpoints(kit)) == 1
    assert not check(kit).ok


def test_a_chain_broken_since_the_last_checkpoint_is_not_signed(kit: Kit) -> None:
    journey(kit)
    checkpoint(kit)
    kit.create("tm.clerk")
    last = kit.uow.world.events[-1]
    kit.uow.world.events[-1] = replace(last, event=replace(last.event, comment="sửa lén"))

    outcome = checkpoint(kit)

    assert outcome.refused and "nội dung đã bị sửa" in outcome.note


def test_an_edited_checkpoint_is_reported_as_having_a_bad_signature(kit: Kit) -> None:
    journey(kit)
    cp = checkpoint(kit).written
    assert cp
    body = json.loads(kit.store.objects[cp.name].content)
    body["seq"] = cp.seq + 50
    kit.store.put(cp.name, io.BytesIO(json.dumps(body).encode()))

    verdict = check(kit)

    assert not verdict.ok
    (finding,) = anchoring(verdict).findings
    assert finding.kind is Kind.FORGED and finding.checkpoint == cp.name


def test_a_checkpoint_signed_with_another_key_is_reported(kit: Kit) -> None:
    journey(kit)
    checkpoint(kit)
    seq = kit.uow.world.head[0]
    forged = sign(b"the-attacker-s-own-key-0123456789abcdef", seq + 40, "f" * 64, kit.later(1))
    kit.store.put(forged.name, io.BytesIO(encode(forged)))

    a = anchoring(check(kit))

    assert [(f.kind, f.checkpoint) for f in a.findings] == [(Kind.FORGED, forged.name)]
    assert a.anchor is not None and a.anchor.seq == seq  # the real one still vouches


def test_an_object_under_the_prefix_that_is_no_checkpoint_is_reported(kit: Kit) -> None:
    journey(kit)
    checkpoint(kit)
    kit.store.put(PREFIX + "note.json", io.BytesIO(b"{}"))
    kit.store.put(PREFIX + "huge.json", io.BytesIO(b" " * 100_000))

    a = anchoring(check(kit))

    assert sorted(f.checkpoint for f in a.findings) == [PREFIX + "huge.json", PREFIX + "note.json"]
    assert {f.kind for f in a.findings} == {Kind.UNREADABLE}


def test_only_the_newest_checkpoints_are_read_while_they_agree(kit: Kit) -> None:
    for _ in range(5):
        kit.create("tm.clerk")
        checkpoint(kit)

    a = anchoring(check(kit, window=2))

    assert a.anchored and a.read == 2


def test_older_checkpoints_are_read_back_to_the_last_one_that_agrees(kit: Kit) -> None:
    written = []
    for _ in range(6):
        kit.create("tm.clerk")
        written.append(checkpoint(kit).written)
    assert all(written)
    events = list(kit.uow.world.events)
    rechain(kit, events[:-3])  # one event per checkpoint: the newest three no longer agree

    a = anchoring(check(kit, window=2))

    assert not a.ok and a.read == 4  # two windows: the second holds the one that agrees
    (finding,) = a.findings
    assert (finding.first, finding.last) == (len(events) - 2, len(events) - 2)
    assert finding.message.startswith(f"Sự kiện số {len(events) - 2} đã bị viết lại hoặc xóa")


def test_without_a_key_nothing_is_signed_and_the_check_says_the_chain_is_not_anchored(
    kit: Kit,
) -> None:
    journey(kit)
    with pytest.raises(ConfigurationError, match="KT_AUDIT_KEY"):
        audit.write_checkpoint(uow=kit.uow, store=kit.store, key=None)

    verdict = audit.verify_audit(uow=kit.uow, store=kit.store, key=None)

    assert verdict.ok  # nothing is known to be wrong ...
    a = anchoring(verdict)
    assert a.state is State.NO_KEY and not a.anchored  # ... but nothing vouches for it
    assert "chưa đặt KT_AUDIT_KEY" in a.message and "sẽ không bị phát hiện" in a.message
    assert checkpoints(kit) == []


def test_a_key_without_any_checkpoint_yet_is_not_anchored(kit: Kit) -> None:
    journey(kit)

    a = anchoring(check(kit))

    assert a.state is State.NO_CHECKPOINT and a.ok and not a.anchored


def test_an_unreachable_store_leaves_the_chain_unchecked_against_checkpoints(kit: Kit) -> None:
    journey(kit)
    checkpoint(kit)
    kit.store.down = True

    verdict = check(kit)

    assert verdict.chain_ok
    assert anchoring(verdict).state is State.UNAVAILABLE and not anchoring(verdict).anchored
    with pytest.raises(StorageUnavailable):
        checkpoint(kit)
