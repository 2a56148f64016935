"""Acting on workflow tasks: the inbox, completing a task, and submitting a dossier."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from service.domain import permissions
from service.domain.appraisal import AppraisalItem, CouncilVote
from service.domain.checklists import IncompleteDossier, require_complete
from service.domain.dossiers import Dossier, Status
from service.domain.eligibility import refusal
from service.domain.errors import Conflict, Invalid
from service.domain.history import Event
from service.domain.orgs import OrgUnit
from service.domain.permissions import Actor
from service.domain.proposal_fields import REQUIRABLE, Submission, missing_on_submit
from service.domain.tasks import OPEN, PREPARE, InboxItem, Task, comment_problem
from service.usecases.appraisal import StepInput, after_move, council_rule, record_step
from service.usecases.attachments import forget_object
from service.usecases.decisions import draft_decision
from service.usecases.eligibility import judge
from service.usecases.ports import Clock, DecisionOffice, Engine, ObjectStore, UnitOfWork, utcnow
from service.usecases.proposals import PROPOSED_EVENT
from service.usecases.routing import advance, route_data
from service.usecases.rules import award_in_force, pinned_rulebook

PROPOSED = Status.PROPOSED.value
APPROVED = Status.APPROVED.value
SENT_UP = "Trình cấp trên xem xét, quyết định (tờ trình và danh sách đề nghị)"


def inbox(*, actor: Actor, uow: UnitOfWork) -> list[InboxItem]:
    with uow:
        return uow.tasks.inbox([(g.role.value, g.org_id) for g in actor.grants])


def my_tasks_on(dossier_id: int, *, actor: Actor, uow: UnitOfWork) -> list[Task]:
    """The open tasks of one dossier that the actor may act on now (for the dossier's page)."""
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
        return [
            t for t in uow.tasks.open_for_dossier(dossier_id) if permissions.can_act(actor, t.seat)
        ]


def complete_task(
    task_id: str,
    action: str,
    comment: str,
    *,
    actor: Actor,
    uow: UnitOfWork,
    engine: Engine,
    office: DecisionOffice,
    store: ObjectStore,
    clock: Clock = utcnow,
    appraisal: Sequence[AppraisalItem] | None = None,
    council: CouncilVote | None = None,
    submission: Submission | None = None,
) -> Dossier:
    """Complete a task; when the route ends in approval, issue the decision in the same commit.
    The officer's step carries the ``appraisal`` (and the office's ``submission``), the
    secretary's the ``council``'s vote: checked and stored in the same transaction."""
    decision_key = None
    try:
        with uow:
            task, dossier, chain = _open_task(uow, task_id, actor)
            _check_action(task, action, comment)
            now = clock()
            given = StepInput(appraisal, council, submission)
            recorded = record_step(uow, office, task, dossier, action, given, actor, now)
            wf = engine.load(uow.workflows.state(dossier.id))
            # Dossiers started before an award could be proposes-only lack that datum.
            book = pinned_rulebook(dossier)
            award = award_in_force(uow, dossier.award, dossier.org_id, dossier.rules_day, book)
            if award is not None:
                rule = council_rule(office, dossier)
                engine.update_data(wf, route_data(award, council=rule is not None))
            if action == PREPARE:
                _require_ready(uow, office, dossier, book, now)
            engine.complete(wf, task.id, action)
            uow.tasks.close(task.id, actor.user_id, action, now)
            if action == PREPARE:
                uow.attachments.seal(dossier.id, now)
            note = comment.strip() if action == "return" else ""
            saved = advance(uow, engine, dossier, chain, wf, action, note, now)
            said = "\n".join(t for t in (recorded, comment.strip()) if t)
            uow.events.append(Event.of(now, actor, action, dossier=dossier, org=task, comment=said))
            finished = engine.finished(wf)
            ends = finished is not None and finished.outcome in (APPROVED, PROPOSED)
            after_move(uow, task, saved, action, ends)
            if finished is not None and finished.issue_decision:
                decision_key = draft_decision(
                    uow, office, store, saved, chain, finished.lane, actor, now
                )
            elif finished is not None and finished.outcome == PROPOSED:
                uow.events.append(
                    Event.of(now, actor, PROPOSED_EVENT, dossier=saved, org=task, comment=SENT_UP)
                )
            uow.flush()
            uow.commit()
            return saved
    except BaseException:
        if decision_key is not None:
            forget_object(store, decision_key)
        raise


def _require_ready(
    uow: UnitOfWork, office: DecisionOffice, dossier: Dossier, book: str, now: datetime
) -> None:
    """Everything a dossier needs to leave its unit, all in one answer: the proposal fields the
    decision will cite, the parts of its checklist, and nominees passing the blocking
    eligibility rules (each named with what it lacks)."""
    found = [
        _missing_proposal_fields(dossier, office.rulebook_for(book).required_on_submit),
        _missing_parts(uow, office, dossier, book),
        refusal(judge(uow, office, dossier, now)),
    ]
    errors = [e for e in found if e is not None]
    if len(errors) == 1:
        raise errors[0]
    if errors:
        # The error code the answer carries: the checklist's, else the eligibility's.
        kind = next((type(e) for e in errors if isinstance(e, IncompleteDossier)), type(errors[-1]))
        fields = {k: v for e in errors for k, v in e.fields.items()}
        raise kind(" ".join(e.message for e in errors), fields)


def _missing_parts(
    uow: UnitOfWork, office: DecisionOffice, dossier: Dossier, book: str
) -> IncompleteDossier | None:
    """The refusal while a required part is missing (files sealed at an earlier submission
    count: a returned dossier keeps them)."""
    award = uow.awards.get(dossier.award, book)
    if award is None:
        return None
    try:
        require_complete(
            office.checklist_for(award, book),
            uow.attachments.for_dossier(dossier.id),
            dossier.nominees,
            dossier.simplified,
        )
    except IncompleteDossier as err:
        return err
    return None


def _open_task(uow: UnitOfWork, task_id: str, actor: Actor) -> tuple[Task, Dossier, list[OrgUnit]]:
    task = uow.tasks.get(task_id)
    # Lock the dossier first: a second actor waits here, then finds the task closed.
    dossier = uow.dossiers.get(task.dossier_id, lock=True)
    chain = uow.orgs.chain(dossier.org_id)
    permissions.require_can_act(actor, chain, task.seat, submitted=dossier.submitted)
    task = uow.tasks.get(task_id)
    if task.status != OPEN:
        raise Conflict("Nhiệm vụ này đã được xử lý.")
    return task, dossier, chain


def _check_action(task: Task, action: str, comment: str) -> None:
    if action not in task.actions:
        offered = ", ".join(task.actions)
        raise Invalid(
            f"Thao tác '{action}' không áp dụng cho nhiệm vụ này.",
            {"action": f"Chọn một trong: {offered}."},
        )
    if problem := comment_problem(action, comment):
        raise Invalid(problem, {"comment": problem})


def _missing_proposal_fields(dossier: Dossier, required: Collection[str]) -> Invalid | None:
    """What the decision will cite must be there before the dossier leaves its unit."""
    given = {
        "proposal": dossier.proposal is not None,
        "period": dossier.period is not None,
        "reason": bool(dossier.reason) or all(n.reason for n in dossier.nominees),
    }
    if missing := missing_on_submit(required, given):
        named = ", ".join(REQUIRABLE[name] for name in missing)
        return Invalid(f"Chưa trình được hồ sơ: còn thiếu {named}.", missing)
    return None


def submit_dossier(
    dossier_id: int,
    comment: str,
    *,
    actor: Actor,
    uow: UnitOfWork,
    engine: Engine,
    office: DecisionOffice,
    store: ObjectStore,
    clock: Clock = utcnow,
) -> Dossier:
    """The clerk sends the dossier into review: completes their open 'submit' task."""
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
        submits = [t for t in uow.tasks.open_for_dossier(dossier_id) if PREPARE in t.actions]
    if not submits:
        raise Conflict("Hồ sơ đang được xét duyệt, không thể trình lại lúc này.")
    return complete_task(
        submits[0].id,
        PREPARE,
        comment,
        actor=actor,
        uow=uow,
        engine=engine,
        office=office,
        store=store,
        clock=clock,
    )
