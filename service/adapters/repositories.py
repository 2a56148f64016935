"""Repositories: load and store domain objects through one SQLAlchemy session.

They never commit; the unit of work does. Rows that carry a version (dossiers, workflow
instances) stay in the session so that SQLAlchemy checks the version when it writes them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from service.adapters.tables import (
    AwardRow,
    CounterRow,
    DossierRow,
    LevelRow,
    NomineeRow,
    OrgUnitRow,
    RulebookAwardRow,
    TaskRow,
    WorkflowRow,
)
from service.domain.awards import Award, Kind, in_order
from service.domain.dossiers import (
    Dossier,
    DossierFilter,
    Nominee,
    Status,
    fold,
    name_key,
    search_text,
)
from service.domain.duplicates import Namesake
from service.domain.errors import Conflict, NotFound
from service.domain.orgs import Level, OrgUnit
from service.domain.permissions import Visible
from service.domain.proposal_fields import Period, Submission
from service.domain.tasks import COMPLETED, OPEN, InboxItem, Task


def _org(row: OrgUnitRow) -> OrgUnit:
    return OrgUnit(
        row.id,
        row.code,
        row.name,
        row.level,
        row.parent_id,
        row.active,
        row.type,
        row.merged_into_id,
        row.merged_on,
        row.rulebook,
    )


def subtree_ids(session: Session, roots: Collection[int]) -> set[int]:
    """The given units and every unit below them, or merged into one of them, in turn."""
    if not roots:
        return set()
    tree = select(OrgUnitRow.id).where(OrgUnitRow.id.in_(roots)).cte(recursive=True)
    below = (OrgUnitRow.parent_id == tree.c.id) | (OrgUnitRow.merged_into_id == tree.c.id)
    tree = tree.union(select(OrgUnitRow.id).join(tree, below))
    return set(session.scalars(select(tree.c.id)))


def absorbed_ids(session: Session, roots: Collection[int]) -> set[int]:
    """The units merged into one of ``roots``, directly or through another merged unit."""
    if not roots:
        return set()
    first = select(OrgUnitRow.id).where(OrgUnitRow.merged_into_id.in_(roots))
    tree = first.cte(recursive=True)
    tree = tree.union(select(OrgUnitRow.id).join(tree, OrgUnitRow.merged_into_id == tree.c.id))
    return set(session.scalars(select(tree.c.id)))


class OrgRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def levels(self) -> list[Level]:
        rows = self.s.scalars(select(LevelRow).order_by(LevelRow.rank))
        return [Level(r.code, r.name, r.rank) for r in rows]

    def put_level(self, level: Level) -> None:
        self.s.merge(LevelRow(code=level.code, name=level.name, rank=level.rank))
        self.s.flush()

    def get(self, org_id: int, *, lock: bool = False) -> OrgUnit:
        if lock:
            # FOR UPDATE, reread: a merge and a dossier created in the unit take turns, and
            # the one that waited sees what the other committed (SQLite locks the file).
            stmt = select(OrgUnitRow).where(OrgUnitRow.id == org_id).with_for_update()
            row = self.s.scalar(stmt.execution_options(populate_existing=True))
        else:
            row = self.s.get(OrgUnitRow, org_id)
        if row is None:
            raise NotFound("Không tìm thấy đơn vị.")
        return _org(row)

    def all(self) -> list[OrgUnit]:
        return [_org(r) for r in self.s.scalars(select(OrgUnitRow).order_by(OrgUnitRow.code))]

    def set_active(self, org_id: int, active: bool) -> None:
        row = self.s.get(OrgUnitRow, org_id)
        if row is None:
            raise NotFound("Không tìm thấy đơn vị.")
        row.active = active

    def by_code(self, code: str) -> OrgUnit | None:
        row = self.s.scalar(select(OrgUnitRow).where(OrgUnitRow.code == code))
        return _org(row) if row else None

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
        row = OrgUnitRow(
            code=code,
            name=name,
            level=level,
            parent_id=parent_id,
            created_at=now,
            type=type_,
            rulebook=rulebook,
        )
        self.s.add(row)
        self.s.flush()
        return _org(row)

    def set_rulebook(self, org_id: int, rulebook: str) -> None:
        row = self.s.get(OrgUnitRow, org_id)
        if row is None:
            raise NotFound("Không tìm thấy đơn vị.")
        row.rulebook = rulebook
        self.s.flush()

    def mark_merged(self, org_id: int, into_id: int, on: date) -> None:
        row = self.s.get(OrgUnitRow, org_id)
        if row is None:
            raise NotFound("Không tìm thấy đơn vị.")
        row.active, row.merged_into_id, row.merged_on = False, into_id, on
        self.s.flush()

    def active_children(self, org_id: int) -> int:
        found = self.s.scalar(
            select(func.count())
            .select_from(OrgUnitRow)
            .where(OrgUnitRow.parent_id == org_id, OrgUnitRow.active.is_(True))
        )
        return int(found or 0)

    def profile(self, org_id: int) -> dict[str, Any]:
        row = self.s.get(OrgUnitRow, org_id)
        return dict(row.profile or {}) if row else {}

    def set_profile(self, org_id: int, profile: dict[str, Any]) -> None:
        row = self.s.get(OrgUnitRow, org_id)
        if row is None:
            raise NotFound("Không tìm thấy đơn vị.")
        row.profile = profile

    def chain(self, org_id: int) -> list[OrgUnit]:
        """The unit and its ancestors; a merged unit's runs on through the unit it joined."""
        chain: list[OrgUnit] = []
        next_id: int | None = org_id
        while next_id is not None and len(chain) < 32:
            unit = self.get(next_id)
            chain.append(unit)
            next_id = unit.merged_into_id or unit.parent_id
        return chain

    def subtree_ids(self, roots: Iterable[int]) -> set[int]:
        return subtree_ids(self.s, list(roots))

    def absorbed_ids(self, roots: Iterable[int]) -> set[int]:
        return absorbed_ids(self.s, list(roots))


def _award(row: AwardRow | RulebookAwardRow) -> Award:
    return Award(
        row.code,
        row.name,
        frozenset(Kind(k) for k in row.kinds),
        row.level,
        row.family,
        row.prize_multiple,
        row.verb,
        row.decision_title,
        kind_factors={Kind(k): Decimal(v) for k, v in row.kind_factors.items()},
        alias_of=row.alias_of,
        proposes_only=bool(row.proposes_only),
        decided_by=row.decided_by or "",
        valid_from=row.valid_from,
        valid_to=row.valid_to,
    )


def _award_columns(award: Award) -> dict[str, Any]:
    return {
        "code": award.code,
        "name": award.name,
        "kinds": [k.value for k in in_order(award.kinds)],
        "kind_factors": {k.value: str(f) for k, f in award.kind_factors.items()},
        "level": award.level,
        "family": award.family,
        "prize_multiple": award.prize_multiple,
        "verb": award.verb,
        "decision_title": award.decision_title,
        "alias_of": award.alias_of,
        "proposes_only": award.proposes_only,
        "decided_by": award.decided_by or None,
        "valid_from": award.valid_from,
        "valid_to": award.valid_to,
    }


class AwardRepository:
    """Awards as each rulebook reads them (``rulebook_awards``). ``awards`` holds one row per
    code, the last loaded, for the dossiers that reference it and the names lists show."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def all(self, rulebook: str) -> list[Award]:
        rows = self.s.scalars(
            select(RulebookAwardRow)
            .where(RulebookAwardRow.rulebook == rulebook)
            .order_by(RulebookAwardRow.code)
        )
        return [_award(r) for r in rows]

    def get(self, code: str, rulebook: str) -> Award | None:
        row = self.s.get(RulebookAwardRow, (rulebook, code))
        return _award(row) if row else None

    def named(self, code: str) -> Award | None:
        """The code's one row in ``awards`` (the last loaded): its name, what it stands for."""
        row = self.s.get(AwardRow, code)
        return _award(row) if row else None

    def put(self, award: Award, rulebook: str) -> None:
        columns = _award_columns(award)
        self.s.merge(AwardRow(**columns))
        self.s.flush()
        self.s.merge(RulebookAwardRow(rulebook=rulebook, **columns))


def _nominee(n: NomineeRow) -> Nominee:
    return Nominee(
        n.full_name,
        Kind(n.kind),
        n.position,
        n.unit,
        n.achievements,
        n.reason or "",
        n.id,
        n.person_id,
    )


def _dossier(row: DossierRow) -> Dossier:
    nominees = [_nominee(n) for n in row.nominees]
    return Dossier(
        id=row.id,
        code=row.code,
        org_id=row.org_id,
        org_code=row.org.code,
        award=row.award_code,
        year=row.year,
        title=row.title,
        status=Status(row.status),
        level=row.level,
        created_at=row.created_at,
        version=row.version,
        nominees=nominees,
        org_name=row.org.name,
        rulebook=row.rulebook or "",
        rules_on=row.rules_on,
        simplified_reason=row.simplified_reason,
        proposal=None
        if row.proposal_number is None or row.proposal_date is None
        else Submission(row.proposal_number, row.proposal_date),
        period=None
        if row.period_from is None or row.period_to is None
        else Period(row.period_from, row.period_to),
        reason=row.reason or "",
    )


def _proposal_columns(dossier: Dossier) -> dict[str, Any]:
    proposal, period = dossier.proposal, dossier.period
    return {
        "proposal_number": proposal.number if proposal else None,
        "proposal_date": proposal.on if proposal else None,
        "period_from": period.start if period else None,
        "period_to": period.end if period else None,
        "reason": dossier.reason or None,
    }


def _nominee_rows(nominees: Sequence[Nominee], rows: Sequence[NomineeRow] = ()) -> list[NomineeRow]:
    """The rows for ``nominees``: a nominee with an id keeps its row (and so its id)."""
    by_id = {r.id: r for r in rows}
    out = []
    for i, n in enumerate(nominees):
        row = by_id.get(n.id) if n.id is not None else None
        row = row or NomineeRow()
        row.position_no, row.full_name, row.name_key = i, n.full_name, name_key(n.full_name)
        row.kind, row.position, row.unit = n.kind.value, n.position, n.unit
        row.achievements, row.reason = n.achievements, n.reason or None
        row.person_id = n.person_id
        out.append(row)
    return out


class DossierRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, dossier: Dossier, created_by: int) -> Dossier:
        row = DossierRow(
            code=dossier.code,
            org_id=dossier.org_id,
            award_code=dossier.award,
            year=dossier.year,
            title=dossier.title,
            status=dossier.status.value,
            level=dossier.level,
            created_by=created_by,
            created_at=dossier.created_at,
            updated_at=dossier.created_at,
            rulebook=dossier.rulebook or None,
            rules_on=dossier.rules_on,
            simplified_reason=dossier.simplified_reason,
            **_proposal_columns(dossier),
        )
        row.nominees = _nominee_rows(dossier.nominees)
        row.search_text = search_text(dossier.code, dossier.title, dossier.nominees)
        self.s.add(row)
        self.s.flush()
        return _dossier(row)

    def get(self, dossier_id: int, *, lock: bool = False) -> Dossier:
        return _dossier(self._row(dossier_id, lock))

    def _row(self, dossier_id: int, lock: bool = False) -> DossierRow:
        stmt = select(DossierRow).where(DossierRow.id == dossier_id)
        # FOR UPDATE serialises two actors on PostgreSQL; SQLite ignores it and locks the file.
        row = self.s.scalar(stmt.with_for_update(of=DossierRow) if lock else stmt)
        if row is None:
            raise NotFound("Không tìm thấy hồ sơ.")
        return row

    def save(self, dossier: Dossier, now: datetime) -> Dossier:
        """Write a changed dossier; fail with Conflict if it changed since it was read."""
        row = self._row(dossier.id)
        if row.version != dossier.version:
            raise Conflict()
        row.title, row.year, row.award_code = dossier.title, dossier.year, dossier.award
        row.status, row.level, row.updated_at = dossier.status.value, dossier.level, now
        row.simplified_reason = dossier.simplified_reason
        for column, value in _proposal_columns(dossier).items():
            setattr(row, column, value)
        if [_nominee_key(n) for n in row.nominees] != [_nominee_key(n) for n in dossier.nominees]:
            row.nominees = _nominee_rows(dossier.nominees, row.nominees)
        row.search_text = search_text(dossier.code, dossier.title, dossier.nominees)
        self.s.flush()
        return _dossier(row)

    def list(
        self, visible: Visible, where: DossierFilter, after_id: int | None, limit: int
    ) -> list[Dossier]:
        stmt: Select[DossierRow] = select(DossierRow).where(visible_dossiers(visible))
        for column, value in (
            (DossierRow.status, where.status),
            (DossierRow.level, where.level),
            (DossierRow.year, where.year),
            (DossierRow.award_code, where.award),
        ):
            if value is not None:
                stmt = stmt.where(column == value)
        for word in fold(where.text or "").split():
            stmt = stmt.where(DossierRow.search_text.contains(word, autoescape=True))
        if after_id is not None:
            stmt = stmt.where(DossierRow.id < after_id)
        rows = self.s.scalars(stmt.order_by(DossierRow.id.desc()).limit(limit))
        return [_dossier(r) for r in rows]

    def namesakes(self, dossier_id: int, statuses: Collection[str]) -> Sequence[Namesake]:
        return namesakes(self.s, dossier_id, statuses)

    def carry_over(
        self, from_ids: Collection[int], to_id: int, statuses: Collection[str], now: datetime
    ) -> Sequence[tuple[int, str]]:
        """Hand the dossiers of ``from_ids`` in ``statuses`` to ``to_id``; their ids and codes."""
        rows = list(
            self.s.scalars(
                select(DossierRow)
                .where(DossierRow.org_id.in_(list(from_ids)))
                .where(DossierRow.status.in_(list(statuses)))
                .order_by(DossierRow.id)
                .with_for_update(of=DossierRow)
            )
        )
        for row in rows:
            # Through the ORM, so the version moves on and a stale edit elsewhere gets its 409.
            row.org_id, row.updated_at = to_id, now
        self.s.flush()
        return [(row.id, row.code) for row in rows]


def namesakes(session: Session, dossier_id: int, statuses: Collection[str]) -> list[Namesake]:
    """Nominees of other dossiers for the same award and year, in ``statuses``, whose name_key
    is that of one of this dossier's nominees: one self-join on the indexed key."""
    mine, other = aliased(NomineeRow), aliased(NomineeRow)
    this, that = aliased(DossierRow), aliased(DossierRow)
    rows = session.execute(
        select(
            mine.position_no, other, that.id, that.code, that.org_id, OrgUnitRow.name, that.status
        )
        .select_from(mine)
        .join(this, this.id == mine.dossier_id)
        .join(other, other.name_key == mine.name_key)
        .join(that, that.id == other.dossier_id)
        .join(OrgUnitRow, OrgUnitRow.id == that.org_id)
        .where(
            mine.dossier_id == dossier_id,
            mine.name_key != "",
            that.id != dossier_id,
            that.award_code == this.award_code,
            that.year == this.year,
            that.status.in_(list(statuses)),
        )
        .order_by(mine.position_no, that.id, other.position_no)
    )
    return [
        Namesake(
            row,
            _nominee(n),
            other_id,
            code,
            org_id,
            org_name,
            status != Status.DRAFT.value,
        )
        for row, n, other_id, code, org_id, org_name, status in rows
    ]


def visible_dossiers(visible: Visible) -> ColumnElement[bool]:
    """The dossiers ``visible`` shows: all of some units, only the submitted ones of others."""
    return or_(
        DossierRow.org_id.in_(visible.everything),
        DossierRow.org_id.in_(visible.submitted) & (DossierRow.status != Status.DRAFT.value),
    )


def _nominee_key(n: NomineeRow | Nominee) -> tuple[object, ...]:
    """What a save compares to know the nominees changed; a new registry link is a change."""
    kind = n.kind.value if isinstance(n.kind, Kind) else n.kind
    text = (n.full_name, kind, n.position, n.unit, n.achievements, n.reason or "")
    return (n.id, *text, n.person_id)


class CounterRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def next(self, scope: str, year: int) -> int:
        """The next number of a sequence; concurrent callers wait on the row and never share one."""
        dialect = self.s.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        self.s.execute(
            insert(CounterRow).values(scope=scope, year=year, value=0).on_conflict_do_nothing()
        )
        value = self.s.scalar(
            update(CounterRow)
            .where(CounterRow.scope == scope, CounterRow.year == year)
            .values(value=CounterRow.value + 1)
            .returning(CounterRow.value)
        )
        assert value is not None
        return int(value)

    def raise_to(self, scope: str, year: int, value: int) -> None:
        dialect = self.s.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        self.s.execute(
            insert(CounterRow).values(scope=scope, year=year, value=0).on_conflict_do_nothing()
        )
        self.s.execute(
            update(CounterRow)
            .where(CounterRow.scope == scope, CounterRow.year == year, CounterRow.value < value)
            .values(value=value)
        )


class WorkflowRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, dossier_id: int, process_id: str, state: str, now: datetime) -> None:
        self.s.add(
            WorkflowRow(dossier_id=dossier_id, process_id=process_id, state=state, updated_at=now)
        )

    def state(self, dossier_id: int) -> str:
        return self._row(dossier_id).state

    def save(self, dossier_id: int, state: str, now: datetime) -> None:
        """Store the new state; the row's version makes a concurrent writer fail at flush."""
        row = self._row(dossier_id)
        row.state, row.updated_at = state, now

    def _row(self, dossier_id: int) -> WorkflowRow:
        row = self.s.get(WorkflowRow, dossier_id)
        if row is None:
            raise NotFound("Hồ sơ chưa có quy trình.")
        return row


def _task(row: TaskRow) -> Task:
    return Task(
        id=row.id,
        dossier_id=row.dossier_id,
        name=row.name,
        level=row.level,
        org_id=row.org_id,
        org_code=row.org.code,
        role=row.role,
        actions=tuple(row.actions),
        status=row.status,
        note=row.note,
        created_at=row.created_at,
        org_name=row.org.name,
    )


class TaskRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, task_id: str) -> Task:
        # Re-read even when cached: after waiting on the dossier lock the row may have changed.
        row = self.s.get(TaskRow, task_id, populate_existing=True)
        if row is None:
            raise NotFound("Không tìm thấy nhiệm vụ.")
        return _task(row)

    def add(self, task: Task) -> None:
        self.s.add(
            TaskRow(
                id=task.id,
                dossier_id=task.dossier_id,
                spec=task.name,
                name=task.name,
                level=task.level,
                org_id=task.org_id,
                role=task.role,
                actions=list(task.actions),
                status=OPEN,
                note=task.note,
                created_at=task.created_at,
            )
        )
        self.s.flush()

    def withdraw(self, task_id: str, now: datetime) -> None:
        """Close a task the workflow no longer offers (e.g. a branch that was cancelled)."""
        self.s.execute(
            update(TaskRow)
            .where(TaskRow.id == task_id, TaskRow.status == OPEN)
            .values(status="withdrawn", completed_at=now)
            .execution_options(synchronize_session=False)
        )

    def reseat(self, task_id: str, org_id: int) -> None:
        self.s.execute(
            update(TaskRow)
            .where(TaskRow.id == task_id, TaskRow.status == OPEN)
            .values(org_id=org_id)
            .execution_options(synchronize_session=False)
        )

    def open_for_dossier(self, dossier_id: int) -> list[Task]:
        rows = self.s.scalars(
            select(TaskRow)
            .where(TaskRow.dossier_id == dossier_id, TaskRow.status == OPEN)
            .order_by(TaskRow.created_at, TaskRow.id)
        )
        return [_task(r) for r in rows]

    def close(self, task_id: str, user_id: int, action: str, now: datetime) -> None:
        """Mark an open task completed; a second closer finds it closed and gets Conflict."""
        done = self.s.execute(
            update(TaskRow)
            .where(TaskRow.id == task_id, TaskRow.status == OPEN)
            .values(status=COMPLETED, completed_at=now, completed_by=user_id, action=action)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict("Nhiệm vụ này đã được xử lý.")

    def inbox(self, seats: Sequence[tuple[str, int]], limit: int = 500) -> list[InboxItem]:
        if not seats:
            return []
        wanted = [(TaskRow.role == role) & (TaskRow.org_id == org) for role, org in seats]
        stmt = (
            select(TaskRow, DossierRow)
            .join(DossierRow, DossierRow.id == TaskRow.dossier_id)
            .where(TaskRow.status == OPEN)
            .where(or_(*wanted))
            .order_by(TaskRow.created_at)
            .limit(limit)
        )
        return [InboxItem(_task(t), d.code, d.title, d.award_code) for t, d in self.s.execute(stmt)]
