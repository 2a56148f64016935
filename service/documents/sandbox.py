"""The Jinja environment decision templates render in: sandboxed, immutable, and bounded.

Org-unit admins upload templates, so a template is hostile input. Jinja's immutable sandbox
already keeps it away from Python internals and from changing the context. This subclass also
bounds what one expression may cost, so the obvious ways of running a worker out of memory or
time fail at once with a message saying which rule was broken:

- ``range`` gives at most ``MAX_RANGE`` items (Jinja's sandbox allows 100000);
- ``*`` repeats a string or a list to at most ``MAX_REPEAT`` items, and ``**`` is refused beyond
  ``MAX_EXPONENT`` (``9**9**9`` would run for minutes inside one C call);
- a rendered part (document body, header, footer) is at most ``MAX_OUTPUT`` characters, counted
  as it streams out, so a loop printing gigabytes stops at the limit;
- ``lipsum`` (a text generator no decision needs) is gone.

Nested loops that print nothing, ``~`` (which Jinja does not let an environment intercept) and
filters given huge widths are not bounded here: ``service.documents.guard`` runs every render of
an uploaded template in a child process with a wall-clock, memory and output budget.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_RANGE = 10_000
MAX_REPEAT = 10_000
MAX_EXPONENT = 64
MAX_OUTPUT = 10_000_000


class BudgetExceeded(SecurityError):
    """A template asked for more than one render may spend; the message says what."""


def bounded_range(*args: int) -> range:
    """``range`` refusing more than MAX_RANGE items (computed without ``len``, which overflows)."""
    items = range(*args)
    span = (items.stop - items.start + items.step - (1 if items.step > 0 else -1)) // items.step
    if span > MAX_RANGE:
        raise BudgetExceeded(f"range() quá {MAX_RANGE} phần tử.")
    return items


def bounded_concat(chunks: Iterable[str]) -> str:
    """Join a rendered part, refusing it once it passes MAX_OUTPUT characters."""
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise BudgetExceeded(f"Mẫu in ra quá {MAX_OUTPUT:,} ký tự.".replace(",", "."))
        parts.append(chunk)
    return "".join(parts)


def _repeat_size(left: Any, right: Any) -> int | None:
    """How many items ``left * right`` makes when it repeats a sequence; None for numbers."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            return len(seq) * times
    return None


class DecisionEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})
    # Template.render joins its output with environment.concat; this one counts as it goes.
    concat = staticmethod(bounded_concat)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = bounded_range
        self.globals.pop("lipsum", None)

    def call_binop(self, context: Context, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "*":
            size = _repeat_size(left, right)
            if size is not None and size > MAX_REPEAT:
                raise BudgetExceeded(f"Phép nhân chuỗi/danh sách tạo quá {MAX_REPEAT} phần tử.")
        elif operator_ == "**" and _huge_power(left, right):
            raise BudgetExceeded(f"Lũy thừa với số mũ quá {MAX_EXPONENT}.")
        return super().call_binop(context, operator_, left, right)


def _huge_power(base: Any, exponent: Any) -> bool:
    if not isinstance(exponent, int | float):
        return False
    return abs(exponent) > MAX_EXPONENT and not (isinstance(base, int | float) and abs(base) <= 1)
