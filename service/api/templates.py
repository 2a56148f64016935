"""Decision template endpoints (admins): list, download the current one, replace one.

Each works on the templates of one issuing unit: ``org`` (a unit code, in the query) names it,
else the admin's own unit; a unit outside the admin's subtree answers 403.
"""

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
        org=t.org,
        owner=t.owner,
    )


def _org() -> str | None:
    return request.args.get("org") or request.form.get("org") or None


@bp.get("/templates")
@doc(
    "Các mẫu quyết định một đơn vị dùng (quản trị viên; org: mã đơn vị, mặc định đơn vị mình)",
    response=TemplateList,
    errors=(401, 403, 422),
    query=("org",),
)
def index() -> tuple[Response, int]:
    items = services().list_templates(_org(), actor=caller())
    return answer(TemplateList(items=[template_out(t) for t in items]))


@bp.get("/templates/<name>")
@doc(
    "Tải mẫu quyết định đơn vị đang dùng (quản trị viên)",
    errors=(401, 403, 404, 422),
    query=("org",),
    produces=(DOCX,),
)
def show(name: str) -> Response:
    content = services().read_template(name, _org(), actor=caller())
    return Response(
        content, mimetype=DOCX, headers={"Content-Disposition": content_disposition(f"{name}.docx")}
    )


@bp.put("/templates/<name>")
@doc(
    "Thay mẫu quyết định của một đơn vị (org, mặc định đơn vị mình): tệp .docx (multipart "
    "'file' hoặc nội dung yêu cầu); tệp không an toàn, mẫu dùng biến lạ hoặc chạy quá giới hạn "
    "bị từ chối (422, nêu lý do); đơn vị ngoài phạm vi quản trị: 403",
    response=TemplateOut,
    errors=(401, 403, 404, 422),
    form=("file",),
    raw=(DOCX,),
    query=("org",),
)
def replace(name: str) -> tuple[Response, int]:
    upload = request.files.get("file")
    content = upload.read() if upload is not None else request.get_data()
    info = services().replace_template(name, content, _org(), actor=caller())
    return answer(template_out(info))
