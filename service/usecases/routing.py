"""Keeping the task table in step with a dossier's workflow instance.

After the engine moves, its ready user tasks are written to ``tasks`` (the inbox reads that table,
never the serialized workflow), each seated at the org unit of the dossier's chain that sits at
the task's lane, and the dossier's status and level follow.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from service.domain.awards import Award
from service.domain.dossiers import Dossier, status_after
from service.domain.errors import ConfigurationError
from service.domain.orgs import Chain, unit_at_level
from service.domain.tasks import Task
from service.usecases.ports import Engine, UnitOfWork


def route_data(award: Award, *, council: bool | None = None) -> dict[str, Any]:
    """What the BPMN conditions read about the dossier's award: the level that decides it,
    whether that level only proposes it upward (a state award), and whether its council votes
    on it (the rulebook's council rule; left out when not known, the engine then assumes not)."""
    data: dict[str, Any] = {"award_level": award.level, "proposes_only": award.proposes_only}
    if council is not None:
        data["council"] = council
    return data


def sync_tasks(
    uow: UnitOfWork,
    engine: Engine,
    wf: Any,
    dossier_id: int,
    chain: Chain,
    note: str,
    now: datetime,
) -> list[Task]:
    """Open a task row for each newly ready user task; withdraw rows the engine dropped."""
    ready = engine.ready(wf)
    known = {t.id for t in uow.tasks.open_for_dossier(dossier_id)}
    ready_ids = {r.id for r in ready}
    for task_id in known - ready_ids:
        uow.tasks.withdraw(task_id, now)
    opened = []
    for r in ready:
        if r.id in known:
            continue
        unit = unit_at_level(chain, r.lane)
        if unit is None:
            raise ConfigurationError(
                f"Hồ sơ không có đơn vị cấp '{r.lane}' để xử lý bước '{r.name}'."
            )
        task = Task(
            r.id,
            dossier_id,
            r.name,
            r.lane,
            unit.id,
            unit.code,
            r.role,
            r.actions,
            "open",
            note,
            now,
        )
        uow.tasks.add(task)
        opened.append(task)
    return opened


def advance(
    uow: UnitOfWork,
    engine: Engine,
    dossier: Dossier,
    chain: Chain,
    wf: Any,
    action: str,
    note: str,
    now: datetime,
) -> Dossier:
    """Record the workflow's new state on the dossier, its tasks and its workflow row."""
    sync_tasks(uow, engine, wf, dossier.id, chain, note, now)
    finished = engine.finished(wf)
    ready = engine.ready(wf)
    dossier.status = status_after(action, finished.outcome if finished else None)
    if finished is not None:
        dossier.level = finished.lane
    elif ready:
        dossier.level = ready[0].lane
    uow.workflows.save(dossier.id, engine.dump(wf), now)
    return uow.dossiers.save(dossier, now)
