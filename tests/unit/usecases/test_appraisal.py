"""The deciding level's results as the use cases keep them: stored with the step, cleared by a
return, and what a dossier started before the appraisal step existed comes out with."""

from __future__ import annotations

from pathlib import Path

from service.adapters.workflow import WorkflowEngine
from service.domain.appraisal import Result
from service.domain.dossiers import Status
from service.usecases import dossiers
from tests.unit.usecases.kit import Kit, draft, nominee

BEFORE_APPRAISAL = Path(__file__).parents[2] / "workflows" / "states" / "before-appraisal"


def test_a_dossier_waiting_for_its_head_before_the_appraisal_shipped_is_decided_for_everyone(
    kit: Kit,
) -> None:
    # Created and submitted under the route of the previous release: the ward's head decides it
    # at once, with no appraisal; its state carries that route on.
    old = WorkflowEngine(BEFORE_APPRAISAL, "nomination")
    created = dossiers.create_dossier(
        draft(nominees=[nominee("Nguyễn Văn An"), nominee("Trần Thị Bình")]),
        None,
        actor=kit.actor("dc.clerk"),
        uow=kit.uow,
        engine=old,
    )
    kit.submit(created.id)
    [task] = kit.open_tasks(created.id)
    assert (task.role, task.actions) == ("approver", ("approve", "return", "reject"))

    decided = kit.act(created.id, "approve", "dc.approver")

    assert decided.status == Status.APPROVED
    with kit.uow:
        assert kit.uow.appraisals.outcomes(created.id) == {}  # never appraised
    [decision] = kit.office.rendered
    assert [a.full_name for a in decision.awardees] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_the_results_are_stored_with_the_step_and_only_the_approved_are_decided(kit: Kit) -> None:
    d = kit.create(nominees=[nominee("Nguyễn Văn An"), nominee("Trần Thị Bình")])
    kit.submit(d.id)
    kit.appraise(d.id, "dc.officer")
    with kit.uow:
        outcomes = kit.uow.appraisals.outcomes(d.id)
    assert {o.result for o in outcomes.values()} == {Result.PENDING}  # the council votes next
    assert kit.events(d.id)[-1].comment == "Thẩm định: 2 trình Hội đồng xét"

    kit.vote(d.id, "dc.secretary")
    kit.approve(d.id, "dc.approver")
    [decision] = kit.office.rendered
    assert len(decision.awardees) == 2


def test_a_return_from_the_officer_clears_the_results(kit: Kit) -> None:
    d = kit.create()
    kit.submit(d.id)
    kit.appraise(d.id, "dc.officer")
    kit.vote(d.id, "dc.secretary")
    kit.act(d.id, "return", "dc.approver", "Bổ sung hồ sơ")
    with kit.uow:
        assert kit.uow.appraisals.outcomes(d.id) == {}
        assert kit.uow.appraisals.meeting(d.id) is None
