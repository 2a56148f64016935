"""Aggregate figures for the dashboard: counts and averages computed by the database.

Every query is limited to dossiers of the given org units and returns one row per group (a status,
a level, an award), so the answer stays small however many dossiers there are. Only the duration
of a task needs SQL that differs between SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, distinct, func, select
from sqlalchemy.orm import Session

from service.adapters import statistics_queries
from service.adapters.repositories import visible_dossiers
from service.adapters.statistics_queries import COUNTING
from service.adapters.tables import AwardRow, DecisionRow, DossierRow, NomineeRow, TaskRow
from service.domain.lookup import PublicAward
from service.domain.permissions import Visible
from service.domain.statistics import Awarded, Prized
from service.domain.tasks import COMPLETED, OPEN


class StatsRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def dossiers_by_status(self, visible: Visible) -> dict[str, int]:
        return self._dossiers_by(DossierRow.status, visible)

    def dossiers_by_level(self, visible: Visible) -> dict[str, int]:
        return self._dossiers_by(DossierRow.level, visible)

    def _dossiers_by(self, column: Any, visible: Visible) -> dict[str, int]:
        if not visible:
            return {}
        rows = self.s.execute(
            select(column, func.count(DossierRow.id))
            .where(visible_dossiers(visible))
            .group_by(column)
        )
        return {str(key): int(n) for key, n in rows}

    def completed_task_times(self, visible: Visible) -> dict[str, tuple[int, float]]:
        """Per task level: how many tasks were completed and their mean duration in seconds."""
        if not visible:
            return {}
        rows = self.s.execute(
            select(TaskRow.level, func.count(TaskRow.id), func.avg(self._seconds()))
            .join(DossierRow, DossierRow.id == TaskRow.dossier_id)
            .where(visible_dossiers(visible), TaskRow.status == COMPLETED)
            .where(TaskRow.completed_at.is_not(None))
            .group_by(TaskRow.level)
        )
        return {str(level): (int(n), float(avg or 0)) for level, n, avg in rows}

    def _seconds(self) -> ColumnElement[Any]:
        """completed_at − created_at in seconds, in the dialect of the database at hand."""
        if self.s.get_bind().dialect.name == "postgresql":
            return func.extract("epoch", TaskRow.completed_at - TaskRow.created_at)
        # SQLite keeps UTC timestamps as text; julianday() reads them as days.
        days = func.julianday(TaskRow.completed_at) - func.julianday(TaskRow.created_at)
        return days * 86400

    def open_tasks_by_level(self, visible: Visible) -> dict[str, int]:
        if not visible:
            return {}
        rows = self.s.execute(
            select(TaskRow.level, func.count(TaskRow.id))
            .join(DossierRow, DossierRow.id == TaskRow.dossier_id)
            .where(visible_dossiers(visible), TaskRow.status == OPEN)
            .group_by(TaskRow.level)
        )
        return {str(level): int(n) for level, n in rows}

    def awards_issued(self, visible: Visible, year: int) -> list[tuple[str, str, int, int]]:
        """(award code, award name, decisions, nominees) for decisions of ``year``, most first."""
        if not visible:
            return []
        decisions = func.count(distinct(DecisionRow.id))
        rows = self.s.execute(
            select(AwardRow.code, AwardRow.name, decisions, func.count(NomineeRow.id))
            .select_from(DecisionRow)
            .join(DossierRow, DossierRow.id == DecisionRow.dossier_id)
            .join(AwardRow, AwardRow.code == DossierRow.award_code)
            .outerjoin(NomineeRow, NomineeRow.dossier_id == DossierRow.id)
            .where(visible_dossiers(visible), DecisionRow.year == year)
            .where(DecisionRow.status.in_(COUNTING))
            .where(DecisionRow.corrects_id.is_(None))  # a correction awards nobody again
            .group_by(AwardRow.code, AwardRow.name)
            .order_by(decisions.desc(), AwardRow.code)
        )
        return [(str(c), str(name), int(d), int(n)) for c, name, d, n in rows]

    def awarded(
        self,
        visible: Visible,
        scope: Collection[int] | None,
        start: date,
        end: date,
        award: str | None = None,
    ) -> list[Awarded]:
        """Awarded nominees decided from ``start`` to ``end`` (inclusive), grouped."""
        return statistics_queries.awarded(self.s, visible, scope, start, end, award)

    def prized(
        self, visible: Visible, scope: Collection[int] | None, start: date, end: date
    ) -> list[Prized]:
        return statistics_queries.prized(self.s, visible, scope, start, end)

    def public_awards(
        self, name: str, unit: str, units: Collection[int] | None, offset: int, limit: int
    ) -> tuple[list[PublicAward], bool]:
        return statistics_queries.public_awards(self.s, name, unit, units, offset, limit)
