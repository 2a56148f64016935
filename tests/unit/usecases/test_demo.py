"""The demo world's sample dossiers (service/usecases/demo.py) on the fakes."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

from service.domain.dossiers import Dossier, Status
from service.usecases import audit
from service.usecases.demo import seed_demo_dossiers
from service.usecases.tasks import inbox
from tests.unit.usecases.kit import Kit

APPROVERS = ("dc.approver", "tm.approver", "dv.approver", "hm.approver", "cg.approver")


def seeded(kit: Kit, zone: tzinfo = UTC) -> list[Dossier]:
    return seed_demo_dossiers(
        "demo_dossiers.json",
        uow=kit.uow,
        engine=kit.engine,
        office=kit.office,
        store=kit.store,
        clock=kit.clock,
        zone=zone,
    )


def seed(kit: Kit) -> list[int]:
    return [d.id for d in seeded(kit)]


def test_the_samples_cover_every_state_and_every_level_a_dossier_waits_at(kit: Kit) -> None:
    ids = seed(kit)

    dossiers = [kit.dossier(i) for i in ids]
    assert set(Counter(d.status for d in dossiers)) == set(Status)
    waiting = {d.level for d in dossiers if d.status == Status.IN_REVIEW}
    assert waiting == {"ward", "district", "province"}
    assert {d.org_code for d in dossiers} == {"HM-DC", "HM-TM", "CG-DV"}


def test_every_demo_approver_and_clerk_finds_work_in_their_inbox(kit: Kit) -> None:
    seed(kit)

    for username in (*APPROVERS, "hn.approver", "dc.clerk", "tm.clerk", "dv.clerk"):
        assert inbox(actor=kit.actor(username), uow=kit.uow), username


def test_returned_and_rejected_samples_carry_their_reason(kit: Kit) -> None:
    ids = seed(kit)

    by_status = {kit.dossier(i).status: i for i in ids}
    returned, rejected = by_status[Status.RETURNED], by_status[Status.REJECTED]
    [back] = [e for e in kit.events(returned) if e.action == "return"]
    assert "Bổ sung" in back.comment
    [task] = kit.open_tasks(returned)
    assert task.note == back.comment
    [no] = [e for e in kit.events(rejected) if e.action == "reject"]
    assert "Chưa đủ điều kiện" in no.comment


def test_approved_samples_have_their_decision_issued_by_the_deciding_level(kit: Kit) -> None:
    ids = seed(kit)

    approved = [kit.dossier(i) for i in ids if kit.dossier(i).status == Status.APPROVED]
    issued = {d.dossier_id: d for d in kit.uow.world.decisions.values()}
    assert set(issued) == {d.id for d in approved}
    assert {issued[d.id].issuer_org_code for d in approved} == {"HM-DC", "HM", "HN"}
    for d in approved:
        assert "decision_issued" in kit.actions(d.id)
        # Signed by the deciding unit's signer, numbered and dated by its records office.
        decision = issued[d.id]
        assert (decision.status, decision.sequence) == ("issued", 1), decision.issuer_org_code
        assert decision.signer_username.endswith(".signer") and decision.issued_on is not None
        [event] = [e for e in kit.events(d.id) if e.action == "decision_issued"]
        assert event.actor.endswith(".records")


def test_the_samples_are_the_demo_users_own_audited_steps(kit: Kit) -> None:
    ids = seed(kit)

    actors = {e.actor for i in ids for e in kit.events(i)}
    assert {"dc.clerk", "tm.clerk", "dv.clerk", "hn.approver", *APPROVERS} <= actors
    verdict = audit.verify_audit(uow=kit.uow, store=kit.store, key=None)
    assert verdict.chain_ok and verdict.checked == len(kit.uow.world.events)


def test_seeding_again_adds_no_dossier_and_no_event(kit: Kit) -> None:
    first = seed(kit)
    dossiers, events = dict(kit.uow.world.dossiers), list(kit.uow.world.events)

    assert seed(kit) == []
    assert first
    assert kit.uow.world.dossiers == dossiers
    assert kit.uow.world.events == events


def test_a_world_that_already_has_dossiers_gets_no_samples(kit: Kit) -> None:
    kit.create()

    assert seed(kit) == []
    assert len(kit.uow.world.dossiers) == 1


def test_a_world_without_the_demo_users_gets_no_samples(kit: Kit) -> None:
    del_id = next(i for i, u in kit.uow.world.users.items() if u.username == "tm.clerk")
    del kit.uow.world.users[del_id]

    assert seed(kit) == []
    assert kit.uow.world.dossiers == {}


def test_samples_are_pinned_to_the_day_in_vietnam_not_the_servers_utc_day(kit: Kit) -> None:
    kit.clock.now = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)  # 01/01/2027 01:00 in Hà Nội
    made = seeded(kit, ZoneInfo("Asia/Ho_Chi_Minh"))
    assert {(d.rules_on, d.year) for d in made} == {(date(2027, 1, 1), 2027)}


def test_the_demo_registry_has_histories_and_its_nominees_name_their_entries(kit: Kit) -> None:
    ids = seed(kit)

    w = kit.uow.world
    by_name = {p.full_name: p for p in w.people.values()}
    assert len(by_name) >= 5
    duc = by_name["Phạm Văn Đức"].id
    this_year = kit.clock().year
    assert sorted(r.record.year for r in w.person_awards.values() if r.person_id == duc) == [
        this_year - 3,
        this_year - 2,
        this_year - 1,
    ]
    assert any(p == duc and i.scope == "province" for p, i in w.initiatives.values())
    assert any(h.closed_on is None for _, h in w.holds.values())  # one open hold
    linked = {n.full_name for i in ids for n in kit.dossier(i).nominees if n.person_id}
    assert {"Phạm Văn Đức", "Đinh Văn Hùng", "Tổ dân phố số 5, phường Định Công"} <= linked
    # The approved samples' linked nominees have their award, issued by the decision.
    issued = {
        w.people[r.person_id].full_name: r.record.award
        for r in w.person_awards.values()
        if r.decision_id is not None
    }
    assert issued == {"Đinh Văn Hùng": "GK_XA", "Tổ dân phố số 5, phường Định Công": "BK_TINH"}


def test_a_state_award_recorded_from_above_enters_the_linked_nominees_history(kit: Kit) -> None:
    seed(kit)

    w = kit.uow.world
    [oanh] = [p.id for p in w.people.values() if p.full_name == "Nguyễn Thị Kim Oanh"]
    [central] = list(w.central.values())
    [record] = [r for r in w.person_awards.values() if r.person_id == oanh and r.nominee_id]
    assert (record.record.award, record.record.decision_number) == ("CSTD_TQ", central.number)
    assert record.decision_id is None  # the decision is above, not on this register
