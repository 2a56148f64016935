"""In-memory fakes of the ports in ``service/usecases/ports.py``, for fast use-case tests.

``FakeUnitOfWork`` keeps "the database" as a ``World``: plain dicts and lists of immutable records.
``with uow:`` starts a transaction on a copy of it; ``commit()`` makes the copy the world (and
counts in ``committed``); leaving the block without committing drops the copy. The repositories
honour what the SQL ones in ``service/adapters`` do: the same ordering, the same ``NotFound`` and
``Conflict`` refusals, version checks, per-scope counters, a hash-chained audit trail. Where the
database would refuse a row (a unique key, a foreign key) the fake raises ``IntegrityViolation``,
a ``Conflict``: what the SQL unit of work reports at flush or commit.

Using a repository outside ``with uow:``, or nesting two ``with uow:`` blocks, raises
``RuntimeError``: the SQL unit of work has no session to offer then, so a use case that does it is
wrong.

The other fakes: ``FakePasswords`` (a reversible "hash"), ``FakeDecisionOffice`` (renders a
decision as JSON bytes), ``FakeObjectStore`` (a dict of bytes that can be switched ``down``),
``FakeClock`` and ``fake_detect``. This module imports nothing from SQLAlchemy, Flask or the
adapters; ``tests/unit/usecases/conftest.py`` checks that.
"""

from __future__ import annotations

import builtins
import copy
import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta, timezone
from types import TracebackType
from typing import IO, Any

from service.adapters.rulebook_files import RulebookFiles
from service.domain.accounts import Credentials, UserAccount
from service.domain.appraisal import Appraisal, CouncilMeeting, CouncilRule, Outcome
from service.domain.attachments import Attachment
from service.domain.audit import GENESIS, AuditQuery, Link, link_hash
from service.domain.awards import Award, Kind
from service.domain.certificate_deliveries import Delivery
from service.domain.certificate_layouts import Layout
from service.domain.checklists import Checklist
from service.domain.clusters import Cluster, Leadership
from service.domain.decision_states import SignerSeat
from service.domain.decisions import AwardFamily, Decision
from service.domain.dossiers import (
    Dossier,
    DossierFilter,
    Nominee,
    fold,
    name_key,
    search_text,
)
from service.domain.drafting import IssuedDecision, Revocation, TemplateFile, sample
from service.domain.duplicates import Namesake
from service.domain.errors import ConfigurationError, Conflict, Invalid, NotFound
from service.domain.history import Event, Names
from service.domain.lookup import PublicAward
from service.domain.orgs import Level, OrgUnit
from service.domain.people import (
    AwardRecord,
    History,
    Hold,
    Initiative,
    Person,
    Posting,
    Rating,
    YearRating,
)
from service.domain.people_duplicates import Moved
from service.domain.permissions import Actor, Grant, Role, Visible
from service.domain.proposals import Addressing, CentralDecision
from service.domain.regulations import AwardOverride, Regulation
from service.domain.rulebooks import DEFAULT_RULEBOOK, Rulebook
from service.domain.statistics import Awarded, Prized
from service.domain.tasks import COMPLETED, OPEN, InboxItem, Task
from service.domain.templates import UploadedTemplate
from service.usecases import ports
from service.usecases.admin import read_catalogue
from service.usecases.attachments import Detector
from storage._names import validate_key, validate_prefix
from storage.contract import (
    ObjectInfo,
    ObjectNotFound,
    ObjectStream,
    ObjectTooLarge,
    StorageUnavailable,
)

WITHDRAWN = "withdrawn"


class IntegrityViolation(Conflict):
    """A row the database's constraints would refuse (the SQL unit of work says Conflict)."""


def _require(ok: bool, what: str) -> None:
    if not ok:
        raise IntegrityViolation(f"integrity: {what}")


# The stored rows. Frozen: a repository replaces a row, never changes it in place, so that copying
# the containers is enough to snapshot the world.


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    full_name: str
    password_hash: str
    active: bool
    created_at: datetime
    grants: tuple[tuple[str, int], ...]  # (role, org id)


@dataclass(frozen=True)
class TokenRow:
    user_id: int
    token_hash: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class FailureRow:
    username: str
    address: str
    at: datetime


@dataclass(frozen=True)
class DossierRow:
    dossier: Dossier  # never handed out: readers get a copy
    created_by: int
    updated_at: datetime
    search_text: str


@dataclass(frozen=True)
class WorkflowRow:
    dossier_id: int
    process_id: str
    state: str
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class TaskRow:
    task: Task
    completed_at: datetime | None = None
    completed_by: int | None = None
    action: str | None = None


@dataclass(frozen=True)
class AttachmentRow:
    attachment: Attachment
    sealed_at: datetime | None = None


@dataclass(frozen=True)
class TemplateRow:
    content: bytes
    sha256: str
    uploaded_by: str
    uploaded_at: datetime


@dataclass(frozen=True)
class PersonAwardRow:
    person_id: int
    record: AwardRecord
    decision_id: int | None = None
    nominee_id: int | None = None


@dataclass
class World:
    """Everything the database would hold."""

    levels: dict[str, Level] = field(default_factory=dict)
    orgs: dict[int, OrgUnit] = field(default_factory=dict)
    profiles: dict[int, dict[str, Any]] = field(default_factory=dict)
    users: dict[int, UserRow] = field(default_factory=dict)
    tokens: dict[str, TokenRow] = field(default_factory=dict)
    failures: list[FailureRow] = field(default_factory=list)
    # One row per code (the last loaded, as ``awards``), and each rulebook's (``rulebook_awards``).
    awards: dict[str, Award] = field(default_factory=dict)
    rulebook_awards: dict[tuple[str, str], Award] = field(default_factory=dict)
    dossiers: dict[int, DossierRow] = field(default_factory=dict)
    counters: dict[tuple[str, int], int] = field(default_factory=dict)
    workflows: dict[int, WorkflowRow] = field(default_factory=dict)
    tasks: dict[str, TaskRow] = field(default_factory=dict)
    events: list[Link] = field(default_factory=list)
    head: tuple[int, str] = (0, GENESIS)
    attachments: dict[str, AttachmentRow] = field(default_factory=dict)
    decisions: dict[int, IssuedDecision] = field(default_factory=dict)
    central: dict[int, CentralDecision] = field(default_factory=dict)
    templates: dict[tuple[str, int], TemplateRow] = field(default_factory=dict)
    regulations: dict[int, Regulation] = field(default_factory=dict)
    outcomes: dict[int, tuple[int, Outcome]] = field(default_factory=dict)  # nominee: (dossier, …)
    appraisals: dict[int, Appraisal] = field(default_factory=dict)
    meetings: list[CouncilMeeting] = field(default_factory=list)
    # The registry (issue 14): entries, and each history table keyed by its row id.
    people: dict[int, Person] = field(default_factory=dict)
    person_awards: dict[int, PersonAwardRow] = field(default_factory=dict)
    ratings: dict[tuple[int, int], Rating] = field(default_factory=dict)  # (person, year)
    initiatives: dict[int, tuple[int, Initiative]] = field(default_factory=dict)
    holds: dict[int, tuple[int, Hold]] = field(default_factory=dict)
    postings: list[tuple[int, Posting]] = field(default_factory=list)
    distinct_pairs: dict[tuple[int, int], str] = field(default_factory=dict)  # pair: decided by
    signers: dict[tuple[int, int], SignerSeat] = field(default_factory=dict)  # (org, user)
    layouts: dict[tuple[int, str], Layout] = field(default_factory=dict)  # (org, form)
    deliveries: dict[tuple[int, int], Delivery] = field(default_factory=dict)  # (decision, nominee)
    clusters: dict[int, Cluster] = field(default_factory=dict)
    last_ids: dict[str, int] = field(default_factory=dict)

    def copy(self) -> World:
        """An independent world: new containers around the same (immutable) rows."""
        return World(**{f.name: copy.copy(getattr(self, f.name)) for f in fields(self)})

    def next_id(self, table: str) -> int:
        self.last_ids[table] = self.last_ids.get(table, 0) + 1
        return self.last_ids[table]


def _with_ids(w: World, nominees: Iterable[Nominee], kept: Iterable[Nominee] = ()) -> list[Nominee]:
    """Nominees as stored: one repeating a kept nominee's id keeps it, any other gets a new one."""
    known = {n.id for n in kept}
    return [
        n if n.id in known and n.id is not None else replace(n, id=w.next_id("nominees"))
        for n in nominees
    ]


def _copy_dossier(d: Dossier) -> Dossier:
    return replace(d, nominees=list(d.nominees))


class _Repository:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    @property
    def _w(self) -> World:
        return self._uow.transaction()


class FakeOrgRepository(_Repository):
    def levels(self) -> list[Level]:
        return sorted(self._w.levels.values(), key=lambda lv: lv.rank)

    def put_level(self, level: Level) -> None:
        others = [lv for lv in self._w.levels.values() if lv.code != level.code]
        _require(all(lv.rank != level.rank for lv in others), f"level rank {level.rank} taken")
        self._w.levels[level.code] = level

    def get(self, org_id: int, *, lock: bool = False) -> OrgUnit:
        unit = self._w.orgs.get(org_id)
        if unit is None:
            raise NotFound("Không tìm thấy đơn vị.")
        return unit

    def all(self) -> list[OrgUnit]:
        return sorted(self._w.orgs.values(), key=lambda u: u.code)

    def set_active(self, org_id: int, active: bool) -> None:
        self._w.orgs[org_id] = replace(self.get(org_id), active=active)

    def by_code(self, code: str) -> OrgUnit | None:
        return next((u for u in self._w.orgs.values() if u.code == code), None)

    def add(
        self,
        code: str,
        name: str,
        level: str,
        parent_id: int | None,
        now: datetime,
        type_: str = "people_committee",
        rulebook: str | None = None,
    ) -> OrgUnit:
        w = self._w
        _require(self.by_code(code) is None, f"org code {code} taken")
        _require(level in w.levels, f"no level {level}")
        _require(parent_id is None or parent_id in w.orgs, f"no parent org {parent_id}")
        unit = OrgUnit(
            w.next_id("orgs"), code, name, level, parent_id, True, type_, rulebook=rulebook
        )
        w.orgs[unit.id] = unit
        return unit

    def set_rulebook(self, org_id: int, rulebook: str) -> None:
        self._w.orgs[org_id] = replace(self.get(org_id), rulebook=rulebook)

    def mark_merged(self, org_id: int, into_id: int, on: date) -> None:
        _require(into_id in self._w.orgs, f"no org {into_id}")
        unit = replace(self.get(org_id), active=False, merged_into_id=into_id, merged_on=on)
        self._w.orgs[org_id] = unit

    def active_children(self, org_id: int) -> int:
        return sum(1 for u in self._w.orgs.values() if u.parent_id == org_id and u.active)

    def absorbed_ids(self, roots: Iterable[int]) -> set[int]:
        found: set[int] = set()
        frontier = set(roots)
        while frontier:
            frontier = {u.id for u in self._w.orgs.values() if u.merged_into_id in frontier}
            frontier -= found
            found |= frontier
        return found

    def profile(self, org_id: int) -> dict[str, Any]:
        return copy.deepcopy(self._w.profiles.get(org_id, {}))

    def set_profile(self, org_id: int, profile: dict[str, Any]) -> None:
        self.get(org_id)
        stored: dict[str, Any] = json.loads(json.dumps(profile))  # a JSON column
        self._w.profiles[org_id] = stored

    def chain(self, org_id: int) -> list[OrgUnit]:
        chain: list[OrgUnit] = []
        next_id: int | None = org_id
        while next_id is not None and len(chain) < 32:
            unit = self.get(next_id)
            chain.append(unit)
            next_id = unit.merged_into_id or unit.parent_id
        return chain

    def subtree_ids(self, roots: Iterable[int]) -> set[int]:
        orgs = self._w.orgs
        found = {r for r in roots if r in orgs}
        frontier = set(found)
        while frontier:
            frontier = {
                u.id for u in orgs.values() if {u.parent_id, u.merged_into_id} & frontier
            } - found
            found |= frontier
        return found


class FakeUserRepository(_Repository):
    def _by_name(self, username: str) -> UserRow | None:
        return next((u for u in self._w.users.values() if u.username == username), None)

    def _row(self, username: str) -> UserRow:
        row = self._by_name(username)
        if row is None:
            raise NotFound("Không tìm thấy người dùng.")
        return row

    def _grants(self, row: UserRow) -> tuple[Grant, ...]:
        orgs = self._w.orgs
        return tuple(Grant(Role(role), org_id, orgs[org_id].code) for role, org_id in row.grants)

    def _check_grants(self, grants: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
        unique = tuple(dict.fromkeys((role, org_id) for role, org_id in grants))
        for _, org_id in unique:
            _require(org_id in self._w.orgs, f"no org {org_id}")
        return unique

    def credentials(self, username: str) -> Credentials | None:
        row = self._by_name(username)
        return Credentials(row.id, row.password_hash, row.active) if row else None

    def exists(self, username: str) -> bool:
        return self.credentials(username) is not None

    def add(
        self,
        username: str,
        full_name: str,
        password_hash: str,
        grants: Sequence[tuple[str, int]],
        now: datetime,
    ) -> int:
        _require(self._by_name(username) is None, f"username {username} taken")
        row = UserRow(
            self._w.next_id("users"),
            username,
            full_name,
            password_hash,
            True,
            now,
            self._check_grants(grants),
        )
        self._w.users[row.id] = row
        return row.id

    def account(self, username: str) -> UserAccount:
        row = self._row(username)
        return UserAccount(row.id, row.username, row.full_name, row.active, self._grants(row))

    def accounts_in(self, org_ids: Iterable[int]) -> list[UserAccount]:
        wanted = set(org_ids)
        rows = [u for u in self._w.users.values() if any(o in wanted for _, o in u.grants)]
        return [
            UserAccount(r.id, r.username, r.full_name, r.active, self._grants(r))
            for r in sorted(rows, key=lambda r: r.username)
        ]

    def _put(self, row: UserRow) -> None:
        self._w.users[row.id] = row

    def set_active(self, username: str, active: bool) -> None:
        self._put(replace(self._row(username), active=active))

    def set_grants(self, username: str, grants: Sequence[tuple[str, int]]) -> None:
        self._put(replace(self._row(username), grants=self._check_grants(grants)))

    def set_password(self, username: str, password_hash: str) -> None:
        self._put(replace(self._row(username), password_hash=password_hash))

    def actor(self, user_id: int) -> Actor:
        row = self._w.users.get(user_id)
        if row is None:
            raise NotFound("Không tìm thấy người dùng.")
        return Actor(row.id, row.username, row.full_name, self._grants(row))

    def add_token(self, user_id: int, token_hash: str, now: datetime, expires: datetime) -> None:
        _require(user_id in self._w.users, f"no user {user_id}")
        _require(token_hash not in self._w.tokens, "token hash taken")
        self._w.tokens[token_hash] = TokenRow(user_id, token_hash, now, expires)

    def token_owner(self, token_hash: str, now: datetime) -> int | None:
        t = self._w.tokens.get(token_hash)
        if t is None or t.revoked_at is not None or t.expires_at <= now:
            return None
        return t.user_id if self._w.users[t.user_id].active else None

    def revoke_token(self, token_hash: str, now: datetime) -> None:
        t = self._w.tokens.get(token_hash)
        if t is not None and t.revoked_at is None:
            self._w.tokens[token_hash] = replace(t, revoked_at=now)

    def revoke_tokens_of(self, user_id: int, now: datetime) -> None:
        for key, t in list(self._w.tokens.items()):
            if t.user_id == user_id and t.revoked_at is None:
                self._w.tokens[key] = replace(t, revoked_at=now)

    def record_failure(self, username: str, address: str, now: datetime) -> None:
        self._w.failures.append(FailureRow(username[:64], address[:64], now))

    def failures(
        self, since: datetime, *, username: str | None = None, address: str | None = None
    ) -> tuple[int, datetime | None]:
        hits = [
            f.at
            for f in self._w.failures
            if f.at >= since
            and (username is None or f.username == username)
            and (address is None or f.address == address)
        ]
        return len(hits), min(hits, default=None)

    def clear_failures(self, username: str) -> None:
        self._w.failures[:] = [f for f in self._w.failures if f.username != username]


class FakeAwardRepository(_Repository):
    def all(self, rulebook: str) -> list[Award]:
        found = [a for (book, _), a in self._w.rulebook_awards.items() if book == rulebook]
        return sorted(found, key=lambda a: a.code)

    def get(self, code: str, rulebook: str) -> Award | None:
        return self._w.rulebook_awards.get((rulebook, code))

    def named(self, code: str) -> Award | None:
        return self._w.awards.get(code)

    def put(self, award: Award, rulebook: str) -> None:
        _require(award.level in self._w.levels, f"no level {award.level}")
        self._w.awards[award.code] = award
        self._w.rulebook_awards[(rulebook, award.code)] = award


class FakeRegulationRepository(_Repository):
    def get(self, root_id: int) -> Regulation | None:
        return self._w.regulations.get(root_id)

    def all(self) -> list[tuple[str, Regulation]]:
        w = self._w
        return sorted((w.orgs[i].code, r) for i, r in w.regulations.items())

    def overrides(self, root_id: int) -> tuple[AwardOverride, ...]:
        found = self.get(root_id)
        return found.overrides if found else ()

    def put(
        self, root_id: int, regulation: Regulation, now: datetime, expected: int | None = None
    ) -> Regulation:
        _require(root_id in self._w.orgs, f"no org {root_id}")
        current = self._w.regulations.get(root_id)
        found = current.version if current else 0
        if expected is not None and expected != found:
            raise Conflict("Quy chế vừa được người khác sửa.")
        saved = replace(regulation, version=found + 1)
        self._w.regulations[root_id] = saved
        return saved


class FakeDossierRepository(_Repository):
    def add(self, dossier: Dossier, created_by: int) -> Dossier:
        w = self._w
        _require(all(r.dossier.code != dossier.code for r in w.dossiers.values()), "code taken")
        _require(dossier.org_id in w.orgs, f"no org {dossier.org_id}")
        _require(dossier.award in w.awards, f"no award {dossier.award}")
        _require(dossier.level in w.levels, f"no level {dossier.level}")
        _require(created_by in w.users, f"no user {created_by}")
        stored = replace(
            dossier,
            id=w.next_id("dossiers"),
            org_code=w.orgs[dossier.org_id].code,
            org_name=w.orgs[dossier.org_id].name,
            version=1,  # SQLAlchemy's version counter starts at 1
            nominees=_with_ids(w, dossier.nominees),
        )
        text = search_text(stored.code, stored.title, stored.nominees)
        w.dossiers[stored.id] = DossierRow(stored, created_by, stored.created_at, text)
        return _copy_dossier(stored)

    def _row(self, dossier_id: int) -> DossierRow:
        row = self._w.dossiers.get(dossier_id)
        if row is None:
            raise NotFound("Không tìm thấy hồ sơ.")
        return row

    def get(self, dossier_id: int, *, lock: bool = False) -> Dossier:
        return _copy_dossier(self._row(dossier_id).dossier)

    def save(self, dossier: Dossier, now: datetime) -> Dossier:
        row = self._row(dossier.id)
        if row.dossier.version != dossier.version:
            raise Conflict()
        _require(dossier.award in self._w.awards, f"no award {dossier.award}")
        _require(dossier.level in self._w.levels, f"no level {dossier.level}")
        stored = replace(
            row.dossier,
            title=dossier.title,
            year=dossier.year,
            award=dossier.award,
            status=dossier.status,
            level=dossier.level,
            nominees=_with_ids(self._w, dossier.nominees, row.dossier.nominees),
            simplified_reason=dossier.simplified_reason,
            proposal=dossier.proposal,
            period=dossier.period,
            reason=dossier.reason,
            version=row.dossier.version + 1,
        )
        text = search_text(stored.code, stored.title, stored.nominees)
        self._w.dossiers[stored.id] = replace(row, dossier=stored, updated_at=now, search_text=text)
        return _copy_dossier(stored)

    def list(
        self, visible: Visible, where: DossierFilter, after_id: int | None, limit: int
    ) -> list[Dossier]:
        words = fold(where.text or "").split()
        hits = [
            r.dossier
            for r in self._w.dossiers.values()
            if visible.sees(r.dossier.org_id, r.dossier.submitted)
            and (where.status is None or r.dossier.status == where.status)
            and (where.level is None or r.dossier.level == where.level)
            and (where.year is None or r.dossier.year == where.year)
            and (where.award is None or r.dossier.award == where.award)
            and all(word in r.search_text for word in words)
            and (after_id is None or r.dossier.id < after_id)
        ]
        hits.sort(key=lambda d: d.id, reverse=True)
        return [_copy_dossier(d) for d in hits[:limit]]

    def namesakes(self, dossier_id: int, statuses: Collection[str]) -> Sequence[Namesake]:
        this = self._row(dossier_id).dossier
        others = [
            r.dossier
            for r in sorted(self._w.dossiers.values(), key=lambda r: r.dossier.id)
            if r.dossier.id != this.id
            and (r.dossier.award, r.dossier.year) == (this.award, this.year)
            and r.dossier.status.value in statuses
        ]
        return [
            Namesake(i, m, d.id, d.code, d.org_id, self._w.orgs[d.org_id].name, d.submitted)
            for i, n in enumerate(this.nominees)
            if name_key(n.full_name)
            for d in others
            for m in d.nominees
            if name_key(m.full_name) == name_key(n.full_name)
        ]

    def carry_over(
        self, from_ids: Collection[int], to_id: int, statuses: Collection[str], now: datetime
    ) -> Sequence[tuple[int, str]]:
        w = self._w
        _require(to_id in w.orgs, f"no org {to_id}")
        codes = []
        for dossier_id, row in sorted(w.dossiers.items()):
            d = row.dossier
            if d.org_id in from_ids and d.status.value in statuses:
                unit = w.orgs[to_id]
                moved = replace(
                    d, org_id=to_id, org_code=unit.code, org_name=unit.name, version=d.version + 1
                )
                w.dossiers[dossier_id] = replace(row, dossier=moved, updated_at=now)
                codes.append((d.id, d.code))
        return codes


class FakeCounterRepository(_Repository):
    def next(self, scope: str, year: int) -> int:
        counters = self._w.counters
        counters[scope, year] = counters.get((scope, year), 0) + 1
        return counters[scope, year]

    def raise_to(self, scope: str, year: int, value: int) -> None:
        counters = self._w.counters
        counters[scope, year] = max(counters.get((scope, year), 0), value)


class FakeWorkflowRepository(_Repository):
    def add(self, dossier_id: int, process_id: str, state: str, now: datetime) -> None:
        _require(dossier_id in self._w.dossiers, f"no dossier {dossier_id}")
        _require(dossier_id not in self._w.workflows, f"dossier {dossier_id} has a workflow")
        self._w.workflows[dossier_id] = WorkflowRow(dossier_id, process_id, state, now, 1)

    def _row(self, dossier_id: int) -> WorkflowRow:
        row = self._w.workflows.get(dossier_id)
        if row is None:
            raise NotFound("Hồ sơ chưa có quy trình.")
        return row

    def state(self, dossier_id: int) -> str:
        return self._row(dossier_id).state

    def save(self, dossier_id: int, state: str, now: datetime) -> None:
        row = self._row(dossier_id)
        self._w.workflows[dossier_id] = replace(
            row, state=state, updated_at=now, version=row.version + 1
        )


class FakeTaskRepository(_Repository):
    def get(self, task_id: str) -> Task:
        row = self._w.tasks.get(task_id)
        if row is None:
            raise NotFound("Không tìm thấy nhiệm vụ.")
        return row.task

    def add(self, task: Task) -> None:
        w = self._w
        _require(task.id not in w.tasks, f"task id {task.id} taken")
        _require(task.dossier_id in w.dossiers, f"no dossier {task.dossier_id}")
        _require(task.org_id in w.orgs, f"no org {task.org_id}")
        _require(task.level in w.levels, f"no level {task.level}")
        # As the SQL repository: a new task is open, and its unit's code comes from the unit.
        unit = w.orgs[task.org_id]
        stored = replace(task, status=OPEN, org_code=unit.code, org_name=unit.name)
        w.tasks[task.id] = TaskRow(stored)

    def _set(self, row: TaskRow, status: str, **changes: Any) -> None:
        self._w.tasks[row.task.id] = replace(row, task=replace(row.task, status=status), **changes)

    def withdraw(self, task_id: str, now: datetime) -> None:
        row = self._w.tasks.get(task_id)
        if row is not None and row.task.status == OPEN:
            self._set(row, WITHDRAWN, completed_at=now)

    def reseat(self, task_id: str, org_id: int) -> None:
        row = self._w.tasks.get(task_id)
        _require(org_id in self._w.orgs, f"no org {org_id}")
        if row is not None and row.task.status == OPEN:
            unit = self._w.orgs[org_id]
            task = replace(row.task, org_id=org_id, org_code=unit.code, org_name=unit.name)
            self._w.tasks[task_id] = replace(row, task=task)

    def open_for_dossier(self, dossier_id: int) -> list[Task]:
        return [
            r.task
            for r in self._w.tasks.values()
            if r.task.dossier_id == dossier_id and r.task.status == OPEN
        ]

    def close(self, task_id: str, user_id: int, action: str, now: datetime) -> None:
        row = self._w.tasks.get(task_id)
        if row is None or row.task.status != OPEN:
            raise Conflict("Nhiệm vụ này đã được xử lý.")
        _require(user_id in self._w.users, f"no user {user_id}")
        self._set(row, COMPLETED, completed_at=now, completed_by=user_id, action=action)

    def inbox(self, seats: Sequence[tuple[str, int]], limit: int = 500) -> list[InboxItem]:
        wanted = set(seats)
        tasks = [
            r.task
            for r in self._w.tasks.values()
            if r.task.status == OPEN and (r.task.role, r.task.org_id) in wanted
        ]
        tasks.sort(key=lambda t: t.created_at)
        items = []
        for t in tasks[:limit]:
            d = self._w.dossiers[t.dossier_id].dossier
            items.append(InboxItem(t, d.code, d.title, d.award))
        return items


class FakeEventRepository(_Repository):
    def append(self, event: Event) -> None:
        w = self._w
        seq, prev = w.head
        seq += 1
        digest = link_hash(prev, seq, event)
        w.events.append(Link(w.next_id("events"), seq, event, prev, digest))
        w.head = (seq, digest)

    def head(self) -> tuple[int, str]:
        return self._w.head

    def for_dossier(self, dossier_id: int) -> list[Event]:
        return [link.event for link in self._w.events if link.event.dossier_id == dossier_id]

    def links(self, batch: int = 1000, after: int = 0) -> Iterator[Link]:
        yield from sorted(
            (link for link in self._w.events if link.seq > after), key=lambda link: link.seq
        )

    def hashes_at(self, seqs: Collection[int]) -> dict[int, str]:
        wanted = set(seqs)
        return {link.seq: link.hash for link in self._w.events if link.seq in wanted}

    def search(self, q: AuditQuery, after_seq: int | None, limit: int) -> list[Link]:
        def wanted(link: Link) -> bool:
            e = link.event
            return (
                (q.dossier_id is None or e.dossier_id == q.dossier_id)
                and (q.actor is None or e.actor == q.actor)
                and (q.since is None or e.at >= q.since)
                and (q.until is None or e.at < q.until)
                # SQL "org_code IN (...)" never matches a NULL org_code.
                and (q.org_codes is None or (e.org_code is not None and e.org_code in q.org_codes))
                and (after_seq is None or link.seq > after_seq)
            )

        return sorted(filter(wanted, self._w.events), key=lambda link: link.seq)[:limit]

    def names(self, events: Iterable[Event]) -> Names:
        events = list(events)
        people = {u.username: u.full_name for u in self._w.users.values()}
        units = {o.code: o.name for o in self._w.orgs.values()}
        return Names(
            people={e.actor: people[e.actor] for e in events if e.actor in people},
            units={
                e.org_code: units[e.org_code] for e in events if e.org_code and e.org_code in units
            },
        )


class FakeAttachmentRepository(_Repository):
    def _read(self, row: AttachmentRow) -> Attachment:
        return replace(row.attachment, sealed=row.sealed_at is not None)

    def add(self, a: Attachment) -> None:
        w = self._w
        _require(a.id not in w.attachments, f"attachment id {a.id} taken")
        _require(a.dossier_id in w.dossiers, f"no dossier {a.dossier_id}")
        keys = {r.attachment.object_key for r in w.attachments.values()}
        _require(a.object_key not in keys, f"object key {a.object_key} taken")
        w.attachments[a.id] = AttachmentRow(replace(a, sealed=False))

    def get(self, dossier_id: int, attachment_id: str) -> Attachment:
        row = self._w.attachments.get(attachment_id)
        if row is None or row.attachment.dossier_id != dossier_id:
            raise NotFound("Không tìm thấy tài liệu đính kèm.")
        return self._read(row)

    def for_dossier(self, dossier_id: int) -> list[Attachment]:
        rows = [r for r in self._w.attachments.values() if r.attachment.dossier_id == dossier_id]
        rows.sort(key=lambda r: (r.attachment.created_at, r.attachment.id))
        return [self._read(r) for r in rows]

    def remove(self, attachment_id: str) -> None:
        self._w.attachments.pop(attachment_id, None)

    def seal(self, dossier_id: int, now: datetime) -> None:
        for key, r in list(self._w.attachments.items()):
            if r.attachment.dossier_id == dossier_id and r.sealed_at is None:
                self._w.attachments[key] = replace(r, sealed_at=now)

    def all(self) -> Iterator[Attachment]:
        rows = sorted(self._w.attachments.values(), key=lambda r: r.attachment.object_key)
        for r in rows:
            yield self._read(r)

    def known_keys(self) -> set[str]:
        return {r.attachment.object_key for r in self._w.attachments.values()}


class FakeDecisionRepository(_Repository):
    def add(self, d: IssuedDecision) -> int:
        w = self._w
        _require(d.dossier_id in w.dossiers, f"no dossier {d.dossier_id}")
        _require(d.issuer_org_id in w.orgs, f"no org {d.issuer_org_id}")
        for other in w.decisions.values():
            _require(other.object_key != d.object_key, f"object key {d.object_key} taken")
            _require(
                d.sequence is None
                or (other.register, other.year, other.sequence) != (d.register, d.year, d.sequence),
                f"decision number {d.sequence}/{d.year} taken",
            )
        stored = replace(d, id=w.next_id("decisions"), issuer_org_code=w.orgs[d.issuer_org_id].code)
        w.decisions[stored.id] = stored
        return stored.id

    def for_dossier(self, dossier_id: int) -> IssuedDecision | None:
        mine = [
            d
            for d in self._w.decisions.values()
            if d.dossier_id == dossier_id and d.corrects_id is None
        ]
        return self._linked(max(mine, key=lambda d: d.id)) if mine else None

    def corrections_of(self, decision_id: int) -> list[IssuedDecision]:
        return sorted(
            (d for d in self._w.decisions.values() if d.corrects_id == decision_id),
            key=lambda d: d.id,
        )

    def get(self, decision_id: int) -> IssuedDecision | None:
        found = self._w.decisions.get(decision_id)
        return self._linked(found) if found else None

    def _linked(self, d: IssuedDecision) -> IssuedDecision:
        return replace(d, corrected_by=tuple(c.id for c in self.corrections_of(d.id)))

    def move(self, d: IssuedDecision, from_status: str) -> bool:
        stored = self._w.decisions.get(d.id)
        if stored is None or stored.status != from_status:
            return False
        self.add_check(d)
        self._w.decisions[d.id] = replace(d, revocations=stored.revocations)
        return True

    def add_check(self, d: IssuedDecision) -> None:
        for other in self._w.decisions.values():
            _require(
                other.id == d.id
                or d.sequence is None
                or (other.register, other.year, other.sequence) != (d.register, d.year, d.sequence),
                f"decision number {d.sequence}/{d.year} taken",
            )

    def number_taken(self, register: str, year: int, sequence: int) -> bool:
        return any(
            (d.register, d.year, d.sequence) == (register, year, sequence)
            for d in self._w.decisions.values()
        )

    def add_revocation(self, decision_id: int, r: Revocation) -> None:
        d = self._w.decisions[decision_id]
        self._w.decisions[decision_id] = replace(d, revocations=(*d.revocations, r))

    def known_keys(self) -> set[str]:
        stored = self._w.decisions.values()
        return {k for d in stored for k in (d.object_key, d.original_key) if k}

    def set_original(self, d: IssuedDecision) -> bool:
        stored = self._w.decisions.get(d.id)
        if stored is None or stored.original_kind:
            return False
        self._w.decisions[d.id] = replace(
            stored,
            original_kind=d.original_kind,
            original_key=d.original_key,
            original_sha256=d.original_sha256,
        )
        return True

    def add_central(self, c: CentralDecision) -> None:
        _require(c.dossier_id in self._w.dossiers, f"no dossier {c.dossier_id}")
        _require(c.dossier_id not in self._w.central, f"dossier {c.dossier_id} has one")
        self._w.central[c.dossier_id] = c

    def central_for(self, dossier_id: int) -> CentralDecision | None:
        return self._w.central.get(dossier_id)

    def register(
        self, dossier_orgs: set[int], issuer_code: str | None, year: int | None
    ) -> list[IssuedDecision]:
        w = self._w
        hits = [
            d
            for d in w.decisions.values()
            if w.dossiers[d.dossier_id].dossier.org_id in dossier_orgs
            and (issuer_code is None or w.orgs[d.issuer_org_id].code == issuer_code)
            and (year is None or d.year == year)
        ]
        return sorted(
            hits, key=lambda d: (d.issuer_org_id, d.year, d.sequence is None, d.sequence or 0, d.id)
        )


class FakeSignerRepository(_Repository):
    def put(self, seat: SignerSeat) -> None:
        self._w.signers[seat.org_id, seat.user_id] = seat

    def remove(self, org_id: int, user_id: int) -> bool:
        return self._w.signers.pop((org_id, user_id), None) is not None

    def get(self, org_id: int, user_id: int) -> SignerSeat | None:
        return self._w.signers.get((org_id, user_id))

    def for_org(self, org_id: int) -> list[SignerSeat]:
        return [s for (org, _), s in self._w.signers.items() if org == org_id]


class FakeClusterRepository(_Repository):
    def add(self, c: Cluster) -> int:
        w = self._w
        _require(all(o.code != c.code for o in w.clusters.values()), f"cluster {c.code} taken")
        stored = replace(c, id=w.next_id("clusters"))
        w.clusters[stored.id] = stored
        return stored.id

    def by_code(self, code: str) -> Cluster | None:
        return next((c for c in self._w.clusters.values() if c.code == code), None)

    def all(self) -> list[Cluster]:
        return sorted(self._w.clusters.values(), key=lambda c: c.code)

    def set_members(self, cluster_id: int, member_ids: tuple[int, ...]) -> None:
        w = self._w
        w.clusters[cluster_id] = replace(w.clusters[cluster_id], member_ids=member_ids)

    def set_leadership(self, cluster_id: int, lead: Leadership) -> None:
        c = self._w.clusters[cluster_id]
        self._w.clusters[cluster_id] = replace(c, leadership={**c.leadership, lead.year: lead})


class FakeCertificateRepository(_Repository):
    def layout(self, org_id: int, form: str) -> Layout | None:
        return self._w.layouts.get((org_id, form))

    def layouts(self, org_id: int) -> dict[str, Layout]:
        return {form: lay for (org, form), lay in self._w.layouts.items() if org == org_id}

    def put_layout(self, org_id: int, layout: Layout, by: str, at: datetime) -> None:
        self._w.layouts[org_id, layout.form] = layout

    def deliveries(self, decision_id: int) -> list[Delivery]:
        return [d for (dec, _), d in self._w.deliveries.items() if dec == decision_id]

    def add_delivery(self, delivery: Delivery) -> bool:
        key = (delivery.decision_id, delivery.nominee_id)
        if key in self._w.deliveries:
            return False
        self._w.deliveries[key] = delivery
        return True


class FakeTemplateRepository(_Repository):
    def get(self, name: str, org_id: int) -> tuple[bytes, str] | None:
        row = self._w.templates.get((name, org_id))
        return (row.content, row.sha256) if row else None

    def put(
        self, name: str, org_id: int, content: bytes, sha256: str, by: str, at: datetime
    ) -> None:
        if org_id not in self._w.orgs:  # the database's foreign key
            raise KeyError(f"no org unit {org_id}")
        self._w.templates[(name, org_id)] = TemplateRow(content, sha256, by, at)

    def uploaded(self, org_ids: Collection[int]) -> list[UploadedTemplate]:
        return [
            UploadedTemplate(
                name, org_id, self._w.orgs[org_id].code, t.sha256, t.uploaded_by, t.uploaded_at
            )
            for (name, org_id), t in sorted(self._w.templates.items(), key=lambda item: item[0])
            if org_id in org_ids
        ]


class FakeStatsRepository(_Repository):
    def _dossiers(self, visible: Visible) -> list[Dossier]:
        return [
            r.dossier
            for r in self._w.dossiers.values()
            if visible.sees(r.dossier.org_id, r.dossier.submitted)
        ]

    def _tasks(self, visible: Visible, status: str) -> list[TaskRow]:
        mine = {d.id for d in self._dossiers(visible)}
        return [
            r
            for r in self._w.tasks.values()
            if r.task.dossier_id in mine and r.task.status == status
        ]

    @staticmethod
    def _count(keys: Iterable[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
        return counts

    def dossiers_by_status(self, visible: Visible) -> dict[str, int]:
        return self._count(d.status.value for d in self._dossiers(visible))

    def dossiers_by_level(self, visible: Visible) -> dict[str, int]:
        return self._count(d.level for d in self._dossiers(visible))

    def completed_task_times(self, visible: Visible) -> dict[str, tuple[int, float]]:
        seconds: dict[str, list[float]] = {}
        for r in self._tasks(visible, COMPLETED):
            if r.completed_at is not None:
                took = (r.completed_at - r.task.created_at).total_seconds()
                seconds.setdefault(r.task.level, []).append(took)
        return {level: (len(s), sum(s) / len(s)) for level, s in seconds.items()}

    def open_tasks_by_level(self, visible: Visible) -> dict[str, int]:
        return self._count(r.task.level for r in self._tasks(visible, OPEN))

    def awards_issued(self, visible: Visible, year: int) -> list[tuple[str, str, int, int]]:
        w = self._w
        tally: dict[str, list[int]] = {}
        for d in w.decisions.values():
            dossier = w.dossiers[d.dossier_id].dossier
            if visible.sees(dossier.org_id, dossier.submitted) and d.year == year:
                counts = tally.setdefault(dossier.award, [0, 0])
                counts[0] += 1
                counts[1] += len(dossier.nominees)
        rows = [(code, w.awards[code].name, n, people) for code, (n, people) in tally.items()]
        return sorted(rows, key=lambda row: (-row[2], row[0]))

    def _decided(self, dossier: Dossier) -> list[Nominee]:
        """The nominees its decision lists (as ``usecases.appraisal.decided``)."""
        results = {n: o for n, (d, o) in self._w.outcomes.items() if d == dossier.id}
        if not results:
            return list(dossier.nominees)
        return [
            n for n in dossier.nominees if n.id in results and results[n.id].result == "approved"
        ]

    def awarded(
        self,
        visible: Visible,
        scope: Collection[int] | None,
        start: date,
        end: date,
        award: str | None = None,
    ) -> list[Awarded]:
        """As the SQL does, without the registry (the fakes keep none yet): gender and ethnicity
        are unknown."""
        w = self._w
        found: list[tuple[Dossier, str, str]] = [
            (w.dossiers[d.dossier_id].dossier, w.orgs[d.issuer_org_id].level, "local")
            for d in _standing(w)
            if start <= d.issued_on <= end
        ]
        found += [
            (w.dossiers[c.dossier_id].dossier, "central", "central")
            for c in w.central.values()
            if c.outcome.value == "awarded" and start <= c.signed_on <= end
        ]
        counts: dict[tuple[int, str, str, str, str], int] = {}
        for dossier, level, source in found:
            if not visible.sees(dossier.org_id, dossier.submitted):
                continue
            if (scope is not None and dossier.org_id not in scope) or award not in (
                None,
                dossier.award,
            ):
                continue
            for n in self._decided(dossier):
                key = (dossier.org_id, dossier.award, level, n.kind.value, source)
                counts[key] = counts.get(key, 0) + 1
        return [
            Awarded(org, code, w.awards[code].name, level, kind, "", "", source, n)
            for (org, code, level, kind, source), n in counts.items()
        ]

    def prized(
        self, visible: Visible, scope: Collection[int] | None, start: date, end: date
    ) -> list[Prized]:
        w = self._w
        found = []
        for d in _standing(w):
            dossier = w.dossiers[d.dossier_id].dossier
            seen = visible.sees(dossier.org_id, dossier.submitted)
            if seen and start <= d.issued_on <= end and (scope is None or dossier.org_id in scope):
                for n in self._decided(dossier):
                    found.append(
                        Prized(dossier.award, n.kind.value, dossier.rulebook, d.issued_on, 1)
                    )
        return found

    def public_awards(
        self, name: str, unit: str, units: Collection[int] | None, offset: int, limit: int
    ) -> tuple[list[PublicAward], bool]:
        w = self._w
        hits = []
        for d in sorted(_standing(w), key=lambda d: (d.issued_on, d.id), reverse=True):
            dossier = w.dossiers[d.dossier_id].dossier
            if units is not None and dossier.org_id not in units:
                continue
            for n in self._decided(dossier):
                shown = n.unit or w.orgs[dossier.org_id].name
                if name in fold(n.full_name) and (not unit or unit in fold(shown)):
                    award = w.awards[dossier.award].name
                    hits.append(
                        PublicAward(
                            n.full_name, shown, award, d.number or "", d.issued_on, d.issuer
                        )
                    )
        return hits[offset : offset + limit], len(hits) > offset + limit


@dataclass(frozen=True)
class _Standing(IssuedDecision):
    """An issued decision that counts: dated and numbered, as the SQL's ``standing()``."""

    issued_on: date
    number: str


def _standing(w: World) -> list[_Standing]:
    # Whole-decision revocations change the status; an awardee's is left to the SQL tests.
    return [
        _Standing(**{f.name: getattr(d, f.name) for f in fields(d)})
        for d in w.decisions.values()
        if d.counts and d.issued_on is not None and d.number is not None
    ]


class FakeAppraisalRepository(_Repository):
    def outcomes(self, dossier_id: int) -> dict[int, Outcome]:
        return {n: o for n, (d, o) in self._w.outcomes.items() if d == dossier_id}

    def put_outcomes(self, dossier_id: int, outcomes: Sequence[Outcome]) -> None:
        for o in outcomes:
            self._w.outcomes[o.nominee_id] = (dossier_id, o)

    def appraisal(self, dossier_id: int) -> Appraisal | None:
        return self._w.appraisals.get(dossier_id)

    def put_appraisal(self, a: Appraisal) -> None:
        self._w.appraisals[a.dossier_id] = a

    def meeting(self, dossier_id: int) -> CouncilMeeting | None:
        found = [m for m in self._w.meetings if m.dossier_id == dossier_id]
        return found[-1] if found else None

    def add_meeting(self, m: CouncilMeeting) -> None:
        self._w.meetings.append(m)

    def reset(self, dossier_id: int) -> None:
        w = self._w
        w.outcomes = {n: v for n, v in w.outcomes.items() if v[0] != dossier_id}
        w.appraisals.pop(dossier_id, None)
        w.meetings = [m for m in w.meetings if m.dossier_id != dossier_id]


class FakePeopleRepository(_Repository):
    def _check(self, person: Person) -> None:
        w = self._w
        if person.org_code and not any(o.code == person.org_code for o in w.orgs.values()):
            raise NotFound(f"Không có đơn vị mã {person.org_code}.")  # as the SQL one says
        if person.identity_number:
            _require(
                all(
                    p.identity_number != person.identity_number
                    for p in w.people.values()
                    if p.id != person.id
                ),
                "identity number taken",
            )
        for ref in (person.member_of, person.merged_into):
            _require(ref is None or ref in w.people, f"no person {ref}")

    def _need(self, person_id: int) -> Person:
        person = self._w.people.get(person_id)
        if person is None:
            raise NotFound("Không tìm thấy người hoặc tập thể này.")
        return person

    def add(self, person: Person, *, now: datetime) -> Person:
        self._check(person)
        stored = replace(person, id=self._w.next_id("people"), version=1)
        self._w.people[stored.id] = stored
        return stored

    def get(self, person_id: int) -> Person | None:
        return self._w.people.get(person_id)

    def search(
        self,
        q: str,
        *,
        limit: int = 20,
        kind: Kind | None = None,
        org_codes: Collection[str] | None = None,
    ) -> list[Person]:
        words = fold(q).split()
        hits = [
            p
            for p in self._w.people.values()
            if p.merged_into is None
            and all(word in fold(p.full_name) for word in words)
            and (kind is None or p.kind == kind)
            and (org_codes is None or p.org_code in org_codes)
        ]
        hits.sort(key=lambda p: (fold(p.full_name), p.id))
        return hits[:limit]

    def _own(self, person: Person) -> History:
        w, pid = self._w, person.id
        return History(
            person,
            tuple(
                sorted(
                    (r.record for r in w.person_awards.values() if r.person_id == pid),
                    key=lambda a: (a.year, a.id or 0),
                )
            ),
            tuple(YearRating(y, r) for (p, y), r in sorted(w.ratings.items()) if p == pid),
            tuple(
                sorted(
                    (i for p, i in w.initiatives.values() if p == pid),
                    key=lambda i: (i.recognised_on, i.id or 0),
                )
            ),
            tuple(
                sorted(
                    (h for p, h in w.holds.values() if p == pid),
                    key=lambda h: (h.opened_on, h.id or 0),
                )
            ),
            tuple(x for p, x in w.postings if p == pid),
        )

    def history(self, person_id: int) -> History:
        self._need(person_id)
        return self.histories([person_id])[person_id]

    def histories(self, person_ids: Collection[int]) -> dict[int, History]:
        people = self._w.people
        found: dict[int, History] = {}
        for pid in person_ids:
            if pid not in people:
                continue
            members = sorted(
                (m for m in people.values() if m.member_of == pid and m.merged_into is None),
                key=lambda m: (fold(m.full_name), m.id),
            )
            found[pid] = replace(
                self._own(people[pid]), members=tuple(self._own(m) for m in members)
            )
        return found

    def add_award(
        self,
        person_id: int,
        record: AwardRecord,
        *,
        now: datetime,
        decision_id: int | None = None,
        nominee_id: int | None = None,
    ) -> AwardRecord:
        w = self._w
        self._need(person_id)
        _require(record.award in w.awards, f"no award {record.award}")
        _require(decision_id is None or decision_id in w.decisions, f"no decision {decision_id}")
        _require(
            nominee_id is None or all(r.nominee_id != nominee_id for r in w.person_awards.values()),
            f"nominee {nominee_id} has its award",
        )
        row_id = w.next_id("person_awards")
        stored = replace(record, id=row_id)
        w.person_awards[row_id] = PersonAwardRow(person_id, stored, decision_id, nominee_id)
        return stored

    def revoke_awards(
        self, decision_id: int, nominee_ids: Collection[int] | None, at: datetime
    ) -> int:
        w, done = self._w, 0
        for row_id, row in list(w.person_awards.items()):
            mine = row.decision_id == decision_id and not row.record.revoked
            if mine and (nominee_ids is None or row.nominee_id in nominee_ids):
                w.person_awards[row_id] = replace(row, record=replace(row.record, revoked=True))
                done += 1
        return done

    def set_rating(self, person_id: int, rating: YearRating) -> None:
        self._need(person_id)
        self._w.ratings[(person_id, rating.year)] = rating.rating

    def add_initiative(self, person_id: int, initiative: Initiative) -> Initiative:
        self._need(person_id)
        row_id = self._w.next_id("person_initiatives")
        stored = replace(initiative, id=row_id)
        self._w.initiatives[row_id] = (person_id, stored)
        return stored

    def add_hold(self, person_id: int, hold: Hold) -> Hold:
        self._need(person_id)
        row_id = self._w.next_id("person_holds")
        stored = replace(hold, id=row_id)
        self._w.holds[row_id] = (person_id, stored)
        return stored

    def close_hold(self, hold_id: int, closed_on: date) -> None:
        if hold_id not in self._w.holds:
            raise NotFound("Không tìm thấy việc đang xem xét này.")
        person_id, hold = self._w.holds[hold_id]
        self._w.holds[hold_id] = (person_id, replace(hold, closed_on=closed_on))

    def update(self, person: Person) -> Person:
        stored = self._need(person.id)
        if stored.version != person.version:
            raise Conflict()
        self._check(person)
        saved = replace(person, version=stored.version + 1)
        self._w.people[person.id] = saved
        return saved


class FakePersonMergeRepository(_Repository):
    def namesakes(self, org_ids: Collection[int] | None = None) -> list[Person]:
        w = self._w
        codes = None if org_ids is None else {w.orgs[i].code for i in org_ids if i in w.orgs}
        live = [
            p
            for p in w.people.values()
            if p.merged_into is None and (codes is None or p.org_code in codes)
        ]
        folded = [fold(p.full_name) for p in live]
        return sorted(
            (p for p, f in zip(live, folded, strict=True) if folded.count(f) > 1),
            key=lambda p: p.id,
        )

    def dismissed(self, person_ids: Collection[int]) -> set[tuple[int, int]]:
        return {k for k in self._w.distinct_pairs if k[0] in person_ids}

    def dismiss(self, a: int, b: int, by: str, now: datetime) -> bool:
        key = (min(a, b), max(a, b))
        if key in self._w.distinct_pairs:
            return False
        self._w.distinct_pairs[key] = by
        return True

    def entry(self, person_id: int) -> Person | None:
        return self._w.people.get(person_id)

    def ratings(self, person_id: int) -> dict[int, str]:
        return {y: r.value for (p, y), r in self._w.ratings.items() if p == person_id}

    def merge(self, source_id: int, target: Person) -> Moved:
        w, to = self._w, target.id
        awards = [k for k, r in w.person_awards.items() if r.person_id == source_id]
        for k in awards:
            w.person_awards[k] = replace(w.person_awards[k], person_id=to)
        ratings = [y for (p, y) in w.ratings if p == source_id]
        for y in ratings:
            rating = w.ratings.pop((source_id, y))
            w.ratings.setdefault((to, y), rating)
        initiatives = self._repoint(w.initiatives, source_id, to)
        holds = self._repoint(w.holds, source_id, to)
        postings = [(to if p == source_id else p, x) for p, x in w.postings]
        moved_postings = sum(1 for p, _ in w.postings if p == source_id)
        w.postings = postings
        nominees = 0
        for key, row in list(w.dossiers.items()):
            linked = [n.person_id == source_id for n in row.dossier.nominees]
            if any(linked):
                repointed = [
                    replace(n, person_id=to) if mine else n
                    for n, mine in zip(row.dossier.nominees, linked, strict=True)
                ]
                w.dossiers[key] = replace(row, dossier=replace(row.dossier, nominees=repointed))
                nominees += sum(linked)
        members = 0
        for p in list(w.people.values()):
            if p.member_of == source_id:
                w.people[p.id] = replace(p, member_of=to)
                members += 1
            if p.merged_into == source_id:
                w.people[p.id] = replace(w.people[p.id], merged_into=to)
        source = w.people[source_id]
        taken = source.identity_number if source.identity_number == target.identity_number else ""
        w.people[source_id] = replace(
            source,
            merged_into=to,
            identity_number="" if taken else source.identity_number,
            version=source.version + 1,
        )
        stored = w.people[to]
        w.people[to] = replace(target, version=stored.version + 1)
        return Moved(
            len(awards), len(ratings), initiatives, holds, moved_postings, nominees, members
        )

    @staticmethod
    def _repoint(table: dict[int, tuple[int, Any]], source_id: int, to: int) -> int:
        keys = [k for k, (p, _) in table.items() if p == source_id]
        for k in keys:
            table[k] = (to, table[k][1])
        return len(keys)


class FakeUnitOfWork:
    """The in-memory database and its transactions; see the module's docstring.

    ``world`` is the committed state (tests may read it, or tamper with it between use cases);
    ``committed`` counts commits; setting ``fail_commit`` makes the next commit raise it instead
    (a lost race, say) and roll back.
    """

    def __init__(self, world: World | None = None) -> None:
        self.world = world if world is not None else World()
        self.committed = 0
        self.fail_commit: BaseException | None = None
        self._tx: World | None = None
        self.orgs = FakeOrgRepository(self)
        self.users = FakeUserRepository(self)
        self.awards = FakeAwardRepository(self)
        self.dossiers = FakeDossierRepository(self)
        self.counters = FakeCounterRepository(self)
        self.workflows = FakeWorkflowRepository(self)
        self.tasks = FakeTaskRepository(self)
        self.events = FakeEventRepository(self)
        self.attachments = FakeAttachmentRepository(self)
        self.decisions = FakeDecisionRepository(self)
        self.templates = FakeTemplateRepository(self)
        self.stats = FakeStatsRepository(self)
        self.regulations = FakeRegulationRepository(self)
        self.appraisals = FakeAppraisalRepository(self)
        self.people = FakePeopleRepository(self)
        self.person_merges = FakePersonMergeRepository(self)
        self.signers = FakeSignerRepository(self)
        self.certificates = FakeCertificateRepository(self)
        self.clusters = FakeClusterRepository(self)

    def transaction(self) -> World:
        """The world as the open transaction sees it."""
        if self._tx is None:
            raise RuntimeError("a repository was used outside `with uow:`")
        return self._tx

    def __enter__(self) -> FakeUnitOfWork:
        if self._tx is not None:
            raise RuntimeError("`with uow:` inside another `with uow:` of the same unit of work")
        self._tx = self.world.copy()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._tx = None  # whatever was not committed is gone

    def commit(self) -> None:
        tx = self.transaction()
        if self.fail_commit is not None:
            failure, self.fail_commit = self.fail_commit, None
            self._tx = self.world.copy()
            raise failure
        self.world = tx
        self._tx = tx.copy()  # as after a SQL commit: the session goes on in a new transaction
        self.committed += 1

    def flush(self) -> None:
        self.transaction()


class FakePasswords:
    """A reversible "hash": the password backwards behind a marker. Counts ``waste_time`` calls."""

    def __init__(self) -> None:
        self.wasted = 0

    def hash(self, password: str) -> str:
        return "fake$" + password[::-1]

    def verify(self, stored: str, password: str) -> bool:
        return stored == self.hash(password)

    def waste_time(self, password: str) -> None:
        self.wasted += 1


RULEBOOKS = RulebookFiles.packaged()
VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")  # no daylight saving time


class FakeDecisionOffice:
    """Renders a decision as sorted JSON (so tests can read what it says) instead of a .docx.

    A template whose bytes contain ``BROKEN`` does not render (``render`` raises Invalid, as
    docxtpl's failures are reported) and is refused by ``vet``, as a real template asking for a
    variable the decision does not have would be. ``rendered`` keeps every decision rendered.
    """

    BROKEN = b"{{ no_such_variable }}"

    def __init__(
        self, base_salary: int = 2_340_000, level_defaults: dict[str, Any] | None = None
    ) -> None:
        self.base_salary = base_salary
        self.legal_bases: list[str] = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"]
        defaults = read_catalogue("decisions.json")["levels"]
        self.level_defaults: dict[str, Any] = level_defaults or defaults
        self.rendered: list[Decision] = []
        # The shipped rulebooks by code, read when first asked for; a test may put its own.
        self.rulebooks: dict[str, Rulebook] = {}
        # The council's rule of each award named (None: no vote), and of every other award: the
        # three-tier rulebook's unless a test sets its own.
        book = Rulebook.from_record(read_catalogue("rulebooks/three_tier_nd98.json"))
        self.councils: dict[str, CouncilRule | None] = dict(book.councils)
        self.council_default: CouncilRule | None = book.council_default
        self.minutes: list[dict[str, Any]] = []
        self.corrections: list[dict[str, Any]] = []

    def defaults_for(self, level: str) -> dict[str, Any]:
        if level not in self.level_defaults:
            raise ConfigurationError(f"Chưa có mẫu thông tin quyết định cho cấp '{level}'.")
        found: dict[str, Any] = self.level_defaults[level]
        return found

    def stock_template(self, name: str) -> TemplateFile:
        if name not in set(AwardFamily):
            raise NotFound(f"Không có mẫu quyết định '{name}'.")
        content = f"stock template {name}".encode()
        return TemplateFile(name, content, hashlib.sha256(content).hexdigest())

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(VIETNAM).date()

    def base_salary_on(self, day: date, rulebook: str | None = None) -> int:
        return self.base_salary

    def legal_bases_on(self, day: date, rulebook: str | None = None) -> list[str]:
        return list(self.legal_bases)

    def rulebook_for(self, rulebook: str | None = None) -> Rulebook:
        code = rulebook or DEFAULT_RULEBOOK
        if code not in self.rulebooks:
            self.rulebooks[code] = Rulebook.from_record(read_catalogue(f"rulebooks/{code}.json"))
        return self.rulebooks[code]

    def render(self, template: TemplateFile, decision: Decision) -> bytes:
        if self.BROKEN in template.content:
            raise Invalid("Mẫu dùng biến không có trong quyết định: no_such_variable.")
        self.rendered.append(decision)
        return json.dumps(
            {
                "template": template.name,
                "template_sha256": template.sha256,
                "issuer": decision.issuer.body,
                "number": decision.number,
                "symbol": decision.symbol,
                "issued_on": decision.issued_on.isoformat(),
                "award": decision.award.name,
                "signer": decision.signer.name,
                "awardees": [[a.full_name, a.kind.value, a.prize] for a in decision.awardees],
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode()

    def vet(self, content: bytes, family: AwardFamily) -> None:
        if self.BROKEN in content:
            problem = "no_such_variable"
            raise Invalid(
                f"Mẫu dùng biến không có trong quyết định: {problem}.", {"template": problem}
            )
        self.render(TemplateFile(family.value, content, ""), sample(family))
        self.rendered.pop()

    def proposal_addressing(self, rulebook: str | None = None) -> Addressing:
        return Addressing("Thủ tướng Chính phủ", "Bộ Nội vụ")

    def checklist_for(self, award: Award, rulebook: str | None = None) -> Checklist:
        """The shipped rulebook's checklist, as the real office reads it."""
        book = RULEBOOKS.get(rulebook or DEFAULT_RULEBOOK) or RULEBOOKS.require(DEFAULT_RULEBOOK)
        return book.checklist_for(award)

    def council_rule(self, award_code: str, rulebook: str | None = None) -> CouncilRule | None:
        if award_code in self.councils:
            return self.councils[award_code]
        return self.council_default

    def render_minutes(self, context: dict[str, Any]) -> bytes:
        self.minutes.append(context)
        return json.dumps(context, ensure_ascii=False, sort_keys=True, default=str).encode()

    def render_correction(self, context: dict[str, Any]) -> tuple[bytes, str]:
        self.corrections.append(context)
        content = json.dumps(context, ensure_ascii=False, sort_keys=True, default=str).encode()
        return content, hashlib.sha256(b"stock correction template").hexdigest()

    def render_proposal(self, context: dict[str, Any]) -> bytes:
        wanted = ("number", "summary", "addressee", "request", "annex_title")
        return json.dumps({k: context[k] for k in wanted}, ensure_ascii=False).encode()


class FakeClock:
    """A clock that stands still until told to move; starts at the real time of its creation."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or ports.utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> datetime:
        self.now += by
        return self.now


@dataclass(frozen=True)
class StoredObject:
    content: bytes
    content_type: str
    last_modified: datetime


class FakeObjectStore:
    """Objects in a dict. ``down = True`` makes every call raise StorageUnavailable (after the
    key is validated, as the contract says); ``open_streams`` counts streams not yet closed;
    ``incomplete`` holds what interrupted puts left (a name and when it was begun)."""

    CHUNK = 64 * 1024

    def __init__(self, clock: Callable[[], datetime] = ports.utcnow) -> None:
        self.objects: dict[str, StoredObject] = {}
        self.incomplete: dict[str, datetime] = {}
        self.down = False
        self.clock = clock
        self.open_streams = 0

    def _reachable(self) -> None:
        if self.down:
            raise StorageUnavailable("the fake object store is down")

    def _info(self, key: str, obj: StoredObject) -> ObjectInfo:
        sha = hashlib.sha256(obj.content).hexdigest()
        return ObjectInfo(key, len(obj.content), sha, obj.content_type, obj.last_modified)

    def _get(self, key: str) -> StoredObject:
        validate_key(key)
        self._reachable()
        obj = self.objects.get(key)
        if obj is None:
            raise ObjectNotFound(key)
        return obj

    def ensure_ready(self) -> None:
        self._reachable()

    def put(
        self,
        key: str,
        stream: IO[bytes],
        *,
        content_type: str = "application/octet-stream",
        max_size: int | None = None,
    ) -> ObjectInfo:
        validate_key(key)
        self._reachable()
        parts, size = [], 0
        while chunk := stream.read(self.CHUNK):
            size += len(chunk)
            if max_size is not None and size > max_size:
                raise ObjectTooLarge(f"more than {max_size} bytes")
            parts.append(chunk)
        obj = StoredObject(b"".join(parts), content_type, self.clock())
        self.objects[key] = obj
        return self._info(key, obj)

    def open(self, key: str) -> ObjectStream:
        content = self._get(key).content
        chunks = iter([content[i : i + self.CHUNK] for i in range(0, len(content), self.CHUNK)])
        self.open_streams += 1

        def release() -> None:
            self.open_streams -= 1

        return ObjectStream(chunks, release)

    def stat(self, key: str) -> ObjectInfo:
        return self._info(key, self._get(key))

    def delete(self, key: str) -> None:
        validate_key(key)
        self._reachable()
        self.objects.pop(key, None)

    def presign_get(
        self,
        key: str,
        expires: timedelta,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> str | None:
        validate_key(key)
        return None

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        validate_prefix(prefix)
        self._reachable()
        found = [self._info(k, o) for k, o in sorted(self.objects.items()) if k.startswith(prefix)]
        return iter(found)

    def remove_incomplete(self, prefix: str, before: datetime) -> builtins.list[str]:
        validate_prefix(prefix)
        self._reachable()
        items = sorted(self.incomplete.items())
        stale = [name for name, at in items if name.startswith(prefix) and at < before]
        for name in stale:
            del self.incomplete[name]
        return stale


PDF = "application/pdf"
PNG = "image/png"


def fake_detect(stream: IO[bytes]) -> str | None:
    """The ``detect`` collaborator: PDF and PNG by their magic bytes, nothing else; rewinds."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


# What mypy --strict proves: every fake satisfies its port.


def _uow(uow: FakeUnitOfWork) -> ports.UnitOfWork:
    return uow


def _passwords(p: FakePasswords) -> ports.Passwords:
    return p


def _office(o: FakeDecisionOffice) -> ports.DecisionOffice:
    return o


def _store(s: FakeObjectStore) -> ports.ObjectStore:
    return s


def _clock(c: FakeClock) -> ports.Clock:
    return c


def _detector(d: Callable[[IO[bytes]], str | None]) -> Detector:
    return d


_detector(fake_detect)
