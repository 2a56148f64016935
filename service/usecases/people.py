"""The registry of people and collectives (issue 14): adding entries, their history, finding them.

Who reaches an entry is ``permissions`` (``may_see_person``, ``require_may_keep_person``): the
roles of the entry's unit or of one above it. An entry out of reach does not exist for the actor
(NotFound). The identity number leaves here only for those ``may_see_identity`` lets through, and
never in a list. Every change is one transaction with its audit event.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from service.domain import permissions
from service.domain.awards import KIND_NAMES, Award, Kind
from service.domain.errors import Conflict, Invalid, NotFound
from service.domain.history import Event
from service.domain.orgs import Chain, OrgUnit
from service.domain.people import (
    HOLD_NAMES,
    RATING_NAMES,
    AwardRecord,
    History,
    Hold,
    Initiative,
    Person,
    YearRating,
)
from service.domain.people_inputs import read_history_entry, read_person
from service.domain.permissions import Actor
from service.domain.rulebooks import DEFAULT_RULEBOOK
from service.usecases.ports import Clock, UnitOfWork, utcnow
from service.usecases.rules import rulebook_of

MAX_RESULTS = 50
Entry = AwardRecord | YearRating | Initiative | Hold


def _unit(uow: UnitOfWork, code: str) -> OrgUnit:
    org = uow.orgs.by_code(code)
    if org is None:
        raise Invalid(
            "Thông tin người, tập thể chưa hợp lệ.", {"org_code": f"Không có đơn vị mã {code}."}
        )
    return org


def _merged(person: Person) -> Conflict:
    return Conflict(f"Mục này đã được gộp vào mục số {person.merged_into}; hãy cập nhật mục đó.")


def _check_member_of(uow: UnitOfWork, actor: Actor, member_of: int | None) -> None:
    """An individual's collective is an entry the actor reaches, a collective, not merged."""
    if member_of is None:
        return
    team = uow.people.get(member_of)
    problem = None
    if team is None or not permissions.may_see_person(actor, chain_of(uow, team)):
        problem = "Không tìm thấy tập thể này."
    elif team.kind is not Kind.COLLECTIVE:
        problem = "Phải là một tập thể."
    elif team.merged_into is not None:
        problem = f"Tập thể này đã được gộp vào mục số {team.merged_into}."
    if problem:
        raise Invalid("Thông tin người, tập thể chưa hợp lệ.", {"member_of": problem})


def chain_of(uow: UnitOfWork, person: Person) -> Chain:
    org = uow.orgs.by_code(person.org_code) if person.org_code else None
    return uow.orgs.chain(org.id) if org is not None else []


def create_person(
    fields: Mapping[str, Any], *, actor: Actor, uow: UnitOfWork, clock: Clock = utcnow
) -> Person:
    """A clerk, officer, approver or admin adds an entry to a unit in their reach."""
    person = read_person(fields)
    with uow:
        org = _unit(uow, person.org_code)
        permissions.require_may_add_person(actor, uow.orgs.chain(org.id))
        _check_member_of(uow, actor, person.member_of)
        now = clock()
        added = uow.people.add(person, now=now)
        comment = f"{KIND_NAMES[added.kind]} {added.full_name} (mục số {added.id})"
        uow.events.append(Event.of(now, actor, "person_added", org=org, comment=comment))
        uow.commit()
        return _shown(actor, uow.orgs.chain(org.id), added)


def update_person(
    person_id: int,
    fields: Mapping[str, Any],
    expected_version: int | None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock = utcnow,
) -> Person:
    """Correct an entry (its name, unit, position…); moving it needs reach over both units.

    An identity number left out of ``fields`` stays as it was: those who may not see it cannot
    send it back."""
    changed = read_person(fields)
    with uow:
        person = _reachable(uow, actor, person_id)
        permissions.require_may_keep_person(actor, chain_of(uow, person))
        if person.merged_into is not None:
            raise _merged(person)
        if expected_version is not None and expected_version != person.version:
            raise Conflict()
        org = _unit(uow, changed.org_code)
        permissions.require_may_add_person(actor, uow.orgs.chain(org.id))
        _check_member_of(uow, actor, changed.member_of)
        if changed.member_of == person.id:
            raise Invalid("Thông tin người, tập thể chưa hợp lệ.", {"member_of": "Không hợp lệ."})
        kept = replace(
            changed,
            id=person.id,
            version=person.version,
            identity_number=changed.identity_number or person.identity_number,
        )
        saved = uow.people.update(kept)
        now = clock()
        comment = f"{saved.full_name} (mục số {saved.id})"
        uow.events.append(Event.of(now, actor, "person_changed", org=org, comment=comment))
        uow.commit()
        return _shown(actor, uow.orgs.chain(org.id), saved)


def _reachable(uow: UnitOfWork, actor: Actor, person_id: int) -> Person:
    person = uow.people.get(person_id)
    if person is None:
        raise NotFound(permissions.NO_PERSON)
    permissions.require_may_see_person(actor, chain_of(uow, person))
    return person


def _shown(actor: Actor, chain: Chain, person: Person) -> Person:
    """The entry as ``actor`` may read it: without the identity number unless they may see it."""
    if person.identity_number and not permissions.may_see_identity(actor, chain):
        return replace(person, identity_number="")
    return person


def add_history(
    person_id: int,
    entry: Mapping[str, Any],
    *,
    actor: Actor,
    uow: UnitOfWork,
    clock: Clock = utcnow,
    rulebook: str = DEFAULT_RULEBOOK,
) -> Entry:
    """Record one entry of a person's history as typed: an award from before (imported), a
    year's rating (replacing that year's), an initiative or a hold."""
    with uow:
        person = _reachable(uow, actor, person_id)
        chain = chain_of(uow, person)
        permissions.require_may_keep_person(actor, chain)
        if person.merged_into is not None:
            raise _merged(person)
        awards = uow.awards.all(rulebook_of(uow, chain[0].id, rulebook)) if chain else []
        read = read_history_entry(
            entry,
            award_codes={a.code for a in awards},
            scopes=[level.code for level in uow.orgs.levels()],
        )
        now = clock()
        stored, comment = _store(uow, person, read, {a.code: a for a in awards}, now)
        uow.events.append(
            Event.of(
                now,
                actor,
                "person_history_added",
                org=chain[0] if chain else None,
                comment=f"{person.full_name} (mục số {person.id}): {comment}",
            )
        )
        uow.commit()
        return stored


def _store(
    uow: UnitOfWork, person: Person, entry: Entry, awards: Mapping[str, Award], now: datetime
) -> tuple[Entry, str]:
    if isinstance(entry, AwardRecord):
        award = awards[entry.award]
        if not award.takes(person.kind):
            problem = f"Hình thức này không dành cho {KIND_NAMES[person.kind]}."
            raise Invalid(problem, {"award": problem})
        stored = uow.people.add_award(person.id, entry, now=now)
        return stored, f"{award.name} năm {entry.year} ({entry.decision_number})"
    if isinstance(entry, YearRating):
        uow.people.set_rating(person.id, entry)
        return entry, f"{RATING_NAMES[entry.rating]} năm {entry.year}"
    if isinstance(entry, Initiative):
        return uow.people.add_initiative(person.id, entry), f"sáng kiến «{entry.title}»"
    return uow.people.add_hold(person.id, entry), f"{HOLD_NAMES[entry.kind]} từ {entry.opened_on}"


def person_history(person_id: int, *, actor: Actor, uow: UnitOfWork) -> History:
    """An entry with everything it has (its members' too, for a collective), as the actor may
    read it."""
    with uow:
        person = _reachable(uow, actor, person_id)
        history = uow.people.history(person_id)
        chains: dict[str, Chain] = {}

        def shown(p: Person) -> Person:
            if p.org_code not in chains:
                chains[p.org_code] = chain_of(uow, p)
            return _shown(actor, chains[p.org_code], p)

        return replace(
            history,
            person=shown(person),
            members=tuple(replace(m, person=shown(m.person)) for m in history.members),
        )


def search_people(
    q: str,
    *,
    actor: Actor,
    uow: UnitOfWork,
    kind: Kind | None = None,
    limit: int = 20,
) -> list[Person]:
    """Entries in the actor's reach whose name holds every word of ``q``, diacritics aside;
    merged entries are left out, identity numbers always."""
    with uow:
        codes = reachable_codes(uow, actor)
        if not codes:
            return []
        found = uow.people.search(
            q, limit=min(max(limit, 1), MAX_RESULTS), kind=kind, org_codes=codes
        )
        return [replace(p, identity_number="") for p in found]


def reachable_codes(uow: UnitOfWork, actor: Actor) -> Collection[str]:
    """The codes of the units whose entries the actor reads (their units and all below)."""
    ids = uow.orgs.subtree_ids(permissions.people_units(actor))
    return {o.code for o in uow.orgs.all() if o.id in ids}
