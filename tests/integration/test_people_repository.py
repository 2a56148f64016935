"""The registry's repository on a real database: what it stores comes back, search ignores
diacritics and merged entries, and many histories load with one query per table."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import event

from service.adapters.uow import SqlUnitOfWork
from service.domain.awards import Kind
from service.domain.errors import Conflict, NotFound
from service.domain.people import (
    AwardRecord,
    Gender,
    Hold,
    HoldKind,
    Initiative,
    Person,
    Rating,
    Source,
    YearRating,
)
from tests.conftest import services_of

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)


def _uow(app: Flask) -> SqlUnitOfWork:
    return services_of(app).container.uow()


def _an(**changes: object) -> Person:
    fields: dict[str, object] = {
        "id": 0,
        "full_name": "Nguyễn Văn An",
        "org_code": "HM-DC",
        "date_of_birth": date(1980, 5, 1),
        "gender": Gender.MALE,
    }
    return Person(**(fields | changes))  # type: ignore[arg-type]


def test_a_person_comes_back_as_stored_with_its_unit_code(app: Flask) -> None:
    with _uow(app) as uow:
        added = uow.people.add(_an(identity_number="001080012345", position="Chuyên viên"), now=NOW)
        uow.commit()
    with _uow(app) as uow:
        assert uow.people.get(added.id) == added
        assert added.org_code == "HM-DC" and added.version == 1
        assert uow.people.get(added.id + 1000) is None


def test_search_ignores_diacritics_and_case_and_leaves_out_merged_entries(app: Flask) -> None:
    with _uow(app) as uow:
        an = uow.people.add(_an(), now=NOW)
        twin = uow.people.add(_an(org_code="HM-TM"), now=NOW)
        uow.people.add(_an(full_name="Trần Thị Bình", gender=Gender.FEMALE), now=NOW)
        uow.people.update(replace(twin, merged_into=an.id))  # an admin merged the twin
        uow.commit()
    with _uow(app) as uow:
        assert [p.id for p in uow.people.search("nguyen van an")] == [an.id]
        assert [p.id for p in uow.people.search("NGUYỄN an")] == [an.id]
        assert uow.people.search("an", org_codes=["HM-TM"]) == []
        assert uow.people.search("nguyen", kind=Kind.COLLECTIVE) == []
        assert uow.people.search("100%_") == []


def test_a_second_entry_with_the_same_identity_number_is_a_conflict(app: Flask) -> None:
    with _uow(app) as uow:
        uow.people.add(_an(identity_number="001080012345"), now=NOW)
        with pytest.raises(Conflict):
            uow.people.add(_an(identity_number="001080012345"), now=NOW)


def test_a_stale_update_is_a_conflict(app: Flask) -> None:
    with _uow(app) as uow:
        an = uow.people.add(_an(), now=NOW)
        moved = uow.people.update(replace(an, position="Phó trưởng phòng"))
        assert moved.version == 2
        with pytest.raises(Conflict):
            uow.people.update(replace(an, position="Trưởng phòng"))


def test_history_holds_every_kind_of_entry_and_one_rating_a_year(app: Flask) -> None:
    with _uow(app) as uow:
        an = uow.people.add(_an(), now=NOW)
        uow.people.add_award(
            an.id, AwardRecord("CSTDCS", 2024, "12/QĐ-UBND", date(2024, 12, 20), "UBND"), now=NOW
        )
        uow.people.set_rating(an.id, YearRating(2024, Rating.GOOD))
        uow.people.set_rating(an.id, YearRating(2024, Rating.EXCELLENT))
        initiative = uow.people.add_initiative(
            an.id, Initiative("Số hóa hồ sơ", "province", date(2024, 6, 1), "Hội đồng tỉnh")
        )
        hold = uow.people.add_hold(an.id, Hold(HoldKind.DISCIPLINE, date(2025, 1, 2)))
        assert hold.id is not None
        uow.people.close_hold(hold.id, date(2025, 3, 1))
        uow.commit()
    with _uow(app) as uow:
        history = uow.people.history(an.id)
        assert [(a.award, a.year, a.source) for a in history.awards] == [
            ("CSTDCS", 2024, Source.IMPORTED)
        ]
        assert history.ratings == (YearRating(2024, Rating.EXCELLENT),)
        assert history.initiatives == (initiative,)
        assert [h.closed_on for h in history.holds] == [date(2025, 3, 1)]
        with pytest.raises(NotFound):
            uow.people.history(an.id + 1000)


def test_many_histories_load_with_one_query_per_table(app: Flask) -> None:
    with _uow(app) as uow:
        team = uow.people.add(
            Person(0, "Phòng Nội vụ", Kind.COLLECTIVE, "HM-DC", members_count=3), now=NOW
        )
        ids = [team.id]
        for n in range(5):
            p = uow.people.add(_an(full_name=f"Người {n}", member_of=team.id), now=NOW)
            uow.people.set_rating(p.id, YearRating(2025, Rating.GOOD))
            ids.append(p.id)
        uow.commit()
    with _uow(app) as uow:
        statements: list[str] = []

        def count(*args: object) -> None:
            if str(args[2]).lstrip().upper().startswith("SELECT"):
                statements.append(str(args[2]))

        engine = uow.session.get_bind()
        event.listen(engine, "before_cursor_execute", count)
        try:
            found = uow.people.histories(ids)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        # People with their units, then awards, ratings, initiatives, holds and postings.
        assert len(statements) == 6
        assert set(found) == set(ids)
        assert len(found[team.id].members) == 5
        assert all(m.ratings == (YearRating(2025, Rating.GOOD),) for m in found[team.id].members)
