"""Who is using the pages: a session cookie holding an API token, and CSRF protection.

The session keeps the same kind of token the API issues, so logging out, deactivation and
password resets end a page session at once. Every form that changes something carries a CSRF
token bound to the session; a post without it is refused.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from werkzeug.wrappers import Response

from service.domain.errors import Forbidden, NotAuthenticated
from service.domain.permissions import Actor
from service.services import services

# The public lookup answers anyone where a province opened it (else 404, for anyone).
PUBLIC_ENDPOINTS = frozenset(
    {"auth_pages.login", "auth_pages.login_form", "statistics_pages.lookup"}
)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CsrfRejected(Forbidden):
    code = "csrf"
    default_message = "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang."


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


def check_csrf() -> None:
    if request.method not in UNSAFE_METHODS:
        return
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(str(sent), str(expected)):
        raise CsrfRejected()


def load_user() -> Response | None:
    """Before every page: refuse forged posts, find the user, send strangers to the login.

    ``service.web`` hooks this onto each page blueprint (not onto the static assets).
    """
    check_csrf()
    g.user = None
    token = session.get("token")
    if token:
        try:
            g.user = services().actor_for_token(token)
        except NotAuthenticated:
            session.pop("token", None)
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        return redirect(url_for("auth_pages.login_form", next=request.full_path.rstrip("?")))
    return None


def user() -> Actor:
    actor: Actor | None = g.get("user")
    if actor is None:
        raise NotAuthenticated()
    return actor


class SessionCookies(SecureCookieSessionInterface):
    """Mark the cookie Secure whenever the request came over HTTPS (or the config says so)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def configure(app: Flask) -> None:
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="khenthuong_session",
    )
    app.session_interface = SessionCookies()
