"""What any input must be before it goes further, whichever front end it came through.

- Text holds no NUL character: PostgreSQL cannot store one in a text column and refuses the whole
  statement, so a NUL anywhere would turn a typing slip or a probe into a server error.
- A whole number typed as an id, a year, a version or a page cursor fits a database INTEGER
  (signed 32 bits, the narrowest column it is compared with); beyond it the driver overflows.
- A JSON body nests at most ``MAX_JSON_DEPTH`` levels: the API's deepest body is three levels
  deep, and a parser recursing into a hostile one would exhaust the stack.

The front ends apply these once, where a request enters (``service.boundary`` and the API's body
parser), so no view has to remember them.
"""

from __future__ import annotations

from collections.abc import Iterable

from service.domain.errors import Invalid

NUL = "\x00"
MAX_INT = 2**31 - 1
MAX_JSON_DEPTH = 32

NUL_MESSAGE = "Dữ liệu gửi lên chứa ký tự NUL (mã 0), không được chấp nhận; hãy xóa ký tự đó."
NUL_FIELD = "chứa ký tự NUL"
TOO_BIG_FIELD = f"quá lớn (tối đa {MAX_INT})"
DEEP_MESSAGE = f"Nội dung JSON lồng nhau quá sâu (tối đa {MAX_JSON_DEPTH} cấp)."


def nul_fields(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The names among ``(name, value)`` pairs whose name or value holds a NUL."""
    return {
        name.replace(NUL, "\\0"): NUL_FIELD for name, value in pairs if NUL in name or NUL in value
    }


def refuse_nul(pairs: Iterable[tuple[str, str]]) -> None:
    if problems := nul_fields(pairs):
        raise Invalid(NUL_MESSAGE, problems)


def refuse_too_big(name: str, value: int) -> int:
    """``value`` if a database INTEGER holds it; Invalid naming the parameter otherwise."""
    if value > MAX_INT:
        raise Invalid(f"Tham số '{name}' {TOO_BIG_FIELD}.", {name: TOO_BIG_FIELD})
    return value
