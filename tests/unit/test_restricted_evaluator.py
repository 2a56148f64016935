"""The restricted evaluator computes the small subset BPMN conditions need, and nothing else."""

from __future__ import annotations

import pytest

from service.adapters.restricted import (
    RestrictedEnvironment,
    UnsafeExpression,
    evaluate,
    parse_expression,
)


@pytest.mark.parametrize(
    ("expression", "names", "expected"),
    [
        (
            'decision == "approve" and award_level == "ward"',
            {"decision": "approve", "award_level": "ward"},
            True,
        ),
        (
            'decision == "approve" and award_level == "ward"',
            {"decision": "approve", "award_level": "district"},
            False,
        ),
        ('award_level in ("district", "province")', {"award_level": "province"}, True),
        ("not done or count >= 3", {"done": True, "count": 2}, False),
        ("1 < x <= 3", {"x": 3}, True),
        ('"P10D"', {}, "P10D"),
        ("a or b", {"a": 0, "b": "x"}, "x"),
        ("-n + 2 * 3 - 4 / 2 % 3", {"n": 1}, 3.0),
        ("[a, None, True]", {"a": 1}, [1, None, True]),
        ("x is None", {"x": None}, True),
    ],
)
def test_safe_expressions_evaluate_like_python(
    expression: str, names: dict, expected: object
) -> None:
    assert evaluate(parse_expression(expression), names) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "x.upper()",
        "len(x)",
        "x[0]",
        "__builtins__",
        "_secret",
        "{1: 2}",
        "f'{x}'",
        "x if y else z",
        "(y := 1)",
        "b'bytes'",
        "2 ** 1000000",
        "x @ y",
        "not_a valid expression",
    ],
)
def test_anything_else_is_refused(expression: str) -> None:
    with pytest.raises(UnsafeExpression):
        parse_expression(expression)


def test_an_unknown_name_is_an_error_not_a_silent_false() -> None:
    with pytest.raises(NameError):
        RestrictedEnvironment().evaluate("missing == 1", {})


def test_scripts_assign_into_the_task_data() -> None:
    data: dict[str, object] = {"a": 2}
    RestrictedEnvironment().execute("b = a * 2\nc = b > 3", data)
    assert data == {"a": 2, "b": 4, "c": True}
