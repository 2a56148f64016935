"""Login hardening: throttling, the same answer for unknown users, revocation, expiry."""

from __future__ import annotations

import dataclasses

from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.settings import Settings
from tests.api.helpers import Login
from tests.conftest import DEMO_PASSWORD, services_of


def login(client: FlaskClient, user: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/auth/token",
        json={"username": user, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_five_failures_lock_the_user_out_even_with_the_right_password(
    client: FlaskClient,
) -> None:
    for _ in range(5):
        assert login(client, "dc.clerk", "sai-mat-khau").status_code == 401
    locked = login(client, "dc.clerk", DEMO_PASSWORD)
    assert locked.status_code == 429
    assert locked.get_json()["error"]["code"] == "too_many_attempts"
    assert int(locked.headers["Retry-After"]) >= 60
    assert "phút" in locked.get_json()["error"]["message"]
    assert login(client, "tm.clerk", DEMO_PASSWORD).status_code == 200  # others are unaffected


def test_one_address_trying_many_users_is_throttled(client: FlaskClient) -> None:
    for i in range(20):
        assert login(client, f"khong-co-{i}", "x", address="10.9.9.9").status_code == 401
    assert login(client, "dc.clerk", DEMO_PASSWORD, address="10.9.9.9").status_code == 429
    assert login(client, "dc.clerk", DEMO_PASSWORD, address="10.1.1.1").status_code == 200


def test_a_successful_login_clears_the_users_failures(client: FlaskClient) -> None:
    for _ in range(4):
        login(client, "dc.clerk", "sai")
    assert login(client, "dc.clerk", DEMO_PASSWORD).status_code == 200
    for _ in range(4):
        assert login(client, "dc.clerk", "sai").status_code == 401
    assert login(client, "dc.clerk", DEMO_PASSWORD).status_code == 200


def test_failed_logins_are_audited(client: FlaskClient, as_user: Login) -> None:
    login(client, "ghost", "x", address="10.7.7.7")
    r = client.get("/api/v1/audit?actor=ghost", headers=as_user("hn.auditor"))
    [event] = r.get_json()["items"]
    assert event["action"] == "login_failed"
    assert "10.7.7.7" in event["comment"]


def test_logout_revokes_the_token_at_once(client: FlaskClient) -> None:
    token = login(client, "dc.clerk", DEMO_PASSWORD).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/v1/tasks", headers=headers).status_code == 401


def test_an_expired_token_is_refused(app: Flask, settings: Settings) -> None:
    """A second app on the same (seeded) database, issuing tokens that are born expired."""
    expiring = create_app(dataclasses.replace(settings, token_ttl_hours=-0.01))
    client = expiring.test_client()
    r = login(client, "dc.clerk", DEMO_PASSWORD)
    assert r.get_json()["expires_in"] < 0
    headers = {"Authorization": f"Bearer {r.get_json()['access_token']}"}
    assert client.get("/api/v1/tasks", headers=headers).status_code == 401
    services_of(expiring).container.db.dispose()


def test_a_deactivated_user_cannot_log_in_and_their_tokens_stop_working(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    token = login(client, "tm.clerk", DEMO_PASSWORD).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    r = client.post("/api/v1/users/tm.clerk/deactivate", headers=as_user("admin"))
    assert r.status_code == 204
    assert client.get("/api/v1/tasks", headers=headers).status_code == 401
    refused = login(client, "tm.clerk", DEMO_PASSWORD)
    assert refused.status_code == 401
    unknown = login(client, "khong-ton-tai", DEMO_PASSWORD)
    assert refused.get_json() == unknown.get_json()


def test_a_password_reset_revokes_old_tokens(client: FlaskClient, as_user: Login) -> None:
    token = login(client, "tm.clerk", DEMO_PASSWORD).get_json()["access_token"]
    r = client.post(
        "/api/v1/users/tm.clerk/password",
        json={"password": "mật-khẩu-mới-2026"},
        headers=as_user("admin"),
    )
    assert r.status_code == 204
    assert (
        client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )
    assert login(client, "tm.clerk", DEMO_PASSWORD).status_code == 401
    assert login(client, "tm.clerk", "mật-khẩu-mới-2026").status_code == 200
