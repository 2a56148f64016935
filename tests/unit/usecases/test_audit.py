"""Reading, exporting and verifying the audit trail (service/usecases/audit.py)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import timedelta

import pytest

from service.domain.errors import Forbidden
from service.usecases import audit
from service.usecases.audit import AuditFilter
from tests.unit.usecases.kit import Kit


def journey(kit: Kit) -> int:
    """A dossier of HM-DC that goes up to the province and is approved, and one of CG-DV."""
    d = kit.create(award="BK_TINH_CN")
    kit.approve_up_to(d.id, "dc.approver", "hm.approver")
    kit.act(d.id, "return", "hn.approver", "Bổ sung, xin cảm ơn")
    kit.act(d.id, "approve", "hm.approver")
    kit.act(d.id, "approve", "hn.approver")
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

    verdict = audit.verify_audit_as(actor=kit.actor("hn.auditor"), uow=kit.uow)

    assert verdict.ok
    assert verdict.checked == len(kit.uow.world.events) == kit.uow.world.head[0]


def test_an_edited_event_is_caught(kit: Kit) -> None:
    journey(kit)
    events = kit.uow.world.events
    i = next(i for i, link in enumerate(events) if link.event.action == "return")
    events[i] = replace(events[i], event=replace(events[i].event, comment="Không có gì"))

    verdict = audit.verify_audit(uow=kit.uow)

    assert not verdict.ok
    assert verdict.first_broken == events[i].id
    assert verdict.reason == "nội dung đã bị sửa"


def test_a_deleted_event_is_caught(kit: Kit) -> None:
    journey(kit)
    removed = kit.uow.world.events.pop(10)

    verdict = audit.verify_audit(uow=kit.uow)

    assert verdict.first_broken == removed.id + 1
    assert "mất hoặc đảo thứ tự" in verdict.reason


def test_events_cut_off_the_end_are_caught(kit: Kit) -> None:
    journey(kit)
    del kit.uow.world.events[-2:]

    verdict = audit.verify_audit(uow=kit.uow)

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
    assert [a for _, a, _ in by_dossier] == [
        "created",
        "submit",
        "approve",
        "approve",
        "return",
        "approve",
        "approve",
        "decision_issued",
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
    assert len(rows) == 1 + 8
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
        audit.verify_audit_as(actor=actor, uow=kit.uow)
