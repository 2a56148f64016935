"""The administrator's page of rules: the rulebooks, and a province's own dated regulation.

``/admin/rules?org=CODE`` shows every rulebook with its dates and levels (the one new province
roots follow marked), then for one province root the admin manages (default: the first) its
rulebook, its regulation (quy chế) and the awards in force there today. The regulation is edited
in place, one row per override (award, dates, level, prize multiple, căn cứ); the form posts to
``/admin/rules/CODE/regulation``, which calls the same use case as
``PUT /api/v1/orgs/{code}/regulation``. The form carries the version it was read at, so that
another admin's write in between is reported (409) instead of silently overwritten; a refused
form comes back with what was typed and the reason in Vietnamese.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from service.domain.errors import Conflict, Invalid
from service.domain.permissions import Role
from service.domain.regulations import Regulation
from service.services import services
from service.web.i18n import translate
from service.web.session import user

bp = Blueprint("rules_pages", __name__)

FIELDS = ("award", "valid_from", "valid_to", "level", "prize_multiple", "basis")
BLANK_ROWS = 2  # empty rows offered under the overrides, to add new ones


@bp.get("/admin/rules")
def index() -> tuple[str, int]:
    return _page(request.args.get("org") or "")


@bp.post("/admin/rules/<code>/regulation")
def save_regulation(code: str) -> Response | tuple[str, int]:
    name = request.form.get("name", "").strip()
    rows = _typed_rows()
    record = {"name": name, "overrides": [_override(r) for r in rows if any(r.values())]}
    try:
        version = _version()
        services().set_regulation(code, record, actor=user(), expected_version=version)
    except Invalid as err:
        return _page(code, typed=(name, rows), err=err, status=422)
    except Conflict as err:
        return _page(code, typed=(name, rows), err=err, status=409)
    flash(translate("rules.saved", code=code), "success")
    return redirect(url_for("rules_pages.index", org=code, _anchor="regulation"))


@bp.post("/admin/rules/<code>/rulebook")
def change_rulebook(code: str) -> Response | tuple[str, int]:
    """Another rulebook for the root's new dossiers (audited; open ones keep theirs)."""
    try:
        services().set_org_rulebook(code, request.form.get("rulebook", "").strip(), by=user())
    except (Invalid, Conflict) as err:
        return _page(code, err=err, status=422 if isinstance(err, Invalid) else 409)
    flash(translate("rules.rulebook_changed", code=code), "success")
    return redirect(url_for("rules_pages.index", org=code, _anchor="regulation"))


def _page(
    code: str,
    *,
    typed: tuple[str, list[dict[str, str]]] | None = None,
    err: Invalid | Conflict | None = None,
    status: int = 200,
) -> tuple[str, int]:
    actor, svc = user(), services()
    svc.list_users(actor=actor)  # refuses non-admins (403), as the admin page does
    managed = set(actor.units_with([Role.ADMIN]))
    choices = [u for u in svc.list_orgs(actor=actor) if u.parent_id is None and u.id in managed]
    code = code or (choices[0].code if choices else "")
    regulation = svc.regulation(code, actor=actor) if code else None
    _, awards = svc.awards_on(None, code or None, actor=actor)
    root = next((u for u in choices if u.code == code), None)
    if typed is not None:
        name, rows = typed
    else:
        name, rows = (regulation.name, _rows(regulation)) if regulation else ("", [])
    rows = [r for r in rows if any(r.values())] + [dict.fromkeys(FIELDS, "")] * BLANK_ROWS
    rulebooks = svc.list_rulebooks(actor=actor)
    book_code = (root.rulebook if root else None) or svc.installed_rulebook()
    book = next((b for b in rulebooks if b.code == book_code), None)
    html = render_template(
        "admin/rules.html",
        rulebooks=rulebooks,
        installed=svc.installed_rulebook(),
        roots=choices,
        root=code,
        root_rulebook=book_code,
        levels=book.levels if book else (),
        regulation=regulation,
        awards=awards,
        today=svc.today(),
        form_name=name,
        rows=rows,
        version=request.form.get("version", "") if typed is not None else _shown(regulation),
        message=err.message if err else "",
        errors=getattr(err, "fields", {}) if err else {},
    )
    return html, status


def _shown(regulation: Regulation | None) -> str:
    return str(regulation.version) if regulation is not None else ""


def _rows(regulation: Regulation) -> list[dict[str, str]]:
    return [
        {k: "" if v is None else str(v) for k, v in o.as_record().items() if k in FIELDS}
        for o in regulation.overrides
    ]


def _typed_rows() -> list[dict[str, str]]:
    columns = {f: request.form.getlist(f) for f in FIELDS}
    count = max((len(v) for v in columns.values()), default=0)
    return [
        {f: (columns[f][i] if i < len(columns[f]) else "").strip() for f in FIELDS}
        for i in range(count)
    ]


def _override(row: dict[str, str]) -> dict[str, Any]:
    """A typed row as the use case reads it: a field left empty is not given."""
    return {f: row[f] for f in FIELDS if row[f]}


def _version() -> int | None:
    raw = request.form.get("version", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise Invalid(translate("rules.bad_version"), {"version": translate("rules.bad_version")})
    return int(raw)
