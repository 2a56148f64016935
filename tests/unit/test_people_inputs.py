"""Reading a registry entry and a history entry: each problem named by its field, in Vietnamese."""

from __future__ import annotations

from datetime import date

import pytest

from service.domain.awards import Kind
from service.domain.errors import Invalid
from service.domain.people import (
    AwardRecord,
    Gender,
    Hold,
    HoldKind,
    Initiative,
    Rating,
    YearRating,
)
from service.domain.people_inputs import read_history_entry, read_person

CODES = ("CSTDCS", "BK_TINH_CN")
SCOPES = ("province", "district", "ward")


def _problems(call: object, *args: object, **kwargs: object) -> dict[str, str]:
    with pytest.raises(Invalid) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value.fields


def test_an_individual_is_read_with_its_date_of_birth_and_gender() -> None:
    person = read_person(
        {
            "full_name": "  Nguyễn   Văn An ",
            "date_of_birth": "1980-05-01",
            "gender": "male",
            "org_code": "HM-DC",
            "identity_number": "001080012345",
        }
    )
    assert (person.full_name, person.date_of_birth, person.gender) == (
        "Nguyễn Văn An",
        date(1980, 5, 1),
        Gender.MALE,
    )
    assert person.kind is Kind.INDIVIDUAL and person.id == 0


def test_an_individual_without_name_birth_or_gender_is_refused_naming_each_field() -> None:
    problems = _problems(read_person, {"org_code": "HM-DC", "identity_number": "12"})
    assert set(problems) == {"full_name", "date_of_birth", "gender", "identity_number"}
    assert problems["full_name"].startswith("Hãy nhập họ và tên")


def test_a_collective_has_no_birth_date_and_no_more_women_than_members() -> None:
    problems = _problems(
        read_person,
        {
            "full_name": "Phòng Nội vụ",
            "kind": "collective",
            "org_code": "HM",
            "date_of_birth": "2000-01-01",
            "members_count": 5,
            "women_count": 6,
        },
    )
    assert set(problems) == {"date_of_birth", "women_count"}


def test_each_kind_of_history_entry_is_read() -> None:
    award = read_history_entry(
        {
            "award": "CSTDCS",
            "year": 2024,
            "decision_number": "12/QĐ-UBND",
            "decision_date": "2024-12-20",
            "issuer": "Chủ tịch UBND quận",
        },
        award_codes=CODES,
        scopes=SCOPES,
    )
    assert isinstance(award, AwardRecord) and award.decision_date == date(2024, 12, 20)
    rating = read_history_entry(
        {"rating": "excellent", "year": "2024"}, award_codes=CODES, scopes=SCOPES
    )
    assert rating == YearRating(2024, Rating.EXCELLENT)
    initiative = read_history_entry(
        {"initiative": {"title": "Số hóa", "scope": "national", "recognised_on": "2024-06-01"}},
        award_codes=CODES,
        scopes=SCOPES,
    )
    assert isinstance(initiative, Initiative) and initiative.scope == "national"
    hold = read_history_entry(
        {"hold": {"kind": "discipline", "opened_on": "2025-01-02"}},
        award_codes=CODES,
        scopes=SCOPES,
    )
    assert hold == Hold(HoldKind.DISCIPLINE, date(2025, 1, 2))


def test_a_bad_award_entry_names_every_wrong_field() -> None:
    problems = _problems(
        read_history_entry,
        {"award": "NOPE", "year": 1800, "decision_date": "20/12/2024"},
        award_codes=CODES,
        scopes=SCOPES,
    )
    assert set(problems) == {"award", "year", "decision_number", "decision_date", "issuer"}


def test_an_entry_must_be_exactly_one_kind() -> None:
    both = {"rating": "good", "year": 2024, "award": "CSTDCS"}
    assert "entry" in _problems(read_history_entry, both, award_codes=CODES, scopes=SCOPES)
    scope = {"initiative": {"title": "x", "scope": "moon", "recognised_on": "2024-01-01"}}
    problems = _problems(read_history_entry, scope, award_codes=CODES, scopes=SCOPES)
    assert set(problems) == {"initiative.scope"}
