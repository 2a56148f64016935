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
    """Only a path on this site: a login link must not bounce the user to another one.

    Browsers read a backslash as a slash and drop tabs and line breaks from an address, so
    ``/\\evil`` and ``/<TAB>/evil`` lead off-site like ``//evil``; a line break would also split
    the Location header. Any of them, a scheme or a host sends the user to the inbox instead.
    """
    if (
        not target
        or not target.startswith("/")
        or "//" in target
        or "\\" in target
        or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target)
        or urlsplit(target).netloc
    ):
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
