"""The stock correcting decision (dinh_chinh.docx) rendered from ``correction_context``: the
unit's header and signature block, the decision it corrects as cited, each item."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from service.documents import TEMPLATES_DIR, render_context, undeclared_variables
from service.domain.corrections import (
    Corrected,
    Correction,
    CorrectionItem,
    correction_context,
    parse_correction,
)
from service.domain.errors import Invalid

from .samples import make_decision

TEMPLATE = TEMPLATES_DIR / "dinh_chinh.docx"
CORRECTED = Corrected("04/QĐ-UBND", date(2027, 1, 3), "Về việc tặng Giấy khen")
CORRECTION = Correction(
    "Sai chính tả họ tên",
    "Điều 93 Luật Thi đua, khen thưởng 2022",
    (
        CorrectionItem("tại số thứ tự 2 của danh sách kèm theo", "Nguyễn Văn An", "Nguyễn Văn Ân"),
        CorrectionItem("", "05 cá nhân", "06 cá nhân"),
    ),
)


def text(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_the_correction_template_uses_only_variables_the_context_provides() -> None:
    context = correction_context(make_decision(), CORRECTED, CORRECTION)
    assert undeclared_variables(TEMPLATE, context) == set()


def test_a_correction_cites_the_decision_it_corrects_and_says_what_was_and_what_is_to_read() -> (
    None
):
    printed = text(
        render_context(TEMPLATE, correction_context(make_decision(), CORRECTED, CORRECTION))
    )
    lines = printed.splitlines()
    assert "Số: 05/QĐ-UBND" in printed
    assert (
        "Về việc đính chính Quyết định số 04/QĐ-UBND ngày 03/01/2027 của Chủ tịch Ủy ban nhân "
        "dân phường Định Công"
    ) in lines
    assert (
        "1. Tại số thứ tự 2 của danh sách kèm theo, đã ghi: “Nguyễn Văn An”, nay sửa lại: "
        "“Nguyễn Văn Ân”."
    ) in lines
    assert "2. Đã ghi: “05 cá nhân”, nay sửa lại: “06 cá nhân”." in lines
    assert "Căn cứ Điều 93 Luật Thi đua, khen thưởng 2022;" in lines
    assert any(line.startswith("Điều 1. Đính chính Quyết định số 04/QĐ-UBND") for line in lines)
    assert any("về việc tặng Giấy khen, như sau:" in line for line in lines)
    assert any(
        line.startswith("Điều 3.") and "có tên tại Quyết định số 04/QĐ-UBND" in line
        for line in lines
    )
    assert "- Như Điều 3;" in lines


def test_a_clerk_reads_in_vietnamese_what_a_correction_lacks() -> None:
    with pytest.raises(Invalid) as refused:
        parse_correction(" ", "", [{"was": "a", "now": "a"}, "x"])
    assert refused.value.fields == {
        "reason": "bắt buộc",
        "legal_basis": "bắt buộc",
        "items[0].now": "giống nội dung đã ghi",
        "items[1]": "cần các trường where, was, now",
    }
