"""The registry's use cases on the fakes (and the fake registry keeping the port's promises)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from service.domain.errors import Conflict, NotFound
from service.domain.people import Gender, Person, Rating, YearRating
from service.usecases.ports import utcnow
from tests.fakes import FakeUnitOfWork, IntegrityViolation

NOW = utcnow()


def _an(**changes: object) -> Person:
    base = Person(0, "Nguyễn Văn An", org_code="HM-DC", date_of_birth=date(1980, 5, 1))
    return replace(base, gender=Gender.MALE, **changes)  # type: ignore[arg-type]


def test_the_fake_registry_searches_without_diacritics_and_skips_merged_entries(
    uow: FakeUnitOfWork,
) -> None:
    with uow:
        an = uow.people.add(_an(), now=NOW)
        twin = uow.people.add(_an(org_code="HM-TM"), now=NOW)
        uow.people.update(replace(twin, merged_into=an.id))
        uow.commit()
    with uow:
        assert [p.id for p in uow.people.search("nguyen van an")] == [an.id]
        assert uow.people.search("an", org_codes=["HM-TM"]) == []


def test_the_fake_registry_rolls_back_and_refuses_what_the_database_would(
    uow: FakeUnitOfWork,
) -> None:
    with uow:
        an = uow.people.add(_an(identity_number="001080012345"), now=NOW)
        uow.people.set_rating(an.id, YearRating(2024, Rating.GOOD))
        uow.commit()
    with uow:
        uow.people.set_rating(an.id, YearRating(2024, Rating.EXCELLENT))
        with pytest.raises(IntegrityViolation):
            uow.people.add(_an(identity_number="001080012345"), now=NOW)
        with pytest.raises(Conflict):
            uow.people.update(replace(an, version=0))
        with pytest.raises(NotFound):
            uow.people.history(an.id + 100)
    with uow:
        assert uow.people.history(an.id).ratings == (YearRating(2024, Rating.GOOD),)
