"""One time zone (KT_TIMEZONE) for the pages, the API's date filters and the decisions' dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import Logins, services_of
from tests.web.helpers import web_login

# 00:30 on 2 March in Vietnam is still 1 March in UTC.
JUST_AFTER_MIDNIGHT_IN_VIETNAM = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)


def _failed_login_at(app: Flask, client: FlaskClient) -> None:
    services_of(app).container.clock = lambda: JUST_AFTER_MIDNIGHT_IN_VIETNAM
    r = client.post("/api/v1/auth/token", json={"username": "nobody", "password": "x" * 10})
    assert r.status_code == 401
    services_of(app).container.clock = lambda: datetime.now(UTC)


def _api_actors(client: FlaskClient, as_user: Logins, query: str) -> list[str]:
    r = client.get(f"/api/v1/audit?actor=nobody&{query}", headers=as_user("hn.auditor"))
    assert r.status_code == 200, r.get_json()
    return [e["action"] for e in r.get_json()["items"]]


def _page_rows(client: FlaskClient, query: str) -> bool:
    r = client.get(f"/audit?actor=nobody&{query}")
    assert r.status_code == 200
    return "Đăng nhập không thành công" in r.get_data(as_text=True)


def test_the_api_and_the_audit_page_read_a_day_in_the_same_zone(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    _failed_login_at(app, client)
    assert _api_actors(client, as_user, "from=2026-03-02&to=2026-03-02") == ["login_failed"]
    assert _api_actors(client, as_user, "from=2026-03-01&to=2026-03-01") == []
    web_login(client, "hn.auditor")
    assert _page_rows(client, "from=02/03/2026&to=02/03/2026")
    assert not _page_rows(client, "from=01/03/2026&to=01/03/2026")
    r = client.get("/audit?actor=nobody&from=02/03/2026")
    assert "02/03/2026 00:30" in r.get_data(as_text=True)


@pytest.fixture
def utc_app(settings: Settings, tmp_path: Path) -> Flask:
    app = create_app(replace(settings, timezone="UTC"))
    services_of(app).seed_demo()
    return app


def test_another_time_zone_moves_the_day_for_the_api_and_the_pages_alike(
    utc_app: Flask,
) -> None:
    client = utc_app.test_client()
    _failed_login_at(utc_app, client)
    as_user = Logins(client)
    assert _api_actors(client, as_user, "from=2026-03-01&to=2026-03-01") == ["login_failed"]
    assert _api_actors(client, as_user, "from=2026-03-02") == []
    web_login(client, "hn.auditor")
    assert _page_rows(client, "from=01/03/2026&to=01/03/2026")
    r = client.get("/audit?actor=nobody&from=01/03/2026")
    assert "01/03/2026 17:30" in r.get_data(as_text=True)
    services_of(utc_app).container.db.dispose()
