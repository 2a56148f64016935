"""What a unit's type changes: only how the decisions it issues read (domain.org_types)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from service.domain.awards import Award, Kind
from service.domain.drafting import printed_award
from service.domain.issuers import issuer_profile
from service.domain.merges import MergeSource, merge_problem, moved_grants
from service.domain.org_types import initials, issuer_defaults
from service.domain.orgs import OrgUnit, home_ids, org_type_problem
from service.domain.signatures import Capacity, Power, decision_power, signature_block

CITY = OrgUnit(1, "HN", "Thành phố Hà Nội", "province", None)
WARD = OrgUnit(2, "HN-DC", "Phường Định Công", "ward", 1)
SNV = OrgUnit(3, "HN-SNV", "Sở Nội vụ", "ward", 1, type="department")
GIAY_KHEN = Award(
    code="GK",
    name="Giấy khen",
    kinds=frozenset({Kind.INDIVIDUAL}),
    level="ward",
    family="giay_khen",
    prize_multiple=Decimal("0.3"),
    decision_title="Giấy khen của Chủ tịch Ủy ban nhân dân {org}",
)


def test_a_department_issues_in_its_own_name_under_the_citys_header() -> None:
    p = issuer_profile(SNV, issuer_defaults(SNV, [SNV, CITY]), None)

    assert (p.body, p.authority, p.place) == ("Sở Nội vụ", "Giám đốc Sở Nội vụ", "Hà Nội")
    assert p.parent_body == "Ủy ban nhân dân thành phố Hà Nội"
    assert (p.symbol, p.signer_title, p.on_behalf_of) == ("QĐ-SNV", "Giám đốc", "")
    # The director decides and signs in their own name: no "TM." line above the title.
    power = decision_power(p.power, GIAY_KHEN.family)
    assert power is Power.PERSONAL
    block = signature_block(
        power,
        Capacity.OWN,
        signer_title="Giám đốc",
        signer_name="Nguyễn Văn A",
        head_title=p.signer_title,
        collective=p.on_behalf_of,
    )
    assert block.lines == ("GIÁM ĐỐC", "Nguyễn Văn A")


def test_a_departments_giay_khen_is_its_directors_not_a_chairmans() -> None:
    head = issuer_profile(SNV, issuer_defaults(SNV, [SNV, CITY]), None).authority
    assert printed_award(GIAY_KHEN, SNV.name, 2026, head).name == "Giấy khen của Giám đốc Sở Nội vụ"
    ward = printed_award(GIAY_KHEN, WARD.name, 2026).name
    assert ward == "Giấy khen của Chủ tịch Ủy ban nhân dân phường Định Công"


def test_a_peoples_committee_keeps_its_levels_defaults_and_a_profile_still_wins() -> None:
    assert issuer_defaults(WARD, [WARD, CITY]) == {}
    union = OrgUnit(4, "HN-TD", "Thành đoàn Hà Nội", "ward", 1, type="mass_organisation")
    p = issuer_profile(union, issuer_defaults(union, [union, CITY]), {"signer_title": "Bí thư"})
    assert (p.signer_title, p.parent_body) == ("Bí thư", None)


def test_symbols_take_the_initials_of_the_name_without_small_words() -> None:
    assert initials("Sở Giáo dục và Đào tạo") == "SGDĐT"


def test_an_unknown_type_is_named_with_the_ones_there_are() -> None:
    problem = org_type_problem("guild")
    assert problem is not None and "department" in problem
    assert org_type_problem("enterprise") is None


def test_a_merged_units_home_is_itself_and_the_unit_it_joined() -> None:
    merged = OrgUnit(5, "HN-X", "Phường X", "ward", 1, False, merged_into_id=2)
    assert home_ids([merged, WARD, CITY]) == {5, 2}
    assert home_ids([WARD, CITY]) == {2}


def test_a_ward_does_not_merge_into_a_department_nor_on_a_day_to_come() -> None:
    today = date(2026, 12, 3)
    ward = [MergeSource(WARD, 0)]
    assert "cùng loại" in (merge_problem(ward, SNV, [SNV, CITY], today, today) or "")
    assert "chưa đến" in (merge_problem(ward, SNV, [SNV, CITY], date(2027, 1, 1), today) or "")
    assert merge_problem([], SNV, [SNV, CITY], today, today) is not None


def test_moved_roles_land_once_at_the_new_unit() -> None:
    grants = [("clerk", 5), ("clerk", 2), ("auditor", 1)]
    assert moved_grants(grants, {5}, 2) == [("clerk", 2), ("auditor", 1)]
