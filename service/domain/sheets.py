"""What an imported sheet's rows are, whatever the sheet: cells by column, and errors by row.

A sheet arrives as numbered rows of cell values (``service.documents.spreadsheets`` reads it).
Its header row names the columns; ``Columns`` finds them by their folded header (diacritics,
case and spacing ignored, a few other spellings accepted), so a clerk's own copy of the template
with a title above the header, or columns in another order, still reads. A problem is a
``RowError``: the row as Excel numbers it, the column's header as the clerk sees it, and what is
wrong in Vietnamese.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from service.domain.dossiers import fold
from service.domain.errors import Invalid

Cell = str | int | float | bool | date | datetime | None
Row = tuple[int, Sequence[Cell]]  # (row number, values)
HEADER_SEARCH = 10  # the header row is among the first rows of the sheet


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the template writes it
    width: int = 15
    aliases: tuple[str, ...] = ()  # other headers read as this column

    def names(self) -> set[str]:
        return {fold(self.header), *(fold(a) for a in self.aliases)}


@dataclass(frozen=True)
class RowError:
    row: int | None  # None: the sheet as a whole (a missing column, too many rows)
    column: str
    message: str


@dataclass(frozen=True)
class Located:
    """The header row found in a sheet and where each known column is in it."""

    header_row: int
    positions: dict[str, int]  # key -> 0-based index
    rows: list[Row]  # the data rows under the header

    def cell(self, row: Sequence[Cell], key: str) -> Cell:
        i = self.positions.get(key)
        return row[i] if i is not None and i < len(row) else None


def locate(rows: Sequence[Row], columns: Sequence[Column], required: str) -> Located:
    """The header row (the first of the first rows holding the ``required`` column's header) and
    the data under it; Invalid on the field ``file`` when no row holds it."""
    wanted = {c.key: c.names() for c in columns}
    for number, values in rows[:HEADER_SEARCH]:
        headers = [fold(str(v)) if v is not None else "" for v in values]
        positions = {}
        for i, h in enumerate(headers):
            key = next((k for k, names in wanted.items() if h in names), None)
            if key is not None and key not in positions:
                positions[key] = i
        if required in positions:
            return Located(number, positions, [r for r in rows if r[0] > number])
    header = next(c.header for c in columns if c.key == required)
    problem = f"Không tìm thấy dòng tiêu đề có cột «{header}»; hãy dùng tệp mẫu."
    raise Invalid(problem, {"file": problem})


def text(value: Cell) -> str:
    """A cell as text: numbers without a trailing ".0", dates as DD/MM/YYYY."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def whole_number(value: Cell) -> int | None:
    """A cell holding a whole number (typed as a number or as digits); None when it does not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def day(value: Cell) -> date | None:
    """A cell holding a day: a date cell, or text DD/MM/YYYY or YYYY-MM-DD; None otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


def choice(value: Cell, names: Mapping[str, str]) -> str | None:
    """The code whose name (folded) the cell holds, from ``names`` {folded name: code}."""
    return names.get(fold(text(value))) if value is not None else None


_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
MAX_CHOSEN = 10_000


def chosen_rows(raw: str | None) -> set[int] | None:
    """The rows a clerk chose, typed "2, 4, 7-9" (None: every row); Invalid on ``rows``."""
    if raw is None or not raw.strip():
        return None
    found: set[int] = set()
    for part in re.split(r"[,;\s]+", raw.strip()):
        if not part:
            continue
        span = _RANGE.match(part)
        if part.isdigit():
            found.add(int(part))
        elif span and int(span[1]) <= int(span[2]) and int(span[2]) - int(span[1]) < MAX_CHOSEN:
            found.update(range(int(span[1]), int(span[2]) + 1))
        else:
            problem = f"«{part}» không phải số dòng; ghi ví dụ 2, 4, 7-9."
            raise Invalid(problem, {"rows": problem})
        if len(found) > MAX_CHOSEN:
            problem = f"Chọn tối đa {MAX_CHOSEN} dòng."
            raise Invalid(problem, {"rows": problem})
    return found


def unknown_rows(chosen: Collection[int], rows: Sequence[Row]) -> list[RowError]:
    """A chosen row number the sheet has no data row for."""
    present = {number for number, _ in rows}
    return [
        RowError(n, "", f"Dòng {n} không có trong bảng (hoặc trống).")
        for n in sorted(set(chosen) - present)
    ]
