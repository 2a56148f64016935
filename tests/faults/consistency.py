"""Is every dossier consistent after a fault? The one check every fault test ends with.

``assert_consistent(services)`` reads the rows and the stored workflow states and fails, naming
each problem, unless for every dossier:

- it has its workflow state, and no task row belongs to a dossier without one;
- its open task rows are exactly the user tasks its workflow state is waiting on, and its status
  and level are what that state says (``routing.advance`` keeps them in step);
- its history is complete: one ``created`` event; one event per completed task, with the task's
  action and actor; one ``decision_drafted`` event per decision, and a decision exactly when
  the route ended in one; each move of its procedure once per decision that went through it
  (submitted for signature, signed, issued); attachments added minus removed equals the
  attachment rows;

and then that ``audit verify`` and ``storage verify`` pass, and that ``storage gc`` (with no
minimum age: the service must be idle or stopped) leaves no orphan object and no temporary
file or incomplete upload. It returns what gc removed, for tests that expect a leftover.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from service.adapters.tables import (
    AttachmentRow,
    DecisionRow,
    DossierRow,
    EventRow,
    TaskRow,
    WorkflowRow,
)
from service.domain.dossiers import Status
from service.domain.tasks import OPEN, PREPARE
from service.services import Services
from service.usecases.attachments import GC_PREFIXES
from storage.folder import FolderStore


@dataclass
class Report:
    dossiers: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    orphans_removed: list[str] = field(default_factory=list)
    incomplete_removed: list[str] = field(default_factory=list)


@dataclass
class Rows:
    """What the database holds about the dossiers, grouped by dossier id."""

    dossiers: list[Any]
    workflows: dict[int, str]
    tasks: dict[int, list[Any]]
    events: dict[int | None, list[Any]]
    attachments: Counter[int]
    decisions: Counter[int]
    decision_statuses: dict[int, list[str]]

    @classmethod
    def read(cls, conn: Connection) -> Rows:
        tasks: dict[int, list[Any]] = {}
        for t in conn.execute(select(TaskRow)):
            tasks.setdefault(t.dossier_id, []).append(t)
        events: dict[int | None, list[Any]] = {}
        for e in conn.execute(select(EventRow.dossier_id, EventRow.action, EventRow.actor_id)):
            events.setdefault(e.dossier_id, []).append(e)
        return cls(
            dossiers=list(conn.execute(select(DossierRow.id, DossierRow.status, DossierRow.level))),
            workflows={
                w.dossier_id: w.state
                for w in conn.execute(select(WorkflowRow.dossier_id, WorkflowRow.state))
            },
            tasks=tasks,
            events=events,
            attachments=_counts(conn, AttachmentRow.dossier_id),
            decisions=_counts(conn, DecisionRow.dossier_id),
            decision_statuses=_statuses(conn),
        )


def _statuses(conn: Connection) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for d in conn.execute(select(DecisionRow.dossier_id, DecisionRow.status)):
        found.setdefault(d.dossier_id, []).append(d.status)
    return found


# The procedure's moves in order, and the statuses a decision has once it made each.
PROCEDURE = (
    ("decision_submitted_for_signature", {"submitted_for_signature", "signed"}),
    ("decision_signed", {"signed"}),
    ("decision_issued", set()),
)
AFTER_ISSUE = {"issued", "revoked", "corrected"}


def _counts(conn: Connection, column: Any) -> Counter[int]:
    return Counter(
        {key: n for key, n in conn.execute(select(column, func.count()).group_by(column))}
    )


def assert_consistent(svc: Services) -> Report:
    with svc.container.db.connect() as conn:
        rows = Rows.read(conn)
    report = Report(dossiers=len(rows.dossiers))
    stateless = sorted(rows.tasks.keys() - rows.workflows.keys())
    problems = [f"task rows of dossier {d}, which has no workflow state" for d in stateless]
    task_actions = {a for ts in rows.tasks.values() for t in ts for a in t.actions}
    for dossier in rows.dossiers:
        report.statuses[dossier.status] += 1
        problems += [f"dossier {dossier.id}: {p}" for p in _dossier_problems(svc, rows, dossier)]
        history = _history_problems(rows, dossier.id, task_actions)
        problems += [f"dossier {dossier.id}: {p}" for p in history]
    assert not problems, "inconsistent dossiers:\n" + "\n".join(problems)
    _assert_checks_pass(svc)
    report.orphans_removed = svc.collect_garbage(timedelta(0))
    report.incomplete_removed = svc.collect_incomplete_uploads(timedelta(0))
    _assert_store_clean(svc)
    return report


def _dossier_problems(svc: Services, rows: Rows, dossier: Any) -> list[str]:
    state = rows.workflows.get(dossier.id)
    if state is None:
        return ["no workflow state"]
    engine = svc.container.workflow
    wf = engine.load(state)
    ready, finished = engine.ready(wf), engine.finished(wf)
    tasks = rows.tasks.get(dossier.id, [])
    problems = []
    open_ids = {t.id for t in tasks if t.status == OPEN}
    if open_ids != {r.id for r in ready}:
        problems.append(f"open tasks {sorted(open_ids)} but the workflow waits on {ready}")
    if finished is not None:
        expected = (finished.outcome, finished.lane)
        wants_decision = finished.issue_decision
    elif ready:
        completed = any(t.status == "completed" for t in tasks)
        preparing = PREPARE in ready[0].actions
        status = (Status.RETURNED if completed else Status.DRAFT) if preparing else Status.IN_REVIEW
        expected, wants_decision = (status.value, ready[0].lane), False
    else:
        return [*problems, "the workflow neither waits nor has finished"]
    if (dossier.status, dossier.level) != expected:
        problems.append(f"is {dossier.status} at {dossier.level}, its workflow says {expected}")
    if rows.decisions[dossier.id] != int(wants_decision):
        problems.append(f"{rows.decisions[dossier.id]} decisions, its route wants {wants_decision}")
    return problems


def _history_problems(rows: Rows, dossier_id: int, task_actions: set[str]) -> list[str]:
    events = rows.events.get(dossier_id, [])
    actions = Counter(e.action for e in events)
    done = Counter(
        (t.action, t.completed_by)
        for t in rows.tasks.get(dossier_id, [])
        if t.status == "completed"
    )
    told = Counter((e.action, e.actor_id) for e in events if e.action in task_actions)
    problems = []
    if done != told:
        problems.append(f"completed tasks {dict(done)} but task events {dict(told)}")
    if actions["created"] != 1:
        problems.append(f"{actions['created']} 'created' events")
    if actions["decision_drafted"] != rows.decisions[dossier_id]:
        problems.append(f"{actions['decision_drafted']} 'decision_drafted' events")
    statuses = rows.decision_statuses.get(dossier_id, [])
    for move, reached in PROCEDURE:
        made = sum(s in reached | AFTER_ISSUE for s in statuses)
        if actions[move] != made:
            problems.append(f"{actions[move]} '{move}' events, {made} decisions made that move")
    kept = actions["attachment_added"] - actions["attachment_removed"]
    if kept != rows.attachments[dossier_id]:
        problems.append(f"history keeps {kept} attachments, {rows.attachments[dossier_id]} rows")
    return problems


def _assert_checks_pass(svc: Services) -> None:
    verdict = svc.verify_audit()
    assert verdict.ok, f"audit verify: broken at {verdict.first_broken}: {verdict.reason}"
    checked, problems = svc.verify_objects()
    assert not problems, f"storage verify ({checked} files): {problems}"


def _assert_store_clean(svc: Services) -> None:
    """After gc: every object is referenced, and nothing half-uploaded is left."""
    store = svc.container.store
    with svc.container.db.connect() as conn:
        known = set(conn.scalars(select(AttachmentRow.object_key)))
        known |= set(conn.scalars(select(DecisionRow.object_key)))
    stored = {o.key for p in GC_PREFIXES for o in store.list(p)}
    assert stored == known, f"orphans {stored - known}, missing {known - stored}"
    _assert_checks_pass(svc)
    soon = datetime.now(UTC) + timedelta(minutes=1)
    left = [item for p in GC_PREFIXES for item in store.remove_incomplete(p, soon)]
    assert left == [], f"incomplete uploads left after gc: {left}"
    if isinstance(store, FolderStore):
        temporaries = sorted(str(p) for p in Path(store.root).rglob(".tmp-*"))
        assert temporaries == [], f"temporary files left after gc: {temporaries}"
