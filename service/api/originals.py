"""A decision's original (bản gốc): sign its PDF digitally, upload one signed elsewhere or the
scanned paper copy, download it (its signature checked again on every download), check it."""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api.decisions import decision_out
from service.api.http import answer, caller, doc
from service.api.schemas import DecisionOut, OriginalCheckOut
from service.domain.content_types import JPEG, PDF, PNG
from service.domain.errors import Invalid
from service.domain.originals import MAX_SCAN_BYTES
from service.downloads import original_response
from service.services import services

bp = Blueprint("originals", __name__)


@bp.post("/decisions/<int:decision_id>/original/sign")
@doc(
    "Ký số bản PDF của quyết định đã ban hành bằng chứng thư số của người ký (PAdES) và lưu "
    "làm bản gốc (503 pdf_unavailable/pdf_busy nếu không chuyển được sang PDF)",
    response=DecisionOut,
    errors=(401, 403, 404, 409, 422, 503),
)
def sign(decision_id: int) -> tuple[Response, int]:
    return answer(decision_out(services().desk.sign_original(decision_id, actor=caller())))


@bp.post("/decisions/<int:decision_id>/original")
@doc(
    "Lưu bản gốc quyết định: kind=pades (PDF đã ký số ở nơi khác, chữ ký được kiểm tra) hoặc "
    "kind=scan (bản giấy đã ký được quét: PDF, JPEG, PNG)",
    response=DecisionOut,
    status=201,
    errors=(401, 403, 404, 409, 413, 415, 422),
    form=("file", "kind"),
)
def upload(decision_id: int) -> tuple[Response, int]:
    file = request.files.get("file")
    if file is None:
        raise Invalid("Hãy chọn tệp bản gốc cần tải lên.", {"file": "Trường này là bắt buộc."})
    # One byte past the limit is enough to refuse it: never hold more than that.
    content = file.stream.read(MAX_SCAN_BYTES + 1)
    d = services().desk.upload_original(
        decision_id, content, file.filename or "", request.form.get("kind"), actor=caller()
    )
    return answer(decision_out(d), 201)


@bp.get("/decisions/<int:decision_id>/original")
@doc(
    "Tải bản gốc quyết định; với bản ký số, chữ ký được kiểm tra lại mỗi lần tải "
    "(X-Signature-Valid, X-Signature-Problem)",
    errors=(401, 404, 503),
    produces=(PDF, JPEG, PNG),
)
def content(decision_id: int) -> Response:
    found = services().desk.open_original(decision_id, actor=caller())
    return original_response(found)


@bp.get("/decisions/<int:decision_id>/original/verification")
@doc(
    "Kiểm tra bản gốc quyết định: chữ ký số (còn nguyên vẹn, được tin cậy, người ký) và mã SHA-256",
    response=OriginalCheckOut,
    errors=(401, 404, 503),
)
def verification(decision_id: int) -> tuple[Response, int]:
    found = services().desk.open_original(decision_id, actor=caller())
    c = found.check
    return answer(
        OriginalCheckOut(
            kind=found.decision.original_kind,  # type: ignore[arg-type]
            sha256=found.decision.original_sha256,
            signed=c.signed,
            intact=c.intact,
            trusted=c.trusted,
            signer_subject=c.signer_subject,
            signed_at=c.signed_at,
            problem=c.problem,
        )
    )
