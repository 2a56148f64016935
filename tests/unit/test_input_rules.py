"""The input rules of service/domain/inputs.py and the JSON depth scan of service/boundary.py."""

from __future__ import annotations

import contextlib
import json
import time

import pytest

from service.boundary import json_too_deep
from service.domain.errors import Invalid
from service.domain.inputs import MAX_INT, MAX_JSON_DEPTH, nul_fields, refuse_too_big


def nested(depth: int, opener: str = "[", closer: str = "]", inner: str = "") -> bytes:
    return (opener * depth + inner + closer * depth).encode()


@pytest.mark.parametrize(
    ("body", "deep"),
    [
        (nested(MAX_JSON_DEPTH), False),
        (nested(MAX_JSON_DEPTH + 1), True),
        (nested(MAX_JSON_DEPTH, '{"a":', "}", "1"), False),
        (nested(MAX_JSON_DEPTH + 1, '{"a":', "}", "1"), True),
        # Siblings at every level: no long run of openers, found by peeling levels instead.
        (b"".join([b"[[]," * (MAX_JSON_DEPTH - 1), b"[]", b"]" * (MAX_JSON_DEPTH - 1)]), False),
        (b"".join([b"[[]," * MAX_JSON_DEPTH, b"[]", b"]" * MAX_JSON_DEPTH]), True),
        (b"[{[{" * 9 + b"}]}]" * 9, True),
        # Brackets inside strings are text, escaped quotes and backslashes included.
        (json.dumps({"title": "[" * 1000}).encode(), False),
        (json.dumps({"t": '\\"[[[[' * 100, "u": "\\"}).encode(), False),
        (json.dumps(["\\", "[" * 100]).encode(), False),
        # Unbalanced and shallow: the parser says it is not JSON.
        (b'{"a": [1, 2', False),
        (b"[}" * 50, False),
        (b"[" * 100_000, True),
        (b"", False),
    ],
)
def test_a_body_is_too_deep_exactly_when_it_nests_beyond_the_limit(body: bytes, deep: bool) -> None:
    assert json_too_deep(body) is deep
    if not deep:
        with contextlib.suppress(ValueError):  # what it lets through never exhausts the parser
            json.loads(body)


def test_the_depth_scan_of_its_slowest_megabyte_takes_a_small_fraction_of_a_second() -> None:
    # The slowest shape: as deep as allowed, repeated, so every pass shrinks the body least.
    worst = b"[" + (b"[" * 31 + b"]" * 31 + b",") * (1_000_000 // 63) + b"0]"
    started = time.perf_counter()
    assert json_too_deep(worst) is False
    assert time.perf_counter() - started < 0.5  # about 0.08 s here; 10 MB about 0.8 s


def test_a_nul_in_a_name_or_a_value_is_named_printably() -> None:
    assert nul_fields([("q", "a\x00"), ("ok", "b"), ("k\x00", "")]) == {
        "q": "chứa ký tự NUL",
        "k\\0": "chứa ký tự NUL",
    }


def test_a_number_beyond_a_database_integer_is_refused_naming_the_parameter() -> None:
    assert refuse_too_big("after", MAX_INT) == MAX_INT
    with pytest.raises(Invalid) as refused:
        refuse_too_big("after", MAX_INT + 1)
    assert "after" in refused.value.fields
    assert "quá lớn" in refused.value.message
