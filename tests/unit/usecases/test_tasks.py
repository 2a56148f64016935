"""A dossier's route through the levels: the inbox, completing tasks, submitting
(service/usecases/tasks.py and routing.py), with the real BPMN engine."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from service.domain.checklists import IncompleteDossier
from service.domain.dossiers import Status, Typed
from service.domain.errors import Conflict, Forbidden, Invalid, NotFound
from service.usecases import dossiers, tasks
from storage.contract import StorageUnavailable
from tests.unit.usecases.kit import Kit, draft


def test_a_province_award_climbs_ward_district_province_and_ends_with_decision_one(
    kit: Kit,
) -> None:
    d = kit.create(award="BK_TINH_CN")

    steps = [
        (kit.submit(d.id), (Status.IN_REVIEW, "ward")),
        (kit.approve(d.id, "dc.approver"), (Status.IN_REVIEW, "district")),
        (kit.approve(d.id, "hm.approver"), (Status.IN_REVIEW, "province")),
        (kit.approve(d.id, "hn.approver"), (Status.APPROVED, "province")),
    ]

    assert [(s.status, s.level) for s, _ in steps] == [want for _, want in steps]
    assert kit.open_tasks(d.id) == []
    [drafted] = kit.uow.world.decisions.values()
    assert (drafted.status, drafted.number) == ("draft", None)

    kit.issue(d.id, "hn")

    [decision] = kit.uow.world.decisions.values()
    assert (decision.dossier_id, decision.issuer_org_code, decision.number) == (
        d.id,
        "HN",
        "01/QĐ-UBND",
    )
    # The province's signer (a vice-chairman, KT.), not its approver (Đặng Quang Vinh).
    assert decision.signer == "Lê Quang Vinh"
    assert decision.object_key in kit.store.objects
    assert kit.actions(d.id) == [
        "created",
        *["attachment_added"] * kit.actions(d.id).count("attachment_added"),
        "submit",
        "approve",
        "approve",
        "approve",  # the province's officer: the appraisal
        "record_votes",  # its council's secretary
        "approve",  # its head
        "decision_drafted",
        "decision_submitted_for_signature",  # its officer
        "decision_signed",  # its signer
        "decision_issued",  # its records office
    ]
    drafted_event = kit.events(d.id)[-4]
    assert (drafted_event.org_code, drafted_event.actor) == ("HN", "hn.approver")
    issued = kit.events(d.id)[-1]
    assert (issued.level, issued.org_code, issued.actor) == ("province", "HN", "hn.records")
    assert issued.comment.startswith("Quyết định số 01/QĐ-UBND ngày ")


def test_the_next_decision_of_the_same_issuer_is_number_two(kit: Kit) -> None:
    first = kit.create(award="BK_TINH_CN")
    kit.approve_up_to(first.id, "dc.approver", "hm.approver", "hn.approver")
    kit.issue(first.id, "hn")
    second = kit.create("dv.clerk", award="BK_TINH_CN")
    kit.submit(second.id, "dv.clerk")
    kit.approve(second.id, "dv.approver")
    kit.approve(second.id, "cg.approver")
    kit.approve(second.id, "hn.approver")
    kit.issue(second.id, "hn")

    numbers = {d.dossier_id: d.number for d in kit.uow.world.decisions.values()}
    assert numbers == {first.id: "01/QĐ-UBND", second.id: "02/QĐ-UBND"}


def test_each_issuer_numbers_its_own_decisions(kit: Kit) -> None:
    province = kit.create(award="BK_TINH_CN")
    kit.approve_up_to(province.id, "dc.approver", "hm.approver", "hn.approver")
    kit.issue(province.id, "hn")
    ward = kit.create(award="GK_XA_CN")

    approved = kit.approve_up_to(ward.id, "dc.approver")
    kit.issue(ward.id, "dc")

    assert (approved.status, approved.level) == (Status.APPROVED, "ward")
    issued = {d.dossier_id: (d.issuer_org_code, d.number) for d in kit.uow.world.decisions.values()}
    assert issued[ward.id] == ("HM-DC", "01/QĐ-UBND")


def test_a_district_award_is_decided_at_the_district(kit: Kit) -> None:
    d = kit.create(award="CSTDCS")
    approved = kit.approve_up_to(d.id, "dc.approver", "hm.approver")

    assert (approved.status, approved.level) == (Status.APPROVED, "district")
    [decision] = kit.uow.world.decisions.values()
    assert decision.issuer_org_code == "HM"


def test_a_three_tier_commune_decides_its_own_ldtt_and_giay_khen(kit: Kit) -> None:
    # Luật 06/2022 Art. 80(3): the commune chairman, not the district, decides both.
    for award in ("LDTT", "GK_XA"):
        d = kit.create(award=award)
        approved = kit.approve_up_to(d.id, "dc.approver")
        assert (approved.status, approved.level) == (Status.APPROVED, "ward"), award
    issuers = {d.issuer_org_code for d in kit.uow.world.decisions.values()}
    assert issuers == {"HM-DC"}


def test_the_ward_returns_a_dossier_to_its_clerk_with_the_reason(kit: Kit) -> None:
    d = kit.create()
    kit.submit(d.id)
    kit.to_the_head(d.id, "dc")  # the ward decides: its officer appraises first

    back = kit.act(d.id, "return", "dc.approver", "  Thiếu biên bản họp  ")

    assert (back.status, back.level) == (Status.RETURNED, "ward")
    [task] = kit.open_tasks(d.id)
    assert (task.actions, task.role, task.note) == (("submit",), "clerk", "Thiếu biên bản họp")
    assert kit.events(d.id)[-1].comment == "Thiếu biên bản họp"
    edited = dossiers.update_dossier(
        d.id,
        draft(title="Đã bổ sung"),
        None,
        actor=kit.actor("dc.clerk"),
        uow=kit.uow,
        engine=kit.engine,
    )
    assert edited.title == "Đã bổ sung"
    assert kit.submit(d.id).status == Status.IN_REVIEW


def test_the_district_returns_a_dossier_to_the_ward_clerk(kit: Kit) -> None:
    d = kit.create(award="BK_TINH_CN")
    kit.approve_up_to(d.id, "dc.approver")

    back = kit.act(d.id, "return", "hm.approver", "Sai đối tượng")

    assert (back.status, back.level) == (Status.RETURNED, "ward")
    [task] = kit.open_tasks(d.id)
    assert (task.role, task.org_code, task.actions) == ("clerk", "HM-DC", ("submit",))


def test_the_province_returns_a_dossier_one_level_down_to_the_district(kit: Kit) -> None:
    d = kit.create(award="BK_TINH_CN")
    kit.approve_up_to(d.id, "dc.approver", "hm.approver")

    back = kit.act(d.id, "return", "hn.officer", "Bổ sung ý kiến cấp huyện")

    assert (back.status, back.level) == (Status.RETURNED, "district")
    [task] = kit.open_tasks(d.id)
    assert (task.role, task.org_code) == ("approver", "HM")
    assert task.note == "Bổ sung ý kiến cấp huyện"
    # The district approves again and the dossier goes back up.
    assert kit.approve(d.id, "hm.approver").level == "province"


def test_a_rejected_dossier_stops_where_it_was_rejected(kit: Kit) -> None:
    d = kit.create(award="BK_TINH_CN")
    kit.approve_up_to(d.id, "dc.approver")

    rejected = kit.act(d.id, "reject", "hm.approver", "Không đủ tiêu chuẩn")

    assert (rejected.status, rejected.level) == (Status.REJECTED, "district")
    assert kit.open_tasks(d.id) == []
    assert kit.uow.world.decisions == {}
    assert kit.actions(d.id)[-1] == "reject"


def test_an_action_the_task_does_not_offer_is_refused(kit: Kit) -> None:
    d = kit.create()
    kit.submit(d.id)
    kit.to_the_head(d.id, "dc")  # the ward decides: its officer appraises first
    task = kit.task_for(d.id, "dc.approver")
    before = kit.uow.committed

    for action in ("submit", "close", ""):
        with pytest.raises(Invalid) as refused:
            kit.complete(task.id, action, "dc.approver")
        assert "action" in refused.value.fields
    assert kit.uow.committed == before


@pytest.mark.parametrize("action", ["return", "reject"])
@pytest.mark.parametrize("comment", ["", "   \n"])
def test_returning_or_rejecting_needs_a_reason(kit: Kit, action: str, comment: str) -> None:
    d = kit.create()
    kit.submit(d.id)
    kit.to_the_head(d.id, "dc")  # the ward decides: its officer appraises first
    before = kit.uow.committed

    with pytest.raises(Invalid) as refused:
        kit.act(d.id, action, "dc.approver", comment)
    assert "comment" in refused.value.fields
    assert kit.uow.committed == before
    assert kit.dossier(d.id).status == Status.IN_REVIEW


def test_a_comment_longer_than_5000_characters_is_refused(kit: Kit) -> None:
    d = kit.create()
    kit.submit(d.id)
    with pytest.raises(Invalid):
        kit.approve(d.id, "dc.approver", "x" * 5001)


def test_an_approver_of_another_ward_is_told_the_task_does_not_exist(kit: Kit) -> None:
    d = kit.create()
    kit.submit(d.id)
    kit.to_the_head(d.id, "dc")  # the ward decides: its officer appraises first
    task = kit.task_for(d.id, "dc.approver")

    with pytest.raises(NotFound):
        kit.complete(task.id, "approve", "tm.approver")


@pytest.mark.parametrize("username", ["dc.clerk", "hm.approver", "hn.auditor"])
def test_someone_who_sees_the_dossier_may_still_not_act_on_its_task(
    kit: Kit, username: str
) -> None:
    d = kit.create()
    kit.submit(d.id)
    kit.to_the_head(d.id, "dc")  # the ward decides: its officer appraises first
    task = kit.task_for(d.id, "dc.approver")
    before = kit.uow.committed

    with pytest.raises(Forbidden):
        kit.complete(task.id, "approve", username)
    assert kit.uow.committed == before


def test_a_task_completed_once_cannot_be_completed_again(kit: Kit) -> None:
    d = kit.create(award="BK_TINH_CN")
    kit.submit(d.id)
    task = kit.task_for(d.id, "dc.approver")
    kit.complete(task.id, "approve", "dc.approver")
    before = kit.uow.committed

    with pytest.raises(Conflict):
        kit.complete(task.id, "return", "dc.approver", "Nhầm")
    assert kit.uow.committed == before
    assert kit.dossier(d.id).level == "district"


def test_an_unknown_task_is_not_found(kit: Kit) -> None:
    with pytest.raises(NotFound):
        kit.complete("no-such-task", "approve", "dc.approver")


def test_a_dossier_in_review_cannot_be_submitted_again(kit: Kit) -> None:
    d = kit.create()
    kit.submit(d.id)
    with pytest.raises(Conflict):
        kit.submit(d.id)


def test_a_clerk_of_another_ward_cannot_submit_the_dossier(kit: Kit) -> None:
    d = kit.create()
    with pytest.raises(NotFound):
        kit.submit(d.id, "tm.clerk")


def test_the_inbox_holds_the_tasks_seated_at_the_users_units(kit: Kit) -> None:
    d = kit.create(award="BK_TINH_CN")

    def inbox(username: str) -> list[tuple[str, str]]:
        return [
            (item.dossier_code, item.task.role)
            for item in tasks.inbox(actor=kit.actor(username), uow=kit.uow)
        ]

    assert inbox("dc.clerk") == [(d.code, "clerk")]
    kit.submit(d.id)
    assert inbox("dc.clerk") == []
    assert inbox("dc.approver") == [(d.code, "approver")]
    assert inbox("hm.approver") == []
    kit.approve(d.id, "dc.approver")
    assert inbox("hm.approver") == [(d.code, "approver")]
    assert inbox("tm.approver") == inbox("cg.approver") == []


def test_my_tasks_on_a_dossier_are_the_ones_i_may_act_on(kit: Kit) -> None:
    d = kit.create()
    kit.submit(d.id)
    kit.to_the_head(d.id, "dc")  # the ward decides: its officer appraises first

    mine = tasks.my_tasks_on(d.id, actor=kit.actor("dc.approver"), uow=kit.uow)
    assert [t.actions for t in mine] == [("approve", "return", "reject")]
    assert tasks.my_tasks_on(d.id, actor=kit.actor("hm.approver"), uow=kit.uow) == []
    with pytest.raises(NotFound):
        tasks.my_tasks_on(d.id, actor=kit.actor("tm.approver"), uow=kit.uow)


def test_tasks_are_stamped_by_the_clock(kit: Kit) -> None:
    d = kit.create()
    submitted_at = kit.later(days=3)

    kit.submit(d.id)

    [task] = kit.open_tasks(d.id)
    assert task.created_at == submitted_at
    assert kit.events(d.id)[-1].at == submitted_at
    assert kit.dossier(d.id).created_at < submitted_at - timedelta(days=2)


def test_with_the_store_down_the_final_approval_is_refused_and_nothing_is_kept(
    kit: Kit,
) -> None:
    d = kit.create()
    kit.submit(d.id)
    kit.to_the_head(d.id, "dc")
    kit.store.down = True
    before = kit.uow.committed

    with pytest.raises(StorageUnavailable):
        kit.approve(d.id, "dc.approver")

    assert kit.uow.committed == before
    assert kit.dossier(d.id).status == Status.IN_REVIEW
    assert len(kit.open_tasks(d.id)) == 1
    assert ("decision:HM-DC", kit.clock().year) not in kit.uow.world.counters
    kit.store.down = False
    assert kit.approve(d.id, "dc.approver").status == Status.APPROVED
    kit.issue(d.id, "dc")
    assert next(iter(kit.uow.world.decisions.values())).number == "01/QĐ-UBND"


def test_a_lost_race_at_commit_leaves_no_decision_document_behind(kit: Kit) -> None:
    d = kit.create()
    kit.submit(d.id)
    kit.uow.fail_commit = Conflict()

    with pytest.raises(Conflict):
        kit.approve(d.id, "dc.approver")

    assert [k for k in kit.store.objects if not k.startswith("dossiers/")] == []
    assert kit.uow.world.decisions == {}
    assert kit.dossier(d.id).status == Status.IN_REVIEW


def test_a_dossier_missing_a_required_part_is_not_submitted_and_nothing_changes(kit: Kit) -> None:
    d = kit.create()
    kit.attach(d.id, kind="to_trinh")
    before = kit.uow.committed

    with pytest.raises(IncompleteDossier) as caught:
        kit.submit(d.id, parts=False)

    assert caught.value.fields["attachments"] == (
        "Hồ sơ còn thiếu thành phần bắt buộc: Báo cáo thành tích của Nguyễn Văn An; "
        "Biên bản họp Hội đồng Thi đua – Khen thưởng (xét khen thưởng)."
    )
    assert kit.uow.committed == before
    assert kit.dossier(d.id).status == Status.DRAFT
    with kit.uow:
        assert not any(a.sealed for a in kit.uow.attachments.for_dossier(d.id))


def _without_proposal_fields(award: str = "GK_XA_CN") -> dossiers.DossierDraft:
    return replace(draft(award), typed=Typed())


def test_submitting_without_the_fields_the_rulebook_requires_names_each_and_changes_nothing(
    kit: Kit,
) -> None:
    d = dossiers.create_dossier(
        _without_proposal_fields(),
        None,
        actor=kit.actor("dc.clerk"),
        uow=kit.uow,
        engine=kit.engine,
    )
    kit.file_parts(d.id)
    before = kit.actions(d.id)
    with pytest.raises(Invalid) as refused:
        kit.submit(d.id, parts=False)
    assert set(refused.value.fields or {}) == {"proposal", "period"}
    assert kit.dossier(d.id).status is Status.DRAFT
    assert kit.actions(d.id) == before


def test_a_submission_missing_fields_and_parts_names_both_in_one_answer(kit: Kit) -> None:
    d = dossiers.create_dossier(
        _without_proposal_fields(),
        None,
        actor=kit.actor("dc.clerk"),
        uow=kit.uow,
        engine=kit.engine,
    )
    with pytest.raises(IncompleteDossier) as refused:
        kit.submit(d.id, parts=False)
    assert set(refused.value.fields) == {"proposal", "period", "attachments"}
    assert refused.value.message.startswith("Chưa trình được hồ sơ: còn thiếu")
    assert "thành phần bắt buộc" in refused.value.message
    assert kit.dossier(d.id).status is Status.DRAFT


def test_a_rulebook_that_requires_no_proposal_fields_lets_the_dossier_go_without_them(
    kit: Kit,
) -> None:
    book = kit.office.rulebook_for()
    kit.office.rulebooks[book.code] = replace(book, required_on_submit=())
    d = dossiers.create_dossier(
        _without_proposal_fields(),
        None,
        actor=kit.actor("dc.clerk"),
        uow=kit.uow,
        engine=kit.engine,
    )
    assert kit.submit(d.id).status is Status.IN_REVIEW
