"""A province's dated overrides of its rulebook's awards (service/domain/regulations.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from service.adapters.rulebook_files import RulebookFiles
from service.domain.awards import Award, Kind
from service.domain.errors import Invalid
from service.domain.regulations import (
    AwardOverride,
    Regulation,
    award_on,
    regulation_from_record,
    regulation_problems,
)

CSTDCS = Award(
    "CSTDCS",
    "Chiến sĩ thi đua cơ sở",
    frozenset({Kind.INDIVIDUAL}),
    "district",
    "danh_hieu_ca_nhan",
    Decimal("1.0"),
    valid_from=date(2024, 1, 1),
)
TO_PROVINCE = AwardOverride(
    "CSTDCS", date(2027, 1, 1), None, "QĐ 01/2027", level="province", prize_multiple=Decimal("1.5")
)


def test_an_override_applies_from_its_first_day_and_not_before() -> None:
    eve, day = (
        award_on(CSTDCS, date(2026, 12, 31), [TO_PROVINCE]),
        award_on(CSTDCS, date(2027, 1, 1), [TO_PROVINCE]),
    )
    assert eve == CSTDCS
    assert day is not None
    assert (day.level, day.prize_multiple) == ("province", Decimal("1.5"))


def test_an_override_of_the_level_alone_keeps_the_rulebooks_multiple() -> None:
    level_only = AwardOverride("CSTDCS", date(2027, 1, 1), None, "QĐ", level="province")
    found = award_on(CSTDCS, date(2027, 6, 1), [level_only])
    assert found is not None and found.prize_multiple == Decimal("1.0")


def test_an_override_that_has_ended_no_longer_applies() -> None:
    ended = AwardOverride("CSTDCS", date(2027, 1, 1), date(2027, 12, 31), "QĐ", level="province")
    assert award_on(CSTDCS, date(2028, 1, 1), [ended]) == CSTDCS


def test_an_override_of_an_award_applies_to_the_old_code_kept_as_its_alias() -> None:
    bk = Award(
        "BK_TINH_CN",
        "Bằng khen",
        frozenset({Kind.INDIVIDUAL}),
        "province",
        "bang_khen",
        Decimal("1.5"),
        alias_of="BK_TINH",
    )
    moved = AwardOverride("BK_TINH", date(2027, 1, 1), None, "QĐ", level="district")
    found = award_on(bk, date(2027, 1, 1), [moved])
    assert found is not None and found.level == "district"


def test_an_award_is_not_in_force_before_its_rulebook() -> None:
    assert award_on(CSTDCS, date(2023, 12, 31), []) is None


def test_awards_take_their_rulebooks_dates_unless_they_have_their_own() -> None:
    two = RulebookFiles.packaged().require("two_tier_nd152")
    assert {(a.valid_from, a.valid_to) for a in two.awards} == {(date(2025, 7, 1), None)}
    proposed = {a.code for a in two.awards if a.proposes_only}
    assert proposed == {"BK_TTG", "HCLD_H3", "CO_TD_CP", "CSTD_TQ"}


def test_a_regulation_pack_reads_back_as_it_was_written() -> None:
    regulation = Regulation("Quy chế", (TO_PROVINCE,))
    assert regulation_from_record(regulation.as_record()) == regulation


@pytest.mark.parametrize(
    "override",
    [
        {"award": "CSTDCS", "basis": "QĐ"},
        {"award": "CSTDCS", "valid_from": "01/01/2027", "basis": "QĐ"},
        {"award": "CSTDCS", "valid_from": "2027-01-01"},
        {"award": "CSTDCS", "valid_from": "2027-01-01", "basis": "QĐ", "prize_multiple": "NaN"},
        {"award": "CSTDCS", "valid_from": "2027-01-01", "basis": "QĐ", "colour": "red"},
    ],
)
def test_a_malformed_override_is_refused(override: dict) -> None:
    with pytest.raises(Invalid):
        regulation_from_record({"overrides": [override]})


def test_overlapping_overrides_of_one_award_and_unknown_names_are_problems() -> None:
    later = AwardOverride("CSTDCS", date(2027, 6, 1), None, "QĐ", level="ward")
    stray = AwardOverride("NO_SUCH", date(2027, 1, 1), date(2026, 1, 1), "QĐ", level="moon")
    problems = regulation_problems(
        Regulation("", (TO_PROVINCE, later, stray)), {"CSTDCS"}, {"province", "ward"}
    )
    assert set(problems) == {
        "overrides[2].award",
        "overrides[2].level",
        "overrides[2].valid_to",
        "overrides.CSTDCS",
    }
