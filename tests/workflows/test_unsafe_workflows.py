"""A workflow file must never be able to run Python: unsafe files are refused, unsafe code fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.adapters.restricted import RestrictedEnvironment, UnsafeExpression
from service.adapters.workflow import WorkflowEngine
from service.domain.errors import ConfigurationError

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
    id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="evil" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="l" name="ward">
      <bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>step</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>gw</bpmn:flowNodeRef><bpmn:flowNodeRef>end</bpmn:flowNodeRef>
    </bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="step" />
    {step}
    <bpmn:sequenceFlow id="f2" sourceRef="step" targetRef="gw" />
    <bpmn:exclusiveGateway id="gw"><bpmn:incoming>f2</bpmn:incoming>
      <bpmn:outgoing>f3</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="end">
      <bpmn:conditionExpression>{condition}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""
USER_TASK = """<bpmn:userTask id="step"><bpmn:extensionElements><spiffworkflow:properties>
      <spiffworkflow:property name="role" value="clerk" />
      <spiffworkflow:property name="actions" value="submit" />
    </spiffworkflow:properties></bpmn:extensionElements>
    <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>"""
SCRIPT_TASK = """<bpmn:scriptTask id="step"><bpmn:incoming>f1</bpmn:incoming>
    <bpmn:outgoing>f2</bpmn:outgoing><bpmn:script>{script}</bpmn:script></bpmn:scriptTask>"""
MARKER = "kt_pwned_marker"


def write(tmp_path: Path, step: str = USER_TASK, condition: str = 'decision == "submit"') -> Path:
    (tmp_path / "evil.bpmn").write_text(TEMPLATE.format(step=step, condition=condition))
    return tmp_path


@pytest.mark.parametrize(
    "condition",
    [
        f'__import__("os").system("touch {MARKER}")',
        "().__class__.__bases__[0].__subclasses__()",
        "open('/etc/passwd').read()",
        "[x for x in ()]",
        "(lambda: 1)()",
    ],
)
def test_a_workflow_whose_condition_runs_python_is_refused_when_loaded(
    tmp_path: Path, condition: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigurationError, match="từ chối"):
        WorkflowEngine(write(tmp_path, condition=condition.replace("<", "&lt;")), "evil")
    assert not (tmp_path / MARKER).exists()


@pytest.mark.parametrize(
    "script",
    ["import os", f'x = __import__("os").system("touch {MARKER}")', "exec('1')", "del y"],
)
def test_a_workflow_whose_script_runs_python_is_refused_when_loaded(
    tmp_path: Path, script: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigurationError):
        WorkflowEngine(write(tmp_path, step=SCRIPT_TASK.format(script=script)), "evil")
    assert not (tmp_path / MARKER).exists()


def test_a_safe_script_task_runs_assignments_only(tmp_path: Path) -> None:
    step = SCRIPT_TASK.format(script='decision = "submit"\nlevel_rank = 1 + 2')
    engine = WorkflowEngine(write(tmp_path, step=step), "evil")
    wf = engine.start({})
    assert wf.is_completed()
    [end] = [t for t in wf.get_tasks() if t.task_spec.bpmn_id == "end"]
    assert end.data["level_rank"] == 3


def test_unsafe_code_reaching_the_environment_at_run_time_fails_without_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    env = RestrictedEnvironment()
    with pytest.raises(UnsafeExpression):
        env.evaluate(f'__import__("os").system("touch {MARKER}")', {})
    with pytest.raises(UnsafeExpression):
        env.execute(f'import os; os.system("touch {MARKER}")', {})
    with pytest.raises(UnsafeExpression):
        env.call_service({}, operation_name="anything")
    assert not (tmp_path / MARKER).exists()


def test_a_user_task_without_a_lane_role_or_actions_is_refused(tmp_path: Path) -> None:
    bare = USER_TASK.replace('<spiffworkflow:property name="role" value="clerk" />', "")
    with pytest.raises(ConfigurationError, match="role"):
        WorkflowEngine(write(tmp_path, step=bare), "evil")


def test_a_service_task_is_refused_because_it_would_call_out_of_the_engine(tmp_path: Path) -> None:
    step = """<bpmn:serviceTask id="step"><bpmn:extensionElements>
      <spiffworkflow:serviceTaskOperator id="shell" resultVariable="out" />
    </bpmn:extensionElements>
    <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>"""
    with pytest.raises(ConfigurationError, match="service task"):
        WorkflowEngine(write(tmp_path, step=step), "evil")
