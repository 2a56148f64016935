"""Eligibility rules read from the rulebooks and checked against a nominee's history."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest

from service.adapters.rulebook_files import RulebookFiles
from service.domain.awards import Kind
from service.domain.eligibility import UNLINKED, evaluate
from service.domain.errors import ConfigurationError
from service.domain.people import (
    AwardRecord,
    Basis,
    Gender,
    History,
    Hold,
    HoldKind,
    Initiative,
    Person,
    Rating,
    YearRating,
)
from service.domain.preference import NOTE, rank
from service.domain.rulebooks import Rulebook

BOOKS = RulebookFiles.packaged()
DAY = date(2026, 3, 2)
AN = Person(1, "Nguyễn Văn An", gender=Gender.MALE)
PROVINCIAL = Initiative("Số hóa hồ sơ một cửa", "province", date(2025, 6, 1))
WARD = Initiative("Sắp xếp kho lưu trữ", "ward", date(2025, 4, 1))


def cstdcs(*years: int, **kw: object) -> tuple[AwardRecord, ...]:
    return tuple(AwardRecord("CSTDCS", y, **kw) for y in years)  # type: ignore[arg-type]


def history(
    awards: tuple[AwardRecord, ...] = (),
    ratings: dict[int, Rating] | None = None,
    initiatives: tuple[Initiative, ...] = (),
    holds: tuple[Hold, ...] = (),
    person: Person = AN,
    members: tuple[History, ...] = (),
) -> History:
    rated = tuple(YearRating(y, r) for y, r in (ratings or {}).items())
    return History(person, awards, rated, initiatives, holds, members=members)


def check(award: str, found: History | None, year: int = 2026, kind: Kind = Kind.INDIVIDUAL):  # type: ignore[no-untyped-def]
    return evaluate(BOOKS.require("two_tier_nd152").eligibility, award, kind, found, year, DAY)


EXCELLENT = Rating.EXCELLENT
GOOD = Rating.GOOD

CASES = [
    # (award, history, status, a reason must contain)
    (
        "CSTD_TINH",
        history(cstdcs(2023, 2024, 2025), initiatives=(PROVINCIAL,)),
        "ok",
        "2023, 2024, 2025",
    ),
    ("CSTD_TINH", history(cstdcs(2023, 2025), initiatives=(PROVINCIAL,)), "fail", "thiếu 2024"),
    (
        "CSTD_TINH",
        history(cstdcs(2023, 2024, 2025), initiatives=(WARD,)),
        "fail",
        "phạm vi cấp tỉnh trở lên",
    ),
    (
        "CSTD_TINH",
        history(cstdcs(2023, 2024) + cstdcs(2025, revoked=True), initiatives=(PROVINCIAL,)),
        "fail",
        "thiếu 2025",
    ),
    (
        "CSTD_TINH",
        history(cstdcs(2023, 2024) + cstdcs(2025, basis=Basis.THEMATIC), initiatives=(PROVINCIAL,)),
        "fail",
        "thiếu 2025",
    ),
    ("CSTDCS", history(ratings={2025: EXCELLENT}), "ok", "Năm 2025: hoàn thành xuất sắc"),
    (
        "CSTDCS",
        history(ratings={2025: GOOD}, initiatives=(Initiative("x", "ward", date(2025, 2, 1)),)),
        "ok",
        "sáng kiến",
    ),
    ("CSTDCS", history(ratings={2025: GOOD, 2026: EXCELLENT}), "fail", "(2) "),
    ("BK_TINH", history(cstdcs(2024, 2025)), "ok", "Đủ 02 năm liên tục đạt CSTĐCS"),
    (
        "BK_TINH",
        history(
            ratings={2024: EXCELLENT, 2025: EXCELLENT},
            initiatives=(WARD, Initiative("y", "ward", date(2024, 5, 1))),
        ),
        "ok",
        "hoàn thành xuất sắc",
    ),
    (
        "BK_TINH",
        history(cstdcs(2025), ratings={2024: EXCELLENT, 2025: EXCELLENT}, initiatives=(WARD,)),
        "fail",
        "có 01",
    ),
    (
        "CSTDCS",
        history(cstdcs(2026), ratings={2026: EXCELLENT}),
        "fail",
        "Đã được tặng CSTĐCS năm 2026",
    ),
    (
        "BK_TTG",
        history((AwardRecord("BK_TTG", 2022, period_to=date(2022, 12, 31)),)),
        "fail",
        "được 04 năm (cần 05 năm)",
    ),
    (
        "BK_TTG",
        history((AwardRecord("BK_TTG", 2020, decision_number="12/QĐ-TTg"),)),
        "ok",
        "12/QĐ-TTg",
    ),
    (
        "LDTT",
        history(holds=(Hold(HoldKind.DISCIPLINE, date(2026, 1, 5)),)),
        "fail",
        "đang xem xét kỷ luật từ 05/01/2026",
    ),
    (
        "LDTT",
        history(holds=(Hold(HoldKind.INSPECTION, date(2025, 1, 5), date(2025, 6, 1)),)),
        "ok",
        "",
    ),
    ("GK_XA", None, "warn", "chưa được liên kết"),
]


@pytest.mark.parametrize(("award", "found", "status", "said"), CASES)
def test_a_nominee_is_judged_on_their_history_with_the_years_named(
    award: str, found: History | None, status: str, said: str
) -> None:
    result = check(award, found)
    assert result.status == status, result.reasons
    assert any(said in r for r in result.reasons) or not said


def test_three_cstdcs_and_a_provincial_initiative_make_cstd_tinh_ok_naming_the_years() -> None:
    result = check("CSTD_TINH", history(cstdcs(2023, 2024, 2025), initiatives=(PROVINCIAL,)))
    assert result.status == "ok"
    assert "Đủ 03 năm liên tục đạt CSTĐCS: 2023, 2024, 2025." in result.reasons


def test_a_gap_in_the_run_fails_with_the_years_held_and_the_year_missing() -> None:
    result = check("CSTD_TINH", history(cstdcs(2023, 2025), initiatives=(PROVINCIAL,)))
    assert result.status == "fail"
    assert "Chưa đủ 03 năm liên tục đạt CSTĐCS: có 2023, 2025; thiếu 2024." in result.reasons


def test_an_empty_history_says_no_year_and_no_initiative_yet_in_plain_words() -> None:
    result = check("CSTD_TINH", history())
    assert "Chưa đủ 03 năm liên tục đạt CSTĐCS: chưa có năm nào; thiếu 2023, 2024, 2025." in (
        result.reasons
    )
    assert any(r.endswith("chưa có sáng kiến nào.") for r in result.reasons), result.reasons


def test_an_unlinked_nominee_warns_unless_the_award_has_no_rules() -> None:
    assert check("CSTD_TINH", None).reasons == (UNLINKED,)
    book = BOOKS.require("two_tier_nd152").eligibility
    assert (
        evaluate(book.with_choices({}), "XA_TIEU_BIEU", Kind.COLLECTIVE, None, 2026, DAY).status
        == "warn"
    )
    empty = Rulebook.from_record({**_record("two_tier_nd152"), "eligibility": {}}).eligibility
    assert evaluate(empty, "CSTD_TINH", Kind.INDIVIDUAL, None, 2026, DAY).status == "ok"


def test_a_province_that_switches_a_rule_to_warn_gets_a_warning_instead_of_a_failure() -> None:
    book = BOOKS.require("two_tier_nd152").eligibility.with_choices({"cstd_tinh_03_cstdcs": "warn"})
    found = history(cstdcs(2023, 2025), initiatives=(PROVINCIAL,))
    result = evaluate(book, "CSTD_TINH", Kind.INDIVIDUAL, found, 2026, DAY)
    assert result.status == "warn" and any("thiếu 2024" in r for r in result.reasons)


def _member(i: int, rating: Rating, *awards: str) -> History:
    person = Person(100 + i, f"Thành viên {i}", member_of=9)
    return history(tuple(AwardRecord(a, 2025) for a in awards), {2025: rating}, person=person)


UNIT = Person(9, "Phòng Văn hóa", kind=Kind.COLLECTIVE, members_count=4, women_count=3)


@pytest.mark.parametrize(
    ("members", "status"),
    [
        (
            (
                _member(1, EXCELLENT, "LDTT", "CSTDCS"),
                _member(2, GOOD, "LDTT"),
                _member(3, GOOD, "LDTT"),
            ),
            "ok",
        ),
        (
            (_member(1, EXCELLENT, "LDTT"), _member(2, GOOD, "LDTT"), _member(3, GOOD, "LDTT")),
            "fail",
        ),
        ((_member(1, EXCELLENT, "LDTT", "CSTDCS"), _member(2, GOOD), _member(3, GOOD)), "fail"),
        (
            (
                _member(1, EXCELLENT, "LDTT", "CSTDCS"),
                _member(2, Rating.NOT_COMPLETED, "LDTT"),
                _member(3, GOOD, "LDTT"),
            ),
            "fail",
        ),
        ((), "warn"),
    ],
)
def test_ttldxs_reads_its_members_ratios(members: tuple[History, ...], status: str) -> None:
    found = history(person=UNIT, members=members)
    result = check("TTLDXS", found, kind=Kind.COLLECTIVE)
    assert result.status == status, result.reasons


def _record(code: str) -> dict[str, object]:
    folder = resources.files("service.catalog").joinpath("rulebooks")
    loaded: dict[str, object] = json.loads(folder.joinpath(f"{code}.json").read_text("utf-8"))
    return loaded


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"kind": "five_stars"}, "loại điều kiện không có 'five_stars'"),
        ({"awards": ["CSTD_HUYEN"]}, "không có 'CSTD_HUYEN'"),
        ({"award": "NOPE"}, "award nêu hình thức khen thưởng không có 'NOPE'"),
        ({"on_fail": "maybe"}, "giá trị không hợp lệ"),
        ({"count": "ba"}, "tham số không hợp lệ"),
    ],
)
def test_a_rulebook_with_a_wrong_rule_does_not_load_and_names_the_rule(
    change: dict[str, object], said: str
) -> None:
    record = copy.deepcopy(_record("three_tier_nd98"))
    section = record["eligibility"]
    assert isinstance(section, dict)
    section["rules"][1].update(change)
    with pytest.raises(ConfigurationError) as err:
        Rulebook.from_record(record)
    assert "cstd_tinh_03_cstdcs" in err.value.message and said in err.value.message


def test_an_initiative_scope_outside_the_levels_is_refused() -> None:
    record = copy.deepcopy(_record("two_tier_nd152"))
    section = record["eligibility"]
    assert isinstance(section, dict)
    section["rules"][2]["scope"] = "district"  # the two-tier rulebook has no district
    with pytest.raises(ConfigurationError, match="phạm vi sáng kiến không có 'district'"):
        Rulebook.from_record(record)


def test_both_rulebooks_ship_the_rules_of_the_domain() -> None:
    for book in BOOKS.all():
        ids = {r.id for r in book.eligibility.rules}
        assert {"cstdcs_xep_loai", "cstd_tinh_03_cstdcs", "bk_tinh_ca_nhan", "ttldxs_ty_le"} <= ids
        assert {"ttldtt_ty_le", "khong_trung_nam", "tam_dung_xet", "bk_tinh_tap_the"} <= ids


def test_a_woman_goes_first_among_those_who_tie_and_says_why() -> None:
    binh = Person(2, "Trần Thị Bình", gender=Gender.FEMALE)
    unit = Person(3, "Tổ Văn thư", kind=Kind.COLLECTIVE, members_count=10, women_count=7)
    ranked = rank(
        [
            ("an", Decimal("0.8"), AN),
            ("binh", Decimal("0.8"), binh),
            ("top", Decimal("0.9"), AN),
            ("unit", Decimal("0.8"), unit),
            ("none", None, binh),
        ]
    )
    assert [r.key for r in ranked] == ["top", "binh", "unit", "an", "none"]
    assert [r.note for r in ranked] == ["", NOTE, NOTE, "", ""]


def test_a_collective_under_seventy_percent_women_is_not_preferred() -> None:
    unit = Person(3, "Tổ", kind=Kind.COLLECTIVE, members_count=10, women_count=6)
    ranked = rank([("an", Decimal(1), AN), ("unit", Decimal(1), unit)])
    assert [(r.key, r.note) for r in ranked] == [("an", ""), ("unit", "")]
