"""Read models: the queries behind the pages, each shaped for what its page shows.

They run in a read-only unit of work (``SqlUnitOfWork(read_only=True)``) and read in a fixed
number of statements whatever the number of nominees, attachments, events or chain links: rows
come with their org unit joined, nominees in one ``selectin`` load, the chain of org units in one
recursive query. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.orm import Session

from service.adapters.appraisal_repository import AppraisalRepository
from service.adapters.attachment_repository import AttachmentRepository
from service.adapters.audit_repository import EventRepository
from service.adapters.decision_repository import DecisionRepository
from service.adapters.people_repository import PeopleRepository
from service.adapters.regulation_repository import RegulationRepository
from service.adapters.repositories import (
    DossierRepository,
    _award,
    _dossier,
    _org,
    _task,
    absorbed_ids,
    namesakes,
    subtree_ids,
)
from service.adapters.tables import (
    AwardRow,
    DossierRow,
    LevelRow,
    OrgUnitRow,
    RulebookAwardRow,
    TaskRow,
)
from service.domain.appraisal import CouncilMeeting, Outcome
from service.domain.attachments import Attachment
from service.domain.awards import Award
from service.domain.dossiers import Dossier, DossierFilter
from service.domain.drafting import IssuedDecision
from service.domain.duplicates import Namesake
from service.domain.errors import NotFound
from service.domain.history import Event, Names
from service.domain.orgs import OrgUnit
from service.domain.people import History
from service.domain.permissions import Visible
from service.domain.proposals import CentralDecision
from service.domain.tasks import OPEN, InboxItem, Task

MAX_DEPTH = 32


class PageQueries:
    def __init__(self, session: Session) -> None:
        self.s = session

    def dossier_with_award(self, dossier_id: int) -> tuple[Dossier, Award | None]:
        """The dossier (nominees loaded in a second statement) and its award as the rulebook it
        was pinned to reads it (else the code's one row), in one join."""
        pinned = (RulebookAwardRow.code == DossierRow.award_code) & (
            RulebookAwardRow.rulebook == DossierRow.rulebook
        )
        row = self.s.execute(
            select(DossierRow, RulebookAwardRow, AwardRow)
            .join(RulebookAwardRow, pinned, isouter=True)
            .join(AwardRow, AwardRow.code == DossierRow.award_code, isouter=True)
            .where(DossierRow.id == dossier_id)
        ).one_or_none()
        if row is None:
            raise NotFound("Không tìm thấy hồ sơ.")
        dossier_row, book_row, award_row = row
        found = book_row or award_row
        return _dossier(dossier_row), _award(found) if found else None

    def chain(self, org_id: int) -> list[OrgUnit]:
        """The unit and its ancestors, nearest first, in one recursive query."""
        up = (
            select(OrgUnitRow.id, OrgUnitRow.parent_id, literal(0).label("depth"))
            .where(OrgUnitRow.id == org_id)
            .cte("up", recursive=True)
        )
        up = up.union_all(
            select(OrgUnitRow.id, OrgUnitRow.parent_id, (up.c.depth + 1).label("depth"))
            .join(up, OrgUnitRow.id == up.c.parent_id)
            .where(up.c.depth < MAX_DEPTH)
        )
        rows = self.s.scalars(
            select(OrgUnitRow).join(up, up.c.id == OrgUnitRow.id).order_by(up.c.depth)
        )
        return [_org(r) for r in rows]

    def open_tasks(self, dossier_id: int) -> list[Task]:
        rows = self.s.scalars(
            select(TaskRow)
            .where(TaskRow.dossier_id == dossier_id, TaskRow.status == OPEN)
            .order_by(TaskRow.created_at)
        )
        return [_task(r) for r in rows]

    def attachments(self, dossier_id: int) -> list[Attachment]:
        return AttachmentRepository(self.s).for_dossier(dossier_id)

    def history(self, dossier_id: int) -> list[Event]:
        return EventRepository(self.s).for_dossier(dossier_id)

    def names(self, events: Iterable[Event]) -> Names:
        return EventRepository(self.s).names(events)

    def decision(self, dossier_id: int) -> IssuedDecision | None:
        return DecisionRepository(self.s).for_dossier(dossier_id)

    def central_decision(self, dossier_id: int) -> CentralDecision | None:
        return DecisionRepository(self.s).central_for(dossier_id)

    def corrections(self, decision_id: int) -> list[IssuedDecision]:
        return DecisionRepository(self.s).corrections_of(decision_id)

    def awards(self) -> list[Award]:
        return [_award(r) for r in self.s.scalars(select(AwardRow).order_by(AwardRow.code))]

    def level_names(self) -> dict[str, str]:
        rows = self.s.execute(select(LevelRow.code, LevelRow.name).order_by(LevelRow.rank))
        return {code: name for code, name in rows}

    def subtree_ids(self, roots: Collection[int]) -> set[int]:
        return subtree_ids(self.s, roots)

    def absorbed_ids(self, roots: Collection[int]) -> set[int]:
        return absorbed_ids(self.s, roots)

    def dossiers(
        self, visible: Visible, where: DossierFilter, after_id: int | None, limit: int
    ) -> list[Dossier]:
        return DossierRepository(self.s).list(visible, where, after_id, limit)

    def namesakes(self, dossier_id: int, statuses: Collection[str]) -> list[Namesake]:
        return namesakes(self.s, dossier_id, statuses)

    def inbox(
        self,
        seats: Sequence[tuple[str, int]],
        level: str | None,
        award: str | None,
        limit: int,
    ) -> list[InboxItem]:
        """Open tasks at the seats, oldest first, narrowed to a level and an award if given."""
        if not seats:
            return []
        stmt = (
            select(TaskRow, DossierRow.code, DossierRow.title, DossierRow.award_code)
            .join(DossierRow, DossierRow.id == TaskRow.dossier_id)
            .where(TaskRow.status == OPEN, _at_seats(seats))
        )
        if level is not None:
            stmt = stmt.where(TaskRow.level == level)
        if award is not None:
            stmt = stmt.where(DossierRow.award_code == award)
        rows = self.s.execute(stmt.order_by(TaskRow.created_at).limit(limit))
        return [InboxItem(_task(t), code, title, award_code) for t, code, title, award_code in rows]

    def inbox_levels(self, seats: Sequence[tuple[str, int]]) -> dict[str, int]:
        """How many open tasks wait at the seats, per level."""
        if not seats:
            return {}
        rows = self.s.execute(
            select(TaskRow.level, func.count(TaskRow.id))
            .where(TaskRow.status == OPEN, _at_seats(seats))
            .group_by(TaskRow.level)
        )
        return {str(level): int(n) for level, n in rows}

    def outcomes(self, dossier_id: int) -> dict[int, Outcome]:
        """Each nominee's result by nominee id (none: pending, or never appraised)."""
        return AppraisalRepository(self.s).outcomes(dossier_id)

    def council_meeting(self, dossier_id: int) -> CouncilMeeting | None:
        return AppraisalRepository(self.s).meeting(dossier_id)

    def histories(self, person_ids: Collection[int]) -> dict[int, History]:
        return PeopleRepository(self.s).histories(person_ids) if person_ids else {}

    def eligibility_choices(self, root_id: int) -> Mapping[str, str]:
        found = RegulationRepository(self.s).get(root_id)
        return found.eligibility if found else {}


def _at_seats(seats: Sequence[tuple[str, int]]) -> ColumnElement[bool]:
    return or_(*[(TaskRow.role == role) & (TaskRow.org_id == org) for role, org in seats])
