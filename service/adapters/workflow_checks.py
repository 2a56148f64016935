"""Load-time checks of a parsed process: safe expressions, and user tasks the service can route.

Every condition, script and event expression must fit the restricted evaluator, so a workflow file
that would run Python is refused before any dossier enters it. User tasks must sit in a lane (a
level) and name the role that acts and the actions offered.
"""

from __future__ import annotations

from typing import Any

# The mixins are what both the plain and the Spiff flavours of these tasks derive from.
from SpiffWorkflow.bpmn.specs.mixins.service_task import ServiceTask
from SpiffWorkflow.bpmn.specs.mixins.user_task import UserTask

from service.adapters.restricted import UnsafeExpression, parse_expression, parse_script

_SCRIPT_ATTRS = ("script", "prescript", "postscript")
_EXPRESSION_ATTRS = ("cardinality", "condition", "completion_condition")


def check_spec(spec: Any) -> None:
    for task_spec in spec.task_specs.values():
        _check_task_spec(task_spec)


def _check_task_spec(ts: Any) -> None:
    if isinstance(ts, ServiceTask):
        raise UnsafeExpression(f"service task '{ts.bpmn_id}' is not allowed")
    for attr in _SCRIPT_ATTRS:
        if source := getattr(ts, attr, None):
            parse_script(source)
    for attr in _EXPRESSION_ATTRS:
        if isinstance(source := getattr(ts, attr, None), str) and source:
            parse_expression(source)
    for condition, _target in getattr(ts, "cond_task_specs", None) or []:
        if condition is not None:
            parse_expression(condition.args[0])
    event = getattr(ts, "event_definition", None)
    if isinstance(source := getattr(event, "expression", None), str) and source:
        parse_expression(source)
    if isinstance(ts, UserTask):
        _check_user_task(ts)


def _check_user_task(ts: Any) -> None:
    props = (ts.extensions or {}).get("properties", {})
    if not ts.lane or not props.get("role") or not props.get("actions"):
        raise UnsafeExpression(
            f"user task '{ts.bpmn_id}' needs a lane and 'role' and 'actions' properties"
        )
