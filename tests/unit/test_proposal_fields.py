"""The proposal fields a dossier records for its decision: how they are read and how printed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from service.domain.awards import Award, Kind
from service.domain.dossiers import Dossier, Nominee, Status, Typed, clean_dossier
from service.domain.errors import Invalid
from service.domain.proposal_fields import (
    Period,
    Submission,
    missing_on_submit,
    with_period,
)

TODAY = date(2026, 12, 3)
AWARD = Award("GK_XA", "Giấy khen", frozenset(Kind), "ward", "giay_khen", Decimal("0.3"))
NOMINEES = [Nominee("Nguyễn Văn An", Kind.INDIVIDUAL)]


def clean(**typed: object) -> Dossier:
    got = clean_dossier("Đề nghị", 2026, AWARD, NOMINEES, Typed(**typed), today=TODAY)  # type: ignore[arg-type]
    created = datetime(2026, 1, 1)
    return Dossier(
        *(1, "X", 1, "X", "GK_XA", 2026, got.title, Status.DRAFT, "ward", created, 1),
        nominees=got.nominees,
        proposal=got.proposal,
        period=got.period,
        reason=got.reason,
    )


def problems(**typed: object) -> dict[str, str]:
    with pytest.raises(Invalid) as caught:
        clean(**typed)
    return caught.value.fields or {}


def test_a_draft_may_leave_every_proposal_field_out() -> None:
    d = clean()
    assert (d.proposal, d.period, d.reason) == (None, None, "")


def test_the_tờ_trình_and_the_period_are_read_from_iso_days() -> None:
    d = clean(
        proposal={"number": "12/TTr-UBND", "date": "2026-11-20"},
        period={"from": "2026-01-01", "to": "2026-12-31"},
        reason="  đã có thành tích xuất sắc.  ",
    )
    assert d.proposal == Submission("12/TTr-UBND", date(2026, 11, 20))
    assert d.period == Period(date(2026, 1, 1), date(2026, 12, 31))
    assert d.reason == "đã có thành tích xuất sắc"


@pytest.mark.parametrize(
    ("typed", "field", "says"),
    [
        ({"proposal": {"number": "12", "date": "20/11/2026"}}, "proposal.date", "không hợp lệ"),
        ({"proposal": {"number": "12", "date": "2026-02-30"}}, "proposal.date", "không hợp lệ"),
        ({"proposal": {"number": "12", "date": "2026-12-04"}}, "proposal.date", "sau ngày hôm nay"),
        ({"proposal": {"number": "", "date": "2026-11-20"}}, "proposal.number", "Hãy nhập số"),
        ({"proposal": {"number": "mười hai", "date": "2026-11-20"}}, "proposal.number", "gồm số"),
        ({"proposal": {"number": "1" * 51, "date": "2026-11-20"}}, "proposal.number", "tối đa 50"),
        ({"period": {"from": "2026-12-31", "to": "2026-01-01"}}, "period.to", "từ ngày bắt đầu"),
        ({"period": {"from": "2026-01-01", "to": ""}}, "period.to", "Hãy nhập ngày kết thúc"),
        ({"reason": "x" * 501}, "reason", "Tối đa 500"),
    ],
)
def test_a_wrong_proposal_field_is_refused_in_vietnamese_by_its_path(
    typed: dict[str, object], field: str, says: str
) -> None:
    assert says in problems(**typed)[field]


def test_a_tờ_trình_of_today_is_accepted() -> None:
    assert clean(proposal={"number": "5", "date": "2026-12-03"}).proposal is not None


def test_a_nominee_s_own_reason_longer_than_the_limit_is_refused_on_its_row() -> None:
    with pytest.raises(Invalid) as caught:
        too_long = [Nominee("An", Kind.INDIVIDUAL, reason="x" * 501)]
        clean_dossier("Đề nghị", 2026, AWARD, too_long, Typed(), today=TODAY)
    assert "nominees[0].reason" in (caught.value.fields or {})


@pytest.mark.parametrize(
    ("number", "on", "cited"),
    [
        ("12/TTr-UBND", date(2026, 11, 20), "Tờ trình số 12/TTr-UBND ngày 20 tháng 11 năm 2026"),
        ("5", date(2026, 1, 5), "Tờ trình số 05 ngày 05 tháng 01 năm 2026"),
        ("7/TTr-SNV", date(2026, 3, 9), "Tờ trình số 07/TTr-SNV ngày 09 tháng 3 năm 2026"),
    ],
)
def test_a_tờ_trình_is_cited_with_the_decree_s_number_and_date_forms(
    number: str, on: date, cited: str
) -> None:
    assert Submission(number, on).cited() == cited


@pytest.mark.parametrize(
    ("start", "end", "phrase"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), "năm 2026"),
        (date(2021, 1, 1), date(2025, 12, 31), "từ năm 2021 đến năm 2025"),
        (date(2026, 3, 1), date(2026, 8, 31), "từ ngày 01/3/2026 đến ngày 31/8/2026"),
    ],
)
def test_a_whole_year_reads_năm_and_other_spans_từ_đến(start: date, end: date, phrase: str) -> None:
    assert Period(start, end).phrase() == phrase


def test_the_period_is_added_to_the_reason_unless_the_clerk_wrote_it() -> None:
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    assert with_period("đã có thành tích xuất sắc", year) == "đã có thành tích xuất sắc năm 2026"
    assert with_period("có thành tích năm 2026", year) == "có thành tích năm 2026"
    assert with_period("", year) == ""


def test_each_missing_required_field_is_named_in_vietnamese() -> None:
    missing = missing_on_submit(["proposal", "period"], {"proposal": False, "period": True})
    assert list(missing) == ["proposal"]
    assert "tờ trình" in missing["proposal"]
