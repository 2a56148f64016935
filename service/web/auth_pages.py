"""Logging in and out of the pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from service.domain.errors import BadCredentials, TooManyAttempts
from service.services import services
from service.web.session import user

bp = Blueprint("auth_pages", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: a login link must not bounce the user to another site."""
    if not target or urlsplit(target).netloc or not target.startswith("/") or "//" in target:
        return url_for("inbox_pages.inbox")
    return target


@bp.get("/login")
def login_form() -> str:
    return render_template("login.html", next=request.args.get("next", ""), error=None)


@bp.post("/login")
def login() -> str | Response | tuple[str, int]:
    username = request.form.get("username", "").strip()
    try:
        token = services().issue_token(
            username, request.form.get("password", ""), request.remote_addr or "?"
        )
    except (BadCredentials, TooManyAttempts) as err:
        status = 429 if isinstance(err, TooManyAttempts) else 401
        page = render_template(
            "login.html", next=request.form.get("next", ""), error=err.message, username=username
        )
        return page, status
    session.clear()  # a fresh session on login: nothing from before it carries over
    session["token"] = token
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout() -> Response:
    token = session.get("token")
    if token:
        services().revoke_token(token, actor=user())
    session.clear()
    return redirect(url_for("auth_pages.login_form"))
