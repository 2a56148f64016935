"""Excel workbooks in and out: the one module besides the tests that imports openpyxl.

``read_rows`` turns the first sheet of an uploaded .xlsx into numbered rows of plain cell values
(str, int, float, bool, date, datetime or None) for the use cases, which never see openpyxl.
An upload is hostile input, so before openpyxl opens it the bytes are checked: a size cap, the
zip's stated sizes (member count, inflated sizes, compression ratio: a zip bomb is refused on
what its directory says, and Python's zipfile never inflates a member past its stated size), no
DTD or entity declaration in any XML part (billion laughs, XXE), and no encryption (a workbook
with a password to open is an OLE2 file, not a zip, and is named as such). openpyxl then reads it
in read-only (streaming) mode, and no more than ``SheetLimits.rows`` rows are taken.

``write_tables`` writes tables (a sheet each: header row in bold, frozen, column widths) to
.xlsx bytes. Text cells are always written as text: a value beginning with "=" is not a formula
(no formula injection through a name typed into a dossier).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, cast

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from service.domain.errors import Invalid

MB = 1_000_000
Value = str | int | float | bool | date | datetime | None
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARKER = "EncryptionInfo".encode("utf-16-le")
REQUIRED = ("[Content_Types].xml", "xl/workbook.xml")
DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
CHUNK = 64 * 1024
# What openpyxl refuses to write (control characters): dropped from exported text.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class SheetLimits:
    """How big an uploaded workbook may be. A list of 5000 nominees is about 0.5 MB."""

    file_bytes: int = 5 * MB
    rows: int = 5000  # data rows, under one header row
    columns: int = 50
    members: int = 200
    member_bytes: int = 40 * MB
    total_bytes: int = 80 * MB
    ratio: int = 200
    ratio_floor: int = 64 * 1024


LIMITS = SheetLimits()


class SpreadsheetInvalid(Invalid):
    """The upload is not an .xlsx workbook that can be read safely; the message says why."""

    code = "spreadsheet_invalid"
    default_message = "Tệp Excel không hợp lệ."

    def __init__(self, reason: str) -> None:
        super().__init__(f"Tệp Excel bị từ chối: {reason}.", {"file": reason})


@dataclass(frozen=True)
class SheetRow:
    """One non-empty row of the sheet: its number as Excel shows it (1 = the first row)."""

    number: int
    values: tuple[Value, ...]


def read_rows(content: bytes, limits: SheetLimits = LIMITS) -> list[SheetRow]:
    """The non-empty rows of the first sheet of ``content``, header row included, each cell's
    value as stored (formulas as their last computed value). Refusals raise SpreadsheetInvalid."""
    _check_container(content, limits)
    _check_zip(content, limits)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds on a malformed workbook
        raise SpreadsheetInvalid(f"không đọc được bảng tính ({type(err).__name__})") from None
    try:
        if not book.worksheets:
            raise SpreadsheetInvalid("tệp không có trang tính nào")
        return list(_rows(book.worksheets[0].iter_rows(values_only=True), limits))
    except SpreadsheetInvalid:
        raise
    except Exception as err:
        raise SpreadsheetInvalid(f"không đọc được bảng tính ({type(err).__name__})") from None
    finally:
        book.close()


def _rows(found: Iterator[tuple[object, ...]], limits: SheetLimits) -> Iterator[SheetRow]:
    for number, raw in enumerate(found, start=1):
        if number > limits.rows + 1:
            raise SpreadsheetInvalid(f"trang tính có hơn {limits.rows} dòng, quá giới hạn")
        values = tuple(_value(v) for v in raw[: limits.columns])
        if any(v is not None for v in values):
            yield SheetRow(number, values)


def _value(raw: object) -> Value:
    if isinstance(raw, str):
        return raw.strip() or None
    if isinstance(raw, datetime):
        return raw.date() if raw.time() == time(0) else raw
    if isinstance(raw, (int, float, bool, date)) or raw is None:
        return raw
    return str(raw)  # a time or a timedelta: as text, for the reader's own message


def _check_container(content: bytes, limits: SheetLimits) -> None:
    if len(content) > limits.file_bytes:
        raise SpreadsheetInvalid(f"tệp lớn hơn {limits.file_bytes // MB} MB, quá giới hạn")
    if content.startswith(OLE_MAGIC):
        if ENCRYPTED_MARKER in content:
            raise SpreadsheetInvalid("tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lại")
        raise SpreadsheetInvalid("tệp là Excel cũ (.xls); hãy lưu lại dưới dạng .xlsx")
    if not content.startswith(ZIP_MAGIC):
        raise SpreadsheetInvalid("tệp không phải bảng tính Excel (.xlsx)")


def _check_zip(content: bytes, limits: SheetLimits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = _directory(archive, limits)
            for info in infos:
                if info.filename.lower().endswith((".xml", ".rels")):
                    _refuse_dtd(archive, info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise SpreadsheetInvalid("tệp zip bị hỏng, không phải bảng tính Excel (.xlsx)") from None


def _directory(archive: zipfile.ZipFile, limits: SheetLimits) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise SpreadsheetInvalid(f"tệp có {len(infos)} phần, quá giới hạn {limits.members}")
    names = {i.filename for i in infos}
    if any(n not in names for n in REQUIRED):
        raise SpreadsheetInvalid("tệp không phải bảng tính Excel (.xlsx)")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise SpreadsheetInvalid("tệp được mã hóa (đặt mật khẩu)")
        inflated = info.file_size
        total += inflated
        if inflated > limits.member_bytes or total > limits.total_bytes:
            raise SpreadsheetInvalid(f"tệp giải nén ra hơn {limits.total_bytes // MB} MB")
        if inflated > limits.ratio_floor and inflated > limits.ratio * max(info.compress_size, 1):
            raise SpreadsheetInvalid(f"phần {info.filename} nén hơn {limits.ratio} lần (bom zip)")
    return infos


def _refuse_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Read the part in chunks (never past its stated size) looking for a DTD or an entity."""
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            window = tail + chunk
            if any(marker in window for marker in DTD_MARKERS):
                raise SpreadsheetInvalid(
                    f"phần {info.filename} khai báo DTD hoặc thực thể (<!DOCTYPE>, <!ENTITY>)"
                )
            tail = window[-32:]


@dataclass(frozen=True)
class Table:
    """One sheet to write: its title, the header row, the rows, each column's width (in
    characters; default 15) and lines of notes written under the table."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Value]]
    widths: Sequence[int] = ()
    notes: Sequence[str] = ()


def write_tables(tables: Sequence[Table]) -> bytes:
    """The tables as an .xlsx workbook, a sheet each in order, ready to send."""
    book = Workbook(write_only=True)
    for table in tables:
        _write(book.create_sheet(_sheet_title(table.title)), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(sheet: WriteOnlyWorksheet, table: Table) -> None:
    for i in range(len(table.header)):
        width = table.widths[i] if i < len(table.widths) else 15
        # The write-only sheet hands column_dimensions on to its inner sheet (not in the stubs).
        cast(Any, sheet).column_dimensions[get_column_letter(i + 1)].width = width
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    sheet.append([_cell(sheet, h, font=bold, alignment=wrap) for h in table.header])
    for row in table.rows:
        sheet.append([_cell(sheet, v) for v in row])
    if table.notes:
        sheet.append([])
    for note in table.notes:
        sheet.append([_cell(sheet, note)])


def _cell(
    sheet: WriteOnlyWorksheet,
    value: Value,
    *,
    font: Font | None = None,
    alignment: Alignment | None = None,
) -> Cell:
    cell = WriteOnlyCell(sheet)
    cell.value = _ILLEGAL.sub("", value) if isinstance(value, str) else value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text begins with
    if isinstance(value, date) and not isinstance(value, datetime):
        cell.number_format = "DD/MM/YYYY"
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _sheet_title(title: str) -> str:
    return _SHEET_TITLE.sub("-", title)[:31] or "Sheet"
