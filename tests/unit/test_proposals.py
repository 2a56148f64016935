"""What the province sends up for a state award, and the central decision it records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from service.domain.awards import Award, Kind
from service.domain.errors import Invalid
from service.domain.proposals import (
    Addressing,
    CentralOutcome,
    central_decision_input,
    proposal_context,
    proposal_symbol,
)
from tests.documents.samples import make_decision

ADDRESS = Addressing("Thủ tướng Chính phủ", "Bộ Nội vụ")
INDIVIDUALS = frozenset({Kind.INDIVIDUAL, Kind.COLLECTIVE})
BK_TTG = Award(
    "BK_TTG",
    "Bằng khen của Thủ tướng Chính phủ",
    INDIVIDUALS,
    "province",
    "bang_khen",
    Decimal("3.5"),
    proposes_only=True,
    decided_by="Thủ tướng Chính phủ",
)
HCLD = Award(
    "HCLD_H3",
    "Huân chương Lao động hạng Ba",
    INDIVIDUALS,
    "province",
    "bang_khen",
    Decimal("4.5"),
    verb="Tặng thưởng",
    proposes_only=True,
    decided_by="Chủ tịch nước",
)
PROPOSED, TODAY = date(2026, 11, 20), date(2026, 12, 3)


def test_the_to_trinh_code_follows_the_units_decision_code() -> None:
    assert proposal_symbol("QĐ-UBND") == "TTr-UBND"
    assert proposal_symbol("QĐ-SNV") == "TTr-SNV"
    assert proposal_symbol("QĐ") == "TTr-UBND"


def test_the_to_trinh_asks_the_prime_minister_and_keeps_its_small_r() -> None:
    draft = make_decision(individuals=2, collectives=1, number=None, symbol="TTr-UBND")
    context = proposal_context(draft, BK_TTG, ADDRESS)

    assert context["number"].endswith("/TTr-UBND")
    assert context["addressee"] == "Thủ tướng Chính phủ (qua Bộ Nội vụ)"
    assert "đề nghị Thủ tướng Chính phủ xem xét, tặng" in context["request"]
    assert "cho 01 tập thể và 02 cá nhân" in context["request"]
    assert context["recipients"] == ["- Như trên;", "- Lưu: VT, VHXH."]


def test_a_medal_goes_to_the_president_through_the_prime_minister() -> None:
    draft = make_decision(individuals=1, collectives=0, number=None, symbol="TTr-UBND")
    request = proposal_context(draft, HCLD, ADDRESS)["request"]
    assert "đề nghị Thủ tướng Chính phủ xem xét, trình Chủ tịch nước tặng thưởng" in request


def test_an_awarded_central_decision_takes_its_authority_from_the_award() -> None:
    typed = central_decision_input(
        {"number": " 1234/QĐ-TTg ", "signed_on": "2026-12-01"},
        award=BK_TTG,
        proposed_on=PROPOSED,
        today=TODAY,
    )
    assert (typed.outcome, typed.number, typed.authority) == (
        CentralOutcome.AWARDED,
        "1234/QĐ-TTg",
        "Thủ tướng Chính phủ",
    )


@pytest.mark.parametrize(
    ("record", "fields"),
    [
        ({"number": "", "signed_on": "2026-12-01"}, {"number"}),
        ({"number": "1/QĐ-TTg", "signed_on": "01/12/2026"}, {"signed_on"}),
        ({"number": "1/QĐ-TTg", "signed_on": "2026-12-04"}, {"signed_on"}),
        ({"number": "1/QĐ-TTg", "signed_on": "2026-11-19"}, {"signed_on"}),
        ({"number": "1/QĐ-TTg", "signed_on": "2026-12-01", "outcome": "maybe"}, {"outcome"}),
        ({"number": "1/QĐ-TTg", "signed_on": "2026-12-01", "outcome": "declined"}, {"note"}),
        ({"number": 12, "signed_on": "2026-12-01", "note": "x" * 2001}, {"number", "note"}),
    ],
)
def test_a_mistyped_central_decision_names_every_wrong_field(
    record: dict[str, object], fields: set[str]
) -> None:
    with pytest.raises(Invalid) as refused:
        central_decision_input(record, award=BK_TTG, proposed_on=PROPOSED, today=TODAY)
    assert set(refused.value.fields) == fields
