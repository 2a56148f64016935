"""The deciding level's own steps: the officer's appraisal, the council's vote, the results.

``complete_task`` calls ``record_step`` before the engine moves, inside its one transaction: what
the officer or the secretary entered is checked against the dossier and the rulebook, the results
it yields are stored, and a summary for the history comes back. ``check_outcome`` runs after the
engine moved: the head cannot approve a dossier none of whose nominees came out approved.

A dossier that was already waiting for its deciding approver when these steps shipped has no
appraisal at all: its nominees have no result row, and ``decided`` then takes all of them, as
that approval always did (see tests/api/test_appraisal.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from service.domain import permissions
from service.domain.appraisal import (
    Appraisal,
    AppraisalItem,
    CouncilMeeting,
    CouncilRule,
    CouncilVote,
    Outcome,
    Result,
    appraisal_problems,
    appraised,
    require_valid,
    summary,
    vote_problems,
    voted,
)
from service.domain.dossiers import Dossier, Nominee
from service.domain.errors import Invalid
from service.domain.permissions import Actor, Role
from service.domain.proposal_fields import Submission
from service.domain.tasks import PREPARE, Task
from service.usecases import eligibility
from service.usecases.ports import DecisionOffice, UnitOfWork
from service.usecases.rules import pinned_rulebook

APPROVE = "approve"
RECORD_VOTES = "record_votes"
RETURN = "return"
MAX_NUMBER = 64


@dataclass(frozen=True)
class StepInput:
    """What a step's form carries besides its action and comment."""

    appraisal: Sequence[AppraisalItem] | None = None
    council: CouncilVote | None = None
    submission: Submission | None = None


def council_rule(office: DecisionOffice, dossier: Dossier) -> CouncilRule | None:
    """The council rule of the dossier's award under the rulebook it was pinned to."""
    return office.council_rule(dossier.award, pinned_rulebook(dossier))


def record_step(
    uow: UnitOfWork,
    office: DecisionOffice,
    task: Task,
    dossier: Dossier,
    action: str,
    given: StepInput,
    actor: Actor,
    now: datetime,
) -> str:
    """Check and store what this step records; return its summary for the history ("")."""
    appraising = task.role == Role.OFFICER and action == APPROVE
    voting = action == RECORD_VOTES
    if given.appraisal is not None and not appraising:
        raise Invalid(
            "Chỉ bước thẩm định (phê duyệt của chuyên viên) mới nhận kết quả thẩm định.",
            {"appraisal": "Bước này không nhận kết quả thẩm định."},
        )
    if given.council is not None and not voting:
        raise Invalid(
            "Chỉ bước ghi kết quả biểu quyết mới nhận kết quả của Hội đồng.",
            {"council": "Bước này không nhận kết quả biểu quyết."},
        )
    if appraising:
        return _appraise(uow, office, task, dossier, given, actor, now)
    if voting:
        return _vote(uow, office, task, dossier, given.council, actor, now)
    return ""


def _appraise(
    uow: UnitOfWork,
    office: DecisionOffice,
    task: Task,
    dossier: Dossier,
    given: StepInput,
    actor: Actor,
    now: datetime,
) -> str:
    if given.appraisal is None:
        raise Invalid(
            "Hãy thẩm định từng người được đề nghị trước khi trình.",
            {"appraisal": "Cần kết quả thẩm định của từng người được đề nghị."},
        )
    ids = [n.id for n in dossier.nominees if n.id is not None]
    require_valid(appraisal_problems(given.appraisal, ids), "Kết quả thẩm định chưa hợp lệ.")
    if given.submission is not None:
        require_valid(_submission_problems(given.submission), "Tờ trình chưa hợp lệ.")
    outcomes = appraised(given.appraisal, council_rule(office, dossier) is not None)
    if all(o.result in (Result.NOT_PROPOSED, Result.MOVED) for o in outcomes):
        raise Invalid(
            "Không còn người nào đủ điều kiện đề nghị khen thưởng; hãy từ chối hồ sơ.",
            {"appraisal": "Không có người nào đủ điều kiện: hãy chọn Từ chối."},
        )
    uow.appraisals.put_outcomes(dossier.id, outcomes)
    uow.appraisals.put_appraisal(
        Appraisal(dossier.id, task.level, actor.user_id, now, given.submission)
    )
    # The officer appraised knowing what the registry says; the history keeps it beside.
    checked = eligibility.summary(eligibility.judge(uow, office, dossier, now))
    return "\n".join(line for line in (f"Thẩm định: {summary(outcomes)}", checked) if line)


def _submission_problems(s: Submission) -> dict[str, str]:
    if not s.number.strip():
        return {"submission.number": "Hãy ghi số tờ trình."}
    if len(s.number) > MAX_NUMBER:
        return {"submission.number": f"Số tờ trình tối đa {MAX_NUMBER} ký tự."}
    return {}


def _vote(
    uow: UnitOfWork,
    office: DecisionOffice,
    task: Task,
    dossier: Dossier,
    vote: CouncilVote | None,
    actor: Actor,
    now: datetime,
) -> str:
    if vote is None:
        raise Invalid(
            "Hãy nhập kết quả biểu quyết của Hội đồng.",
            {"council": "Cần kết quả biểu quyết của Hội đồng."},
        )
    rule = council_rule(office, dossier)
    if rule is None:
        raise Invalid(
            "Hình thức khen thưởng này không cần Hội đồng biểu quyết.",
            {"council": "Hình thức này không cần Hội đồng biểu quyết."},
        )
    before = list(uow.appraisals.outcomes(dossier.id).values())
    eligible = [o.nominee_id for o in before if o.result == Result.PENDING]
    problems = vote_problems(vote, rule, eligible)
    if problem := _held_on_problem(uow, office, task, dossier, vote.held_on, now):
        problems["council.held_on"] = problem
    require_valid(problems, "Kết quả biểu quyết chưa hợp lệ.")
    outcomes = voted(vote, rule, before)
    uow.appraisals.put_outcomes(dossier.id, outcomes)
    uow.appraisals.add_meeting(
        CouncilMeeting(dossier.id, task.level, vote, rule, actor.user_id, now)
    )
    present = f"{vote.members_present}/{vote.members_total} thành viên có mặt"
    return f"Hội đồng biểu quyết ({present}): {summary(outcomes)}"


def _held_on_problem(
    uow: UnitOfWork,
    office: DecisionOffice,
    task: Task,
    dossier: Dossier,
    held_on: date,
    now: datetime,
) -> str | None:
    if held_on > office.local_date(now):
        return "Ngày họp không được sau ngày hôm nay."
    reached = _reached_level(uow, dossier, task.level)
    if reached is not None and held_on < (day := office.local_date(reached)):
        return f"Ngày họp không được trước ngày hồ sơ đến cấp này ({day:%d/%m/%Y})."
    return None


def _reached_level(uow: UnitOfWork, dossier: Dossier, level: str) -> datetime | None:
    """When the dossier last came to ``level``: its submission, or the level below sending it."""
    arrivals = [
        e.at
        for e in uow.events.for_dossier(dossier.id)
        if e.action == PREPARE or (e.action == APPROVE and e.level != level)
    ]
    return arrivals[-1] if arrivals else None


def after_move(uow: UnitOfWork, task: Task, dossier: Dossier, action: str, decided: bool) -> None:
    """After the engine moved: a return that leaves the level clears the results (the dossier
    will be appraised again; the secretary's return stays with the officer); the head's approval
    needs at least one approved nominee."""
    if action == RETURN and task.role != Role.SECRETARY:
        uow.appraisals.reset(dossier.id)
    if decided and action == APPROVE:
        outcomes = uow.appraisals.outcomes(dossier.id)
        if outcomes and not any(o.result == Result.APPROVED for o in outcomes.values()):
            raise Invalid(
                "Không có người nào được đề nghị khen thưởng sau thẩm định và biểu quyết; "
                "hãy từ chối hồ sơ.",
                {"action": "Không có người nào được duyệt: hãy chọn Từ chối."},
            )


def decided(uow: UnitOfWork, dossier: Dossier) -> Dossier:
    """The dossier as its decision lists it: only the nominees who came out approved (all of
    them when it was never appraised: approved before the appraisal step existed)."""
    outcomes = uow.appraisals.outcomes(dossier.id)
    if not outcomes:
        return dossier
    return replace(dossier, nominees=[n for n in dossier.nominees if _approved(n, outcomes)])


def _approved(n: Nominee, outcomes: dict[int, Outcome]) -> bool:
    found = outcomes.get(n.id) if n.id is not None else None
    return found is not None and found.result == Result.APPROVED


@dataclass(frozen=True)
class Results:
    """What the deciding level made of a dossier so far: results by nominee id, the meeting."""

    outcomes: dict[int, Outcome]
    meeting: CouncilMeeting | None


def dossier_results(dossier_id: int, *, actor: Actor, uow: UnitOfWork) -> Results:
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
        return Results(uow.appraisals.outcomes(dossier_id), uow.appraisals.meeting(dossier_id))
