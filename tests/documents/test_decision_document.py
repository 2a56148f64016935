"""Rendered decisions, reopened with python-docx and checked against NĐ 30/2020 Phụ lục I."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from service.documents import render_decision, template_path
from service.domain.awards import Kind
from service.domain.decisions import AwardFamily, Decision, PrintedAward, Signer

from .samples import make_decision, open_docx

FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def q(path: str) -> str:
    """An lxml find path from prefixed tags: "w:pPr/w:pStyle"."""
    return "/".join(qn(tag) for tag in path.split("/"))


def render(decision: Decision) -> DocxDocument:
    return open_docx(render_decision(template_path(decision.award.family), decision))


@pytest.fixture(scope="module")
def doc() -> DocxDocument:
    return render(make_decision(individuals=5, collectives=2))


def paragraphs(doc: DocxDocument) -> Iterator[_Element]:
    """Every w:p of the body (tables included) and of every header."""
    yield from doc.element.body.iter(qn("w:p"))
    for section in doc.sections:
        for header in (section.header, section.first_page_header):
            yield from header._element.iter(qn("w:p"))


def text_of(p: _Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def body_paragraph(doc: DocxDocument, start: str) -> Paragraph:
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def annex_tables(doc: DocxDocument) -> list[Table]:
    return [t for t in doc.tables if t.cell(0, 0).text == "STT"]


def test_every_page_is_a4_portrait_with_the_decree_margins(doc: DocxDocument) -> None:
    assert len(doc.sections) == 2  # the decision, then its annex
    for section in doc.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        margins = (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
        assert [round(m.mm) for m in margins] == [20, 20, 30, 15]


def test_every_style_in_use_sets_times_new_roman_in_all_four_font_slots(
    doc: DocxDocument,
) -> None:
    used = {
        p.find(q("w:pPr/w:pStyle")).get(qn("w:val"))
        for p in paragraphs(doc)
        if p.find(q("w:pPr/w:pStyle")) is not None
    }
    assert {"QDTitle", "QDBody", "QDBasis", "QDHeader", "QDCell"} <= used
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    elements = [
        defaults,
        *(doc.styles.element.get_by_id(s).find(".//" + qn("w:rFonts")) for s in used),
    ]
    for fonts in elements:
        assert {slot: fonts.get(qn(f"w:{slot}")) for slot in FONT_SLOTS} == dict.fromkeys(
            FONT_SLOTS, "Times New Roman"
        )
        assert not any("Theme" in a or "theme" in a for a in fonts.attrib)


def test_no_run_overrides_the_font(doc: DocxDocument) -> None:
    assert not [f for p in paragraphs(doc) for f in p.iter(qn("w:rFonts"))]


def test_body_text_is_14_point_and_the_header_13(doc: DocxDocument) -> None:
    assert doc.styles["QD Body"].font.size == Pt(14)
    assert doc.styles["QD Basis"].font.size == Pt(14)
    assert doc.styles["QD Header"].font.size == Pt(13)


def test_the_header_table_names_both_bodies_in_capitals_beside_the_national_motto(
    doc: DocxDocument,
) -> None:
    header = doc.tables[0]
    left, right = header.rows[0].cells
    parent, body = left.paragraphs[0], left.paragraphs[1]
    assert parent.text == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert not any(r.bold for r in parent.runs)
    assert body.text == "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐỊNH CÔNG"
    assert all(r.bold for r in body.runs if r.text)
    nation, motto = right.paragraphs[0], right.paragraphs[1]
    assert nation.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and nation.runs[0].bold
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.runs[0].bold
    assert motto.runs[0].font.size == Pt(14)


def test_a_rule_runs_under_the_issuing_body_and_under_the_motto(doc: DocxDocument) -> None:
    for cell in doc.tables[0].rows[0].cells:
        rule = cell.paragraphs[-1]
        assert rule.text == ""
        assert rule._p.find(q("w:pPr/w:pBdr/w:top")).get(qn("w:val")) == "single"


def test_the_header_table_has_no_borders(doc: DocxDocument) -> None:
    for table in (doc.tables[0], doc.tables[1]):
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_the_number_and_the_place_date_line_share_a_row_under_the_headings(
    doc: DocxDocument,
) -> None:
    number, place_date = doc.tables[0].rows[1].cells
    assert number.text == "Số: 05/QĐ-UBND"
    assert place_date.text == "Định Công, ngày 05 tháng 01 năm 2027"
    assert place_date.paragraphs[0].runs[0].italic


def test_the_parent_line_disappears_when_there_is_no_parent_body() -> None:
    issuer = make_decision().issuer
    orphan = type(issuer)(body=issuer.body, authority=issuer.authority, place=issuer.place)
    left = render(make_decision(issuer=orphan)).tables[0].rows[0].cells[0]
    assert left.paragraphs[0].text == "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐỊNH CÔNG"


def test_an_unsigned_draft_leaves_room_for_the_number() -> None:
    number = render(make_decision(number=None)).tables[0].rows[1].cells[0].text
    assert number.startswith("Số: ") and number.endswith("/QĐ-UBND")
    assert number.replace(" ", "") == "Số:/QĐ-UBND"


def test_the_title_summary_and_authority_are_centred_and_bold(doc: DocxDocument) -> None:
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("QUYẾT ĐỊNH")
    assert texts[start + 1] == (
        "Về việc tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường Định Công"
    )
    assert texts[start + 3] == "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG ĐỊNH CÔNG"
    title = doc.styles["QD Title"]
    assert title.font.bold and title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "QUYẾT ĐỊNH:" in texts


def test_legal_bases_are_italic_and_end_with_a_semicolon(doc: DocxDocument) -> None:
    bases = [p for p in doc.paragraphs if p.style.name == "QD Basis"]
    assert len(bases) == 5  # three bases, the proposer's tờ trình and the office's line
    assert doc.styles["QD Basis"].font.italic
    assert all(p.text.endswith(";") for p in bases[:4])
    assert bases[3].text == (
        "Xét đề nghị của Trưởng phòng Văn hóa - Xã hội tại Tờ trình số 12/TTr-VHXH ngày 02 "
        "tháng 01 năm 2027;"
    )
    assert bases[4].text.startswith("Theo đề nghị của Chánh Văn phòng")
    assert bases[4].text.endswith("tại Tờ trình số 03/TTr-VP ngày 04 tháng 01 năm 2027.")


def test_body_paragraphs_are_justified_indented_1_27_cm_with_6_pt_after(
    doc: DocxDocument,
) -> None:
    body = doc.styles["QD Body"].paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(body.first_line_indent - Cm(1.27)) < Cm(0.01)
    assert body.space_after == Pt(6)


def test_article_1_awards_the_counted_collectives_and_individuals(doc: DocxDocument) -> None:
    article = body_paragraph(doc, "Điều 1.")
    assert article.runs[0].text == "Điều 1." and article.runs[0].bold
    assert article.text == (
        "Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường Định Công cho 02 tập thể và "
        "05 cá nhân (có danh sách kèm theo), đã có thành tích xuất sắc trong phong trào thi đua "
        "năm 2026."
    )


def test_article_1_leaves_out_a_kind_with_no_awardees() -> None:
    article = body_paragraph(render(make_decision(individuals=1, collectives=0)), "Điều 1.")
    assert " cho 01 cá nhân (có danh sách kèm theo)" in article.text
    assert "tập thể" not in article.text


def test_article_2_states_each_rate_and_the_total_in_dong(doc: DocxDocument) -> None:
    article = body_paragraph(doc, "Điều 2.")
    assert "mỗi tập thể 1.420.000 đồng, mỗi cá nhân 710.000 đồng" in article.text
    assert "Tổng số tiền thưởng: 6.390.000 đồng, trích từ Quỹ thi đua" in article.text


def test_article_3_puts_the_decision_into_effect(doc: DocxDocument) -> None:
    article = body_paragraph(doc, "Điều 3.")
    assert "có hiệu lực kể từ ngày ký" in article.text
    assert article.text.endswith(
        "và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
    )


def test_recipients_sit_beside_the_signer(doc: DocxDocument) -> None:
    recipients, signer = doc.tables[1].rows[0].cells
    label = recipients.paragraphs[0].runs[0]
    assert label.text == "Nơi nhận:" and label.bold and label.italic
    assert label.font.size == Pt(12)
    entries = [p.text for p in recipients.paragraphs[1:]]
    assert entries == ["- Như Điều 3;", "- Chủ tịch, các PCT UBND phường;", "- Lưu: VT, VHXH."]
    assert doc.styles["QD Recipients"].font.size == Pt(11)
    lines = [p.text for p in signer.paragraphs if p.text]
    assert lines == ["CHỦ TỊCH", "Nguyễn Văn Hùng"]


def test_a_deputy_signs_for_the_chairman() -> None:
    deputy = Signer(name="Trần Thị Mai", title="Phó Chủ tịch", mode="KT", on_behalf_of="Chủ tịch")
    signer = render(make_decision(signer=deputy)).tables[1].rows[0].cells[1]
    assert [p.text for p in signer.paragraphs if p.text] == [
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trần Thị Mai",
    ]


def test_the_annex_starts_a_new_page_numbered_from_one(doc: DocxDocument) -> None:
    annex = doc.sections[1]
    assert annex.start_type == WD_SECTION.NEW_PAGE
    assert annex._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert all(s.different_first_page_header_footer for s in doc.sections)
    assert "PAGE" in doc.sections[0].header._element.xml


def test_the_annex_names_the_decision_it_belongs_to(doc: DocxDocument) -> None:
    texts = [p.text for p in doc.paragraphs]
    assert (
        "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG "
        "ĐỊNH CÔNG"
    ) in texts
    assert (
        "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 01 năm 2027 của Chủ tịch Ủy ban nhân "
        "dân phường Định Công)"
    ) in texts
    assert [t for t in texts if t in ("I. TẬP THỂ", "II. CÁ NHÂN")] == ["I. TẬP THỂ", "II. CÁ NHÂN"]


def test_the_annex_header_row_repeats_on_every_page(doc: DocxDocument) -> None:
    tables = annex_tables(doc)
    assert len(tables) == 2
    for table in tables:
        flags = [r._tr.find(q("w:trPr/w:tblHeader")) is not None for r in table.rows]
        assert flags[0] and not any(flags[1:])
        assert [c.text for c in table.rows[0].cells][3] == "Số tiền thưởng (đồng)"


def test_one_awardee_gives_one_annex_row() -> None:
    (table,) = annex_tables(render(make_decision(individuals=1, collectives=0)))
    assert len(table.rows) == 3  # header, the awardee, the total
    assert [c.text for c in table.rows[1].cells][:2] == ["1", "Nguyễn Thị Ánh Tuyết"]
    assert table.rows[1].cells[3].text == "710.000"
    assert table.rows[2].cells[3].text == "710.000"


def test_five_hundred_awardees_give_five_hundred_rows_in_order() -> None:
    doc = render(make_decision(individuals=500, collectives=0))
    (table,) = annex_tables(doc)
    rows = table.rows[1:-1]
    assert len(rows) == 500
    assert [r.cells[0].text for r in rows] == [str(i) for i in range(1, 501)]
    assert rows[499].cells[1].text == "Trần Minh Anh 499"
    assert table.rows[-1].cells[3].text == "355.000.000"
    assert " cho 500 cá nhân " in body_paragraph(doc, "Điều 1.").text


def test_only_annex_parts_with_rows_are_printed() -> None:
    texts = [p.text for p in render(make_decision(individuals=2, collectives=3)).paragraphs]
    assert "I. TẬP THỂ" in texts and "II. CÁ NHÂN" in texts
    assert not [t for t in texts if "HỘ GIA ĐÌNH" in t and t.startswith(("I.", "II.", "III."))]
    # One kind only: its table stands under the title with no part heading.
    alone = [p.text for p in render(make_decision(individuals=0, collectives=3)).paragraphs]
    assert not [t for t in alone if t.startswith(("I.", "II.", "III."))]


@pytest.mark.parametrize(
    ("family", "award", "individuals", "collectives"),
    [
        (
            AwardFamily.BANG_KHEN,
            PrintedAward(
                AwardFamily.BANG_KHEN, "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố Hà Nội"
            ),
            3,
            2,
        ),
        (
            AwardFamily.GIAY_KHEN,
            PrintedAward(
                AwardFamily.GIAY_KHEN, "Giấy khen của Chủ tịch Ủy ban nhân dân phường Định Công"
            ),
            3,
            2,
        ),
        (
            AwardFamily.DANH_HIEU_CA_NHAN,
            PrintedAward(
                AwardFamily.DANH_HIEU_CA_NHAN,
                "danh hiệu “Lao động tiên tiến” năm 2026",
                "Công nhận",
            ),
            4,
            0,
        ),
        (
            AwardFamily.DANH_HIEU_TAP_THE,
            PrintedAward(
                AwardFamily.DANH_HIEU_TAP_THE, "danh hiệu “Tập thể lao động xuất sắc” năm 2026"
            ),
            0,
            4,
        ),
    ],
)
def test_every_family_template_prints_its_awardees(
    family: AwardFamily, award: PrintedAward, individuals: int, collectives: int
) -> None:
    decision = make_decision(individuals, collectives, family=family, award=award)
    doc = render(decision)
    article = body_paragraph(doc, "Điều 1.").text
    assert article.startswith(f"Điều 1. {award.verb} {award.name} cho ")
    rows = sum(len(t.rows) - 2 for t in annex_tables(doc))
    assert rows == individuals + collectives
    assert "{{" not in doc.element.xml and "{%" not in doc.element.xml


def test_vietnamese_diacritics_survive_rendering(doc: DocxDocument) -> None:
    xml = doc.element.xml
    for text in (
        "Nguyễn Thị Ánh Tuyết",
        "Phường Định Công",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "Quỹ thi đua, khen thưởng",
    ):
        assert text in xml


def test_ampersands_and_angle_brackets_in_names_print_literally(doc: DocxDocument) -> None:
    (collectives, _) = annex_tables(doc)
    assert collectives.rows[1].cells[1].text == "Công ty A & B <Hà Nội>"


def test_every_text_run_is_nfc_even_from_decomposed_input() -> None:
    decomposed = make_decision(
        awardees=[
            type(make_decision().awardees[0])(
                kind=Kind.INDIVIDUAL,
                full_name=unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết"),
                unit=unicodedata.normalize("NFD", "Phường Định Công"),
            )
        ]
    )
    doc = render(decomposed)
    texts = [text_of(p) for p in paragraphs(doc)]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert "Nguyễn Thị Ánh Tuyết" in texts


def test_a_template_uploaded_as_bytes_renders_like_one_on_disk() -> None:
    decision = make_decision()
    data = template_path(decision.award.family).read_bytes()
    assert open_docx(render_decision(data, decision)).paragraphs[0].text == "QUYẾT ĐỊNH"
