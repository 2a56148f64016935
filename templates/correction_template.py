"""Build the Quyết định đính chính (dinh_chinh): a decision correcting an issued one.

Called by ``build_templates.py`` (its source too: edit here, rebuild, commit both). Header,
bases and signature block are the decisions' own (NĐ 30/2020 Phụ lục I); the Jinja tags are the
variables of ``service.domain.corrections.correction_context``: the corrected decision as cited,
each item "đã ghi … nay sửa lại …", and the reason.
"""

from __future__ import annotations

from build_templates import (
    R,
    decision_heading,
    describe,
    header_table,
    new_template,
    para,
    signature_table,
    tag,
)
from docx.document import Document as DocxDocument
from docx.shared import Pt


def correction_body(doc: DocxDocument) -> None:
    decision_heading(doc)
    tag(doc, "if proposer")
    para(doc, "QD Basis", "{{ proposer }}")
    tag(doc, "endif")
    para(doc, "QD Title", "QUYẾT ĐỊNH:").paragraph_format.space_after = Pt(6)
    para(
        doc,
        "QD Body",
        R("Điều 1.", bold=True),
        " Đính chính {{ corrected.cited }} của {{ corrected.authority }}"
        "{% if corrected.about %} {{ corrected.about }}{% endif %}, như sau:",
    )
    tag(doc, "for item in items")
    para(
        doc,
        "QD Body",
        "{{ loop.index }}. {{ item.where }}: “{{ item.was }}”, nay sửa lại: “{{ item.now }}”.",
    )
    tag(doc, "endfor")
    para(doc, "QD Body", "Lý do đính chính: {{ reason }}.")
    para(
        doc,
        "QD Body",
        R("Điều 2.", bold=True),
        " Quyết định này có hiệu lực kể từ ngày ký. Các nội dung khác của {{ corrected.cited }} "
        "giữ nguyên giá trị.",
    )
    para(
        doc,
        "QD Body",
        R("Điều 3.", bold=True),
        " {{ execution }} chịu trách nhiệm thi hành Quyết định này./.",
    )


def build_correction() -> DocxDocument:
    doc = new_template()
    header_table(doc)
    correction_body(doc)
    signature_table(doc)
    return describe(doc, "Quyết định đính chính quyết định khen thưởng", "correction_template.py")
