"""Duplicate registry entries: proposed to an admin, merged or dismissed by them, never silently.

``duplicates`` lists the likely pairs among the entries of the units the admin manages (the
rules are ``domain/people_duplicates.py``). ``merge_person`` merges one entry into another in one
transaction: the source's awards, ratings, initiatives, holds, postings, the nominees linked to
it and a collective's members go to the target, the source is marked merged into it, and the
audit trail says what moved. A year rated differently on both sides is refused (409, naming the
year): which rating is right is for the admin to settle on the entries first. ``mark_distinct``
records that two entries are different people, so the pair is not proposed again.

The admin must administer the unit of both entries (or one above it).
"""

from __future__ import annotations

from dataclasses import dataclass

from service.domain.errors import Conflict, Invalid, NotFound
from service.domain.history import Event
from service.domain.orgs import OrgUnit
from service.domain.people import Person
from service.domain.people_duplicates import (
    DuplicatePair,
    Moved,
    duplicate_pairs,
    filled_from,
    merge_problem,
    rating_conflict_message,
    rating_conflicts,
)
from service.domain.permissions import Actor, Role, require_admin, require_admin_over
from service.usecases.ports import Clock, UnitOfWork, utcnow

NOT_FOUND = "Không tìm thấy mục này trong danh sách cá nhân, tập thể."


@dataclass(frozen=True)
class MergeOutcome:
    target: Person
    source: Person
    moved: Moved
    filled: tuple[str, ...]  # the names of the fields the target took from the source


def duplicates(*, actor: Actor, uow: UnitOfWork) -> list[DuplicatePair]:
    require_admin(actor)
    with uow:
        scope = uow.orgs.subtree_ids(actor.units_with([Role.ADMIN]))
        scope |= uow.orgs.absorbed_ids(scope)
        people = uow.person_merges.namesakes(scope)
        dismissed = uow.person_merges.dismissed([p.id for p in people])
        return duplicate_pairs(people, dismissed)


def merge_person(
    source_id: int, into_id: int, *, actor: Actor, uow: UnitOfWork, clock: Clock = utcnow
) -> MergeOutcome:
    require_admin(actor)
    with uow:
        source = _entry(uow, source_id)
        target = _other(uow, into_id, "into")
        unit = _require_admin_of(uow, actor, source)
        _require_admin_of(uow, actor, target)
        if problem := merge_problem(source, target):
            if source.merged_into is not None or target.merged_into is not None:
                raise Conflict(problem)
            raise Invalid(problem, {"into": problem})
        years = rating_conflicts(
            uow.person_merges.ratings(source.id), uow.person_merges.ratings(target.id)
        )
        if years:
            raise Conflict(rating_conflict_message(years))
        filled, taken = filled_from(target, source)
        moved = uow.person_merges.merge(source.id, filled)
        comment = (
            f"#{source.id} «{source.full_name}» → #{target.id} «{target.full_name}»; "
            f"đã chuyển: {moved.summary()}"
        )
        if taken:
            comment += f"; bổ sung cho #{target.id}: {', '.join(taken)}"
        uow.events.append(Event.of(clock(), actor, "person_merged", org=unit, comment=comment))
        merged = uow.person_merges.entry(target.id)
        gone = uow.person_merges.entry(source.id)
        uow.commit()
    assert merged is not None and gone is not None
    return MergeOutcome(merged, gone, moved, taken)


def mark_distinct(
    person_id: int, from_id: int, *, actor: Actor, uow: UnitOfWork, clock: Clock = utcnow
) -> bool:
    """Record the two entries as different people; False if that was already recorded."""
    require_admin(actor)
    with uow:
        one = _entry(uow, person_id)
        other = _other(uow, from_id, "from")
        if one.id == other.id:
            message = "Hãy chọn hai mục khác nhau."
            raise Invalid(message, {"from": message})
        unit = _require_admin_of(uow, actor, one)
        _require_admin_of(uow, actor, other)
        added = uow.person_merges.dismiss(one.id, other.id, actor.username, clock())
        if added:
            comment = f"#{one.id} «{one.full_name}» và #{other.id} «{other.full_name}»"
            uow.events.append(
                Event.of(clock(), actor, "person_distinct", org=unit, comment=comment)
            )
        uow.commit()
        return added


def _entry(uow: UnitOfWork, person_id: int) -> Person:
    person = uow.person_merges.entry(person_id)
    if person is None:
        raise NotFound(NOT_FOUND)
    return person


def _other(uow: UnitOfWork, person_id: int, field: str) -> Person:
    """The entry named in the body: one that does not exist is bad input, not a missing page."""
    person = uow.person_merges.entry(person_id)
    if person is None:
        message = f"Không có mục #{person_id} trong danh sách cá nhân, tập thể."
        raise Invalid(message, {field: message})
    return person


def _require_admin_of(uow: UnitOfWork, actor: Actor, person: Person) -> OrgUnit | None:
    """The entry's unit, once the actor is found to administer it; an entry without a unit
    is any admin's to manage."""
    unit = uow.orgs.by_code(person.org_code) if person.org_code else None
    if unit is not None:
        require_admin_over(actor, uow.orgs.chain(unit.id))
    return unit
