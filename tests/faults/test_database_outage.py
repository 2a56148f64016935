"""The database stopped and started again: 503 with Retry-After meanwhile, recovery without restart.

The PostgreSQL server is the tests' own (tests/faults/postgres.py), stopped with ``pg_ctl stop
-m immediate`` as a crash would stop it. First in process, to read the answers of the API and
of the pages closely; then against the service in a subprocess while it is busy, ending with
every dossier consistent and all the work done. Last, a table gone missing: a bug, still a 500.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask

from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.app import create_app
from service.services import Services
from tests.api.helpers import dossier_body
from tests.conftest import DEMO_PASSWORD, services_of
from tests.faults import journeys
from tests.faults.conftest import World, settings_for
from tests.faults.consistency import assert_consistent
from tests.faults.postgres import PrivatePostgres
from tests.faults.process import ServiceProcess, wait_for_answer
from tests.web.helpers import web_login

pytestmark = pytest.mark.faults

MESSAGE = "Cơ sở dữ liệu tạm thời không truy cập được; hãy thử lại sau ít phút."


@pytest.fixture
def app(world: World) -> Iterator[Flask]:
    made = create_app(settings_for(world.database_url, world.storage_url))
    made.config["TESTING"] = True
    yield made
    services_of(made).container.db.dispose()


def test_while_the_database_is_down_the_api_and_the_pages_answer_503_then_recover(
    app: Flask, private_postgres: PrivatePostgres
) -> None:
    api, pages = app.test_client(), app.test_client()
    token = api.post(
        "/api/v1/auth/token", json={"username": "dc.clerk", "password": DEMO_PASSWORD}
    ).get_json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    web_login(pages, "dc.clerk")
    assert api.get("/api/v1/dossiers", headers=bearer).status_code == 200

    private_postgres.stop()
    try:
        listed = api.get("/api/v1/dossiers", headers=bearer)
        created = api.post("/api/v1/dossiers", json=dossier_body(), headers=bearer)
        login = api.post("/api/v1/auth/token", json={"username": "dc.clerk", "password": "x"})
        page = pages.get("/dossiers")
    finally:
        private_postgres.start()

    for answer in (listed, created, login):
        assert answer.status_code == 503
        assert int(answer.headers["Retry-After"]) > 0
        assert answer.get_json() == {"error": {"code": "database_unavailable", "message": MESSAGE}}
    assert page.status_code == 503
    assert int(page.headers["Retry-After"]) > 0
    assert page.mimetype == "text/html"
    assert MESSAGE in page.get_data(as_text=True)
    # Back without a restart of the application: the pool reconnects.
    assert api.get("/api/v1/dossiers", headers=bearer).status_code == 200
    assert pages.get("/dossiers").status_code == 200
    assert api.post("/api/v1/dossiers", json=dossier_body(), headers=bearer).status_code == 201


def test_a_database_stopped_mid_run_gets_503s_and_the_service_recovers_and_finishes_the_work(
    service: Callable[[], ServiceProcess],
    inspect: Callable[[], Services],
    private_postgres: PrivatePostgres,
) -> None:
    svc = service()
    client = svc.client
    client.login(*journeys.USERS)
    dossiers = [journeys.create_dossier(client) for _ in range(6)]
    stop = threading.Event()

    with ThreadPoolExecutor(1) as pool:
        driving = pool.submit(journeys.drive, client, dossiers, stop)
        time.sleep(0.5)
        private_postgres.stop()
        time.sleep(1.0)
        down = client.call("GET", "/api/v1/tasks", user="dc.approver")
        private_postgres.start()
        back = wait_for_answer(client, "/api/v1/tasks", "dc.approver", timeout=20)
        time.sleep(0.5)
        stop.set()
        answers = driving.result(timeout=30)

    assert down is not None and down.status == 503, down
    assert int(down.headers["retry-after"]) > 0
    assert down.error_code() == "database_unavailable"
    assert back.status == 200
    # The driver met the outage as 503s: on the inbox, or on a completion it had in flight
    # (on a loaded machine one completion can span the whole outage).
    assert answers["list 503"] + answers["complete 503"] > 0, answers
    # Never a 500, never a request left without an answer.
    allowed = {"list 200", "list 503", "complete 200", "complete 409", "complete 503"}
    assert set(answers) <= allowed, answers
    journeys.finish(client, dossiers)
    assert assert_consistent(inspect()).statuses == {"approved": len(dossiers)}


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Iterator[Flask]:
    url = f"sqlite:///{tmp_path / 'kt.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    made = create_app(settings_for(url, f"file://{tmp_path / 'objects'}"))
    services_of(made).seed_demo()
    yield made
    services_of(made).container.db.dispose()


def test_a_missing_table_is_a_bug_and_stays_a_500_not_an_outage(
    sqlite_app: Flask, tmp_path: Path
) -> None:
    client = sqlite_app.test_client()
    token = client.post(
        "/api/v1/auth/token", json={"username": "dc.clerk", "password": DEMO_PASSWORD}
    ).get_json()["access_token"]
    db = sqlite3.connect(tmp_path / "kt.db")
    db.execute("ALTER TABLE dossiers RENAME TO dossiers_gone")  # SQLite: "no such table"
    db.close()

    r = client.get("/api/v1/dossiers", headers={"Authorization": f"Bearer {token}"})

    assert r.status_code == 500
    assert r.get_json()["error"]["code"] == "internal_error"
    assert "Retry-After" not in r.headers
