"""Decision endpoints: a dossier's decision and its file (.docx, or PDF), and the register."""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api.http import answer, caller, doc, int_arg
from service.api.schemas import DecisionList, DecisionOut
from service.documents import to_pdf
from service.domain.drafting import IssuedDecision
from service.domain.errors import Invalid
from service.downloads import decision_name, decision_response
from service.services import services
from storage import content_disposition

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
    "Tải quyết định (.docx; ?format=pdf nếu máy chủ có LibreOffice)",
    errors=(401, 404, 422, 501, 503),
    query=("format",),
)
def content(dossier_id: int) -> Response:
    wanted = request.args.get("format", "docx")
    if wanted not in {"docx", "pdf"}:
        raise Invalid("Định dạng phải là docx hoặc pdf.", {"format": "docx hoặc pdf"})
    file = services().open_decision(dossier_id, actor=caller())
    if wanted == "pdf":
        with file.stream:
            pdf = to_pdf(file.stream.read_all())
        name = decision_name(file.decision) + ".pdf"
        return Response(
            pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": content_disposition(name)},
        )
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
