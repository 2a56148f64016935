"""The stock correcting decision (dinh_chinh.docx) rendered from ``correction_context``: the
unit's header and signature block, the decision it corrects as cited, each item."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from service.documents import TEMPLATES_DIR, render_context, to_pdf, undeclared_variables
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
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
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
    # Proposed by the office, not by the tờ trình of the decision it corrects.
    assert "Theo đề nghị của Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường." in lines
    assert "03/TTr-VP" not in printed


def test_a_clerk_reads_in_vietnamese_what_a_correction_lacks() -> None:
    with pytest.raises(Invalid) as refused:
        parse_correction(" ", "", [{"was": "a", "now": "a"}, "x"])
    assert refused.value.fields == {
        "reason": "bắt buộc",
        "legal_basis": "bắt buộc",
        "items[0].now": "giống nội dung đã ghi",
        "items[1]": "cần các trường where, was, now",
    }


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice or poppler-utils is not installed (scripts/install-libreoffice)",
)
def test_a_correction_fits_one_a4_page_and_reads_in_order(tmp_path: Path) -> None:
    """Also leaves the page as docs/screenshots/28-correction-pdf.png (KT_UPDATE_SCREENSHOTS=1)."""
    context = correction_context(make_decision(), CORRECTED, CORRECTION)
    source = tmp_path / "correction.pdf"
    source.write_bytes(to_pdf(render_context(TEMPLATE, context)))
    assert len(PdfReader(str(source)).pages) == 1
    flat = " ".join(
        subprocess.run(
            ["pdftotext", str(source), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    order = ["QUYẾT ĐỊNH", "Về việc đính chính", "Căn cứ Điều 93", "Điều 1.", "1. Tại số thứ tự 2"]
    order += ["2. Đã ghi", "Lý do đính chính", "Điều 2.", "Điều 3.", "Nơi nhận", "Nguyễn Văn Hùng"]
    assert [flat.index(s) for s in order] == sorted(flat.index(s) for s in order)
    subprocess.run(
        ["pdftoppm", "-r", "110", "-png", "-singlefile", str(source), str(tmp_path / "page")],
        check=True,
    )
    png = (tmp_path / "page.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    if os.environ.get("KT_UPDATE_SCREENSHOTS") == "1":
        (SCREENSHOTS / "28-correction-pdf.png").write_bytes(png)
