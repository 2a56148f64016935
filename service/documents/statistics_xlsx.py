"""One statistics table as an .xlsx workbook (openpyxl): what the page shows, for the office's
own files and for copying into the Ministry's forms.

The sheet carries the table's title, the period and scope, the circular a form follows, the
header, the rows with their totals, and the table's note; figures are numbers, not text, so a
spreadsheet can add them up again.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from service.domain.statistics import Table

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHEET_TITLE_MAX = 31  # Excel's limit on a sheet's name


def table_xlsx(table: Table, context: Sequence[str]) -> bytes:
    """The workbook of ``table``; ``context`` are the lines under its title (period, unit)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "".join(c for c in table.key if c not in "[]:*?/\\")[:SHEET_TITLE_MAX]
    width = max(len(table.header), 1)
    lines = [table.title.upper(), *context, table.basis]
    for text in filter(None, lines):
        sheet.append([text])
    sheet["A1"].font = Font(bold=True, size=13)
    start = sheet.max_row + 2
    sheet.append([])
    sheet.append(list(table.header))
    for row in table.rows:
        sheet.append(table.values(row))
    if table.footer is not None:
        sheet.append(table.values(table.footer))
    _frame(sheet, start, width, bold_last=table.footer is not None)
    if table.note:
        sheet.append([])
        sheet.append([table.note])
    sheet.column_dimensions["A"].width = 48
    for i in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _frame(sheet: Worksheet, start: int, width: int, *, bold_last: bool) -> None:
    """Borders round the table from its header row down; the header (and totals) in bold."""
    for r in sheet.iter_rows(min_row=start, max_row=sheet.max_row, max_col=width):
        for cell in r:
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.row == start or (bold_last and cell.row == sheet.max_row):
                cell.font = Font(bold=True)
