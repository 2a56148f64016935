"""Workbooks in and out (service.documents.spreadsheets): what is written reads back the same, and
a hostile upload is refused with a reason before openpyxl parses it."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
import pytest

from service.documents.spreadsheets import (
    SheetLimits,
    SpreadsheetInvalid,
    Table,
    read_rows,
    write_tables,
)


def workbook(*rows: list[object]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(content: bytes, name: str, change: bytes) -> bytes:
    """``content`` with its member ``name`` replaced by ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = change if info.filename == name else src.read(info)
            dst.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def refusal(content: bytes, limits: SheetLimits | None = None) -> str:
    with pytest.raises(SpreadsheetInvalid) as caught:
        read_rows(content) if limits is None else read_rows(content, limits)
    assert set(caught.value.fields) == {"file"}
    return caught.value.message


def test_a_written_table_reads_back_with_its_row_numbers_and_values() -> None:
    table = Table(
        "Danh sách",
        ["STT", "Họ và tên", "Ngày sinh"],
        [[1, "Nguyễn Thị Hoa", date(1980, 5, 2)], [2, "Trần Văn Đức", None]],
        widths=[6, 30, 12],
    )
    rows = read_rows(write_tables([table]))
    assert [r.number for r in rows] == [1, 2, 3]
    assert rows[0].values == ("STT", "Họ và tên", "Ngày sinh")
    assert rows[1].values == (1, "Nguyễn Thị Hoa", date(1980, 5, 2))
    assert rows[2].values[:2] == (2, "Trần Văn Đức")


def test_the_header_is_bold_and_frozen_and_the_columns_have_their_widths() -> None:
    content = write_tables([Table("Sổ", ["Số quyết định", "Ngày"], [["05/QĐ", 1]], widths=[25])])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet.title == "Sổ"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b is True
    assert sheet.column_dimensions["A"].width == 25


def test_text_that_looks_like_a_formula_is_written_as_text() -> None:
    content = write_tables([Table("T", ["Tên"], [['=HYPERLINK("http://x")']])])
    cell = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]["A2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'


def test_empty_rows_are_skipped_and_the_rows_after_them_keep_their_numbers() -> None:
    rows = read_rows(workbook(["Họ và tên"], ["An"], [None], ["  "], ["Bình"]))
    assert [(r.number, r.values[0]) for r in rows] == [(1, "Họ và tên"), (2, "An"), (5, "Bình")]


def test_a_file_over_the_size_limit_is_refused() -> None:
    content = workbook(["a"])
    assert "lớn hơn" in refusal(content, SheetLimits(file_bytes=len(content) - 1))


def test_more_rows_than_the_limit_are_refused() -> None:
    content = workbook(*[[i] for i in range(12)])
    assert "hơn 10 dòng" in refusal(content, SheetLimits(rows=10))


def test_a_file_that_is_not_a_workbook_is_refused() -> None:
    assert ".xlsx" in refusal(b"STT,Ho va ten\n1,An\n")
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert ".xlsx" in refusal(word.getvalue())


def test_an_old_xls_and_a_password_protected_workbook_are_told_apart() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert ".xls" in refusal(ole + "Workbook".encode("utf-16-le"))
    # Excel stores a workbook with a password to open as an OLE2 file holding these streams.
    assert "mật khẩu" in refusal(ole + "EncryptionInfo".encode("utf-16-le"))


def test_a_zip_bomb_is_refused_on_its_stated_sizes() -> None:
    bomb = rewritten(workbook(["a"]), "xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    assert "bom zip" in refusal(bomb)


def test_a_sheet_declaring_entities_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    content = rewritten(workbook(["a"]), "xl/worksheets/sheet1.xml", laughs)
    assert "DTD" in refusal(content)


def test_a_broken_zip_is_refused() -> None:
    content = workbook(["a"])
    assert "Excel" in refusal(content[: len(content) // 2])
