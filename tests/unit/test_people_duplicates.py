"""Which registry entries are proposed as the same person, and what a merge keeps."""

from __future__ import annotations

from datetime import date

from service.domain.awards import Kind
from service.domain.people import Gender, Person
from service.domain.people_duplicates import (
    duplicate_pairs,
    filled_from,
    likely_same,
    merge_problem,
    pair_key,
    rating_conflict_message,
    rating_conflicts,
)

BORN = date(1980, 5, 17)


def person(pid: int, name: str = "Nguyễn Văn An", **fields: object) -> Person:
    return Person(id=pid, full_name=name, **fields)  # type: ignore[arg-type]


def test_the_same_folded_name_and_date_of_birth_is_a_pair_with_both_reasons() -> None:
    pairs = duplicate_pairs(
        [
            person(1, "Nguyễn Văn An", date_of_birth=BORN, org_code="XA1"),
            person(2, "nguyen van  an", date_of_birth=BORN, org_code="XA2"),
        ]
    )
    assert [p.key for p in pairs] == [(1, 2)]
    assert pairs[0].first.id == 1
    assert "«Nguyễn Văn An» và «nguyen van  an»" in pairs[0].reasons[0]
    assert pairs[0].reasons[1] == "cùng ngày sinh 17/05/1980"


def test_two_different_dates_of_birth_are_two_people_even_in_one_unit() -> None:
    a = person(1, date_of_birth=BORN, org_code="XA1")
    b = person(2, date_of_birth=date(1990, 1, 1), org_code="XA1")
    assert likely_same(a, b) == ()


def test_the_same_name_and_unit_with_one_date_missing_is_a_pair_naming_the_missing_one() -> None:
    a = person(1, date_of_birth=BORN, org_code="XA1")
    b = person(2, org_code="XA1")
    assert likely_same(a, b) == (
        "Cùng họ tên «Nguyễn Văn An»",
        "cùng đơn vị XA1",
        "mục #2 chưa có ngày sinh",
    )


def test_the_same_name_with_a_date_missing_in_another_unit_is_not_proposed() -> None:
    assert (
        likely_same(person(1, date_of_birth=BORN, org_code="XA1"), person(2, org_code="XA2")) == ()
    )
    assert duplicate_pairs([person(1, org_code="XA1"), person(2, org_code="XA2")]) == []


def test_different_identity_numbers_or_kinds_are_never_proposed() -> None:
    a = person(1, date_of_birth=BORN, identity_number="001080000001")
    b = person(2, date_of_birth=BORN, identity_number="001080000002")
    assert likely_same(a, b) == ()
    collective = person(3, date_of_birth=BORN, kind=Kind.COLLECTIVE)
    assert likely_same(person(4, date_of_birth=BORN), collective) == ()


def test_a_dismissed_pair_and_a_merged_entry_are_not_proposed_again() -> None:
    people = [person(1, date_of_birth=BORN), person(2, date_of_birth=BORN)]
    assert duplicate_pairs(people, dismissed={pair_key(2, 1)}) == []
    merged = [person(1, date_of_birth=BORN), person(2, date_of_birth=BORN, merged_into=1)]
    assert duplicate_pairs(merged) == []


def test_three_namesakes_make_every_pair_between_them_once() -> None:
    people = [person(pid, date_of_birth=BORN) for pid in (5, 3, 9)]
    assert [p.key for p in duplicate_pairs(people)] == [(3, 5), (3, 9), (5, 9)]


def test_the_target_keeps_its_identity_and_takes_only_what_it_lacks() -> None:
    target = person(1, org_code="XA1", position="Chủ tịch")
    source = person(
        2,
        "Nguyen Van An",
        org_code="XA2",
        date_of_birth=BORN,
        gender=Gender.MALE,
        position="Phó chủ tịch",
    )
    merged, taken = filled_from(target, source)
    assert merged.full_name == "Nguyễn Văn An"
    assert merged.org_code == "XA1"
    assert merged.position == "Chủ tịch"
    assert merged.date_of_birth == BORN
    assert merged.gender is Gender.MALE
    assert taken == ("ngày sinh", "giới tính")


def test_a_merge_into_itself_a_merged_entry_or_another_kind_is_refused() -> None:
    a, b = person(1), person(2)
    assert merge_problem(a, b) is None
    assert merge_problem(a, a) == "Không thể gộp một mục vào chính nó."
    assert "đã được gộp vào mục #7" in (merge_problem(a, person(2, merged_into=7)) or "")
    assert merge_problem(a, person(2, kind=Kind.COLLECTIVE)) is not None


def test_only_years_rated_differently_on_both_sides_conflict_and_the_message_names_them() -> None:
    source = {2022: "excellent", 2023: "good", 2024: "good"}
    target = {2022: "excellent", 2023: "excellent", 2024: "completed", 2025: "good"}
    assert rating_conflicts(source, target) == [2023, 2024]
    assert "năm 2023, 2024" in rating_conflict_message([2024, 2023])
