"""The dashboard: how the dossiers a user may see are spread, how long each level takes with them,
and which awards were decided this year.

Figures cover exactly the dossiers the user could open (``guards.visible_units``); admins, who see
no dossier, have no dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.domain.dossiers import Status
from service.domain.errors import Forbidden
from service.domain.permissions import DOSSIER_ROLES, Actor
from service.usecases.guards import visible_units
from service.usecases.ports import UnitOfWork

SECONDS_PER_DAY = 86400


@dataclass(frozen=True)
class Count:
    key: str  # a status or level code
    value: int


@dataclass(frozen=True)
class LevelTiming:
    level: str
    completed: int  # tasks completed at this level
    average_days: float | None  # None when no task has been completed there yet
    open: int  # tasks waiting at this level now


@dataclass(frozen=True)
class AwardTally:
    award: str
    name: str
    decisions: int
    nominees: int


@dataclass(frozen=True)
class Dashboard:
    year: int
    total: int
    by_status: list[Count]
    by_level: list[Count]
    timings: list[LevelTiming]
    awards: list[AwardTally]


def dashboard(year: int, *, actor: Actor, uow: UnitOfWork) -> Dashboard:
    """The figures for ``actor``; ``year`` is the calendar year whose decisions are counted."""
    if not actor.units_with(DOSSIER_ROLES):
        raise Forbidden("Trang tổng quan dành cho người lập, phê duyệt hoặc kiểm soát hồ sơ.")
    with uow:
        units = visible_units(uow, actor)
        # The route runs upwards, so levels are listed from the lowest (ward) to the top.
        levels = [lv.code for lv in reversed(uow.orgs.levels())]
        statuses = uow.stats.dossiers_by_status(units)
        at_level = uow.stats.dossiers_by_level(units)
        times = uow.stats.completed_task_times(units)
        waiting = uow.stats.open_tasks_by_level(units)
        issued = uow.stats.awards_issued(units, year)
    return Dashboard(
        year=year,
        total=sum(statuses.values()),
        by_status=[Count(s.value, statuses.get(s.value, 0)) for s in Status],
        by_level=[Count(code, at_level.get(code, 0)) for code in levels],
        timings=[_timing(code, times.get(code), waiting.get(code, 0)) for code in levels],
        awards=[AwardTally(*row) for row in issued],
    )


def _timing(level: str, done: tuple[int, float] | None, waiting: int) -> LevelTiming:
    if done is None or done[0] == 0:
        return LevelTiming(level, 0, None, waiting)
    count, seconds = done
    return LevelTiming(level, count, seconds / SECONDS_PER_DAY, waiting)
