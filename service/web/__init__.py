"""The web pages (Vietnamese, server-rendered), calling the same use cases as the API.

Each area has a blueprint of its own; templates and static files live beside this module and are
served locally (no CDN). ``register_web`` wires them, the session, CSRF and the formatting.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from service.domain.permissions import Role
from service.failures import Failure
from service.services import SERVICES, services
from service.web import formatting, session
from service.web.admin_pages import bp as admin_bp
from service.web.audit_pages import bp as audit_bp
from service.web.auth_pages import bp as auth_bp
from service.web.dashboard_pages import bp as dashboard_bp
from service.web.dossier_blueprint import bp as dossier_bp
from service.web.inbox_pages import bp as inbox_bp
from service.web.people_pages import bp as people_bp
from service.web.people_sheet_pages import bp as people_sheets_bp
from service.web.rules_pages import bp as rules_bp
from service.web.signing_admin_pages import bp as signing_admin_bp
from service.web.statistics_pages import bp as statistics_bp

# isort: split
# The dossier views live in modules that route them on one blueprint: importing routes them; so
# do the registry's (people_pages, people_links).
from service.web import (  # noqa: F401
    appraisal_actions,
    certificate_actions,
    correction_actions,
    decision_actions,
    dossier_actions,
    dossier_pages,
    people_links,
    proposal_actions,
    sheet_pages,
)

assets = Blueprint(
    "assets",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
PAGES = (
    auth_bp,
    inbox_bp,
    dossier_bp,
    audit_bp,
    admin_bp,
    rules_bp,
    signing_admin_bp,
    dashboard_bp,
    statistics_bp,
    people_bp,
    people_sheets_bp,
)
BLUEPRINTS = (assets, *PAGES)
# Every page checks CSRF and finds its user; the static assets need neither.
for _bp in PAGES:
    _bp.before_request(session.load_user)


def register_web(app: Flask) -> None:
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    session.configure(app)
    formatting.install(app, app.extensions[SERVICES].zone)
    app.jinja_env.globals.update(csrf_token=session.csrf_token, args_with=args_with, Role=Role)
    app.context_processor(page_context)


def page_context() -> dict[str, object]:
    return {
        "nav_endpoints": frozenset(current_app.view_functions),
        "level_names": LevelNames() if g.get("user") else {},
    }


class LevelNames(Mapping[str, str]):
    """The levels' names, read only if the template looks one up.

    Pages that read through a read model pass its ``level_names`` and so cost no transaction here.
    """

    def __init__(self) -> None:
        self._names: dict[str, str] | None = None

    def _loaded(self) -> dict[str, str]:
        if self._names is None:
            self._names = services().level_names()
        return self._names

    def __getitem__(self, code: str) -> str:
        return self._loaded()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def args_with(**changes: object) -> str:
    """The current query string with some parameters replaced (for paging links)."""
    merged = {k: v for k, v in request.args.items() if k not in changes}
    merged.update({k: str(v) for k, v in changes.items() if v is not None})
    return urlencode(merged)


def error_page(failure: Failure) -> BaseResponse:
    """A page in Vietnamese saying what went wrong and what to do next."""
    if failure.status == 401:
        return redirect(url_for("auth_pages.login_form", next=request.full_path.rstrip("?")))
    html = render_template("error.html", failure=failure)
    return Response(html, status=failure.status, mimetype="text/html")
