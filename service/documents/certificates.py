"""The certificates (Bằng khen, Giấy khen) of an issued decision, as a PDF for the printer.

Owns the drawing with fpdf2: one page per awardee, the page the size of the pre-printed blank
(phôi) and nothing on it but the field texts, each at the box its ``Layout`` gives (see
``service.domain.certificate_layouts``), so that the printer loaded with the blanks fills them in.
``render_preview`` draws one page with sample texts and each box outlined and labelled, for an
admin to lay over a scanned blank before printing on real ones.

Vietnamese needs a Unicode font embedded in the PDF: Noto Serif (SIL OFL 1.1), shipped in
``service/assets/fonts``, Times-like as certificates conventionally are.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from service.domain.certificate_layouts import (
    Awardee,
    CertificateSheet,
    FieldBox,
    Layout,
    field_texts,
    label,
)
from service.domain.errors import Invalid

FONTS_DIR = Path(__file__).resolve().parent.parent / "assets" / "fonts"
FONT_FAMILY = "NotoSerif"
FONT_FILES = {"": "NotoSerif-Regular.ttf", "B": "NotoSerif-Bold.ttf"}

OUTLINE_MM = 0.2
LABEL_PT = 7.0
PREVIEW_COLOUR = (200, 30, 30)

SAMPLE = CertificateSheet(
    awardees=(
        Awardee(
            name="Nguyễn Thị Hằng",
            unit="Phường Định Công, thành phố Hà Nội",
            achievement=(
                "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ công tác năm 2026, góp "
                "phần vào sự nghiệp xây dựng và phát triển kinh tế – xã hội của Thủ đô"
            ),
        ),
    ),
    decision_number="1234/QĐ-UBND",
    decision_date=date(2026, 12, 4),
    place="Hà Nội",
)


def render_certificates(layout: Layout, sheet: CertificateSheet) -> bytes:
    """One page per awardee of ``sheet``, in its order, each printing only the field texts."""
    if not sheet.awardees:
        problem = "Quyết định chưa có ai được khen; không có bằng nào để in."
        raise Invalid(problem, {"awardees": problem})
    pdf = _document(layout)
    for awardee in sheet.awardees:
        pdf.add_page()
        texts = field_texts(sheet, awardee)
        for name, box in layout.fields.items():
            _draw(pdf, box, texts.get(name, ""))
    return _output(pdf)


def render_preview(layout: Layout) -> bytes:
    """One page with sample texts in their boxes, each box outlined thinly and labelled with its
    field's name above its top-left corner, to check the positions against a scanned blank."""
    pdf = _document(layout)
    pdf.add_page()
    texts = field_texts(SAMPLE, SAMPLE.awardees[0])
    pdf.set_draw_color(*PREVIEW_COLOUR)
    pdf.set_line_width(OUTLINE_MM)
    for name, box in layout.fields.items():
        text = texts.get(name, "")
        lines = max(1, _line_count(pdf, box, text))
        pdf.set_text_color(0, 0, 0)
        _draw(pdf, box, text)
        pdf.rect(box.x_mm, box.y_mm, box.width_mm, lines * box.line_height_mm)
        _label(pdf, box, f"{label(name)} ({name})")
    return _output(pdf)


def _document(layout: Layout) -> FPDF:
    pdf = FPDF(unit="mm", format=(layout.page_width_mm, layout.page_height_mm))
    pdf.set_margins(0, 0, 0)
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0  # text starts exactly at the box's x, as the layout says
    pdf.set_creator("khenthuong")
    pdf.set_title(f"{layout.form}")
    for style, file in FONT_FILES.items():
        pdf.add_font(FONT_FAMILY, style, FONTS_DIR / file)
    return pdf


def _output(pdf: FPDF) -> bytes:
    try:
        return bytes(pdf.output())
    finally:
        close_fonts(pdf)


def close_fonts(pdf: FPDF) -> None:
    """fpdf2 opens each TTF through fontTools lazily and never closes the file: close it."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()


def _font(pdf: FPDF, box: FieldBox) -> None:
    pdf.set_font(FONT_FAMILY, "B" if box.bold else "", box.font_size_pt)


def _draw(pdf: FPDF, box: FieldBox, text: str) -> None:
    """``text`` from the box's top-left corner, aligned in its width and wrapped inside it."""
    if not text:
        return
    _font(pdf, box)
    pdf.set_xy(box.x_mm, box.y_mm)
    pdf.multi_cell(
        box.width_mm,
        box.line_height_mm,
        text,
        align=box.align,
        new_x=XPos.LEFT,
        new_y=YPos.NEXT,
    )


def _line_count(pdf: FPDF, box: FieldBox, text: str) -> int:
    if not text:
        return 0
    _font(pdf, box)
    lines = pdf.multi_cell(
        box.width_mm, box.line_height_mm, text, align=box.align, dry_run=True, output="LINES"
    )
    return len(lines) if isinstance(lines, list) else 1


def _label(pdf: FPDF, box: FieldBox, text: str) -> None:
    pdf.set_font(FONT_FAMILY, "", LABEL_PT)
    pdf.set_text_color(*PREVIEW_COLOUR)
    height = LABEL_PT * 1.2 * 25.4 / 72
    above = box.y_mm - height
    pdf.set_xy(box.x_mm, above if above >= 0 else box.y_mm)
    pdf.cell(text=text, h=height, new_x=XPos.LEFT, new_y=YPos.NEXT)
