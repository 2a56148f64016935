"""Attachment endpoints: upload (multipart), list, download (streamed or redirected), delete."""

from __future__ import annotations

from flask import Blueprint, Response, request
from werkzeug.wrappers import Response as BaseResponse

from service.api.http import answer, caller, doc
from service.api.schemas import AttachmentList, AttachmentOut
from service.domain.attachments import Attachment, rename_notice, renamed_from
from service.domain.content_types import ATTACHMENT_TYPES
from service.domain.errors import Invalid
from service.downloads import attachment_response
from service.services import services

bp = Blueprint("attachments", __name__)


def attachment_out(a: Attachment) -> AttachmentOut:
    return AttachmentOut(
        id=a.id,
        filename=a.filename,
        kind=a.kind,
        nominee_id=a.nominee_id,
        size=a.size,
        sha256=a.sha256,
        content_type=a.content_type,
        created_at=a.created_at,
        created_by=a.created_by,
        sealed=a.sealed,
    )


@bp.post("/dossiers/<int:dossier_id>/attachments")
@doc(
    "Tải tệp đính kèm lên hồ sơ (PDF, DOC, DOCX, XLS, XLSX, JPEG, PNG)",
    response=AttachmentOut,
    status=201,
    # 409: the dossier already holds these bytes (duplicate_attachment); 422: an empty file.
    errors=(401, 403, 404, 409, 413, 415, 422, 503),
    form=("file", "kind", "nominee_id"),
)
def upload(dossier_id: int) -> tuple[Response, int]:
    svc = services()
    # Refuse before Werkzeug spools a body of up to the size limit to disk.
    svc.require_can_attach(dossier_id, actor=caller())
    file = request.files.get("file")
    if file is None:
        raise Invalid("Hãy chọn tệp cần tải lên.", {"file": "Trường này là bắt buộc."})
    attachment = svc.add_attachment(
        dossier_id,
        request.form.get("kind"),
        file.filename,
        file.stream,
        actor=caller(),
        nominee_id=request.form.get("nominee_id"),
    )
    out = attachment_out(attachment)
    sent = renamed_from(file.filename, attachment)
    if sent is not None:
        out.renamed_from, out.notice = sent, rename_notice(sent, attachment)
    return answer(out, 201)


@bp.get("/dossiers/<int:dossier_id>/attachments")
@doc("Danh sách tệp đính kèm của hồ sơ", response=AttachmentList, errors=(401, 404))
def index(dossier_id: int) -> tuple[Response, int]:
    items = services().list_attachments(dossier_id, actor=caller())
    return answer(AttachmentList(items=[attachment_out(a) for a in items]))


@bp.get("/dossiers/<int:dossier_id>/attachments/<attachment_id>/content")
@doc(
    "Tải tệp đính kèm về (giữ nguyên tên tệp tiếng Việt)",
    errors=(401, 404, 503),
    produces=ATTACHMENT_TYPES,
)
def content(dossier_id: int, attachment_id: str) -> BaseResponse:
    download = services().open_attachment(dossier_id, attachment_id, actor=caller())
    return attachment_response(download)


@bp.delete("/dossiers/<int:dossier_id>/attachments/<attachment_id>")
@doc(
    "Xóa tệp đính kèm chưa nộp (khi hồ sơ là nháp hoặc bị trả lại)",
    status=204,
    errors=(401, 403, 404, 409, 503),
)
def remove(dossier_id: int, attachment_id: str) -> tuple[str, int]:
    services().delete_attachment(dossier_id, attachment_id, actor=caller())
    return "", 204
