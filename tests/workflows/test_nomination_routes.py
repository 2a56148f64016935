"""Every path of every BPMN file in workflows/: approve, return and reject at each level.

These drive the engine alone (no database), the way the service does: start with the award's
level, complete ready tasks with actions, serialize and reload between steps. The same tests run
on each process; the levels come from the file's lanes, never from this code.
"""

from __future__ import annotations

import pytest
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from service.adapters.workflow import WorkflowEngine
from service.domain.errors import ConfigurationError, Conflict, Invalid
from service.settings import ROOT

WORKFLOWS = ROOT / "workflows"
# Each process and its levels from the bottom up, as its lanes must say.
PROCESSES = {
    "nomination": ["ward", "district", "province"],
    "nomination_two_tier": ["ward", "province"],
}
CASES = [(p, i) for p, lanes in PROCESSES.items() for i in range(len(lanes))]


@pytest.fixture(scope="module", params=sorted(PROCESSES))
def engine(request: pytest.FixtureRequest) -> WorkflowEngine:
    return WorkflowEngine(WORKFLOWS, request.param)


def engine_for(process: str) -> WorkflowEngine:
    return WorkflowEngine(WORKFLOWS, process)


def run(
    engine: WorkflowEngine, award_level: str, actions: list[str], **data: object
) -> tuple[object, list[str]]:
    """Complete the single ready task with each action in turn; return the seats visited."""
    wf = engine.start({"award_level": award_level, "proposes_only": False, **data})
    visited = []
    for action in actions:
        [task] = engine.ready(wf)
        visited.append(f"{task.lane}:{task.role}")
        engine.complete(wf, task.id, action)
        wf = engine.load(engine.dump(wf))
    return wf, visited


def climb(engine: WorkflowEngine, level: str) -> list[str]:
    """submit, then one approve per level below ``level`` (each only forwards it)."""
    return ["submit"] + ["approve"] * engine.lanes.index(level)


# At the deciding level: the officer's appraisal, then the head's approval (no council vote).
DECIDE = ["approve", "approve"]


def test_the_lanes_are_the_levels_from_the_bottom_up(engine: WorkflowEngine) -> None:
    assert engine.lanes == PROCESSES[engine.process_id]
    assert engine.entry_lane == engine.lanes[0]


@pytest.mark.parametrize(("process", "index"), CASES)
def test_an_award_of_each_level_finishes_approved_at_that_level(process: str, index: int) -> None:
    engine = engine_for(process)
    level = engine.lanes[index]
    wf, visited = run(engine, level, climb(engine, level) + DECIDE)
    finished = engine.finished(wf)
    assert finished is not None
    assert (finished.outcome, finished.lane, finished.issue_decision) == ("approved", level, True)
    assert visited == [f"{engine.lanes[0]}:clerk"] + [
        f"{lane}:approver" for lane in engine.lanes[:index]
    ] + [f"{level}:officer", f"{level}:approver"]


@pytest.mark.parametrize(("process", "index"), CASES)
def test_where_the_council_votes_its_secretary_records_it_between_officer_and_head(
    process: str, index: int
) -> None:
    engine = engine_for(process)
    level = engine.lanes[index]
    actions = [*climb(engine, level), "approve", "record_votes", "approve"]
    wf, visited = run(engine, level, actions, council=True)
    finished = engine.finished(wf)
    assert finished is not None and (finished.outcome, finished.lane) == ("approved", level)
    assert visited[-3:] == [f"{level}:officer", f"{level}:secretary", f"{level}:approver"]


def test_an_opinion_request_waits_for_the_answer_and_comes_back_to_the_officer(
    engine: WorkflowEngine,
) -> None:
    top = engine.lanes[-1]
    actions = [*climb(engine, top), "request_opinion", "record_opinion", "approve"]
    wf, visited = run(engine, top, actions, council=True)
    assert visited[-3:] == [f"{top}:officer", f"{top}:officer", f"{top}:officer"]
    [task] = engine.ready(wf)
    assert (task.spec, task.role, task.actions) == (
        f"{top}_council",
        "secretary",
        ("record_votes", "return"),
    )


def test_the_secretary_may_send_the_dossier_back_to_the_officer(engine: WorkflowEngine) -> None:
    top = engine.lanes[-1]
    wf, _ = run(engine, top, [*climb(engine, top), "approve", "return"], council=True)
    [task] = engine.ready(wf)
    assert (task.spec, task.role) == (f"{top}_appraisal", "officer")


def test_a_state_award_is_proposed_after_the_provinces_own_procedure(
    engine: WorkflowEngine,
) -> None:
    top = engine.lanes[-1]
    wf = engine.start({"award_level": top, "proposes_only": True, "council": True})
    for action in [*climb(engine, top), "approve", "record_votes", "approve"]:
        [task] = engine.ready(wf)
        engine.complete(wf, task.id, action)
    finished = engine.finished(wf)
    assert finished is not None and (finished.outcome, finished.lane) == ("proposed", top)


@pytest.mark.parametrize(("process", "index"), CASES)
def test_a_rejection_at_each_level_ends_rejected_there(process: str, index: int) -> None:
    engine = engine_for(process)
    level = engine.lanes[index]
    # Below the top the level's approver rejects; at the top its officer, on appraisal.
    wf, _ = run(engine, engine.lanes[-1], [*climb(engine, level), "reject"])
    finished = engine.finished(wf)
    assert finished is not None
    assert (finished.outcome, finished.lane, finished.issue_decision) == ("rejected", level, False)


@pytest.mark.parametrize(("process", "index"), CASES)
def test_a_return_goes_one_level_down_and_from_the_second_level_to_the_clerk(
    process: str, index: int
) -> None:
    engine = engine_for(process)
    level = engine.lanes[index]
    wf, _ = run(engine, engine.lanes[-1], [*climb(engine, level), "return"])
    [task] = engine.ready(wf)
    expected = f"{engine.lanes[0]}:clerk" if index <= 1 else f"{engine.lanes[index - 1]}:approver"
    assert f"{task.lane}:{task.role}" == expected
    assert engine.finished(wf) is None


def test_the_deciding_heads_return_goes_where_the_officers_goes(engine: WorkflowEngine) -> None:
    top = engine.lanes[-1]
    wf, _ = run(engine, top, [*climb(engine, top), "approve", "return"])
    [task] = engine.ready(wf)
    expected = "clerk" if len(engine.lanes) == 2 else "approver"
    assert (task.lane, task.role) == (
        engine.lanes[-2] if expected == "approver" else engine.lanes[0],
        expected,
    )


def test_a_dossier_can_be_returned_many_times_and_still_finish(engine: WorkflowEngine) -> None:
    top = engine.lanes[-1]
    up = climb(engine, top)
    # Each return from the top's officer sends it one level down; climbing back is one approval
    # per level below the top, plus the clerk's submit when the return went to the clerk.
    back = up if len(engine.lanes) == 2 else ["approve"]
    actions = up + (["return", *back]) * 5 + DECIDE
    wf, _ = run(engine, top, actions)
    finished = engine.finished(wf)
    assert finished is not None
    assert finished.outcome == "approved"


def test_an_action_a_task_does_not_offer_is_refused(engine: WorkflowEngine) -> None:
    wf = engine.start({"award_level": engine.lanes[-1], "proposes_only": False})
    [task] = engine.ready(wf)
    with pytest.raises(Invalid):
        engine.complete(wf, task.id, "approve")


def test_a_task_completed_once_cannot_be_completed_again(engine: WorkflowEngine) -> None:
    wf = engine.start({"award_level": engine.lanes[-1], "proposes_only": False})
    [task] = engine.ready(wf)
    engine.complete(wf, task.id, "submit")
    with pytest.raises(Conflict):
        engine.complete(wf, task.id, "submit")


def test_a_reloaded_workflow_runs_with_the_restricted_evaluator(engine: WorkflowEngine) -> None:
    wf = engine.load(
        engine.dump(engine.start({"award_level": engine.lanes[0], "proposes_only": False}))
    )
    assert type(wf.script_engine.environment).__name__ == "RestrictedEnvironment"


def test_an_award_level_no_lane_decides_stops_with_a_clear_error(engine: WorkflowEngine) -> None:
    with pytest.raises(ConfigurationError):
        run(engine, "commune-council", climb(engine, engine.lanes[-1]) + DECIDE)


def test_every_process_in_the_workflow_files_is_covered_by_these_tests() -> None:
    parser = SpiffBpmnParser()
    parser.add_bpmn_files([str(p) for p in WORKFLOWS.glob("*.bpmn")])
    assert set(parser.get_process_ids()) == set(PROCESSES)
