"""The administrator's page: the org-unit tree, users and their roles, and decision templates.

Everything is on one page (``/admin``); each form posts to an address of its own under ``/admin/``
and comes back to the page with a notice. The use cases decide who may change what: an admin
manages only their own subtree, anyone else gets the 403 page. A form whose input the use case
refuses is shown again with the problems beside its fields and what was typed (422 or 409).

Templates are shown for one unit at a time (``?org=CODE``, by default the admin's own unit): which
template each award family prints with there, and whose it is (the unit's own upload, one
inherited from a unit above, or the stock one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from service.domain.accounts import MAX_FULL_NAME, MAX_USERNAME, MIN_PASSWORD
from service.domain.errors import Conflict, Invalid
from service.domain.orgs import (
    MAX_ORG_CODE,
    MAX_ORG_NAME,
    ORG_TYPE_NAMES,
    OrgType,
    OrgUnit,
    org_problems,
)
from service.domain.permissions import Role
from service.services import services
from service.web.i18n import translate
from service.web.session import user

bp = Blueprint("admin_pages", __name__)
Page = tuple[str, int]
# The domain's limits, as the inputs' maxlength and minlength.
LENGTHS = {
    "org_code": MAX_ORG_CODE,
    "org_name": MAX_ORG_NAME,
    "username": MAX_USERNAME,
    "full_name": MAX_FULL_NAME,
    "min_password": MIN_PASSWORD,
}


@bp.get("/admin")
def index() -> Page:
    return _page()


def _page(form: str = "", err: Invalid | Conflict | None = None, status: int = 200) -> Page:
    """The whole page; ``form`` names the form to show again with ``err`` and the typed values."""
    actor, svc = user(), services()
    users = svc.list_users(actor=actor)  # refuses non-admins first (403)
    units = svc.list_orgs(actor=actor)
    # Templates are per unit: the one asked for, else the first the admin manages.
    admin_units = [g.org_code for g in actor.grants if g.role == Role.ADMIN]
    template_org = request.values.get("org") or admin_units[0]
    templates = svc.list_templates(template_org, actor=actor)
    children: dict[int | None, list[OrgUnit]] = defaultdict(list)
    ids = {u.id for u in units}
    for u in units:  # a unit whose parent is not listed still shows, at the top of the tree
        children[u.parent_id if u.parent_id in ids else None].append(u)
    managed = _below(children, actor.units_with([Role.ADMIN]))
    html = render_template(
        "admin/index.html",
        users=users,
        children=children,
        managed=[u for u in units if u.id in managed],
        managed_ids=managed,
        unit_names={u.code: u.name for u in units},
        unit_codes={u.id: u.code for u in units},
        org_types={t.value: name for t, name in ORG_TYPE_NAMES.items()},
        installed=svc.installed_rulebook(),
        templates=templates,
        template_unit=next((u for u in units if u.code == template_org), None),
        all_roles=list(Role),
        lengths=LENGTHS,
        form=form,
        errors=getattr(err, "fields", {}) if err else {},
        message=err.message if err else "",
        values=request.form if form else MultiDict(),
    )
    return html, status


def _below(children: dict[int | None, list[OrgUnit]], roots: Iterable[int]) -> set[int]:
    """The units at or under ``roots``: where the page offers changes (use cases still check)."""
    seen: set[int] = set()
    todo = list(roots)
    while todo:
        unit_id = todo.pop()
        if unit_id not in seen:
            seen.add(unit_id)
            todo.extend(child.id for child in children.get(unit_id, []))
    return seen


def _attempt(
    form: str, change: Callable[[], object], notice: str, anchor: str, org: str | None = None
) -> Response | Page:
    """Make the change and come back with ``notice``; or show the form again with the problem."""
    try:
        change()
    except Invalid as err:
        return _page(form, err, 422)
    except Conflict as err:
        return _page(form, err, 409)
    flash(notice, "success")
    # Back to the unit whose templates were shown (url_for leaves out an org of None).
    return redirect(url_for("admin_pages.index", org=org, _anchor=anchor))


def _field(name: str) -> str:
    return request.form.get(name, "").strip()


def _require(problems: dict[str, str], **fields: str) -> None:
    for name, value in fields.items():
        if not value:
            problems[name] = translate("admin.required")


def _check(problems: dict[str, str]) -> None:
    if problems:
        raise Invalid(translate("admin.check_fields"), problems)


@bp.post("/admin/orgs")
def add_org() -> Response | Page:
    code, name, level, parent = (_field(n) for n in ("code", "name", "level", "parent"))
    code = code.upper()
    kind = _field("type") or OrgType.PEOPLE_COMMITTEE.value

    def change() -> None:
        problems: dict[str, str] = {}
        _require(problems, code=code, name=name, level=level, parent=parent)
        # The domain's rules for codes and names, said beside the form's missing fields.
        problems = {**org_problems(code, name), **problems} if code or name else problems
        _check(problems)
        services().add_org(code, name, level, parent, by=user(), type_=kind)

    return _attempt("org", change, translate("admin.done.org_added", code=code), "orgs")


@bp.post("/admin/orgs/<code>/deactivate")
def deactivate_org(code: str) -> Response | Page:
    def change() -> None:
        services().deactivate_org(code, by=user())

    return _attempt("", change, translate("admin.done.org_deactivated", code=code), "orgs")


def _grants() -> list[tuple[str, str]]:
    """The one org and the ticked roles of a user form, as (org, role) pairs.

    No role ticked gives no pairs: the use case then says a role is needed, beside its other
    findings about the form.
    """
    org, roles = _field("org"), request.form.getlist("roles")
    if roles and not org:
        raise Invalid(translate("admin.check_fields"), {"org": translate("admin.required")})
    return [(org, role) for role in roles]


@bp.post("/admin/users")
def add_user() -> Response | Page:
    username, full_name = _field("username").lower(), _field("full_name")

    def change() -> None:
        password = request.form.get("password", "")
        services().add_user(username, password, full_name, _grants(), by=user())

    return _attempt("user", change, translate("admin.done.user_added", username=username), "users")


@bp.post("/admin/users/<username>/deactivate")
def deactivate_user(username: str) -> Response | Page:
    def change() -> None:
        services().deactivate_user(username, by=user())

    notice = translate("admin.done.user_deactivated", username=username)
    return _attempt("", change, notice, "users")


@bp.post("/admin/users/<username>/password")
def reset_password(username: str) -> Response | Page:
    def change() -> None:
        services().reset_password(username, request.form.get("password", ""), by=user())

    notice = translate("admin.done.password_reset", username=username)
    return _attempt(f"password:{username}", change, notice, "users")


@bp.post("/admin/users/<username>/grants")
def set_grants(username: str) -> Response | Page:
    def change() -> None:
        services().set_grants(username, _grants(), by=user())

    notice = translate("admin.done.grants_changed", username=username)
    return _attempt(f"grants:{username}", change, notice, "users")


@bp.post("/admin/templates/<name>")
def upload_template(name: str) -> Response | Page:
    """Replace a unit's decision template (PUT semantics; pages can only POST).

    The form names the unit (``org``); without it, the use case takes the admin's own unit.
    """
    org = _field("org") or None

    def change() -> None:
        upload = request.files.get("file")
        content = upload.read() if upload is not None else b""
        services().replace_template(name, content, org, actor=user())

    notice = translate("admin.done.template_replaced", name=name)
    return _attempt(f"template:{name}", change, notice, "templates", org)
