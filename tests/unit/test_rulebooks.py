"""Rulebooks as dated data: the rule in force on a day, and the two packs the service ships."""

from __future__ import annotations

from datetime import date

import pytest

from service.adapters.rulebook_files import RulebookFiles, _read
from service.domain.errors import ConfigurationError
from service.domain.rulebooks import BaseSalary, overlaps, rule_on

ND24 = BaseSalary(1_800_000, date(2023, 7, 1), date(2024, 6, 30), "NĐ 24/2023")
ND73 = BaseSalary(2_340_000, date(2024, 7, 1), None, "NĐ 73/2024")


def test_the_rule_in_force_is_chosen_by_day_with_both_ends_inclusive() -> None:
    assert rule_on(date(2024, 6, 30), [ND24, ND73]) is ND24
    assert rule_on(date(2024, 7, 1), [ND24, ND73]) is ND73
    assert rule_on(date(2099, 1, 1), [ND24, ND73]) is ND73
    assert rule_on(date(2023, 6, 30), [ND24, ND73]) is None


def test_overlapping_periods_are_found() -> None:
    assert overlaps([ND24, ND73]) == []
    early = BaseSalary(2_340_000, date(2024, 6, 1), None, "x")
    assert overlaps([ND24, early]) == [(date(2023, 7, 1), date(2024, 6, 1))]


def test_both_shipped_rulebooks_load_with_their_levels_top_first() -> None:
    books = RulebookFiles.packaged()
    three = books.require("three_tier_nd98")
    two = books.require("two_tier_nd152")
    assert [lv.code for lv in three.levels] == ["province", "district", "ward"]
    assert [lv.code for lv in two.levels] == ["province", "ward"]
    assert two.valid_from == date(2025, 7, 1)


def test_the_base_salary_follows_the_decision_date() -> None:
    three = RulebookFiles.packaged().require("three_tier_nd98")
    assert three.base_salary_on(date(2024, 3, 1)) == 1_800_000
    assert three.base_salary_on(date(2026, 12, 3)) == 2_340_000
    with pytest.raises(ConfigurationError, match="lương cơ sở"):
        three.base_salary_on(date(2020, 1, 1))


def test_decisions_cite_nd98_before_the_reform_and_nd152_until_it_expires() -> None:
    three = RulebookFiles.packaged().require("three_tier_nd98")
    before = " ".join(three.legal_bases_on(date(2025, 6, 30)))
    after = " ".join(three.legal_bases_on(date(2025, 7, 1)))
    expired = " ".join(three.legal_bases_on(date(2027, 3, 1)))
    assert "98/2023" in before and "152/2025" not in before
    assert "152/2025" in after and "98/2023" not in after
    assert "152/2025" not in expired  # NĐ 152 Art. 60(1): expires on 01/03/2027


def test_an_unknown_rulebook_is_a_configuration_error_naming_the_known_ones() -> None:
    with pytest.raises(ConfigurationError, match="two_tier_nd152"):
        RulebookFiles.packaged().require("nd_2030")


def test_an_unknown_rulebook_names_where_its_code_was_given() -> None:
    books = RulebookFiles.packaged()
    with pytest.raises(ConfigurationError, match=r"'nd_2030' \(KT_RULEBOOK\)"):
        books.require("nd_2030")
    with pytest.raises(ConfigurationError) as given:
        books.require("nd_2030", named_by="--rulebook")
    assert "(--rulebook)" in given.value.message and "KT_RULEBOOK" not in given.value.message


def test_a_pack_with_overlapping_base_salaries_is_refused() -> None:
    pack = """{"code": "x", "name": "X", "valid_from": "2024-01-01",
      "levels": [{"code": "province", "name": "Cấp tỉnh", "rank": 0}],
      "base_salaries": [
        {"amount": 1, "valid_from": "2024-01-01", "valid_to": null},
        {"amount": 2, "valid_from": "2025-01-01", "valid_to": null}]}"""
    with pytest.raises(ConfigurationError, match="chồng"):
        _read("x.json", pack)
