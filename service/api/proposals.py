"""A state award's proposal (tờ trình and list, .docx) and the central decision on it."""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api.http import answer, body, caller, doc
from service.api.schemas import CentralDecisionIn, CentralDecisionOut
from service.domain.content_types import DOCX
from service.domain.errors import Invalid, NotFound
from service.domain.proposals import CentralDecision
from service.downloads import made_response
from service.services import services

bp = Blueprint("proposals", __name__)


def central_out(c: CentralDecision) -> CentralDecisionOut:
    return CentralDecisionOut(
        dossier_id=c.dossier_id,
        outcome=c.outcome.value,
        number=c.number,
        signed_on=c.signed_on,
        authority=c.authority,
        note=c.note,
        recorded_by=c.recorded_by,
        recorded_at=c.recorded_at,
    )


@bp.get("/dossiers/<int:dossier_id>/proposal")
@doc(
    "Tờ trình và danh sách đề nghị cấp trên khen thưởng (.docx) của hồ sơ đã trình",
    errors=(401, 404, 409, 422),
    query=("format",),
    produces=(DOCX,),
)
def proposal(dossier_id: int) -> Response:
    if request.args.get("format", "docx") != "docx":
        raise Invalid("Tờ trình chỉ tải được dạng docx.", {"format": "docx"})
    file = services().proposal_document(dossier_id, actor=caller())
    return made_response(file.content, name=file.name, mimetype=DOCX)


@bp.post("/dossiers/<int:dossier_id>/central-decision")
@doc(
    "Ghi nhận quyết định của cấp trên (Thủ tướng Chính phủ, Chủ tịch nước) về hồ sơ đã trình",
    request_model=CentralDecisionIn,
    response=CentralDecisionOut,
    status=201,
    errors=(401, 403, 404, 409, 422),
)
def record(dossier_id: int) -> tuple[Response, int]:
    typed = body(CentralDecisionIn).model_dump()
    found = services().record_central_decision(dossier_id, typed, actor=caller())
    return answer(central_out(found), 201)


@bp.get("/dossiers/<int:dossier_id>/central-decision")
@doc(
    "Quyết định của cấp trên về hồ sơ đã trình",
    response=CentralDecisionOut,
    errors=(401, 404),
)
def show(dossier_id: int) -> tuple[Response, int]:
    found = services().central_decision(dossier_id, actor=caller())
    if found is None:
        raise NotFound("Chưa có quyết định của cấp trên cho hồ sơ này.")
    return answer(central_out(found))
