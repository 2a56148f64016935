"""Decision endpoints: a dossier's decision and its file (.docx, or PDF), and the register."""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api.http import answer, body, caller, doc, int_arg
from service.api.schemas import (
    CorrectIn,
    CorrectionItemOut,
    CorrectionOut,
    DecisionList,
    DecisionOut,
    IssueIn,
    RevocationOut,
    RevokeIn,
    SignerOut,
)
from service.domain.content_types import DOCX, PDF
from service.domain.drafting import IssuedDecision
from service.domain.errors import Invalid
from service.downloads import decision_pdf_response, decision_response
from service.services import services
from service.usecases.decisions import DecisionFile

bp = Blueprint("decisions", __name__)


def decision_out(d: IssuedDecision) -> DecisionOut:
    signer = (
        SignerOut(
            username=d.signer_username,
            full_name=d.signer,
            title=d.signer_title,
            capacity=d.signer_capacity,
        )
        if d.signer_username
        else None
    )
    return DecisionOut(
        id=d.id,
        status=d.status,  # type: ignore[arg-type]
        number=d.number,
        issued_at=d.issued_at,
        issued_on=d.issued_on,
        issuer=d.issuer,
        issuer_org_code=d.issuer_org_code,
        year=d.year,
        signer=signer,
        signature_block=list(d.signature_block),
        number_register=d.register,
        sha256=d.sha256,
        size=d.size,
        dossier_id=d.dossier_id,
        original=d.original_kind,  # type: ignore[arg-type]
        original_sha256=d.original_sha256,
        corrects_id=d.corrects_id,
        correction=CorrectionOut(
            reason=d.correction.reason,
            legal_basis=d.correction.legal_basis,
            items=[CorrectionItemOut(**vars(i)) for i in d.correction.items],
        )
        if d.correction
        else None,
        corrected_by=list(d.corrected_by),
        revocations=[RevocationOut(**vars(r)) for r in d.revocations],
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
    wanted = _format()  # before opening the file: a refused format leaves nothing open
    return _file(services().open_decision(dossier_id, actor=caller()), wanted)


def _format() -> str:
    wanted = request.args.get("format", "docx")
    if wanted not in {"docx", "pdf"}:
        raise Invalid("Định dạng phải là docx hoặc pdf.", {"format": "docx hoặc pdf"})
    return wanted


def _file(file: DecisionFile, wanted: str) -> Response:
    if wanted == "pdf":
        return decision_pdf_response(file, services().container.pdf)
    return decision_response(file)


@bp.get("/decisions/<int:decision_id>")
@doc("Một quyết định trong sổ (quyết định đính chính, …)", response=DecisionOut, errors=(401, 404))
def one(decision_id: int) -> tuple[Response, int]:
    return answer(decision_out(services().desk.decision(decision_id, actor=caller())))


@bp.get("/decisions/<int:decision_id>/content")
@doc(
    "Tải một quyết định trong sổ (.docx; ?format=pdf như tải quyết định của hồ sơ)",
    errors=(401, 404, 422, 503),
    query=("format",),
    produces=(DOCX, PDF),
)
def content_by_id(decision_id: int) -> Response:
    wanted = _format()  # before opening the file: a refused format leaves nothing open
    return _file(services().desk.open_decision(decision_id, actor=caller()), wanted)


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


@bp.post("/decisions/<int:decision_id>/submit-for-signature")
@doc("Trình ký dự thảo quyết định", response=DecisionOut, errors=(401, 403, 404, 409))
def submit_for_signature(decision_id: int) -> tuple[Response, int]:
    d = services().desk.submit_for_signature(decision_id, actor=caller())
    return answer(decision_out(d))


@bp.post("/decisions/<int:decision_id>/sign")
@doc(
    "Người ký của đơn vị ban hành ký quyết định",
    response=DecisionOut,
    errors=(401, 403, 404, 409, 422),
)
def sign(decision_id: int) -> tuple[Response, int]:
    return answer(decision_out(services().desk.sign(decision_id, actor=caller())))


@bp.post("/decisions/<int:decision_id>/issue")
@doc(
    "Văn thư cấp số, ghi ngày và ban hành quyết định đã ký",
    request_model=IssueIn,
    response=DecisionOut,
    errors=(401, 403, 404, 409, 422),
)
def issue(decision_id: int) -> tuple[Response, int]:
    given = body(IssueIn)
    return answer(decision_out(services().desk.issue(decision_id, given.number, actor=caller())))


@bp.post("/decisions/<int:decision_id>/revoke")
@doc(
    "Thu hồi quyết định, toàn bộ hoặc đối với người/tập thể được nêu",
    request_model=RevokeIn,
    response=DecisionOut,
    errors=(401, 403, 404, 409, 422),
)
def revoke(decision_id: int) -> tuple[Response, int]:
    given = body(RevokeIn)
    d = services().desk.revoke(
        decision_id, given.reason, given.legal_basis, given.nominee_ids, actor=caller()
    )
    return answer(decision_out(d))


@bp.post("/decisions/<int:decision_id>/correct")
@doc(
    "Người ký ký quyết định đính chính quyết định đã ban hành; văn thư cấp số như quyết định "
    "khác (POST /decisions/{id}/issue với id của quyết định đính chính)",
    request_model=CorrectIn,
    response=DecisionOut,
    status=201,
    errors=(401, 403, 404, 409, 422),
)
def correct(decision_id: int) -> tuple[Response, int]:
    given = body(CorrectIn)
    d = services().desk.correct(
        decision_id, given.reason, given.legal_basis, given.items, actor=caller()
    )
    return answer(decision_out(d), 201)
