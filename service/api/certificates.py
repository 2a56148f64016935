"""Certificates on pre-printed blanks over the API: each unit's print layout per award form
(admins), its preview, an issued decision's certificates PDF and delivery register (its records
office; the register is read by whoever reads the dossier)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response
from pydantic import BaseModel, ConfigDict, Field

from service.api.http import answer, body, caller, doc
from service.domain.content_types import PDF
from service.downloads import made_response
from service.services import services
from service.usecases.certificates import DeliveryLine, StoredLayout

bp = Blueprint("certificates", __name__)


class LayoutIn(BaseModel):
    """A Layout as JSON; its values are checked by the domain, which names each bad field."""

    model_config = ConfigDict(extra="allow")
    form: str | None = None
    page_width_mm: Any = Field(default=None, description="khổ giấy, mm (A4 ngang: 297)")
    page_height_mm: Any = Field(default=None, description="mm (A4 ngang: 210)")
    fields: Any = Field(
        default=None,
        description="per field (name, unit, achievement, decision_number, decision_date, "
        'place_date): {"x_mm", "y_mm", "width_mm", "font_size_pt", "align": L|C|R, "bold"}, '
        "millimetres from the sheet's top-left corner",
    )


class LayoutOut(BaseModel):
    form: str
    stored: bool = Field(description="false: the default layout, the unit has saved none")
    layout: dict[str, Any]


class LayoutList(BaseModel):
    items: list[LayoutOut]


class DeliveryIn(BaseModel):
    nominee_id: int
    received_by: str
    delivered_on: date
    note: str = ""


class DeliveryOut(BaseModel):
    nominee_id: int
    name: str
    revoked: bool
    delivered: bool
    received_by: str | None
    delivered_on: date | None
    note: str | None
    recorded_by: str | None


class DeliveryList(BaseModel):
    items: list[DeliveryOut]


def _layout_out(form: str, found: StoredLayout) -> LayoutOut:
    return LayoutOut(form=form, stored=found.stored, layout=found.layout.to_json())


def _delivery_out(line: DeliveryLine) -> DeliveryOut:
    d = line.delivery
    return DeliveryOut(
        nominee_id=line.nominee_id,
        name=line.name,
        revoked=line.revoked,
        delivered=d is not None,
        received_by=d.received_by if d else None,
        delivered_on=d.delivered_on if d else None,
        note=d.note if d else None,
        recorded_by=d.recorded_by if d else None,
    )


def _given() -> dict[str, Any]:
    return body(LayoutIn).model_dump(exclude_none=True)


@bp.get("/orgs/<code>/certificate-layouts")
@doc(
    "Bố cục in bằng/giấy khen trên phôi của đơn vị, theo mẫu",
    response=LayoutList,
    errors=(401, 403, 404),
)
def list_layouts(code: str) -> tuple[Response, int]:
    found = services().certificates.layouts(code, actor=caller())
    return answer(LayoutList(items=[_layout_out(f, s) for f, s in found.items()]))


@bp.get("/orgs/<code>/certificate-layouts/<form>")
@doc(
    "Bố cục in một mẫu bằng của đơn vị (mặc định nếu chưa lưu)",
    response=LayoutOut,
    errors=(401, 403, 404),
)
def get_layout(code: str, form: str) -> tuple[Response, int]:
    return answer(_layout_out(form, services().certificates.layout(code, form, actor=caller())))


@bp.put("/orgs/<code>/certificate-layouts/<form>")
@doc(
    "Lưu bố cục in một mẫu bằng (vị trí các trường, mm)",
    request_model=LayoutIn,
    response=LayoutOut,
    errors=(401, 403, 404, 422),
)
def put_layout(code: str, form: str) -> tuple[Response, int]:
    layout = services().certificates.set_layout(code, form, _given(), actor=caller())
    return answer(LayoutOut(form=form, stored=True, layout=layout.to_json()))


@bp.get("/orgs/<code>/certificate-layouts/<form>/preview.pdf")
@doc("Xem trước bố cục đang dùng (PDF, khung từng trường)", errors=(401, 403, 404), produces=(PDF,))
def preview_layout(code: str, form: str) -> Response:
    pdf = services().certificates.preview(code, form, None, actor=caller())
    return made_response(pdf, name=f"xem-truoc-{form}.pdf", mimetype=PDF)


@bp.post("/orgs/<code>/certificate-layouts/<form>/preview.pdf")
@doc(
    "Xem trước một bố cục chưa lưu (PDF)",
    request_model=LayoutIn,
    errors=(401, 403, 404, 422),
    produces=(PDF,),
)
def preview_candidate(code: str, form: str) -> Response:
    pdf = services().certificates.preview(code, form, _given(), actor=caller())
    return made_response(pdf, name=f"xem-truoc-{form}.pdf", mimetype=PDF)


@bp.get("/decisions/<int:decision_id>/certificates.pdf")
@doc(
    "In bằng/giấy khen của quyết định đã ban hành trên phôi: mỗi người một trang (văn thư)",
    errors=(401, 403, 404, 409),
    produces=(PDF,),
)
def certificates_pdf(decision_id: int) -> Response:
    decision, pdf = services().certificates.certificates_pdf(decision_id, actor=caller())
    name = f"bang-khen-{(decision.number or str(decision_id)).replace('/', '-')}.pdf"
    return made_response(pdf, name=name, mimetype=PDF)


@bp.get("/decisions/<int:decision_id>/deliveries")
@doc("Sổ giao bằng của quyết định: ai đã nhận, khi nào", response=DeliveryList, errors=(401, 404))
def list_deliveries(decision_id: int) -> tuple[Response, int]:
    lines = services().certificates.deliveries(decision_id, actor=caller())
    return answer(DeliveryList(items=[_delivery_out(x) for x in lines]))


@bp.post("/decisions/<int:decision_id>/deliveries")
@doc(
    "Ghi giao bằng cho một người được khen (văn thư)",
    request_model=DeliveryIn,
    response=DeliveryOut,
    status=201,
    errors=(401, 403, 404, 409, 422),
)
def record_delivery(decision_id: int) -> tuple[Response, int]:
    given = body(DeliveryIn)
    svc = services().certificates
    svc.record_delivery(
        decision_id,
        given.nominee_id,
        given.received_by,
        given.delivered_on,
        given.note,
        actor=caller(),
    )
    lines = svc.deliveries(decision_id, actor=caller())
    [line] = [x for x in lines if x.nominee_id == given.nominee_id]
    return answer(_delivery_out(line), 201)
