"""The registry's use cases on the fakes (and the fake registry keeping the port's promises)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from service.domain.errors import Conflict, Forbidden, Invalid, NotFound
from service.domain.people import AwardRecord, Gender, Person, Rating, YearRating
from service.usecases import people
from service.usecases.ports import utcnow
from tests.fakes import FakeUnitOfWork, IntegrityViolation
from tests.unit.usecases.kit import Kit

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


BODY = {
    "full_name": "Nguyễn Văn An",
    "date_of_birth": "1980-05-01",
    "gender": "male",
    "org_code": "HM-DC",
    "identity_number": "001080012345",
}


def test_adding_a_person_is_one_transaction_with_its_audit_event(kit: Kit) -> None:
    before = (kit.uow.committed, len(kit.uow.world.events))
    added = people.create_person(BODY, actor=kit.actor("dc.clerk"), uow=kit.uow)
    assert kit.uow.committed == before[0] + 1
    event = kit.uow.world.events[-1].event
    assert (event.action, event.org_code, event.actor) == ("person_added", "HM-DC", "dc.clerk")
    assert "Nguyễn Văn An" in event.comment
    assert added.identity_number == ""  # a clerk never reads it back
    assert kit.uow.world.people[added.id].identity_number == "001080012345"


def test_a_person_can_be_added_only_within_the_actors_units(kit: Kit) -> None:
    for user in ("tm.clerk", "hm.auditor", "cg.approver"):
        with pytest.raises(Forbidden):
            people.create_person(BODY, actor=kit.actor(user), uow=kit.uow)
    assert kit.uow.world.people == {}


def test_history_is_read_as_the_actor_may_see_it(kit: Kit) -> None:
    added = people.create_person(BODY, actor=kit.actor("hm.officer"), uow=kit.uow)
    assert added.identity_number == "001080012345"
    people.add_history(
        added.id,
        {"rating": "excellent", "year": 2025},
        actor=kit.actor("dc.clerk"),
        uow=kit.uow,
    )
    seen = people.person_history(added.id, actor=kit.actor("dc.clerk"), uow=kit.uow)
    assert seen.person.identity_number == ""
    assert seen.rating_in(2025) is Rating.EXCELLENT
    approver = people.person_history(added.id, actor=kit.actor("hn.approver"), uow=kit.uow)
    assert approver.person.identity_number == "001080012345"
    with pytest.raises(NotFound):
        people.person_history(added.id, actor=kit.actor("tm.clerk"), uow=kit.uow)


def test_an_auditor_reads_the_registry_but_does_not_write_in_it(kit: Kit) -> None:
    added = people.create_person(BODY, actor=kit.actor("dc.clerk"), uow=kit.uow)
    people.person_history(added.id, actor=kit.actor("hm.auditor"), uow=kit.uow)
    with pytest.raises(Forbidden):
        people.add_history(
            added.id, {"rating": "good", "year": 2025}, actor=kit.actor("hm.auditor"), uow=kit.uow
        )


def test_an_award_entry_must_be_in_the_catalogue_and_fit_the_persons_kind(kit: Kit) -> None:
    added = people.create_person(BODY, actor=kit.actor("dc.clerk"), uow=kit.uow)
    award = {
        "year": 2024,
        "decision_number": "12/QĐ-UBND",
        "decision_date": "2024-12-20",
        "issuer": "UBND quận Hoàng Mai",
    }
    clerk = kit.actor("dc.clerk")
    with pytest.raises(Invalid) as unknown:
        people.add_history(added.id, award | {"award": "NOPE"}, actor=clerk, uow=kit.uow)
    assert "award" in unknown.value.fields
    with pytest.raises(Invalid) as collective:
        people.add_history(added.id, award | {"award": "TTLDTT"}, actor=clerk, uow=kit.uow)
    assert collective.value.fields["award"] == "Hình thức này không dành cho cá nhân."
    stored = people.add_history(added.id, award | {"award": "CSTDCS"}, actor=clerk, uow=kit.uow)
    assert isinstance(stored, AwardRecord) and stored.id is not None


def test_a_merged_entry_takes_no_more_history(kit: Kit) -> None:
    clerk = kit.actor("dc.clerk")
    an = people.create_person(BODY, actor=clerk, uow=kit.uow)
    twin = people.create_person(BODY | {"identity_number": ""}, actor=clerk, uow=kit.uow)
    with kit.uow:
        kit.uow.people.update(replace(kit.uow.people.history(twin.id).person, merged_into=an.id))
        kit.uow.commit()
    with pytest.raises(Conflict):
        people.add_history(twin.id, {"rating": "good", "year": 2025}, actor=clerk, uow=kit.uow)
    found = people.search_people("nguyen van an", actor=clerk, uow=kit.uow)
    assert [p.id for p in found] == [an.id]
    assert all(p.identity_number == "" for p in found)


def test_search_finds_nothing_for_someone_without_a_unit_role(kit: Kit) -> None:
    people.create_person(BODY, actor=kit.actor("dc.clerk"), uow=kit.uow)
    assert people.search_people("an", actor=kit.actor("tm.clerk"), uow=kit.uow) == []
    assert len(people.search_people("an", actor=kit.actor("admin"), uow=kit.uow)) == 1
