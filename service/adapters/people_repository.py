"""The registry of people and collectives and their history (issue 14), in the database.

A person's unit is stored as the org unit's id and handed out as its code. ``histories`` loads any
number of entries with one query per table (people with their members, awards, ratings,
initiatives, holds, postings), so a dossier of fifty nominees costs six queries, not three hundred.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from service.adapters.tables import (
    HoldRow,
    InitiativeRow,
    OrgUnitRow,
    PersonAwardRow,
    PersonRatingRow,
    PersonRow,
    PostingRow,
)
from service.domain.awards import Kind
from service.domain.dossiers import fold
from service.domain.errors import Conflict, NotFound
from service.domain.people import (
    AwardRecord,
    Basis,
    Gender,
    History,
    Hold,
    HoldKind,
    Initiative,
    Person,
    Posting,
    Rating,
    Source,
    YearRating,
)

DUPLICATE_IDENTITY = "Số định danh cá nhân này đã có trong danh sách người, tập thể."
NO_PERSON = "Không tìm thấy người hoặc tập thể này."
NO_HOLD = "Không tìm thấy việc đang xem xét này."


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _person(row: PersonRow, org_code: str | None) -> Person:
    return Person(
        id=row.id,
        full_name=row.full_name,
        kind=Kind(row.kind),
        org_code=org_code or "",
        date_of_birth=row.date_of_birth,
        gender=Gender(row.gender) if row.gender else None,
        ethnicity=row.ethnicity,
        identity_number=row.identity_number or "",
        position=row.position,
        members_count=row.members_count,
        women_count=row.women_count,
        member_of=row.member_of_id,
        merged_into=row.merged_into_id,
        version=row.version,
    )


def _award(row: PersonAwardRow) -> AwardRecord:
    return AwardRecord(
        award=row.award_code,
        year=row.year,
        decision_number=row.decision_number,
        decision_date=row.decision_date,
        issuer=row.issuer,
        period_from=row.period_from,
        period_to=row.period_to,
        source=Source(row.source),
        basis=Basis(row.basis),
        revoked=row.revoked_at is not None,
        id=row.id,
    )


def _initiative(row: InitiativeRow) -> Initiative:
    return Initiative(
        row.title, row.scope, row.recognised_on, row.deciding_body, row.applied, id=row.id
    )


def _hold(row: HoldRow) -> Hold:
    return Hold(HoldKind(row.kind), row.opened_on, row.closed_on, row.note, id=row.id)


class PeopleRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def _org_id(self, code: str) -> int | None:
        if not code:
            return None
        org_id = self.s.scalar(select(OrgUnitRow.id).where(OrgUnitRow.code == code))
        if org_id is None:
            raise NotFound(f"Không có đơn vị mã {code}.")
        return org_id

    def _columns(self, person: Person) -> dict[str, Any]:
        return {
            "kind": person.kind.value,
            "full_name": person.full_name,
            "name_fold": fold(person.full_name)[:200],
            "org_id": self._org_id(person.org_code),
            "date_of_birth": person.date_of_birth,
            "gender": person.gender.value if person.gender else None,
            "ethnicity": person.ethnicity,
            # Unique when given; several entries may have none.
            "identity_number": person.identity_number or None,
            "position": person.position,
            "members_count": person.members_count,
            "women_count": person.women_count,
            "member_of_id": person.member_of,
            "merged_into_id": person.merged_into,
        }

    def _flush(self) -> None:
        try:
            self.s.flush()
        except IntegrityError as err:
            raise Conflict(DUPLICATE_IDENTITY) from err

    def _read(self, query: Select[PersonRow]) -> list[Person]:
        """The entries ``query`` selects, each with its unit's code (one query)."""
        with_codes = query.add_columns(OrgUnitRow.code).outerjoin(
            OrgUnitRow, OrgUnitRow.id == PersonRow.org_id
        )
        return [_person(row, code) for row, code in self.s.execute(with_codes)]

    def add(self, person: Person, *, now: datetime) -> Person:
        row = PersonRow(created_at=now, version=1, **self._columns(person))
        self.s.add(row)
        self._flush()
        return replace(person, id=row.id, version=row.version)

    def get(self, person_id: int) -> Person | None:
        found = self._read(select(PersonRow).where(PersonRow.id == person_id))
        return found[0] if found else None

    def search(
        self,
        q: str,
        *,
        limit: int = 20,
        kind: Kind | None = None,
        org_codes: Collection[str] | None = None,
    ) -> list[Person]:
        query = select(PersonRow).where(PersonRow.merged_into_id.is_(None))
        for word in fold(q).split():
            query = query.where(PersonRow.name_fold.like(_like(word), escape="\\"))
        if kind is not None:
            query = query.where(PersonRow.kind == kind.value)
        if org_codes is not None:
            units = select(OrgUnitRow.id).where(OrgUnitRow.code.in_(list(org_codes)))
            query = query.where(PersonRow.org_id.in_(units))
        query = query.order_by(PersonRow.name_fold, PersonRow.id).limit(limit)
        return self._read(query)

    def history(self, person_id: int) -> History:
        found = self.histories([person_id])
        if person_id not in found:
            raise NotFound(NO_PERSON)
        return found[person_id]

    def histories(self, person_ids: Collection[int]) -> dict[int, History]:
        ids = set(person_ids)
        if not ids:
            return {}
        people = self._read(
            select(PersonRow)
            .where(
                or_(
                    PersonRow.id.in_(ids),
                    # A merged member is a duplicate of another entry: it is not counted twice.
                    PersonRow.member_of_id.in_(ids) & PersonRow.merged_into_id.is_(None),
                )
            )
            .order_by(PersonRow.name_fold, PersonRow.id)
        )
        everyone = [p.id for p in people]
        awards: dict[int, list[AwardRecord]] = defaultdict(list)
        for a in self.s.scalars(
            select(PersonAwardRow)
            .where(PersonAwardRow.person_id.in_(everyone))
            .order_by(PersonAwardRow.year, PersonAwardRow.id)
        ):
            awards[a.person_id].append(_award(a))
        ratings: dict[int, list[YearRating]] = defaultdict(list)
        for r in self.s.scalars(
            select(PersonRatingRow)
            .where(PersonRatingRow.person_id.in_(everyone))
            .order_by(PersonRatingRow.year)
        ):
            ratings[r.person_id].append(YearRating(r.year, Rating(r.rating)))
        initiatives: dict[int, list[Initiative]] = defaultdict(list)
        for i in self.s.scalars(
            select(InitiativeRow)
            .where(InitiativeRow.person_id.in_(everyone))
            .order_by(InitiativeRow.recognised_on, InitiativeRow.id)
        ):
            initiatives[i.person_id].append(_initiative(i))
        holds: dict[int, list[Hold]] = defaultdict(list)
        for h in self.s.scalars(
            select(HoldRow)
            .where(HoldRow.person_id.in_(everyone))
            .order_by(HoldRow.opened_on, HoldRow.id)
        ):
            holds[h.person_id].append(_hold(h))
        postings: dict[int, list[Posting]] = defaultdict(list)
        posting_rows = self.s.execute(
            select(PostingRow, OrgUnitRow.code)
            .outerjoin(OrgUnitRow, OrgUnitRow.id == PostingRow.org_id)
            .where(PostingRow.person_id.in_(everyone))
            .order_by(PostingRow.since, PostingRow.id)
        )
        for posting, code in posting_rows:
            postings[posting.person_id].append(
                Posting(code or "", posting.position, posting.since, posting.until)
            )

        def own(person: Person) -> History:
            return History(
                person,
                tuple(awards[person.id]),
                tuple(ratings[person.id]),
                tuple(initiatives[person.id]),
                tuple(holds[person.id]),
                tuple(postings[person.id]),
            )

        members: dict[int, list[History]] = defaultdict(list)
        for p in people:
            if p.member_of is not None and p.member_of in ids:
                members[p.member_of].append(own(p))
        return {p.id: replace(own(p), members=tuple(members[p.id])) for p in people if p.id in ids}

    def _require(self, person_id: int) -> None:
        if self.s.get(PersonRow, person_id) is None:
            raise NotFound(NO_PERSON)

    def add_award(
        self,
        person_id: int,
        record: AwardRecord,
        *,
        now: datetime,
        decision_id: int | None = None,
        nominee_id: int | None = None,
    ) -> AwardRecord:
        self._require(person_id)
        row = PersonAwardRow(
            person_id=person_id,
            award_code=record.award,
            year=record.year,
            decision_number=record.decision_number,
            decision_date=record.decision_date,
            issuer=record.issuer,
            period_from=record.period_from,
            period_to=record.period_to,
            source=record.source.value,
            basis=record.basis.value,
            decision_id=decision_id,
            nominee_id=nominee_id,
            revoked_at=now if record.revoked else None,
            created_at=now,
        )
        self.s.add(row)
        self.s.flush()
        return replace(record, id=row.id)

    def revoke_awards(
        self, decision_id: int, nominee_ids: Collection[int] | None, at: datetime
    ) -> int:
        stmt = update(PersonAwardRow).where(
            PersonAwardRow.decision_id == decision_id, PersonAwardRow.revoked_at.is_(None)
        )
        if nominee_ids is not None:
            stmt = stmt.where(PersonAwardRow.nominee_id.in_(list(nominee_ids)))
        done = self.s.execute(
            stmt.values(revoked_at=at).execution_options(synchronize_session=False)
        )
        return int(done.rowcount)  # type: ignore[attr-defined]

    def set_rating(self, person_id: int, rating: YearRating) -> None:
        self._require(person_id)
        row = self.s.get(PersonRatingRow, (person_id, rating.year))
        if row is None:
            self.s.add(
                PersonRatingRow(person_id=person_id, year=rating.year, rating=rating.rating.value)
            )
        else:
            row.rating = rating.rating.value
        self.s.flush()

    def add_initiative(self, person_id: int, initiative: Initiative) -> Initiative:
        self._require(person_id)
        row = InitiativeRow(
            person_id=person_id,
            title=initiative.title,
            scope=initiative.scope,
            recognised_on=initiative.recognised_on,
            deciding_body=initiative.deciding_body,
            applied=initiative.applied,
        )
        self.s.add(row)
        self.s.flush()
        return replace(initiative, id=row.id)

    def add_hold(self, person_id: int, hold: Hold) -> Hold:
        self._require(person_id)
        row = HoldRow(
            person_id=person_id,
            kind=hold.kind.value,
            opened_on=hold.opened_on,
            closed_on=hold.closed_on,
            note=hold.note,
        )
        self.s.add(row)
        self.s.flush()
        return replace(hold, id=row.id)

    def close_hold(self, hold_id: int, closed_on: date) -> None:
        row = self.s.get(HoldRow, hold_id)
        if row is None:
            raise NotFound(NO_HOLD)
        row.closed_on = closed_on
        self.s.flush()

    def update(self, person: Person) -> Person:
        row = self.s.get(PersonRow, person.id)
        if row is None:
            raise NotFound(NO_PERSON)
        if row.version != person.version:
            raise Conflict()
        for name, value in self._columns(person).items():
            setattr(row, name, value)
        try:
            self._flush()
        except StaleDataError as err:  # someone wrote it between our read and this write
            raise Conflict() from err
        return replace(person, version=row.version)
