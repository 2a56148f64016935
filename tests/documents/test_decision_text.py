"""The decision's wording rules: numbers, dates, money and the template context."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest

from service.domain.awards import Kind
from service.domain.decisions import (
    COLLECTIVE_FACTOR,
    HOUSEHOLD_FACTOR,
    Awardee,
    AwardFamily,
    Issuer,
    PrintedAward,
    Signer,
    format_money,
    format_number,
    place_date_line,
    prize_amount,
    template_context,
)

from .samples import BASE_SALARY, make_decision


@pytest.mark.parametrize(
    ("n", "symbol", "expected"),
    [
        (5, "QĐ-UBND", "05/QĐ-UBND"),
        (123, "QĐ-UBND", "123/QĐ-UBND"),
        (10, "qđ-ubnd", "10/QĐ-UBND"),
        (1, "QĐ-CT", "01/QĐ-CT"),
    ],
)
def test_decision_numbers_have_two_digits_at_least_and_a_capitalised_code(
    n: int, symbol: str, expected: str
) -> None:
    assert format_number(n, symbol) == expected


def test_the_default_code_is_that_of_a_peoples_committee() -> None:
    assert format_number(7) == "07/QĐ-UBND"


@pytest.mark.parametrize(
    ("n", "symbol"), [(0, "QĐ-UBND"), (-3, "QĐ-UBND"), (1, "QĐ UBND"), (1, ""), (1, "QĐ/UBND")]
)
def test_a_number_below_one_or_a_code_with_spaces_or_slashes_is_refused(
    n: int, symbol: str
) -> None:
    with pytest.raises(ValueError):
        format_number(n, symbol)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2027, 1, 5), "Hoàng Mai, ngày 05 tháng 01 năm 2027"),
        (date(2027, 2, 28), "Hoàng Mai, ngày 28 tháng 02 năm 2027"),
        (date(2027, 3, 15), "Hoàng Mai, ngày 15 tháng 3 năm 2027"),
        (date(2026, 12, 9), "Hoàng Mai, ngày 09 tháng 12 năm 2026"),
        (date(2026, 10, 1), "Hoàng Mai, ngày 01 tháng 10 năm 2026"),
    ],
)
def test_the_place_and_date_line_pads_days_and_only_the_first_two_months(
    d: date, expected: str
) -> None:
    assert place_date_line("Hoàng Mai", d) == expected


def test_the_place_name_is_stored_composed_even_when_typed_decomposed() -> None:
    line = place_date_line(unicodedata.normalize("NFD", "Định Công"), date(2027, 3, 1))
    assert line == "Định Công, ngày 01 tháng 3 năm 2027"
    assert unicodedata.is_normalized("NFC", line)


@pytest.mark.parametrize(
    ("multiple", "factor", "expected"),
    [
        ("0.3", 1, 710_000),  # 702,000 rounds up, never down
        ("1.0", 1, 2_340_000),  # already a multiple of 10,000
        ("1.5", 1, 3_510_000),
        ("0.8", 1, 1_880_000),  # 1,872,000
        ("3.5", 1, 8_190_000),
        ("0.3", COLLECTIVE_FACTOR, 1_420_000),  # twice the rounded individual amount
        ("1.5", COLLECTIVE_FACTOR, 7_020_000),
        ("0.3", HOUSEHOLD_FACTOR, 1_070_000),  # 1.5 × 710,000 = 1,065,000, rounded up again
    ],
)
def test_prizes_are_rounded_up_to_the_next_ten_thousand_dong(
    multiple: str, factor: Decimal | int, expected: int
) -> None:
    assert prize_amount(Decimal(multiple), BASE_SALARY, factor) == expected


def test_a_float_multiple_is_refused_because_it_cannot_hold_0_3_exactly() -> None:
    with pytest.raises(TypeError):
        prize_amount(0.3, BASE_SALARY)  # type: ignore[arg-type]


def test_money_is_grouped_with_dots() -> None:
    assert format_money(1_580_000) == "1.580.000"
    assert format_money(710_000) == "710.000"
    assert format_money(0) == "0"


def test_article_1_counts_collectives_and_individuals_with_two_digits() -> None:
    counts = template_context(make_decision(individuals=5, collectives=2))["counts"]
    assert counts["text"] == "02 tập thể và 05 cá nhân"
    assert counts["who"] == "tập thể, cá nhân"


def test_households_are_counted_after_collectives_and_before_individuals() -> None:
    awardees = [
        Awardee(Kind.INDIVIDUAL, "Nguyễn Văn An", prize=710_000),
        Awardee(Kind.HOUSEHOLD, "Hộ ông Trần Văn Bình", prize=1_070_000),
        Awardee(Kind.COLLECTIVE, "Tổ dân phố số 5", prize=1_420_000),
    ]
    context = template_context(make_decision(awardees=awardees))

    assert context["counts"]["text"] == "01 tập thể, 01 hộ gia đình và 01 cá nhân"
    assert context["counts"]["who"] == "tập thể, hộ gia đình, cá nhân"
    assert [r["name"] for r in context["households"]] == ["Hộ ông Trần Văn Bình"]
    assert (
        context["annex"]["collective_heading"],
        context["annex"]["household_heading"],
        context["annex"]["individual_heading"],
    ) == ("I. TẬP THỂ", "II. HỘ GIA ĐÌNH", "III. CÁ NHÂN")
    assert context["prize"]["rates"] == (
        "mỗi tập thể 1.420.000 đồng, mỗi hộ gia đình 1.070.000 đồng, mỗi cá nhân 710.000 đồng"
    )
    assert context["prize"]["total"] == "3.200.000"


def test_a_zero_count_is_left_out_of_article_1() -> None:
    assert template_context(make_decision(12, 0))["counts"]["text"] == "12 cá nhân"
    assert template_context(make_decision(0, 3))["counts"]["text"] == "03 tập thể"


def test_legal_bases_end_with_a_semicolon_and_the_proposer_line_with_a_full_stop() -> None:
    context = template_context(make_decision())
    assert all(b.endswith(";") and not b.endswith(";;") for b in context["legal_bases"])
    assert context["legal_bases"][2].endswith("thi đua, khen thưởng;")
    assert context["proposer"].endswith("năm 2027.")


def test_the_proposer_line_may_end_with_a_comma_where_local_practice_wants_it() -> None:
    assert template_context(make_decision(proposer_end=","))["proposer"].endswith("2027,")


def test_recipients_start_with_a_dash_end_with_a_semicolon_and_close_with_the_archive() -> None:
    decision = make_decision(recipients=("- Như Điều 3", "Chủ tịch UBND phường;"), archive="VT")
    assert template_context(decision)["recipients"] == [
        "- Như Điều 3;",
        "- Chủ tịch UBND phường;",
        "- Lưu: VT.",
    ]


def test_as_article_n_names_the_article_that_carries_the_decision_out() -> None:
    # The level's default says "Như Điều 3"; without prize money that article is Điều 2.
    unpaid = [Awardee(kind=Kind.HOUSEHOLD, full_name="Hộ ông Trần Văn Bảy")]
    without = template_context(make_decision(awardees=unpaid, recipients=("Như Điều 3",)))
    assert without["articles"]["execution"] == 2
    assert without["recipients"][0] == "- Như Điều 2;"
    paid = template_context(make_decision(recipients=("- Như Điều 3", "Như Điều 3 là sai")))
    assert paid["recipients"][:2] == ["- Như Điều 3;", "- Như Điều 3 là sai;"]


def test_a_deputy_signs_on_behalf_of_the_chairman() -> None:
    deputy = Signer(name="Trần Thị Mai", title="Phó Chủ tịch", mode="KT", on_behalf_of="Chủ tịch")
    signer = template_context(make_decision(signer=deputy))["signer"]
    assert signer == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trần Thị Mai"}


def test_a_collective_authority_signs_with_tm() -> None:
    chair = Signer(
        name="Nguyễn Văn Hùng", title="Chủ tịch", mode="TM", on_behalf_of="Ủy ban nhân dân"
    )
    assert (
        template_context(make_decision(signer=chair))["signer"]["authority"]
        == "TM. ỦY BAN NHÂN DÂN"
    )


def test_a_signing_mode_without_whom_it_is_for_is_refused() -> None:
    with pytest.raises(ValueError):
        Signer(name="Trần Thị Mai", title="Phó Chủ tịch", mode="KT")


def test_the_issuing_body_breaks_after_the_organ_name_and_is_capitalised() -> None:
    issuer = template_context(make_decision())["issuer"]
    assert issuer["body"] == "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐỊNH CÔNG"
    assert issuer["authority"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG ĐỊNH CÔNG"
    assert issuer["authority_title"] == "Chủ tịch Ủy ban nhân dân phường Định Công"


def test_an_issuer_without_a_parent_body_prints_no_parent_line() -> None:
    issuer = Issuer(body="Sở Nội vụ", authority="Giám đốc Sở Nội vụ", place="Hà Nội")
    assert template_context(make_decision(issuer=issuer))["issuer"]["parent_body"] == ""


def test_the_summary_defaults_to_the_award_with_a_lower_case_verb() -> None:
    context = template_context(make_decision())
    assert (
        context["summary"] == "Về việc tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường Định Công"
    )


def test_an_unsigned_draft_leaves_the_number_blank() -> None:
    assert template_context(make_decision(number=None))["number"].strip() == "/QĐ-UBND"


def test_article_2_gives_each_rate_and_the_total() -> None:
    prize = template_context(make_decision(individuals=5, collectives=2))["prize"]
    assert prize["rates"] == "mỗi tập thể 1.420.000 đồng, mỗi cá nhân 710.000 đồng"
    assert prize["total"] == "6.390.000"


def test_without_prize_money_article_2_is_dropped_and_execution_becomes_article_2() -> None:
    awardees = [Awardee(kind=Kind.INDIVIDUAL, full_name="Lê Văn An")]
    articles = template_context(make_decision(awardees=awardees))["articles"]
    assert articles == {"prize": None, "execution": 2}


def test_annex_parts_are_numbered_only_among_the_parts_present() -> None:
    annex = template_context(make_decision(individuals=3, collectives=2))["annex"]
    assert annex["collective_heading"] == "I. TẬP THỂ"
    assert annex["household_heading"] == ""
    assert annex["individual_heading"] == "II. CÁ NHÂN"


def test_a_list_of_one_kind_is_one_table_under_the_title_without_a_part_heading() -> None:
    # As a Gia đình văn hóa decision, households only: no "I. HỘ GIA ĐÌNH" with no II after it.
    annex = template_context(make_decision(individuals=3, collectives=0))["annex"]
    assert [annex[f"{k}_heading"] for k in ("collective", "household", "individual")] == [""] * 3
    assert annex["title"].startswith("DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN")


def test_an_individual_title_decision_refuses_collectives() -> None:
    title = PrintedAward(
        AwardFamily.DANH_HIEU_CA_NHAN, "danh hiệu “Lao động tiên tiến”", "Công nhận"
    )
    with pytest.raises(ValueError, match="collective"):
        make_decision(
            individuals=2, collectives=1, family=AwardFamily.DANH_HIEU_CA_NHAN, award=title
        )


def test_decomposed_input_is_stored_composed_and_control_characters_become_spaces() -> None:
    name = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết") + "\x07\x0c"
    awardee = Awardee(kind=Kind.INDIVIDUAL, full_name=name)
    assert awardee.full_name == "Nguyễn Thị Ánh Tuyết  "
    assert unicodedata.is_normalized("NFC", awardee.full_name)
