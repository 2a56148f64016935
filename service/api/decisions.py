"""Decision endpoints: a dossier's decision and its file (.docx, or PDF), and the register."""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api.http import answer, caller, doc, int_arg
from service.api.schemas import DecisionList, DecisionOut
from service.domain.content_types import DOCX, PDF
from service.domain.drafting import IssuedDecision
from service.domain.errors import Invalid
from service.downloads import decision_pdf_response, decision_response
from service.services import services

bp = Blueprint("decisions", __name__)


def decision_out(d: IssuedDecision) -> DecisionOut:
    return DecisionOut(
        number=d.number,
        issued_at=d.issued_at,
        issued_on=d.issued_on,
        issuer=d.issuer,
        issuer_org_code=d.issuer_org_code,
        year=d.year,
        signer=d.signer,
        sha256=d.sha256,
        size=d.size,
        dossier_id=d.dossier_id,
    )


@bp.get("/dossiers/<int:dossier_id>/decision")
@doc("Quyết định khen thưởng của hồ sơ", response=DecisionOut, errors=(401, 404))
def show(dossier_id: int) -> tuple[Response, int]:
    return answer(decision_out(services().get_decision(dossier_id, actor=caller())))


@bp.get("/dossiers/<int:dossier_id>/decision/content")
@doc(
    "Tải quyết định (.docx; ?format=pdf nếu máy chủ có LibreOffice: 503 pdf_unavailable nếu "
    "chưa cài, 503 pdf_busy nếu đang bận, kèm Retry-After)",
    errors=(401, 404, 422, 503),
    query=("format",),
    produces=(DOCX, PDF),
)
def content(dossier_id: int) -> Response:
    wanted = request.args.get("format", "docx")
    if wanted not in {"docx", "pdf"}:
        raise Invalid("Định dạng phải là docx hoặc pdf.", {"format": "docx hoặc pdf"})
    svc = services()
    file = svc.open_decision(dossier_id, actor=caller())
    if wanted == "pdf":
        return decision_pdf_response(file, svc.container.pdf)
    return decision_response(file)


@bp.get("/decisions")
@doc(
    "Sổ đăng ký quyết định theo đơn vị ban hành và năm",
    response=DecisionList,
    errors=(401, 422),
    query=("org", "year"),
)
def register() -> tuple[Response, int]:
    items = services().decision_register(
        request.args.get("org") or None, int_arg("year"), actor=caller()
    )
    return answer(DecisionList(items=[decision_out(d) for d in items]))
