"""Driving the pages with Flask's test client: log in through the form, find CSRF tokens."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.conftest import DEMO_PASSWORD

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: FlaskClient, path: str = "/login") -> str:
    """The session's CSRF token, as a page that has a form hands it out."""
    match = TOKEN.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def web_login(client: FlaskClient, username: str, password: str = DEMO_PASSWORD) -> None:
    r = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": csrf(client)}
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
