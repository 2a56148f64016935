"""The council's minutes (biên bản họp Hội đồng Thi đua – Khen thưởng) of a dossier, as .docx."""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api.http import caller, doc
from service.domain.content_types import DOCX
from service.domain.errors import Invalid
from service.downloads import made_response
from service.services import services

bp = Blueprint("council", __name__)


@bp.get("/dossiers/<int:dossier_id>/council-minutes")
@doc(
    "Biên bản họp Hội đồng Thi đua – Khen thưởng về hồ sơ (.docx), sau khi Hội đồng biểu quyết",
    errors=(401, 404, 422),
    query=("format",),
    produces=(DOCX,),
)
def minutes(dossier_id: int) -> Response:
    if request.args.get("format", "docx") != "docx":
        raise Invalid("Biên bản chỉ tải được dạng docx.", {"format": "docx"})
    name, content = services().council_minutes(dossier_id, actor=caller())
    return made_response(content, name=name, mimetype=DOCX)
