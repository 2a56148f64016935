"""Importing people and their history in bulk from a sheet (issue 14): all or nothing.

Every row is read by the registry's own rules (``people_inputs``, through ``people_sheet``) and
its unit must be in the actor's reach; a row's person is the registry entry with the same
identity number, else the one with the same folded name, date of birth and unit, else a new
entry (made once, however many rows name it). When any row is wrong nothing is written and each
problem is reported by row and column; a dry run reports the same and writes nothing. A good
import is one transaction with one audit event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from service.domain import permissions
from service.domain.awards import KIND_NAMES, Award
from service.domain.dossiers import fold
from service.domain.errors import Forbidden, Invalid
from service.domain.history import Event
from service.domain.orgs import OrgUnit
from service.domain.people import AwardRecord, Hold, Initiative, Person, YearRating
from service.domain.people_inputs import read_history_entry, read_person
from service.domain.people_sheet import (
    COLUMNS,
    HEADERS,
    RowProblems,
    column_of,
    entry_fields,
    person_fields,
)
from service.domain.permissions import Actor
from service.domain.rulebooks import DEFAULT_RULEBOOK
from service.domain.sheets import Row, RowError, locate
from service.usecases.nominee_import import ImportReport
from service.usecases.ports import Clock, UnitOfWork, utcnow
from service.usecases.rules import rulebook_of

Entry = AwardRecord | YearRating | Initiative | Hold


@dataclass
class _Read:
    """The sheet read: each good row's person key, person and entry; the problems found."""

    rows: list[tuple[int, tuple[object, ...], Person, Entry | None]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    units: dict[str, OrgUnit] = field(default_factory=dict)
    # The registry entry each person key names (None: a new one), found once.
    matches: dict[tuple[object, ...], int | None] = field(default_factory=dict)


def import_people(
    rows: Sequence[Row],
    *,
    dry_run: bool,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock = utcnow,
    rulebook: str = DEFAULT_RULEBOOK,
) -> ImportReport:
    if not permissions.people_units(actor, permissions.PEOPLE_KEEPERS):
        raise Forbidden("Bạn không có quyền cập nhật người, tập thể của đơn vị nào.")
    with uow:
        located = locate(rows, COLUMNS, "full_name")
        read = _read(uow, actor, located, rulebook)
        if not read.rows and not read.errors:
            read.errors.append(RowError(None, "", "Bảng không có dòng nào để nhập."))
        if read.errors:
            return ImportReport(0, sorted(read.errors, key=lambda e: e.row or 0), dry_run)
        if dry_run:
            return ImportReport(len(read.rows), [], True)
        now = clock()
        known = dict(read.matches)
        added = entries = 0
        for _, key, person, entry in read.rows:
            person_id = known[key]
            if person_id is None:
                person_id = known[key] = uow.people.add(person, now=now).id
                added += 1
            if entry is not None:
                _store(uow, person_id, entry, now)
                entries += 1
        comment = f"Nhập từ tệp Excel: {added} người, tập thể mới; {entries} mục quá trình."
        org = next(iter(read.units.values()))
        uow.events.append(Event.of(now, actor, "people_imported", org=org, comment=comment))
        uow.commit()
        return ImportReport(len(read.rows), [], False)


def _read(uow: UnitOfWork, actor: Actor, located: Any, rulebook: str) -> _Read:
    read = _Read()
    scopes = {fold(level.name): level.code for level in uow.orgs.levels()}
    scopes |= {fold(f"cấp {level.code}"): level.code for level in uow.orgs.levels()}
    scopes |= {"toan quoc": "national", "quoc gia": "national"}
    awards: dict[int, dict[str, Award]] = {}
    for number, values in located.rows:
        try:
            person = _person(uow, actor, read, located, number, values)
            chain = uow.orgs.chain(read.units[person.org_code].id)
            root = chain[0].id
            if root not in awards:
                awards[root] = {a.code: a for a in uow.awards.all(rulebook_of(uow, root, rulebook))}
            entry = _entry(located, number, values, scopes, awards[root], person)
            key = _key(person)
            if key not in read.matches:
                read.matches[key] = _matched(uow, actor, person, number)
        except RowProblems as problems:
            read.errors += problems.errors
            continue
        read.rows.append((number, key, person, entry))
    return read


def _person(
    uow: UnitOfWork, actor: Actor, read: _Read, located: Any, number: int, values: Any
) -> Person:
    fields = person_fields(located, number, values)
    try:
        person = read_person(fields)
    except Invalid as err:
        raise RowProblems(_said(number, err)) from None
    code = person.org_code
    if code not in read.units:
        org = uow.orgs.by_code(code)
        if org is None or org.merged_into_id is not None or not org.active:
            problem = f"Không có đơn vị mã {code} (hoặc đơn vị đã gộp, ngừng hoạt động)."
            raise RowProblems([RowError(number, HEADERS["org_code"], problem)])
        if not permissions.may_keep_person(actor, uow.orgs.chain(org.id)):
            problem = f"Đơn vị {code} nằm ngoài phạm vi của bạn."
            raise RowProblems([RowError(number, HEADERS["org_code"], problem)])
        read.units[code] = org
    return person


def _entry(
    located: Any,
    number: int,
    values: Any,
    scopes: dict[str, str],
    awards: dict[str, Award],
    person: Person,
) -> Entry | None:
    fields = entry_fields(located, number, values, scopes)
    if fields is None:
        return None
    try:
        entry = read_history_entry(fields, award_codes=set(awards), scopes=set(scopes.values()))
    except Invalid as err:
        raise RowProblems(_said(number, err)) from None
    if isinstance(entry, AwardRecord) and not awards[entry.award].takes(person.kind):
        problem = f"Hình thức này không dành cho {KIND_NAMES[person.kind]}."
        raise RowProblems([RowError(number, HEADERS["award"], problem)])
    return entry


def _said(number: int, err: Invalid) -> list[RowError]:
    if not err.fields:
        return [RowError(number, "", err.message)]
    return [RowError(number, column_of(f), m) for f, m in err.fields.items()]


def _key(person: Person) -> tuple[object, ...]:
    """The same person on two rows: the same identity number, or name, birth and unit."""
    if person.identity_number:
        return ("id", person.identity_number)
    return ("name", fold(person.full_name), person.date_of_birth, person.org_code, person.kind)


def _matched(uow: UnitOfWork, actor: Actor, person: Person, number: int) -> int | None:
    """The id of the registry entry the row names (None: a new one), if the actor keeps it."""
    found = _match(uow, person)
    if found is None:
        return None
    unit = uow.orgs.by_code(found.org_code)
    if unit is None or not permissions.may_keep_person(actor, uow.orgs.chain(unit.id)):
        problem = f"Người này đã có trong sổ ở đơn vị {found.org_code}, ngoài phạm vi của bạn."
        raise RowProblems([RowError(number, HEADERS["full_name"], problem)])
    return found.id


def _match(uow: UnitOfWork, person: Person) -> Person | None:
    """The registry entry this row names, if there is one (merged entries are never found)."""
    found = uow.people.search(person.full_name, limit=200, kind=person.kind)
    if person.identity_number:
        same = [p for p in found if p.identity_number == person.identity_number]
        if same:
            return same[0]
    for p in found:
        if (
            fold(p.full_name) == fold(person.full_name)
            and p.date_of_birth == person.date_of_birth
            and p.org_code == person.org_code
        ):
            return p
    return None


def _store(uow: UnitOfWork, person_id: int, entry: Entry, now: datetime) -> None:
    if isinstance(entry, AwardRecord):
        uow.people.add_award(person_id, entry, now=now)
    elif isinstance(entry, YearRating):
        uow.people.set_rating(person_id, entry)
    elif isinstance(entry, Initiative):
        uow.people.add_initiative(person_id, entry)
    else:
        uow.people.add_hold(person_id, entry)
