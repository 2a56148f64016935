"""The .docx templates: reproducible from their builder, well-formed, and vetted on upload."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from service.documents import (
    TEMPLATES_DIR,
    TemplateInvalid,
    render_decision,
    template_path,
    undeclared_variables,
)
from service.domain.awards import Kind
from service.domain.decisions import AwardFamily, Decision, template_context

from .samples import make_decision

MINUTES = "bien_ban_hoi_dong.docx"  # the council's minutes (templates/minutes_template.py)
CORRECTION = "dinh_chinh.docx"  # a correcting decision (templates/correction_template.py)

# Child order of the OOXML sequences the builder writes (ECMA-376 Part 1, §17); Word rejects
# a file whose children are out of order, while python-docx and LibreOffice shrug.
SCHEMA_ORDER = {
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW "
    "jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
    "rtlGutter docGrid printerSettings",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
}
FAMILIES = list(AwardFamily)


def docx_with(*lines: str) -> bytes:
    """A minimal uploaded template: one paragraph per line."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def full_sample() -> Decision:
    """A decision reaching every branch of the stock templates."""
    return make_decision(individuals=2, collectives=2)


@pytest.mark.parametrize("family", FAMILIES)
def test_the_stock_templates_use_only_variables_the_context_provides(family: AwardFamily) -> None:
    assert undeclared_variables(template_path(family), full_sample()) == set()


def test_an_unknown_variable_is_reported_by_name() -> None:
    template = docx_with("Số: {{ so_quyet_dinh }}", "{{ number }}")
    assert undeclared_variables(template, full_sample()) == {"so_quyet_dinh"}


def test_an_unknown_field_of_a_known_variable_is_reported_with_its_path() -> None:
    template = docx_with(
        "{{ issuer.ten_co_quan }}",
        "{%p for row in individuals %}",
        "{{ row.ho_ten }} {{ row.name }}",
        "{%p endfor %}",
    )
    missing = undeclared_variables(template, full_sample())
    assert missing == {"issuer.ten_co_quan", "individuals[].ho_ten"}


def test_a_context_mapping_can_stand_in_for_the_sample_decision() -> None:
    template = docx_with("{{ number }} {{ ngay }}")
    assert undeclared_variables(template, template_context(full_sample())) == {"ngay"}


def test_a_file_that_is_not_a_word_document_is_refused() -> None:
    with pytest.raises(TemplateInvalid):
        undeclared_variables(b"%PDF-1.7 not a docx", full_sample())


def test_broken_jinja_is_refused_with_the_parser_message() -> None:
    with pytest.raises(TemplateInvalid, match="Mẫu quyết định lỗi"):
        undeclared_variables(docx_with("{% if number %}no endif"), full_sample())


def test_an_uploaded_template_cannot_reach_python_internals() -> None:
    template = docx_with("{{ number.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateInvalid):
        render_decision(template, full_sample())


def test_the_committed_templates_are_what_build_templates_produces(tmp_path: Path) -> None:
    script = TEMPLATES_DIR / "build_templates.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, capture_output=True)
    for file in [*(f"{family}.docx" for family in FAMILIES), "to_trinh.docx", MINUTES, CORRECTION]:
        built = zipfile.ZipFile(tmp_path / file)
        committed = zipfile.ZipFile(TEMPLATES_DIR / file)
        assert built.namelist() == committed.namelist()
        for name in built.namelist():
            assert built.read(name) == committed.read(name), f"{file}: {name} differs"


@pytest.mark.parametrize("family", FAMILIES)
def test_rendered_properties_keep_the_schema_order_word_insists_on(family: AwardFamily) -> None:
    kinds = family.kinds
    decision = make_decision(
        individuals=3 if Kind.INDIVIDUAL in kinds else 0,
        collectives=2 if Kind.COLLECTIVE in kinds else 0,
        family=family,
    )
    with zipfile.ZipFile(io.BytesIO(render_decision(template_path(family), decision))) as z:
        parts = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
        trees = [etree.fromstring(z.read(n)) for n in parts]
    for tree in trees:
        for local, order in SCHEMA_ORDER.items():
            rank = {qn(f"w:{tag}"): i for i, tag in enumerate(order.split())}
            for element in tree.iter(qn(f"w:{local}")):
                if local == "pPr" and element.getparent().tag != qn("w:p"):
                    continue  # style pPr elements differ slightly; python-docx writes those
                ranks = [rank[child.tag] for child in element]
                assert ranks == sorted(ranks), f"{local}: {[c.tag for c in element]}"
