"""Every path of every BPMN file in workflows/: approve, return and reject at each level.

These drive the engine alone (no database), the way the service does: start with the award's
level, complete ready tasks with actions, serialize and reload between steps.
"""

from __future__ import annotations

import pytest
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from service.adapters.workflow import WorkflowEngine
from service.domain.errors import Conflict, Invalid
from service.settings import ROOT

WORKFLOWS = ROOT / "workflows"
PROCESSES = ["nomination"]


@pytest.fixture(scope="module", params=PROCESSES)
def engine(request: pytest.FixtureRequest) -> WorkflowEngine:
    return WorkflowEngine(WORKFLOWS, request.param)


def run(engine: WorkflowEngine, award_level: str, actions: list[str]) -> tuple[object, list[str]]:
    """Complete the single ready task with each action in turn; return the lanes visited."""
    wf = engine.start({"award_level": award_level})
    visited = []
    for action in actions:
        [task] = engine.ready(wf)
        visited.append(f"{task.lane}:{task.role}")
        engine.complete(wf, task.id, action)
        wf = engine.load(engine.dump(wf))
    return wf, visited


def approvals_to(engine: WorkflowEngine, level: str) -> list[str]:
    """submit, then one approve per level from the bottom up to ``level``."""
    lanes = engine.lanes
    return ["submit"] + ["approve"] * (lanes.index(level) + 1)


def test_the_lanes_are_the_levels_from_the_bottom_up(engine: WorkflowEngine) -> None:
    assert engine.lanes == ["ward", "district", "province"]
    assert engine.entry_lane == "ward"


@pytest.mark.parametrize("level", ["ward", "district", "province"])
def test_an_award_of_each_level_finishes_approved_at_that_level(
    engine: WorkflowEngine, level: str
) -> None:
    wf, visited = run(engine, level, approvals_to(engine, level))
    finished = engine.finished(wf)
    assert finished is not None
    assert (finished.outcome, finished.lane) == ("approved", level)
    assert visited[0] == "ward:clerk"
    assert visited[1:] == [f"{lane}:approver" for lane in engine.lanes[: len(visited) - 1]]


@pytest.mark.parametrize("level", ["ward", "district", "province"])
def test_a_rejection_at_each_level_ends_rejected_there(engine: WorkflowEngine, level: str) -> None:
    actions = [*approvals_to(engine, level)[:-1], "reject"]
    wf, _ = run(engine, "province", actions)
    finished = engine.finished(wf)
    assert finished is not None
    assert (finished.outcome, finished.lane) == ("rejected", level)


@pytest.mark.parametrize(
    ("level", "lands_with"),
    [("ward", "ward:clerk"), ("district", "ward:clerk"), ("province", "district:approver")],
)
def test_a_return_at_each_level_goes_one_level_down_or_to_the_clerk(
    engine: WorkflowEngine, level: str, lands_with: str
) -> None:
    actions = [*approvals_to(engine, level)[:-1], "return"]
    wf, _ = run(engine, "province", actions)
    [task] = engine.ready(wf)
    assert f"{task.lane}:{task.role}" == lands_with
    assert engine.finished(wf) is None


def test_a_dossier_can_be_returned_many_times_and_still_finish(engine: WorkflowEngine) -> None:
    actions = ["submit", "approve", "approve"] + ["return", "approve"] * 5 + ["approve"]
    wf, _ = run(engine, "province", actions)
    finished = engine.finished(wf)
    assert finished is not None
    assert finished.outcome == "approved"


def test_an_action_a_task_does_not_offer_is_refused(engine: WorkflowEngine) -> None:
    wf = engine.start({"award_level": "district"})
    [task] = engine.ready(wf)
    with pytest.raises(Invalid):
        engine.complete(wf, task.id, "approve")


def test_a_task_completed_once_cannot_be_completed_again(engine: WorkflowEngine) -> None:
    wf = engine.start({"award_level": "district"})
    [task] = engine.ready(wf)
    engine.complete(wf, task.id, "submit")
    with pytest.raises(Conflict):
        engine.complete(wf, task.id, "submit")


def test_a_reloaded_workflow_runs_with_the_restricted_evaluator(engine: WorkflowEngine) -> None:
    wf = engine.load(engine.dump(engine.start({"award_level": "ward"})))
    assert type(wf.script_engine.environment).__name__ == "RestrictedEnvironment"


def test_every_process_in_the_workflow_files_is_covered_by_these_tests() -> None:
    parser = SpiffBpmnParser()
    parser.add_bpmn_files([str(p) for p in WORKFLOWS.glob("*.bpmn")])
    assert set(parser.get_process_ids()) <= set(PROCESSES)
