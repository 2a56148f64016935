"""Duplicate registry entries on the fakes: proposed to admins only, merged in one transaction
with its audit event, refused when a year is rated differently, dismissed for good."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from service.domain.errors import Conflict, Forbidden, Invalid
from service.domain.people import AwardRecord, Gender, Person, Rating, YearRating
from service.usecases import people_merge
from service.usecases.ports import utcnow
from tests.fakes import FakeUnitOfWork
from tests.unit.usecases.kit import Kit, nominee

NOW = utcnow()
BORN = date(1980, 5, 1)


def _add(uow: FakeUnitOfWork, name: str, **changes: object) -> Person:
    base = Person(0, name, org_code="HM-DC", date_of_birth=BORN, gender=Gender.MALE)
    with uow:
        person = uow.people.add(replace(base, **changes), now=NOW)  # type: ignore[arg-type]
        uow.commit()
    return person


def test_only_admins_see_the_pairs_and_only_those_of_their_units(kit: Kit) -> None:
    a = _add(kit.uow, "Nguyễn Văn An")
    b = _add(kit.uow, "Nguyen Van An", date_of_birth=None)
    _add(kit.uow, "Nguyễn Văn An", org_code="CG-DV", date_of_birth=date(1990, 1, 1))
    pairs = people_merge.duplicates(actor=kit.actor("admin"), uow=kit.uow)
    assert [p.key for p in pairs] == [(a.id, b.id)]
    assert pairs[0].reasons[1:] == ("cùng đơn vị HM-DC", f"mục #{b.id} chưa có ngày sinh")
    with pytest.raises(Forbidden):
        people_merge.duplicates(actor=kit.actor("dc.clerk"), uow=kit.uow)


def test_a_merge_moves_the_history_and_the_nominees_and_is_audited_once(kit: Kit) -> None:
    uow = kit.uow
    target = _add(uow, "Nguyễn Văn An")
    source = _add(uow, "Nguyễn Văn An", position="Chủ tịch", identity_number="001080000001")
    with uow:
        uow.people.add_award(source.id, AwardRecord("CSTDCS", 2024, "1/QĐ"), now=NOW)
        uow.people.set_rating(source.id, YearRating(2024, Rating.EXCELLENT))
        uow.commit()
    dossier = kit.create(nominees=[replace(nominee(), person_id=source.id)])
    before = len(uow.world.events)
    done = people_merge.merge_person(
        source.id, target.id, actor=kit.actor("admin"), uow=uow, clock=kit.clock
    )
    assert (done.moved.awards, done.moved.ratings, done.moved.nominees) == (1, 1, 1)
    assert done.filled == ("số định danh", "chức vụ")
    assert done.target.identity_number == "001080000001"
    assert done.source.merged_into == target.id and done.source.identity_number == ""
    with uow:
        history = uow.people.history(target.id)
        assert [a.decision_number for a in history.awards] == ["1/QĐ"]
        assert uow.dossiers.get(dossier.id).nominees[0].person_id == target.id
    assert len(uow.world.events) == before + 1
    assert uow.world.events[-1].event.action == "person_merged"


def test_a_year_rated_differently_refuses_the_merge_and_nothing_moves(kit: Kit) -> None:
    uow = kit.uow
    a, b = _add(uow, "Trần Bình"), _add(uow, "Tran Binh")
    with uow:
        uow.people.set_rating(a.id, YearRating(2023, Rating.GOOD))
        uow.people.set_rating(b.id, YearRating(2023, Rating.COMPLETED))
        uow.commit()
    committed = uow.committed
    with pytest.raises(Conflict, match="năm 2023"):
        people_merge.merge_person(b.id, a.id, actor=kit.actor("admin"), uow=uow)
    assert uow.committed == committed
    with pytest.raises(Invalid):
        people_merge.merge_person(b.id, b.id, actor=kit.actor("admin"), uow=uow)


def test_a_dismissed_pair_is_no_longer_proposed(kit: Kit) -> None:
    a, b = _add(kit.uow, "Lê Cường"), _add(kit.uow, "Le Cuong")
    admin = kit.actor("admin")
    assert people_merge.mark_distinct(b.id, a.id, actor=admin, uow=kit.uow)
    assert not people_merge.mark_distinct(a.id, b.id, actor=admin, uow=kit.uow)
    assert people_merge.duplicates(actor=admin, uow=kit.uow) == []
