"""The BPMN engine: parses the workflow files once and runs dossier routes with SpiffWorkflow.

The engine knows nothing of dossiers or databases. It starts, loads, dumps and advances workflow
instances, and describes their ready user tasks by lane (a level code), role and offered actions,
all read from the BPMN file's lanes and ``spiffworkflow:properties``.

A dumped state is self-contained: SpiffWorkflow writes the whole process definition into it (the
``spec`` and ``subprocess_specs``) with the format version of its serializer. A loaded dossier
therefore runs on the definition it was started with, whatever the files say now: editing the
BPMN files (a new route, or only the diagram's layout) changes the route of new dossiers and
leaves those under way alone, so there is nothing to compare a hash of the files against. The
serializer version is what must match, and ``load`` checks it (see ``_upgrade``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.serializer.migration.version_migration import MIGRATIONS
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.defaults import EndEvent, StartEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from service.adapters.restricted import RestrictedEnvironment, UnsafeExpression
from service.adapters.workflow_checks import check_spec
from service.domain.errors import ConfigurationError, Conflict, Invalid
from service.domain.tasks import Finished, ReadyTask

ROUTE_DEFAULTS: dict[str, Any] = {"council": False}
"""Route data a condition may read that older callers (and tests) do not give: a missing name
would stop the route with a NameError, so the engine supplies these unless the caller does."""


class WorkflowEngine:
    """One parsed process definition and the means to run instances of it."""

    def __init__(self, directory: Path, process_id: str) -> None:
        files = sorted(directory.glob("*.bpmn")) + sorted(directory.glob("*.dmn"))
        if not files:
            raise ConfigurationError(f"Không có tệp quy trình nào trong {directory}.")
        parser = SpiffBpmnParser()
        parser.add_bpmn_files([str(f) for f in files if f.suffix == ".bpmn"])
        dmn = [str(f) for f in files if f.suffix == ".dmn"]
        if dmn:
            parser.add_dmn_files(dmn)
        try:
            self._spec = parser.get_spec(process_id)
            self._subprocess_specs = parser.get_subprocess_specs(process_id)
        except (SpiffWorkflowException, ValueError) as err:
            raise ConfigurationError(f"Quy trình '{process_id}' không đọc được: {err}") from err
        for spec in [self._spec, *self._subprocess_specs.values()]:
            try:
                check_spec(spec)
            except UnsafeExpression as err:
                raise ConfigurationError(f"Quy trình '{process_id}' bị từ chối: {err}") from err
        self.process_id = process_id
        self._script_engine = PythonScriptEngine(environment=RestrictedEnvironment())
        self._serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
        self.serializer_version: str = self._serializer.VERSION
        self.lanes = _lanes(self._spec)
        self.entry_lane = _entry_lane(self._spec)

    def actions(self) -> list[str]:
        """Every action a user task of this definition offers, for the API's document."""
        found: set[str] = set()
        for spec in [self._spec, *self._subprocess_specs.values()]:
            for ts in spec.task_specs.values():
                found.update(_actions(_properties(ts)))
        return sorted(found)

    def start(self, data: dict[str, Any]) -> BpmnWorkflow:
        wf = BpmnWorkflow(self._spec, self._subprocess_specs, script_engine=self._script_engine)
        # Task data flows from the start task; workflow-level data is not visible to conditions.
        for task in wf.get_tasks(state=TaskState.READY):
            task.data.update({**ROUTE_DEFAULTS, **data})
        self._advance(wf)
        return wf

    def load(self, state: str) -> BpmnWorkflow:
        dct = json.loads(state)
        _upgrade(dct, self.serializer_version)
        wf = self._serializer.from_dict(dct)
        # The script engine is not serialized; without this the default (unrestricted) one runs.
        wf.script_engine = self._script_engine
        return wf

    def dump(self, wf: BpmnWorkflow) -> str:
        return str(self._serializer.serialize_json(wf))

    def ready(self, wf: BpmnWorkflow) -> list[ReadyTask]:
        return [_describe(t) for t in wf.get_tasks(state=TaskState.READY, manual=True)]

    def complete(self, wf: BpmnWorkflow, task_id: str, action: str) -> None:
        """Complete a ready user task with one of its offered actions and run to the next wait."""
        task = self._ready_task(wf, task_id)
        described = _describe(task)
        if action not in described.actions:
            offered = ", ".join(described.actions)
            raise Invalid(
                f"Thao tác '{action}' không áp dụng cho nhiệm vụ này (được phép: {offered}).",
                {"action": f"Chọn một trong: {offered}."},
            )
        task.data["decision"] = action
        task.run()
        self._advance(wf)

    def update_data(self, wf: BpmnWorkflow, data: dict[str, Any]) -> None:
        """Change values the routing reads (e.g. the award's level after an edit) on ready tasks."""
        for task in wf.get_tasks(state=TaskState.READY):
            task.data.update(data)

    def finished(self, wf: BpmnWorkflow) -> Finished | None:
        if not wf.is_completed():
            return None
        ends = [
            t for t in wf.get_tasks(state=TaskState.COMPLETED) if isinstance(t.task_spec, EndEvent)
        ]
        end = ends[-1].task_spec
        props = _properties(end)
        return Finished(
            outcome=props.get("outcome", "approved"),
            lane=end.lane,
            issue_decision=props.get("decision") == "issue",
        )

    def _ready_task(self, wf: BpmnWorkflow, task_id: str) -> Any:
        try:
            task = wf.get_task_from_id(UUID(task_id))
        except (ValueError, KeyError, SpiffWorkflowException) as err:
            raise Conflict("Nhiệm vụ này không còn mở.") from err
        if task.state != TaskState.READY or not task.task_spec.manual:
            raise Conflict("Nhiệm vụ này đã được xử lý.")
        return task

    def _advance(self, wf: BpmnWorkflow) -> None:
        try:
            wf.do_engine_steps()
        except (SpiffWorkflowException, UnsafeExpression, NameError) as err:
            raise ConfigurationError(f"Quy trình không chạy tiếp được: {err}") from err


def _properties(spec: Any) -> dict[str, str]:
    return dict((getattr(spec, "extensions", None) or {}).get("properties", {}))


def _describe(task: Any) -> ReadyTask:
    spec = task.task_spec
    props = _properties(spec)
    actions = _actions(props)
    return ReadyTask(
        id=str(task.id),
        spec=spec.bpmn_id,
        name=spec.bpmn_name or spec.bpmn_id,
        lane=spec.lane,
        role=props.get("role", ""),
        actions=actions,
    )


def _actions(props: dict[str, str]) -> tuple[str, ...]:
    return tuple(a.strip() for a in props.get("actions", "").split(",") if a.strip())


def _lanes(spec: Any) -> list[str]:
    lanes: list[str] = []
    for ts in spec.task_specs.values():
        lane = getattr(ts, "lane", None)
        if lane and lane not in lanes:
            lanes.append(lane)
    return lanes


def _entry_lane(spec: Any) -> str:
    starts = [ts for ts in spec.task_specs.values() if isinstance(ts, StartEvent)]
    if len(starts) != 1 or not starts[0].lane:
        raise ConfigurationError("Quy trình phải có đúng một sự kiện bắt đầu nằm trong một làn.")
    return str(starts[0].lane)


def _upgrade(dct: dict[str, Any], current: str) -> None:
    """Bring a state's dict to the ``current`` serializer format, or refuse it.

    A state in the current format loads as it is. One in the format just before it (written by the
    previous SpiffWorkflow release, e.g. 1.4 by SpiffWorkflow 3.1 when 3.2 writes 1.5) is brought
    forward by SpiffWorkflow's own migration from that format, the newest in its table, which
    leads to the current one; the next save stores it in the current format. Anything else is
    refused rather than restored as if it were current, which SpiffWorkflow would otherwise do
    without a word: a newer format (a newer release shares the database, or this one was rolled
    back), an older format whose SpiffWorkflow migration stops short of the current one (its
    migrations do not all chain on), or no version at all.
    """
    found = dct.pop(BpmnWorkflowSerializer.VERSION_KEY, None)
    if found == current:
        return
    previous = max(MIGRATIONS, key=_version_key)
    if found != previous:
        raise ConfigurationError(
            f"Trạng thái quy trình được lưu ở định dạng SpiffWorkflow '{found}'; phiên bản đang "
            f"chạy dùng định dạng '{current}' và chỉ chuyển đổi được từ định dạng '{previous}'. "
            "Hãy chạy phiên bản phần mềm đã lưu trạng thái này, hoặc chuyển đổi nó trước."
        )
    MIGRATIONS[previous](dct)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
