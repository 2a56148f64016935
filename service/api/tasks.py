"""Task endpoints: the caller's inbox and completing a task with an action."""

from __future__ import annotations

from flask import Blueprint, Response

from service.api.appraisal_schemas import AppraisalItemIn, CouncilIn
from service.api.dossiers import dossier_out
from service.api.http import answer, body, caller, doc
from service.api.schemas import CompleteIn, DossierOut, TaskList, TaskOut
from service.domain.appraisal import AppraisalItem, CouncilVote, NomineeVote
from service.domain.proposal_fields import Submission
from service.services import services

bp = Blueprint("tasks", __name__)


@bp.get("/tasks")
@doc("Nhiệm vụ người dùng có thể xử lý ngay", response=TaskList, errors=(401,))
def index() -> tuple[Response, int]:
    items = services().inbox(actor=caller())
    return answer(
        TaskList(
            items=[
                TaskOut(
                    id=i.task.id,
                    dossier_id=i.task.dossier_id,
                    dossier_code=i.dossier_code,
                    dossier_title=i.dossier_title,
                    award=i.award,
                    name=i.task.name,
                    level=i.task.level,
                    org_code=i.task.org_code,
                    org_name=i.task.org_name,
                    actions=list(i.task.actions),
                    comment=i.task.note,
                    created_at=i.task.created_at,
                )
                for i in items
            ]
        )
    )


@bp.post("/tasks/<task_id>/complete")
@doc(
    "Xử lý nhiệm vụ: phê duyệt, trả lại (kèm lý do), từ chối (kèm lý do); chuyên viên thẩm định "
    "từng người (appraisal), thư ký ghi kết quả biểu quyết của Hội đồng (council)",
    request_model=CompleteIn,
    response=DossierOut,
    errors=(401, 403, 404, 409, 422),
)
def complete(task_id: str) -> tuple[Response, int]:
    data = body(CompleteIn)
    dossier = services().complete_task(
        task_id,
        data.action,
        data.comment,
        actor=caller(),
        appraisal=_appraisal(data.appraisal),
        council=_council(data.council),
        submission=Submission(data.submission.number, data.submission.date)
        if data.submission
        else None,
    )
    return answer(
        dossier_out(dossier, results=services().dossier_results(dossier.id, actor=caller()))
    )


def _appraisal(items: list[AppraisalItemIn] | None) -> list[AppraisalItem] | None:
    if items is None:
        return None
    return [AppraisalItem(i.nominee_id, i.eligible, i.note, i.moved_to) for i in items]


def _council(c: CouncilIn | None) -> CouncilVote | None:
    if c is None:
        return None
    votes = tuple(NomineeVote(v.nominee_id, v.votes_for, v.against) for v in c.votes)
    return CouncilVote(c.members_total, c.members_present, c.secret_ballot, c.held_on, votes)
