"""Stored workflow states across releases: edited BPMN files and SpiffWorkflow serializer formats.

A state carries its own process definition, so a dossier under way keeps its route when the files
are edited; what must fit is the serializer format, which the engine checks on load: the current
format loads, the previous one is migrated by SpiffWorkflow's own migration, anything else is
refused with a ConfigurationError naming both formats.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from service.adapters.workflow import WorkflowEngine
from service.domain.errors import ConfigurationError
from service.settings import ROOT

WORKFLOWS = ROOT / "workflows"
# Written by SpiffWorkflow 3.1.1 (serializer format 1.4) from workflows/nomination.bpmn: a
# dossier whose award the district decides, submitted by the ward clerk, waiting for the ward.
STATE_1_4 = Path(__file__).parent / "states" / "nomination-district-submitted-spiff-3.1.1.json"


@pytest.fixture(scope="module")
def engine() -> WorkflowEngine:
    return WorkflowEngine(WORKFLOWS, "nomination")


def approve_to_the_end(engine: WorkflowEngine, state: str) -> list[str]:
    """Approve every ready task, reloading between steps; return the lanes that approved."""
    lanes = []
    wf = engine.load(state)
    while (finished := engine.finished(wf)) is None:
        [task] = engine.ready(wf)
        lanes.append(task.lane)
        engine.complete(wf, task.id, "approve")
        wf = engine.load(engine.dump(wf))
    assert finished.outcome == "approved"
    return lanes


def relabelled(state: str, version: str | None) -> str:
    dct = json.loads(state)
    dct.pop("serializer_version")
    if version is not None:
        dct["serializer_version"] = version
    return json.dumps(dct)


def test_a_state_of_the_previous_format_is_migrated_and_its_route_goes_on(
    engine: WorkflowEngine,
) -> None:
    assert engine.serializer_version == "1.5"  # the format this file's fixture precedes
    state = STATE_1_4.read_text("utf-8")
    assert json.loads(state)["serializer_version"] == "1.4"
    wf = engine.load(state)
    [task] = engine.ready(wf)
    assert (task.spec, task.lane, task.actions) == (
        "ward_review",
        "ward",
        ("approve", "return", "reject"),
    )
    assert json.loads(engine.dump(wf))["serializer_version"] == "1.5"
    assert approve_to_the_end(engine, state) == ["ward", "district"]


@pytest.mark.parametrize(
    ("version", "named"),
    [
        pytest.param("1.6", "'1.6'", id="newer format"),
        pytest.param("1.3", "'1.3'", id="older than the previous format"),
        pytest.param(None, "'None'", id="no version"),
    ],
)
def test_a_state_of_any_other_format_is_refused_naming_both_formats(
    engine: WorkflowEngine, version: str | None, named: str
) -> None:
    state = engine.dump(engine.start({"award_level": "ward", "proposes_only": False}))
    with pytest.raises(ConfigurationError) as refused:
        engine.load(relabelled(state, version))
    assert named in refused.value.message
    assert "'1.5'" in refused.value.message


def test_a_dossier_under_way_keeps_its_route_when_the_files_are_edited(
    engine: WorkflowEngine, tmp_path: Path
) -> None:
    started = engine.start({"award_level": "district", "proposes_only": False})
    [task] = engine.ready(started)
    engine.complete(started, task.id, "submit")
    state = engine.dump(started)
    # The next release renames the ward's review and drops its "return" action.
    bpmn = (WORKFLOWS / "nomination.bpmn").read_text("utf-8")
    edited = bpmn.replace('name="Cấp xã xét duyệt"', 'name="Xét duyệt ở cấp xã"')
    edited = edited.replace('value="approve,return,reject"', 'value="approve,reject"', 1)
    assert edited.count("Xét duyệt ở cấp xã") == 1 and "approve,reject" in edited
    shutil.copytree(WORKFLOWS, tmp_path, dirs_exist_ok=True)
    (tmp_path / "nomination.bpmn").write_text(edited, "utf-8")
    released = WorkflowEngine(tmp_path, "nomination")

    [old] = released.ready(released.load(state))
    assert (old.name, old.actions) == ("Cấp xã xét duyệt", ("approve", "return", "reject"))
    # Started under today's files: the district appraises (its officer) before its head decides.
    assert approve_to_the_end(released, state) == ["ward", "district", "district"]
    fresh = released.start({"award_level": "district", "proposes_only": False})
    [task] = released.ready(fresh)
    released.complete(fresh, task.id, "submit")
    [new] = released.ready(fresh)
    assert (new.name, new.actions) == ("Xét duyệt ở cấp xã", ("approve", "reject"))
