"""The certificates PDF, read back with pypdf: each field's text where its layout box says, in
Vietnamese, one page per awardee; and the preview that outlines the boxes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from service.documents.certificates import (
    FONT_FAMILY,
    FONT_FILES,
    FONTS_DIR,
    close_fonts,
    render_certificates,
    render_preview,
)
from service.domain.certificate_layouts import (
    FIELDS,
    Awardee,
    CertificateSheet,
    FieldBox,
    Layout,
    default_layouts,
    field_texts,
)
from service.domain.errors import Invalid

MM_PER_PT = 25.4 / 72
TOLERANCE_MM = 2.0

HANG = Awardee(
    name="Nguyễn Thị Hằng",
    unit="Phường Định Công",
    achievement="Đã có thành tích xuất sắc trong phong trào thi đua năm 2026",
)
LONG = Awardee(
    name="Trần Văn Đức",
    unit="Trường Tiểu học Định Công",
    achievement=(
        "Đã có thành tích xuất sắc trong công tác giảng dạy và bồi dưỡng học sinh giỏi, góp phần "
        "nâng cao chất lượng giáo dục toàn diện của nhà trường trong năm học 2025–2026, được "
        "cha mẹ học sinh và đồng nghiệp tin yêu"
    ),
)
SHEET = CertificateSheet(
    awardees=(HANG, LONG),
    decision_number="1234/QĐ-UBND",
    decision_date=date(2026, 12, 4),
    place="Hà Nội",
)


@dataclass(frozen=True)
class Run:
    """A piece of text as drawn: where its baseline starts, in mm from the page's top-left."""

    text: str
    x_mm: float
    y_mm: float
    size_pt: float


def pages(pdf: bytes) -> list[list[Run]]:
    reader = PdfReader(io.BytesIO(pdf))
    result = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        runs: list[Run] = []

        def visit(text, cm, tm, font, size, runs=runs, height=height):  # type: ignore[no-untyped-def]
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append(Run(text.strip(), x * MM_PER_PT, (height - y) * MM_PER_PT, size))

        page.extract_text(visitor_text=visit)
        result.append(runs)
    return result


def width_mm(text: str, box: FieldBox) -> float:
    """How wide the bundled font sets ``text`` at the box's size, to find a centred run's middle."""
    pdf = FPDF(unit="mm")
    for style, file in FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, FONTS_DIR / file)
    try:
        pdf.set_font(FONT_FAMILY, "B" if box.bold else "", box.font_size_pt)
        return float(pdf.get_string_width(text))
    finally:
        close_fonts(pdf)


def run_of(runs: list[Run], text: str) -> Run:
    found = [run for run in runs if run.text == text]
    assert found, f"{text!r} not drawn; drawn: {[run.text for run in runs]}"
    return found[0]


def assert_in_box(run: Run, box: FieldBox, line: int = 0) -> None:
    """The run sits on the box's ``line``-th line (its baseline inside that line's height) and
    where the alignment puts it horizontally."""
    top = box.y_mm + line * box.line_height_mm
    assert top < run.y_mm < top + box.line_height_mm + 0.5, (run, box)
    width = width_mm(run.text, box)
    assert box.x_mm - 0.5 <= run.x_mm and run.x_mm + width <= box.x_mm + box.width_mm + 0.5
    if box.align == "L":
        assert abs(run.x_mm - box.x_mm) <= TOLERANCE_MM, (run, box)
    elif box.align == "C":
        middle = run.x_mm + width / 2
        assert abs(middle - (box.x_mm + box.width_mm / 2)) <= TOLERANCE_MM, (run, box)
    else:
        assert abs(run.x_mm + width - (box.x_mm + box.width_mm)) <= TOLERANCE_MM, (run, box)


@pytest.mark.parametrize("form", ["bang_khen", "giay_khen"])
def test_each_field_prints_where_the_default_layout_puts_its_box(form: str) -> None:
    layout = default_layouts()[form]
    first = pages(render_certificates(layout, SHEET))[0]
    texts = field_texts(SHEET, HANG)
    for name in FIELDS:
        assert_in_box(run_of(first, texts[name]), layout.fields[name])


def test_left_centred_and_right_aligned_fields_each_sit_where_their_alignment_says() -> None:
    layout = Layout(
        "thu",
        297,
        210,
        {
            "name": FieldBox(20, 30, 150, 18, "L", True),
            "unit": FieldBox(60, 60, 180, 14, "C"),
            "decision_number": FieldBox(150, 100, 100, 12, "R"),
        },
    )
    drawn = pages(render_certificates(layout, SHEET))[0]
    assert_in_box(run_of(drawn, "Nguyễn Thị Hằng"), layout.fields["name"])
    assert_in_box(run_of(drawn, "Phường Định Công"), layout.fields["unit"])
    assert_in_box(run_of(drawn, "1234/QĐ-UBND"), layout.fields["decision_number"])
    assert len(drawn) == 3  # the fields the layout leaves out are not printed


def test_vietnamese_names_and_units_read_back_as_typed() -> None:
    drawn = pages(render_certificates(default_layouts()["bang_khen"], SHEET))
    first = [run.text for run in drawn[0]]
    assert "Nguyễn Thị Hằng" in first
    assert "Phường Định Công" in first
    assert "Hà Nội, ngày 04 tháng 12 năm 2026" in first
    assert "04/12/2026" in first


def test_there_is_one_page_per_awardee_in_the_decisions_order() -> None:
    three = CertificateSheet((HANG, LONG, HANG), "12/QĐ-UBND", date(2027, 1, 5), "Huế")
    drawn = pages(render_certificates(default_layouts()["giay_khen"], three))
    assert len(drawn) == 3
    names = [[run.text for run in page] for page in drawn]
    assert "Nguyễn Thị Hằng" in names[0] and "Trần Văn Đức" in names[1]
    assert "Nguyễn Thị Hằng" in names[2] and "Trần Văn Đức" not in names[2]
    assert all("Huế, ngày 05 tháng 01 năm 2027" in page for page in names)


def test_the_page_is_the_size_of_the_blank() -> None:
    layout = Layout("a5", 210, 148, {"name": FieldBox(10, 50, 190, 20, "C", True)})
    page = PdfReader(io.BytesIO(render_certificates(layout, SHEET))).pages[0]
    assert float(page.mediabox.width) * MM_PER_PT == pytest.approx(210, abs=0.1)
    assert float(page.mediabox.height) * MM_PER_PT == pytest.approx(148, abs=0.1)


def test_a_long_achievement_wraps_inside_its_box_onto_the_lines_below() -> None:
    layout = default_layouts()["bang_khen"]
    box = layout.fields["achievement"]
    second = pages(render_certificates(layout, SHEET))[1]
    lines = [run for run in second if run.size_pt == box.font_size_pt and run.y_mm > box.y_mm]
    lines = [run for run in lines if run.text not in field_texts(SHEET, LONG)["place_date"]]
    assert len(lines) >= 2
    assert " ".join(run.text for run in lines) == LONG.achievement
    for number, run in enumerate(lines):
        assert_in_box(run, box, line=number)


def test_nothing_but_the_field_texts_is_drawn_on_the_blank() -> None:
    pdf = render_certificates(default_layouts()["bang_khen"], SHEET)
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert content is not None
    operators = content.get_data().split()
    assert b"re" not in operators  # no frame, no box: the blank has its own
    assert b"l" not in operators


def test_a_decision_with_no_awardee_has_no_certificate_to_print() -> None:
    empty = CertificateSheet((), "1/QĐ-UBND", date(2026, 12, 4), "Hà Nội")
    with pytest.raises(Invalid) as refused:
        render_certificates(default_layouts()["bang_khen"], empty)
    assert "awardees" in refused.value.fields


def test_the_preview_shows_sample_texts_with_every_box_outlined_and_labelled() -> None:
    layout = default_layouts()["bang_khen"]
    pdf = render_preview(layout)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    drawn = [run.text for run in pages(pdf)[0]]
    assert "Nguyễn Thị Hằng" in drawn
    assert "Họ tên (name)" in drawn and "Thành tích (achievement)" in drawn
    content = reader.pages[0].get_contents()
    assert content is not None
    assert content.get_data().split().count(b"re") == len(layout.fields)
