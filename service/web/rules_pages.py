"""The administrator's page of rules: the rulebooks, and a province's own dated regulation.

``/admin/rules?org=CODE`` shows every rulebook with its dates and levels (the one province roots
follow marked), then for one province root the admin manages (default: the first) its regulation
(quy chế) and the awards in force there today. Read-only: a regulation is replaced through
``PUT /api/v1/orgs/{code}/regulation`` or ``flask catalog load --regulation``.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from service.domain.permissions import Role
from service.services import services
from service.web.session import user

bp = Blueprint("rules_pages", __name__)


@bp.get("/admin/rules")
def index() -> tuple[str, int]:
    actor, svc = user(), services()
    svc.list_users(actor=actor)  # refuses non-admins (403), as the admin page does
    managed = set(actor.units_with([Role.ADMIN]))
    choices = [u for u in svc.list_orgs(actor=actor) if u.parent_id is None and u.id in managed]
    code = request.args.get("org") or (choices[0].code if choices else "")
    regulation = svc.regulation(code, actor=actor) if code else None
    _, awards = svc.awards_on(None, code or None, actor=actor)
    html = render_template(
        "admin/rules.html",
        rulebooks=svc.list_rulebooks(actor=actor),
        installed=svc.installed_rulebook(),
        roots=choices,
        root=code,
        regulation=regulation,
        awards=awards,
        today=svc.today(),
    )
    return html, 200
