"""Who counts as the same person (pure rules of service/domain/dossiers.py and duplicates.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.domain.awards import Kind
from service.domain.dossiers import (
    Dossier,
    Nominee,
    Status,
    name_key,
    repeated_rows,
    repeats_message,
    same_person,
)
from service.domain.duplicates import Namesake, duplicate_warnings


def n(name: str, unit: str = "") -> Nominee:
    return Nominee(name, Kind.INDIVIDUAL, "", unit)


def dossier(*nominees: Nominee, status: Status = Status.DRAFT) -> Dossier:
    at = datetime(2026, 3, 1, tzinfo=UTC)
    return Dossier(
        1, "HM-DC-2026-00001", 5, "HM-DC", "LDTT", 2026, "T", status, "ward", at, 1, list(nominees)
    )


def test_names_compare_composed_and_ignoring_case_and_spacing_but_not_diacritics() -> None:
    assert name_key("  NGUYE\u0302\u0303N\tVăn   An ") == "nguyễn văn an"
    assert name_key("Nguyen Van An") != name_key("Nguyễn Văn An")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (n("Nguyễn Văn An", "UBND phường"), n("nguyễn văn an", "ubnd  PHƯỜNG"), True),
        (n("Nguyễn Văn An", "UBND phường"), n("Nguyễn Văn An"), True),
        (n("Nguyễn Văn An", "UBND phường"), n("Nguyễn Văn An", "Trường THCS"), False),
        (n("Nguyễn Văn An"), n("Nguyễn Văn Ân"), False),
    ],
)
def test_a_person_is_a_name_and_a_unit_when_both_give_one(
    a: Nominee, b: Nominee, same: bool
) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


def test_each_repeat_is_paired_with_its_first_row() -> None:
    rows = [n("An"), n("Bình"), n("an"), n("AN"), n("Bình", "X")]
    assert repeated_rows(rows) == [(0, 2), (0, 3), (1, 4)]
    assert repeats_message(rows, []) == ""
    message = repeats_message(rows, repeated_rows(rows))
    assert "hàng 1 và hàng 3 cùng là «An»" in message and "hàng 2 và hàng 5" in message


def _namesake(row: int, other: Nominee, dossier_id: int = 2) -> Namesake:
    return Namesake(row, other, dossier_id, f"HM-TM-2026-0000{dossier_id}", 6, "Phường Tương Mai")


def test_one_warning_per_row_and_other_dossier_unless_the_units_differ() -> None:
    d = dossier(n("Nguyễn Văn An", "UBND"), n("Trần Thị Bình"))
    found = [
        _namesake(0, n("nguyễn văn an", "ubnd")),
        _namesake(0, n("Nguyễn Văn An")),  # a second row of the same other dossier
        _namesake(0, n("Nguyễn Văn An", "Trường")),  # another unit: another person
        _namesake(1, n("Trần Thị Bình"), dossier_id=3),
    ]
    warnings = duplicate_warnings(d, found, lambda other: other.dossier_id == 2)
    assert [(w.row, w.dossier_id, w.dossier_code) for w in warnings] == [
        (1, 2, "HM-TM-2026-00002"),
        (2, None, None),  # the reader may not see dossier 3
    ]
    assert "một hồ sơ khác của Phường Tương Mai" in warnings[1].message


def test_a_closed_dossier_warns_of_nothing() -> None:
    d = dossier(n("An"), status=Status.APPROVED)
    assert duplicate_warnings(d, [_namesake(0, n("An"))], lambda other: True) == []
