"""The audit trail: tampering in SQL is detected, no code rewrites it, auditors read it."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, make_url, text
from sqlalchemy.exc import ProgrammingError

from service.app import create_app
from service.settings import ROOT, Settings
from tests.api.helpers import Login, act, approve_at, create, submit
from tests.conftest import DEMO_PASSWORD, services_of


def busy_day(client: FlaskClient, as_user: Login) -> int:
    dossier = create(client, as_user)
    submit(client, as_user, dossier["id"])
    act(client, as_user, "dc.approver", dossier["id"], "return", "Bổ sung")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    approve_at(client, as_user, "hm.approver", dossier["id"])
    return int(dossier["id"])


def verify(app: Flask) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    return result.exit_code, result.output


def sql(app: Flask, statement: str, **params: object) -> None:
    with services_of(app).container.db.begin() as conn:
        conn.execute(text(statement), params)


def event_ids(app: Flask) -> list[int]:
    with services_of(app).container.db.connect() as conn:
        return list(conn.execute(text("SELECT id FROM audit_events ORDER BY seq")).scalars())


def test_an_intact_chain_verifies(app: Flask, client: FlaskClient, as_user: Login) -> None:
    busy_day(client, as_user)
    code, output = verify(app)
    assert code == 0, output
    assert "nguyên vẹn" in output
    r = client.get("/api/v1/audit/verify", headers=as_user("hn.auditor")).get_json()
    assert r["ok"] is True and r["checked"] >= 10


def test_changing_a_field_is_detected_at_that_event(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    busy_day(client, as_user)
    target = event_ids(app)[-3]
    sql(app, "UPDATE audit_events SET comment = 'sửa lén' WHERE id = :id", id=target)
    code, output = verify(app)
    assert code == 1
    assert f"id {target}" in output and "bị sửa" in output


def test_deleting_a_row_is_detected_at_the_next_one(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    busy_day(client, as_user)
    ids = event_ids(app)
    sql(app, "DELETE FROM audit_events WHERE id = :id", id=ids[4])
    code, output = verify(app)
    assert code == 1
    assert f"id {ids[5]}" in output


def test_deleting_the_last_rows_is_detected_against_the_head(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    busy_day(client, as_user)
    last = event_ids(app)[-1]
    sql(app, "DELETE FROM audit_events WHERE id = :id", id=last)
    code, output = verify(app)
    assert code == 1
    assert "cuối chuỗi" in output


def test_swapping_two_rows_is_detected(app: Flask, client: FlaskClient, as_user: Login) -> None:
    busy_day(client, as_user)
    a, b = event_ids(app)[3:5]
    # Swap the two events' places in the chain: b takes a's sequence number and a takes b's.
    sql(app, "UPDATE audit_events SET seq = -1 WHERE id = :a", a=a)
    sql(app, "UPDATE audit_events SET seq = seq - 1 WHERE id = :b", b=b)
    sql(
        app,
        "UPDATE audit_events SET seq = (SELECT seq FROM audit_events WHERE id = :b) + 1 "
        "WHERE id = :a",
        a=a,
        b=b,
    )
    code, output = verify(app)
    assert code == 1
    assert f"id {b}" in output


def test_no_code_path_updates_or_deletes_an_audit_row(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    statements: list[str] = []

    def capture(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(services_of(app).container.db, "before_cursor_execute", capture)
    try:
        busy_day(client, as_user)
        client.post("/api/v1/auth/token", json={"username": "dc.clerk", "password": "sai"})
        client.post("/api/v1/users/tm.clerk/deactivate", headers=as_user("admin"))
        client.get("/api/v1/audit.csv", headers=as_user("hn.auditor"))
        app.test_cli_runner().invoke(args=["audit", "verify"])
    finally:
        event.remove(services_of(app).container.db, "before_cursor_execute", capture)
    assert any(re.search(r"INSERT INTO audit_events", s) for s in statements)
    rewrites = [
        s for s in statements if re.search(r"(UPDATE|DELETE FROM)\s+audit_events\b", s, re.I)
    ]
    assert rewrites == []


def test_auditors_search_only_their_subtree_and_the_top_auditor_sees_all(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = busy_day(client, as_user)
    create(client, as_user, clerk="dv.clerk")
    client.post("/api/v1/auth/token", json={"username": "ghost", "password": "x"})
    mine = client.get("/api/v1/audit", headers=as_user("hm.auditor")).get_json()["items"]
    assert mine and {e["org_code"] for e in mine} <= {"HM", "HM-DC", "HM-TM"}
    other = client.get("/api/v1/audit", headers=as_user("cg.auditor")).get_json()["items"]
    assert {e["org_code"] for e in other} <= {"CG", "CG-DV"}
    assert any(e["org_code"] == "CG-DV" for e in other)
    everything = client.get("/api/v1/audit?limit=500", headers=as_user("hn.auditor")).get_json()[
        "items"
    ]
    assert any(e["org_code"] is None for e in everything)  # system-wide: the failed login
    assert all(e["org_code"] is not None for e in mine + other)
    by_dossier = client.get(
        f"/api/v1/audit?dossier={dossier_id}&actor=dc.approver", headers=as_user("hm.auditor")
    ).get_json()["items"]
    assert [e["action"] for e in by_dossier] == ["return", "approve"]
    future = client.get("/api/v1/audit?from=2999-01-01", headers=as_user("hn.auditor"))
    assert future.get_json()["items"] == []
    today = client.get("/api/v1/audit?to=2000-01-01", headers=as_user("hn.auditor"))
    assert today.get_json()["items"] == []
    assert (
        client.get("/api/v1/audit?from=hôm-qua", headers=as_user("hn.auditor")).status_code == 422
    )


@pytest.mark.parametrize("user", ["dc.clerk", "hm.approver", "admin"])
def test_only_auditors_read_the_trail(client: FlaskClient, as_user: Login, user: str) -> None:
    for path in ("/api/v1/audit", "/api/v1/audit.csv", "/api/v1/audit/verify"):
        assert client.get(path, headers=as_user(user)).status_code == 403


def test_the_csv_export_has_a_header_and_one_row_per_event(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = busy_day(client, as_user)
    r = client.get(f"/api/v1/audit.csv?dossier={dossier_id}", headers=as_user("hm.auditor"))
    assert r.status_code == 200
    assert r.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["seq", "at", "actor", "action"]
    assert [row[3] for row in rows[1:]] == [
        "created",
        "submit",
        "return",
        "submit",
        "approve",
        "approve",
    ]
    assert rows[3][7] == "Bổ sung"


@pytest.mark.postgresql
def test_the_documented_postgres_role_runs_the_service_but_cannot_rewrite_events(
    app: Flask, settings: Settings, as_user: Login
) -> None:
    """docs/sql/app-role.sql, applied to a role of this test's own, as an operator would."""
    owner = services_of(app).container.db
    if owner.dialect.name != "postgresql":
        pytest.skip("the role grants are PostgreSQL's")
    role = f"kt_app_{uuid.uuid4().hex[:8]}"
    grants = (ROOT / "docs" / "sql" / "app-role.sql").read_text().replace("khenthuong_app", role)
    with owner.begin() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
        conn.execute(text(grants))
    url = make_url(settings.database_url).set(username=role).render_as_string(hide_password=False)
    as_app = create_app(dataclasses.replace(settings, database_url=url))
    try:
        client = as_app.test_client()
        busy_day(client, _login_for(client))
        with services_of(as_app).container.db.begin() as conn, pytest.raises(ProgrammingError):
            conn.execute(text("UPDATE audit_events SET comment = 'x'"))
        with services_of(as_app).container.db.begin() as conn, pytest.raises(ProgrammingError):
            conn.execute(text("DELETE FROM audit_events"))
        assert verify(app)[0] == 0
    finally:
        services_of(as_app).container.db.dispose()
        with owner.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))


def _login_for(client: FlaskClient) -> Login:
    def login(user: str) -> dict[str, str]:
        r = client.post("/api/v1/auth/token", json={"username": user, "password": DEMO_PASSWORD})
        return {"Authorization": f"Bearer {r.get_json()['access_token']}"}

    return login


def test_a_read_sees_one_snapshot_so_events_appended_meanwhile_are_no_false_alarm(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    busy_day(client, as_user)
    reader = services_of(app).container.reader()
    with reader:
        head = reader.events.head()
        busy_day(client, as_user)  # other transactions commit while this one is reading
        links = list(reader.events.links())
    assert links[-1].seq == head[0] and links[-1].hash == head[1]
    code, output = verify(app)
    assert code == 0, output
