"""Build the biên bản of the Council of Emulation and Commendation's meeting (bien_ban_hoi_dong).

Called by ``build_templates.py`` (its source too: edit here, rebuild, commit both). The Jinja
tags are the variables of ``service.domain.minutes.minutes_context``: the meeting, the rule as
applied and one row per nominee with the votes, the percentage and the result (NĐ 152/2025 Art.
33(5) asks for the result and the percentage in the minutes).
"""

from __future__ import annotations

from build_templates import (
    CELL_PADDING_CM,
    CENTER,
    HEADER_COLS_CM,
    SIGNATURE_COLS_CM,
    TEXT_WIDTH_CM,
    Column,
    R,
    annex_table,
    describe,
    new_template,
    para,
    rule,
    table,
    tag,
)
from docx.document import Document as DocxDocument
from docx.shared import Pt

COLUMNS = [
    Column("STT", 1.3, "{{ row.no }}", CENTER),
    Column("Họ và tên, tên tập thể", 4.7, "{{ row.full_name }} ({{ row.kind }})"),
    Column("Đồng ý", 1.8, "{{ row.votes_for }}", CENTER),
    Column("Không đồng ý", 1.9, "{{ row.votes_against }}", CENTER),
    Column("Tỷ lệ đồng ý", 2.2, "{{ row.percent }}", CENTER),
    Column(
        "Kết quả",
        4.6,
        "{{ row.result }}{% if row.note %} ({{ row.note }}){% endif %}",
    ),
]


def minutes_header(doc: DocxDocument) -> None:
    t = table(doc, 2, HEADER_COLS_CM, borders=False)
    left, right = t.rows[0].cells
    left_w, right_w = (w - CELL_PADDING_CM for w in HEADER_COLS_CM)
    para(left, "QD Header", "{{ body|upper }}")
    para(left, "QD Header", R("HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", bold=True))
    rule(left, 2.2, left_w)
    para(right, "QD Header", R("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True))
    para(right, "QD Header", R("Độc lập - Tự do - Hạnh phúc", bold=True, size=14))
    rule(right, 6.3, right_w)
    number, place_date = t.rows[1].cells
    para(number, "QD Header", "Số:       /BB-HĐTĐKT")
    para(place_date, "QD Header", R("{{ place }}, {{ held_on }}", italic=True, size=14))


def minutes_body(doc: DocxDocument) -> None:
    para(doc, "QD Title", "BIÊN BẢN").paragraph_format.space_before = Pt(18)
    para(doc, "QD Title", "Họp {{ council }} xét đề nghị khen thưởng")
    rule(doc, 4.5, TEXT_WIDTH_CM)
    para(
        doc,
        "QD Body",
        "Hôm nay, {{ held_on }}, {{ council }} họp xét hồ sơ {{ dossier_code }} "
        "({{ dossier_title }}), hình thức khen thưởng: {{ award }}.",
    ).paragraph_format.space_before = Pt(12)
    para(
        doc,
        "QD Body",
        R("1. Thành phần: ", bold=True),
        "{{ members_present }}/{{ members_total }} thành viên Hội đồng có mặt "
        "({{ members_absent }} thành viên vắng mặt).",
    )
    para(doc, "QD Body", R("2. Hình thức biểu quyết: ", bold=True), "{{ ballot }}.")
    para(
        doc,
        "QD Body",
        R("3. Điều kiện đề nghị: ", bold=True),
        "được từ {{ threshold }} {{ base }} trở lên đồng ý{% if basis %} ({{ basis }}){% endif %}.",
    )
    para(doc, "QD Body", R("4. Kết quả biểu quyết:", bold=True))
    annex_table(doc, "rows", COLUMNS, totals=False)
    para(
        doc,
        "QD Body",
        "Hội đồng thống nhất đề nghị khen thưởng {{ approved }}/{{ total }} "
        "trường hợp; những trường hợp không đạt tỷ lệ hoặc không đủ điều kiện không đưa vào "
        "quyết định khen thưởng.",
    ).paragraph_format.space_before = Pt(6)
    para(doc, "QD Body", "Biên bản kết thúc cùng ngày, đã thông qua các thành viên dự họp./.")


def minutes_signatures(doc: DocxDocument) -> None:
    t = table(doc, 1, SIGNATURE_COLS_CM, borders=False)
    secretary, chair = t.rows[0].cells
    para(secretary, "QD Title", "THƯ KÝ HỘI ĐỒNG")
    para(chair, "QD Title", "CHỦ TỊCH HỘI ĐỒNG")
    for cell in (secretary, chair):
        for _ in range(4):  # room for the signature
            para(cell, "QD Center")
    para(secretary, "QD Title", "{{ secretary }}")
    tag(chair, "if chair")
    para(chair, "QD Title", "{{ chair }}")
    tag(chair, "endif")


def build_minutes() -> DocxDocument:
    doc = new_template()
    minutes_header(doc)
    minutes_body(doc)
    minutes_signatures(doc)
    return describe(doc, "Biên bản họp Hội đồng Thi đua – Khen thưởng", "minutes_template.py")
