"""Duplicate registry entries in the database: the namesakes to compare, the pairs dismissed as
two people, and the merge itself (every history row of the source handed to the target).

The rules (which pairs, what the target keeps) are in ``domain/people_duplicates.py``; the use
case (``usecases/people_merge.py``) checks them and audits. Only the namesakes are loaded to be
compared: entries whose folded name another entry in the same units shares, found by the index
on ``people.name_fold``.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from service.adapters.tables import (
    HoldRow,
    InitiativeRow,
    NomineeRow,
    OrgUnitRow,
    PersonAwardRow,
    PersonDistinctPairRow,
    PersonRatingRow,
    PersonRow,
    PostingRow,
)
from service.domain.awards import Kind
from service.domain.people import Gender, Person
from service.domain.people_duplicates import Moved, pair_key

MOVED_WHOLE = (
    PersonAwardRow.person_id,
    InitiativeRow.person_id,
    HoldRow.person_id,
    PostingRow.person_id,
)


class PersonMergeRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def namesakes(self, org_ids: Collection[int] | None = None) -> list[Person]:
        """Entries in force (in ``org_ids``, when given) sharing their folded name with another."""
        live = PersonRow.merged_into_id.is_(None)
        scoped = [live] if org_ids is None else [live, PersonRow.org_id.in_(org_ids)]
        shared = (
            select(PersonRow.name_fold)
            .where(*scoped)
            .group_by(PersonRow.name_fold)
            .having(func.count(PersonRow.id) > 1)
        )
        rows = self.s.execute(
            select(PersonRow, OrgUnitRow.code)
            .outerjoin(OrgUnitRow, OrgUnitRow.id == PersonRow.org_id)
            .where(*scoped, PersonRow.name_fold.in_(shared))
            .order_by(PersonRow.id)
        )
        return [_person(row, code) for row, code in rows]

    def dismissed(self, person_ids: Collection[int]) -> set[tuple[int, int]]:
        rows = self.s.execute(
            select(PersonDistinctPairRow.first_id, PersonDistinctPairRow.second_id).where(
                PersonDistinctPairRow.first_id.in_(person_ids)
            )
        )
        return {(a, b) for a, b in rows}

    def dismiss(self, a: int, b: int, by: str, now: datetime) -> bool:
        """Record the pair as two people; False if it already was."""
        first, second = pair_key(a, b)
        if self.s.get(PersonDistinctPairRow, (first, second)) is not None:
            return False
        self.s.add(
            PersonDistinctPairRow(first_id=first, second_id=second, decided_by=by, decided_at=now)
        )
        return True

    def entry(self, person_id: int) -> Person | None:
        """The entry, merged or not (a merged one says where it went)."""
        found = self.s.execute(
            select(PersonRow, OrgUnitRow.code)
            .outerjoin(OrgUnitRow, OrgUnitRow.id == PersonRow.org_id)
            .where(PersonRow.id == person_id)
        ).first()
        return _person(found[0], found[1]) if found else None

    def ratings(self, person_id: int) -> dict[int, str]:
        rows = self.s.execute(
            select(PersonRatingRow.year, PersonRatingRow.rating).where(
                PersonRatingRow.person_id == person_id
            )
        )
        return {int(y): str(r) for y, r in rows}

    def merge(self, source_id: int, target: Person) -> Moved:
        """Hand the source's history, nominees and members to ``target`` (written with the
        fields it took), and mark the source merged into it. The caller checked the ratings."""
        src, dst = self.s.get_one(PersonRow, source_id), self.s.get_one(PersonRow, target.id)
        counts = [self._repoint(c, source_id, target.id) for c in MOVED_WHOLE]
        same_years = select(PersonRatingRow.year).where(PersonRatingRow.person_id == target.id)
        self.s.execute(
            delete(PersonRatingRow).where(
                PersonRatingRow.person_id == source_id, PersonRatingRow.year.in_(same_years)
            )
        )
        ratings = self._repoint(PersonRatingRow.person_id, source_id, target.id)
        nominees = self._repoint(NomineeRow.person_id, source_id, target.id)
        members = self._repoint(PersonRow.member_of_id, source_id, target.id)
        self._repoint(PersonRow.merged_into_id, source_id, target.id)  # earlier merges follow
        if target.identity_number and target.identity_number == src.identity_number:
            src.identity_number = None  # it moves to the target: unique, so free it first
            self.s.flush()
        _write_identity(dst, target)
        src.merged_into_id = target.id
        self.s.flush()
        awards, initiatives, holds, postings = counts
        return Moved(awards, ratings, initiatives, holds, postings, nominees, members)

    def _repoint(self, column: InstrumentedAttribute[Any], source_id: int, target_id: int) -> int:
        result = self.s.execute(
            update(column.class_)
            .where(column == source_id)
            .values({column.key: target_id})
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def _write_identity(row: PersonRow, person: Person) -> None:
    row.date_of_birth = person.date_of_birth
    row.gender = person.gender.value if person.gender else None
    row.ethnicity = person.ethnicity
    row.identity_number = person.identity_number or None
    row.position = person.position
    row.members_count = person.members_count
    row.women_count = person.women_count
    row.member_of_id = person.member_of


def _person(row: PersonRow, org_code: str | None) -> Person:
    return Person(
        id=row.id,
        full_name=row.full_name,
        kind=Kind(row.kind),
        org_code=org_code or "",
        date_of_birth=row.date_of_birth,
        gender=Gender(row.gender) if row.gender else None,
        ethnicity=row.ethnicity or "",
        identity_number=row.identity_number or "",
        position=row.position or "",
        members_count=row.members_count,
        women_count=row.women_count,
        member_of=row.member_of_id,
        merged_into=row.merged_into_id,
        version=row.version,
    )
