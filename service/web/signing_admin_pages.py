"""The administrator's page for a unit's decisions and certificates (``/admin/signing``): who
signs its decisions and in which capacity, and where each field of its certificates prints on
its pre-printed blanks, with a preview before saving.

One unit at a time (``?org=CODE``, by default the first the admin manages). The use cases
decide who may change what (an admin within their subtree); a refused form comes back with the
problems beside its fields and what was typed.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from service.domain.certificate_layouts import ALIGNS, FIELDS, LABELS
from service.domain.content_types import PDF
from service.domain.errors import Conflict, Forbidden, Invalid
from service.domain.permissions import Role
from service.domain.signatures import Capacity
from service.downloads import made_response
from service.services import services
from service.usecases.certificates import FORMS
from service.web.i18n import translate as t
from service.web.session import user

bp = Blueprint("signing_admin_pages", __name__)
Page = tuple[str, int]


def _unit() -> str:
    chosen = request.values.get("org", "")
    if chosen:
        return chosen
    managed = [g.org_code for g in user().grants if g.role == Role.ADMIN]
    if not managed:
        raise Forbidden(t("signing_admin.not_admin"))
    return managed[0]


@bp.get("/admin/signing")
def index() -> Page:
    return _page(_unit())


def _page(
    org: str, form: str = "", err: Invalid | Conflict | None = None, status: int = 200
) -> Page:
    actor, svc = user(), services()
    seats = svc.desk.signers_of(org, actor=actor)  # refuses an admin from elsewhere first
    layouts = svc.certificates.layouts(org, actor=actor)
    managed = [u for u in svc.list_orgs(actor=actor) if u.active]
    html = render_template(
        "admin/signing.html",
        org=org,
        units=managed,
        seats=seats,
        capacities=[c.value for c in Capacity],
        layouts=layouts,
        forms=list(FORMS),
        shown_form=request.values.get("form") or "giay_khen",
        fields=FIELDS,
        labels=LABELS,
        aligns=ALIGNS,
        form=form,
        errors=getattr(err, "fields", {}) if err else {},
        message=err.message if err else "",
        values=request.form if form else {},
    )
    return html, status


@bp.post("/admin/signing/<org>/signers")
def set_signer(org: str) -> Response | Page:
    f, desk = request.form, services().desk
    username = f.get("username", "").strip()
    try:
        # The page sets title and capacity; a certificate connected before stays connected.
        held = next((s for s in desk.signers_of(org, actor=user()) if s.username == username), None)
        desk.set_signer(
            org,
            username,
            f.get("title", "").strip(),
            f.get("capacity", "own"),
            by_kind={k: v.value for k, v in held.by_kind.items()} if held else None,
            credential=held.credential if held else None,
            actor=user(),
        )
    except (Invalid, Conflict) as err:
        return _page(org, "signer", err, 422 if isinstance(err, Invalid) else 409)
    flash(t("signing_admin.signer_saved"), "success")
    return redirect(url_for("signing_admin_pages.index", org=org, _anchor="signers"))


def _posted_layout() -> dict[str, object]:
    """The layout as the form posts it: numbers stay text for the domain to check and name."""
    f = request.form
    boxes: dict[str, object] = {}
    for name in FIELDS:
        if not f.get(f"{name}.printed"):
            continue
        boxes[name] = {
            "x_mm": _number(f.get(f"{name}.x_mm", "")),
            "y_mm": _number(f.get(f"{name}.y_mm", "")),
            "width_mm": _number(f.get(f"{name}.width_mm", "")),
            "font_size_pt": _number(f.get(f"{name}.font_size_pt", "")),
            "align": f.get(f"{name}.align", "L"),
            "bold": bool(f.get(f"{name}.bold")),
        }
    return {
        "page_width_mm": _number(f.get("page_width_mm", "")),
        "page_height_mm": _number(f.get("page_height_mm", "")),
        "fields": boxes,
    }


def _number(text: str) -> object:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text  # not a number: the domain says so, naming the field


@bp.post("/admin/signing/<org>/layouts/<form>")
def save_layout(org: str, form: str) -> Response | Page:
    certificates = services().certificates
    try:
        if request.form.get("preview"):
            pdf = certificates.preview(org, form, _posted_layout(), actor=user())
            return made_response(pdf, name=f"xem-truoc-{form}.pdf", mimetype=PDF)
        certificates.set_layout(org, form, _posted_layout(), actor=user())
    except (Invalid, Conflict) as err:
        return _page(org, "layout", err, 422 if isinstance(err, Invalid) else 409)
    flash(t("signing_admin.layout_saved"), "success")
    return redirect(url_for("signing_admin_pages.index", org=org, form=form, _anchor="layouts"))
