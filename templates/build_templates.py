"""Build the decision templates (bang_khen, giay_khen, danh_hieu_ca_nhan, danh_hieu_tap_the),
the province's tờ trình for awards decided above it (to_trinh), and the council's minutes
(bien_ban_hoi_dong, from ``minutes_template.py``) and the correcting decision (dinh_chinh, from
``correction_template.py``).

Run ``python templates/build_templates.py [OUT_DIR]`` (default: this folder). The .docx files are
committed, but this script is their source: edit here, rebuild, commit both. Layout follows
NĐ 30/2020 Phụ lục I (see /work/shared/domain.md §4); the Jinja tags are the variables of
``service.domain.decisions.template_context``.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
TEXT_WIDTH_CM = 16.5  # A4 210 mm minus 30 mm left and 15 mm right margins
HEADER_COLS_CM = (6.5, 10.0)
SIGNATURE_COLS_CM = (7.5, 9.0)
CELL_PADDING_CM = 0.38  # Word's default left + right cell margins

CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
Container = DocxDocument | _Cell


@dataclass(frozen=True)
class R:
    """One run of a paragraph."""

    text: str
    bold: bool = False
    italic: bool = False
    size: float | None = None


@dataclass(frozen=True)
class Column:
    header: str
    width_cm: float
    cell: str  # Jinja expression text of the data cell
    align: WD_ALIGN_PARAGRAPH | None = None
    total: str = ""  # text of the total row's cell
    achievements: bool = False  # add the awardee's achievements under the cell text
    reason: bool = False  # add the awardee's own reason phrase under the cell text


# Paragraph styles: name -> (size pt, bold, italic, alignment, first-line indent cm, after pt).
STYLES: dict[str, tuple[float, bool, bool, WD_ALIGN_PARAGRAPH | None, float, float]] = {
    "QD Header": (13, False, False, CENTER, 0, 0),
    "QD Title": (14, True, False, CENTER, 0, 0),
    "QD Center": (14, False, False, CENTER, 0, 0),
    "QD Body": (14, False, False, JUSTIFY, 1.27, 6),
    "QD Basis": (14, False, True, JUSTIFY, 1.27, 6),
    "QD Recipients": (11, False, False, None, 0, 0),
    "QD Cell": (13, False, False, None, 0, 0),
    "QD Rule": (2, False, False, None, 0, 0),
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- styles -------------------------------------------------------------------------------


def set_fonts(rpr: object, size: float) -> None:
    """All four rFonts slots: Word picks eastAsia or cs for some Vietnamese characters, and a
    theme attribute (the python-docx default) would override the explicit name."""
    fonts = rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))  # type: ignore[attr-defined]
        if element is None:
            element = OxmlElement(tag)
            rpr.append(element)  # type: ignore[attr-defined]
        element.set(qn("w:val"), str(int(size * 2)))


def set_defaults(doc: DocxDocument) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, 14)
    lang = rpr.find(qn("w:lang"))
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "vi-VN")
    normal = doc.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), 14)
    set_fonts(doc.styles["Header"].element.get_or_add_rPr(), 13)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.widow_control = True


def add_styles(doc: DocxDocument) -> None:
    for name, (size, bold, italic, align, indent, after) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
        set_fonts(style.element.get_or_add_rPr(), size)
        style.font.bold, style.font.italic = bold, italic
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Cm(indent) if indent else None
        fmt.space_after = Pt(after)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE


# --- paragraphs ---------------------------------------------------------------------------


def para(
    where: Container, style: str, *runs: R | str, align: WD_ALIGN_PARAGRAPH | None = None
) -> Paragraph:
    # A fresh table cell already holds one empty paragraph; fill it rather than leave a gap.
    cell_paras = where.paragraphs if isinstance(where, _Cell) else []
    reuse = len(cell_paras) == 1 and not cell_paras[0].runs and cell_paras[0].style.name == "Normal"
    p = cell_paras[0] if reuse else where.add_paragraph()
    p.style = style
    if align is not None:
        p.alignment = align
    for spec in runs:
        spec = R(spec) if isinstance(spec, str) else spec
        run = p.add_run(nfc(spec.text))
        run.bold = spec.bold or None
        run.italic = spec.italic or None
        if spec.size:
            run.font.size = Pt(spec.size)
    return p


def tag(where: Container, statement: str) -> None:
    """A docxtpl paragraph tag such as ``{%p if x %}``: the whole paragraph becomes the tag."""
    para(where, "QD Center", R(f"{{%p {statement} %}}"))


def rule(where: Container, width_cm: float, available_cm: float) -> None:
    """A centred horizontal rule: an empty paragraph with a top border, narrowed by indents."""
    p = para(where, "QD Rule")
    side = Cm((available_cm - width_cm) / 2)
    p.paragraph_format.left_indent = side
    p.paragraph_format.right_indent = side
    # Space before keeps the rule clear of the descenders above (LibreOffice draws it tight).
    p.paragraph_format.space_before = Pt(4)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for attr, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        top.set(qn(f"w:{attr}"), value)
    borders.append(top)
    # CT_PPr is a sequence: pBdr comes right after pStyle, before ind.
    p._p.get_or_add_pPr().find(qn("w:pStyle")).addnext(borders)


# --- tables -------------------------------------------------------------------------------


def table(doc: DocxDocument, rows: int, widths_cm: Sequence[float], borders: bool) -> Table:
    t = doc.add_table(rows=rows, cols=len(widths_cm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False  # adds <w:tblLayout w:type="fixed"/>: Word keeps the column widths
    tbl_pr = t._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(sum(widths_cm) / 2.54 * 1440)))
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            line.set(qn("w:sz"), "4")
            line.set(qn("w:color"), "auto")
        edges.append(line)
    # CT_TblPr is a sequence: tblBorders goes before tblLayout, or Word calls the file corrupt.
    tbl_pr.find(qn("w:tblLayout")).addprevious(edges)
    for i, width_cm in enumerate(widths_cm):
        t.columns[i].width = Cm(width_cm)
        for cell in t.columns[i].cells:
            cell.width = Cm(width_cm)
    return t


def row_properties(row: object, *names: str) -> None:
    """Append ``w:trPr`` flags; pass them in schema order (cantSplit before tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    for name in names:
        tr_pr.append(OxmlElement(f"w:{name}"))


def header_table(doc: DocxDocument) -> None:
    t = table(doc, 2, HEADER_COLS_CM, borders=False)
    left, right = t.rows[0].cells
    left_w, right_w = (w - CELL_PADDING_CM for w in HEADER_COLS_CM)
    tag(left, "if issuer.parent_body")
    para(left, "QD Header", "{{ issuer.parent_body }}")
    tag(left, "endif")
    para(left, "QD Header", R("{{ issuer.body }}", bold=True))
    rule(left, 2.2, left_w)
    para(right, "QD Header", R("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True))
    para(right, "QD Header", R("Độc lập - Tự do - Hạnh phúc", bold=True, size=14))
    rule(right, 6.3, right_w)
    # Number and place/date share a row so they sit on the same line, as NĐ 30 asks.
    number, place_date = t.rows[1].cells
    para(number, "QD Header", "Số: {{ number }}")
    para(place_date, "QD Header", R("{{ place_date }}", italic=True, size=14))


def signature_table(doc: DocxDocument) -> None:
    t = table(doc, 1, SIGNATURE_COLS_CM, borders=False)
    recipients, signer = t.rows[0].cells
    para(recipients, "QD Recipients", R("Nơi nhận:", bold=True, italic=True, size=12))
    tag(recipients, "for line in recipients")
    para(recipients, "QD Recipients", "{{ line }}")
    tag(recipients, "endfor")
    tag(signer, "if signer.authority")
    para(signer, "QD Title", "{{ signer.authority }}")
    tag(signer, "endif")
    tag(signer, "if signer.title")
    para(signer, "QD Title", "{{ signer.title }}")
    tag(signer, "endif")
    for _ in range(5):  # room for the signature and the seal
        para(signer, "QD Center")
    para(signer, "QD Title", "{{ signer.name }}")


def annex_table(
    doc: DocxDocument, rows_var: str, columns: Sequence[Column], totals: bool = True
) -> None:
    """The list of one kind of awardee; ``totals``: a last row summing the prize column."""
    t = table(doc, 5 if totals else 4, [c.width_cm for c in columns], borders=True)
    head, loop_start, data, loop_end = t.rows[:4]
    row_properties(head, "cantSplit", "tblHeader")  # tblHeader: repeat it on every page
    row_properties(data, "cantSplit")
    for i, col in enumerate(columns):
        para(head.cells[i], "QD Cell", R(col.header, bold=True), align=CENTER)
        head.cells[i].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        para(data.cells[i], "QD Cell", col.cell, align=col.align)
        if col.reason:
            # Only when the awardees' reasons differ (Điều 1 then points to the list).
            tag(data.cells[i], "if row.reason")
            para(data.cells[i], "QD Cell", R("{{ row.reason }}", italic=True))
            tag(data.cells[i], "endif")
        if col.achievements:
            tag(data.cells[i], "if row.achievements")
            para(data.cells[i], "QD Cell", R("Thành tích: {{ row.achievements }}", italic=True))
            tag(data.cells[i], "endif")
        if totals:
            para(t.rows[4].cells[i], "QD Cell", R(col.total, bold=True), align=col.align)
    para(loop_start.cells[0], "QD Cell", f"{{%tr for row in {rows_var} %}}")
    para(loop_end.cells[0], "QD Cell", "{%tr endfor %}")


# --- the document -------------------------------------------------------------------------

PRIZE_HEADER = "Số tiền thưởng (đồng)"


# Per part of the annex: the name and detail headers, and the total its prize column sums.
PARTS = {
    "collectives": ("Tên tập thể", "Đơn vị", "collective_total", "collective_heading"),
    "households": ("Hộ gia đình (chủ hộ)", "Địa chỉ", "household_total", "household_heading"),
    "individuals": (
        "Họ và tên",
        "Chức vụ, đơn vị công tác",
        "individual_total",
        "individual_heading",
    ),
}


def columns_for(kind: str, achievements: bool) -> list[Column]:
    name, detail, total_var, _ = PARTS[kind]
    total = f"{{{{ prize.{total_var} if prize.total_amount else '' }}}}"
    return [
        Column("STT", 1.4, "{{ row.stt }}", CENTER),
        Column(name, 5.3, "{{ row.name }}", total="Cộng"),
        Column(detail, 6.4, "{{ row.position_unit }}", achievements=achievements, reason=True),
        Column(PRIZE_HEADER, 3.4, "{{ row.prize }}", RIGHT, total=total),
    ]


def decision_heading(doc: DocxDocument) -> None:
    """QUYẾT ĐỊNH, its summary, the deciding authority and its legal bases."""
    para(doc, "QD Title", "QUYẾT ĐỊNH").paragraph_format.space_before = Pt(18)
    para(doc, "QD Title", "{{ summary }}")
    rule(doc, 4.5, TEXT_WIDTH_CM)
    authority = para(doc, "QD Title", "{{ issuer.authority }}").paragraph_format
    authority.space_before, authority.space_after = Pt(12), Pt(12)
    tag(doc, "for basis in legal_bases")
    para(doc, "QD Basis", "{{ basis }}")
    tag(doc, "endfor")


def decision_body(doc: DocxDocument) -> None:
    decision_heading(doc)
    tag(doc, "if considering")
    para(doc, "QD Basis", "{{ considering }}")
    tag(doc, "endif")
    tag(doc, "if proposer")
    para(doc, "QD Basis", "{{ proposer }}")
    tag(doc, "endif")
    para(doc, "QD Title", "QUYẾT ĐỊNH:").paragraph_format.space_after = Pt(6)
    para(
        doc,
        "QD Body",
        R("Điều 1.", bold=True),
        " {{ award.verb }} {{ award.name }} cho {{ counts.text }} (có danh sách kèm theo)"
        "{% if reason %}, {{ reason }}{% endif %}.",
    )
    tag(doc, "if articles.prize")
    para(
        doc,
        "QD Body",
        R("Điều {{ articles.prize }}.", bold=True),
        " Tiền thưởng kèm theo {{ award.name }}: {{ prize.rates }}. Tổng số tiền thưởng: "
        "{{ prize.total }} đồng{% if prize.source %}, {{ prize.source }}{% endif %}.",
    )
    tag(doc, "endif")
    para(
        doc,
        "QD Body",
        R("Điều {{ articles.execution }}.", bold=True),
        " Quyết định này có hiệu lực kể từ ngày ký. {{ execution }}",
    )


def annex(doc: DocxDocument, parts: Sequence[str], achievements: bool) -> None:
    para(doc, "QD Title", "{{ annex.title }}")
    para(
        doc,
        "QD Center",
        R(
            "(Kèm theo Quyết định số {{ number }} {{ date_text }}"
            " của {{ issuer.authority_title }})",
            italic=True,
        ),
    )
    rule(doc, 4.5, TEXT_WIDTH_CM)
    for kind in parts:
        tag(doc, f"if {kind}")
        if len(parts) > 1:
            heading = PARTS[kind][3]
            fmt = para(doc, "QD Body", R(f"{{{{ annex.{heading} }}}}", bold=True)).paragraph_format
            fmt.first_line_indent, fmt.space_before = Cm(0), Pt(6)
        annex_table(doc, kind, columns_for(kind, achievements))
        tag(doc, "endif")


def page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    # NĐ 30: page numbers centred in the top margin, none on the first page.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    page_number(section.header.paragraphs[0])


def page_number(p: object) -> None:
    p.style = "QD Header"  # type: ignore[attr-defined]
    run = p.add_run()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)


def restart_numbering(doc: DocxDocument) -> None:
    """NĐ 30: an annex is paged on its own, so it starts a new section numbered from 1."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    # python-docx parks the decision's sectPr in a new empty paragraph after the signature
    # table; keep it 2 pt high so it can never spill onto a blank page of its own.
    doc.paragraphs[-1].style = "QD Rule"
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.find(qn("w:cols")).addprevious(numbering)  # schema order: before cols


def new_template() -> DocxDocument:
    """A blank A4 document with the styles and page every template shares."""
    doc = Document()
    set_defaults(doc)
    add_styles(doc)
    page_setup(doc)
    return doc


def describe(doc: DocxDocument, title: str, source: str = "build_templates.py") -> DocxDocument:
    """Name the template in its properties, and where it is made (edit there, not in Word)."""
    props = doc.core_properties
    props.title, props.author, props.language = title, "khenthuong", "vi-VN"
    props.comments = f"Mẫu sinh bởi templates/{source}; sửa ở đó rồi chạy lại."
    return doc


def build(parts: Sequence[str], achievements: bool) -> DocxDocument:
    doc = new_template()
    header_table(doc)
    decision_body(doc)
    signature_table(doc)
    restart_numbering(doc)
    annex(doc, parts, achievements)
    return describe(doc, "Quyết định khen thưởng")


def proposal_body(doc: DocxDocument) -> None:
    """Tờ trình (NĐ 30 Phụ lục III; domain.md §1.3): whom it asks, on what basis, for whom."""
    para(doc, "QD Title", "TỜ TRÌNH").paragraph_format.space_before = Pt(18)
    para(doc, "QD Title", "{{ summary }}")
    rule(doc, 4.5, TEXT_WIDTH_CM)
    addressee = para(doc, "QD Center", "Kính gửi: {{ addressee }}.").paragraph_format
    addressee.space_before, addressee.space_after = Pt(12), Pt(12)
    tag(doc, "for basis in legal_bases")
    para(doc, "QD Basis", "{{ basis }}")
    tag(doc, "endfor")
    para(doc, "QD Body", "{{ request }}")
    para(doc, "QD Body", "{{ closing }}")


def proposal_annex(doc: DocxDocument) -> None:
    para(doc, "QD Title", "{{ annex_title }}")
    para(
        doc,
        "QD Center",
        R("(Kèm theo Tờ trình số {{ number }} {{ date_text }} của {{ proposer }})", italic=True),
    )
    rule(doc, 4.5, TEXT_WIDTH_CM)
    for kind in ("collectives", "households", "individuals"):
        name, detail, _, heading = PARTS[kind]
        tag(doc, f"if {kind}")
        fmt = para(doc, "QD Body", R(f"{{{{ annex.{heading} }}}}", bold=True)).paragraph_format
        fmt.first_line_indent, fmt.space_before = Cm(0), Pt(6)
        columns = [
            Column("STT", 1.4, "{{ row.stt }}", CENTER),
            Column(name, 5.6, "{{ row.name }}"),
            Column(detail, 9.5, "{{ row.position_unit }}", achievements=True),
        ]
        annex_table(doc, kind, columns, totals=False)
        tag(doc, "endif")


def build_proposal() -> DocxDocument:
    doc = new_template()
    header_table(doc)
    proposal_body(doc)
    signature_table(doc)
    restart_numbering(doc)
    proposal_annex(doc)
    return describe(doc, "Tờ trình đề nghị khen thưởng")


TEMPLATES: dict[str, tuple[tuple[str, ...], bool]] = {
    # Collectives first, households next, individuals last (NĐ 152 Art. 29(5)).
    "bang_khen.docx": (("collectives", "households", "individuals"), True),
    "giay_khen.docx": (("collectives", "households", "individuals"), True),
    "danh_hieu_ca_nhan.docx": (("individuals",), False),
    "danh_hieu_tap_the.docx": (("collectives", "households"), False),
}


def main(argv: Sequence[str]) -> None:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    for name, (parts, achievements) in TEMPLATES.items():
        build(parts, achievements).save(str(out / name))
        print(out / name)
    build_proposal().save(str(out / "to_trinh.docx"))
    print(out / "to_trinh.docx")
    from minutes_template import build_minutes

    build_minutes().save(str(out / "bien_ban_hoi_dong.docx"))
    print(out / "bien_ban_hoi_dong.docx")
    from correction_template import build_correction

    build_correction().save(str(out / "dinh_chinh.docx"))
    print(out / "dinh_chinh.docx")


if __name__ == "__main__":
    main(sys.argv[1:])
