"""Decision template endpoints (admins): list, download the current one, replace one."""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api.http import answer, caller, doc
from service.api.schemas import TemplateList, TemplateOut
from service.domain.content_types import DOCX
from service.services import services
from service.usecases.templates import TemplateInfo
from storage import content_disposition

bp = Blueprint("templates", __name__)


def template_out(t: TemplateInfo) -> TemplateOut:
    return TemplateOut(
        name=t.name,
        source=t.source,
        sha256=t.sha256,
        uploaded_by=t.uploaded_by,
        uploaded_at=t.uploaded_at,
    )


@bp.get("/templates")
@doc("Các mẫu quyết định (quản trị viên)", response=TemplateList, errors=(401, 403))
def index() -> tuple[Response, int]:
    items = services().list_templates(actor=caller())
    return answer(TemplateList(items=[template_out(t) for t in items]))


@bp.get("/templates/<name>")
@doc("Tải mẫu quyết định đang dùng (quản trị viên)", errors=(401, 403, 404))
def show(name: str) -> Response:
    content = services().read_template(name, actor=caller())
    return Response(
        content, mimetype=DOCX, headers={"Content-Disposition": content_disposition(f"{name}.docx")}
    )


@bp.put("/templates/<name>")
@doc(
    "Thay mẫu quyết định: tệp .docx (multipart 'file' hoặc nội dung yêu cầu); mẫu dùng biến "
    "lạ bị từ chối (422, nêu tên biến)",
    response=TemplateOut,
    errors=(401, 403, 404, 422),
    form=("file",),
)
def replace(name: str) -> tuple[Response, int]:
    upload = request.files.get("file")
    content = upload.read() if upload is not None else request.get_data()
    info = services().replace_template(name, content, actor=caller())
    return answer(template_out(info))
