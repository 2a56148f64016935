"""What a drafted decision cites of its dossier: the tờ trình, the office, reason, period, fund."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from service.domain.awards import Award, Kind
from service.domain.decisions import REASONS_IN_ANNEX, template_context
from service.domain.dossiers import Dossier, Nominee, Status
from service.domain.drafting import Draft, compose
from service.domain.issuers import IssuerProfile
from service.domain.proposal_fields import Period, Submission
from service.domain.regulations import Regulation, regulation_basis

AWARD = Award(
    "BK_TINH",
    "Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh",
    frozenset(Kind),
    "province",
    "bang_khen",
    Decimal("1.0"),
    decision_title="Bằng khen của Chủ tịch Ủy ban nhân dân {org}",
)
PROFILE = IssuerProfile(
    body="Ủy ban nhân dân thành phố Hà Nội",
    authority="Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
    place="Hà Nội",
    legal_bases=("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",),
)
WARD_CHAIR = "Chủ tịch Ủy ban nhân dân phường Định Công"
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def dossier(*nominees: Nominee, **changes: object) -> Dossier:
    d = Dossier(
        *(1, "HM-DC-2026-00001", 1, "HM-DC", "BK_TINH", 2026, "Đề nghị", Status.IN_REVIEW),
        *("province", datetime(2026, 12, 1), 3),
        nominees=list(nominees or [Nominee("Nguyễn Văn An", Kind.INDIVIDUAL)]),
        proposal=Submission("12/TTr-UBND", date(2026, 11, 20)),
        period=YEAR,
        reason="đã có thành tích xuất sắc trong thực hiện nhiệm vụ",
    )
    return replace(d, **changes)  # type: ignore[arg-type]


def context(d: Dossier, **draft: object) -> dict:  # type: ignore[type-arg]
    fields: dict[str, object] = {
        "proposed_by": WARD_CHAIR,
        "office_head": "Giám đốc Sở Nội vụ",
        "funding": "Quỹ thi đua, khen thưởng của tỉnh",
    }
    fields.update(draft)
    made = Draft(
        d,
        AWARD,
        "Thành phố Hà Nội",
        PROFILE,
        "Người Ký",
        5,
        date(2026, 12, 3),
        2_340_000,
        **fields,  # type: ignore[arg-type]
    )
    return template_context(compose(made))


def test_the_proposer_s_tờ_trình_is_considered_before_the_office_s_line() -> None:
    got = context(dossier())
    assert got["considering"] == (
        f"Xét đề nghị của {WARD_CHAIR} tại Tờ trình số 12/TTr-UBND ngày 20 tháng 11 năm 2026;"
    )
    assert got["proposer"] == "Theo đề nghị của Giám đốc Sở Nội vụ."


def test_the_office_s_own_tờ_trình_is_cited_when_it_submitted_one() -> None:
    office = Submission("345/TTr-SNV", date(2026, 12, 1))
    got = context(dossier(), office_submission=office)
    assert got["proposer"] == (
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 345/TTr-SNV ngày 01 tháng 12 năm 2026."
    )


def test_a_dossier_without_a_tờ_trình_has_no_considering_line() -> None:
    assert context(dossier(proposal=None))["considering"] == ""


def test_a_unit_s_own_dossier_cites_its_tờ_trình_as_the_office_s() -> None:
    got = context(dossier(), proposed_by="")
    assert got["considering"] == ""
    assert got["proposer"].endswith("tại Tờ trình số 12/TTr-UBND ngày 20 tháng 11 năm 2026.")


def test_article_1_gives_the_shared_reason_with_its_period() -> None:
    got = context(dossier())
    assert got["reason"] == "đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026"
    assert got["individuals"][0]["reason"] == ""


def test_nominees_with_their_own_reasons_have_them_printed_in_the_annex() -> None:
    own = Nominee("Trần Thị Bình", Kind.INDIVIDUAL, reason="đã có sáng kiến cấp tỉnh")
    got = context(dossier(Nominee("Nguyễn Văn An", Kind.INDIVIDUAL), own))
    assert got["reason"] == REASONS_IN_ANNEX
    rows = [r["reason"] for r in got["individuals"]]
    assert rows == [
        "đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026",
        "đã có sáng kiến cấp tỉnh năm 2026",
    ]


def test_article_2_names_the_level_s_fund_beside_the_total_in_figures() -> None:
    got = context(dossier(Nominee("An", Kind.INDIVIDUAL), Nominee("Bình", Kind.INDIVIDUAL)))
    assert got["prize"]["source"] == "trích từ Quỹ thi đua, khen thưởng của tỉnh"
    assert got["prize"]["total"] == "4.680.000"


def test_the_fund_names_the_issuing_unit_where_the_rulebook_says_org() -> None:
    got = context(dossier(), funding="Quỹ thi đua, khen thưởng của {org}")
    assert got["prize"]["source"] == "trích từ Quỹ thi đua, khen thưởng của thành phố Hà Nội"


def test_a_unit_s_profile_words_the_office_line_its_own_way() -> None:
    d = dossier()
    made = Draft(
        d,
        AWARD,
        "Thành phố Hà Nội",
        replace(PROFILE, proposer="Theo đề nghị của Trưởng ban"),
        "Người Ký",
        5,
        date(2026, 12, 3),
        2_340_000,
        office_head="Giám đốc Sở Nội vụ",
        proposed_by=WARD_CHAIR,
    )
    assert template_context(compose(made))["proposer"] == "Theo đề nghị của Trưởng ban."


def test_the_province_s_regulation_is_cited_once() -> None:
    quy_che = Regulation(name="Quyết định số 12/2025/QĐ-UBND ban hành Quy chế thi đua")
    assert regulation_basis(quy_che, ["Căn cứ Luật"]) == [
        "Căn cứ Quyết định số 12/2025/QĐ-UBND ban hành Quy chế thi đua"
    ]
    cited = ["Căn cứ Quyết định số 12/2025/QĐ-UBND  ban hành Quy chế thi đua;"]
    assert regulation_basis(quy_che, cited) == []
    assert regulation_basis(Regulation(name=""), []) == []
    assert regulation_basis(None, []) == []
