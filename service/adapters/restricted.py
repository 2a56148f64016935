"""A restricted evaluator for the expressions and scripts found in BPMN files.

SpiffWorkflow evaluates gateway conditions, timer durations and script tasks with Python's
``eval``/``exec``. A workflow file is data that an administrator may upload, so it must never be
able to run arbitrary Python. This module interprets a small, safe subset instead: constants,
names bound in task data, comparisons, boolean and arithmetic operators, and tuples/lists. Scripts
may only assign such expressions to plain names. Nothing here calls ``eval`` or ``exec``.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment


class UnsafeExpression(ValueError):
    """An expression or script uses a construct the restricted evaluator does not allow."""


_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}
_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.Not: operator.not_,
    ast.USub: operator.neg,
}
_CONSTANT_TYPES = (str, int, float, bool, type(None))


def parse_expression(source: str) -> ast.expr:
    """Parse and check an expression; raise UnsafeExpression for anything outside the subset."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as err:
        raise UnsafeExpression(f"not a valid expression: {source!r}") from err
    _check(tree.body)
    return tree.body


def parse_script(source: str) -> list[ast.Assign]:
    """Parse and check a script: only ``name = expression`` lines are allowed."""
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise UnsafeExpression(f"not a valid script: {source!r}") from err
    statements: list[ast.Assign] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Pass):
            continue
        if not isinstance(stmt, ast.Assign) or not all(
            isinstance(t, ast.Name) and _is_public(t.id) for t in stmt.targets
        ):
            raise UnsafeExpression(f"only assignments to plain names are allowed: {source!r}")
        _check(stmt.value)
        statements.append(stmt)
    return statements


def _is_public(name: str) -> bool:
    return not name.startswith("_")


def _check(node: ast.AST) -> None:
    check = _CHECKS.get(type(node))
    if check is None:
        raise UnsafeExpression(f"{type(node).__name__} is not allowed in workflow expressions")
    check(node)


def _check_constant(node: ast.Constant) -> None:
    if not isinstance(node.value, _CONSTANT_TYPES):
        raise UnsafeExpression(f"constant of type {type(node.value).__name__} not allowed")


def _check_name(node: ast.Name) -> None:
    if not _is_public(node.id):
        raise UnsafeExpression(f"name {node.id!r} is not allowed")


def _check_compare(node: ast.Compare) -> None:
    if not all(type(op) in _COMPARE for op in node.ops):
        raise UnsafeExpression("comparison operator not allowed")
    _check_all([node.left, *node.comparators])


def _check_binop(node: ast.BinOp) -> None:
    if type(node.op) not in _BINARY:
        raise UnsafeExpression(f"operator {type(node.op).__name__} not allowed")
    _check_all([node.left, node.right])


def _check_unary(node: ast.UnaryOp) -> None:
    if type(node.op) not in _UNARY:
        raise UnsafeExpression(f"operator {type(node.op).__name__} not allowed")
    _check(node.operand)


def _check_all(nodes: list[ast.expr]) -> None:
    for child in nodes:
        _check(child)


_CHECKS: dict[type[ast.AST], Callable[[Any], None]] = {
    ast.Constant: _check_constant,
    ast.Name: _check_name,
    ast.Compare: _check_compare,
    ast.BoolOp: lambda n: _check_all(n.values),
    ast.BinOp: _check_binop,
    ast.UnaryOp: _check_unary,
    ast.Tuple: lambda n: _check_all(n.elts),
    ast.List: lambda n: _check_all(n.elts),
}


def evaluate(node: ast.expr, names: Mapping[str, Any]) -> Any:
    """Interpret a checked expression tree against the given names."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise NameError(f"name {node.id!r} is not defined in the task data")
        return names[node.id]
    if isinstance(node, ast.Compare):
        return _compare(node, names)
    if isinstance(node, ast.BoolOp):
        return _bool_op(node, names)
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](evaluate(node.left, names), evaluate(node.right, names))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](evaluate(node.operand, names))
    if isinstance(node, ast.Tuple):
        return tuple(evaluate(e, names) for e in node.elts)
    if isinstance(node, ast.List):
        return [evaluate(e, names) for e in node.elts]
    raise UnsafeExpression(f"{type(node).__name__} is not allowed in workflow expressions")


def _compare(node: ast.Compare, names: Mapping[str, Any]) -> bool:
    left = evaluate(node.left, names)
    for op, right_node in zip(node.ops, node.comparators, strict=True):
        right = evaluate(right_node, names)
        if not _COMPARE[type(op)](left, right):
            return False
        left = right
    return True


def _bool_op(node: ast.BoolOp, names: Mapping[str, Any]) -> Any:
    is_and = isinstance(node.op, ast.And)
    value: Any = is_and
    for child in node.values:
        value = evaluate(child, names)
        if bool(value) != is_and:
            return value
    return value


# SpiffWorkflow is untyped, so its base class is Any to mypy.
class RestrictedEnvironment(BasePythonScriptEngineEnvironment):  # type: ignore[misc]
    """The SpiffWorkflow script environment that interprets the safe subset only."""

    def evaluate(
        self, expression: str, context: Mapping[str, Any], external_context: Any = None
    ) -> Any:
        names = {**(external_context or {}), **context}
        return evaluate(parse_expression(expression), names)

    def execute(
        self, script: str, context: MutableMapping[str, Any], external_context: Any = None
    ) -> bool:
        for stmt in parse_script(script):
            value = evaluate(stmt.value, {**(external_context or {}), **context})
            for target in stmt.targets:
                assert isinstance(target, ast.Name)  # guaranteed by parse_script
                context[target.id] = value
        return True

    def call_service(self, context: Mapping[str, Any], **kwargs: Any) -> Any:
        raise UnsafeExpression("service tasks are not available to workflow files")
