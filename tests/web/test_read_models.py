"""The pages read through read models: one read-only transaction, a bounded number of statements.

Statements are counted on the real engine (SQLite and PostgreSQL) while a dossier grows: more
nominees, more attachments, more history. The count must not grow with them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from service.services import SERVICES, Services
from tests.api import files
from tests.api.helpers import Login, act, create, dossier_body, submit
from tests.conftest import actor_of
from tests.web.helpers import web_login

CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@dataclass
class Tally:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0
    read_only: list[bool] = field(default_factory=list)

    @property
    def queries(self) -> list[str]:
        return [s for s in self.statements if not s.lstrip().upper().startswith(CONTROL)]


@contextmanager
def counting(app: Flask) -> Iterator[Tally]:
    engine = app.extensions[SERVICES].container.db
    tally = Tally()

    def on_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        tally.statements.append(statement)

    def on_begin(conn: Any) -> None:
        tally.transactions += 1
        tally.read_only.append(bool(conn.get_execution_options().get("khenthuong_read_only")))

    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "begin", on_begin)
    try:
        yield tally
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "begin", on_begin)


def _nominees(n: int) -> list[dict[str, str]]:
    return [
        {
            "full_name": f"Nguyễn Văn {i:03d}",
            "kind": "individual",
            "position": "Công chức",
            "unit": "UBND phường Định Công",
            "achievements": "Hoàn thành xuất sắc nhiệm vụ",
        }
        for i in range(n)
    ]


def _grow(client: FlaskClient, as_user: Login, dossier_id: int, rounds: int) -> None:
    """More attachments and more history: attach, submit, get it returned, and again."""
    for i in range(rounds):
        r = client.post(
            f"/api/v1/dossiers/{dossier_id}/attachments",
            data={"kind": "proposal", "file": (io.BytesIO(files.pdf(f"bản {i}")), f"t{i}.pdf")},
            headers=as_user("dc.clerk"),
        )
        assert r.status_code == 201, r.get_json()
        submit(client, as_user, dossier_id)
        act(client, as_user, "dc.approver", dossier_id, "return", f"Bổ sung lần {i}")


def _dossier(client: FlaskClient, as_user: Login, nominees: int, rounds: int) -> int:
    body = dossier_body()
    body["nominees"] = _nominees(nominees)
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 201, r.get_json()
    dossier_id: int = r.get_json()["id"]
    _grow(client, as_user, dossier_id, rounds)
    return dossier_id


def _page_read(app: Flask, dossier_id: int, username: str) -> Tally:
    svc: Services = app.extensions[SERVICES]
    actor = actor_of(app, username)
    with counting(app) as tally:
        page = svc.dossier_page(dossier_id, actor=actor)
    assert page.dossier.id == dossier_id
    return tally


def test_the_dossier_page_is_read_in_one_read_only_transaction_of_at_most_fifteen_statements(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    small = _dossier(client, as_user, nominees=1, rounds=0)
    large = _dossier(client, as_user, nominees=40, rounds=6)
    for dossier_id in (small, large):
        tally = _page_read(app, dossier_id, "dc.clerk")
        assert tally.transactions == 1
        assert tally.read_only == [True]
        # 13: names of the history's people and units, and namesakes in other dossiers, came in;
        # 15: the nominees' results and the council's meeting at the deciding level
        assert len(tally.statements) <= 15, tally.statements
    # The small one is a draft: the province's auditor reads it (its approver would not).
    assert len(_page_read(app, large, "hn.auditor").statements) == len(
        _page_read(app, small, "hn.auditor").statements
    )


def test_the_dossier_page_shows_what_the_use_cases_would_have_shown(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    dossier_id = _dossier(client, as_user, nominees=3, rounds=2)
    svc: Services = app.extensions[SERVICES]
    clerk = actor_of(app, "dc.clerk")
    page = svc.dossier_page(dossier_id, actor=clerk)
    assert page.dossier == svc.get_dossier(dossier_id, actor=clerk)
    assert page.history == svc.dossier_history(dossier_id, actor=clerk)
    assert page.attachments == svc.list_attachments(dossier_id, actor=clerk)
    assert page.tasks == svc.my_tasks_on(dossier_id, actor=clerk)
    assert [t.actions for t in page.tasks] == [("submit",)]
    assert page.award is not None and page.award.code == page.dossier.award
    assert page.level_names["ward"]


def test_a_read_only_transaction_lets_a_writer_commit_meanwhile(app: Flask) -> None:
    svc: Services = app.extensions[SERVICES]
    with svc.container.reader() as reader:
        before = reader.orgs.by_code("HM-DC")
        assert before is not None and before.active
        writer = svc.container.uow()
        with writer:  # SQLite: the reader's deferred BEGIN holds no write lock to wait for
            writer.orgs.set_active(before.id, False)
            writer.commit()
    with svc.container.reader() as reader:
        after = reader.orgs.by_code("HM-DC")
        assert after is not None and not after.active


@pytest.mark.postgresql
def test_a_read_only_transaction_refuses_to_write_on_postgresql(
    app: Flask, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no read-only transactions; its readers only skip the write lock")
    svc: Services = app.extensions[SERVICES]
    with svc.container.reader() as reader, pytest.raises(DBAPIError, match="read-only"):
        unit = reader.orgs.by_code("HM-DC")
        assert unit is not None
        reader.orgs.set_active(unit.id, False)
        reader.flush()


@pytest.mark.parametrize("path", ["/inbox", "/dossiers"])
def test_the_inbox_and_the_list_read_in_a_bounded_number_of_statements(
    app: Flask, client: FlaskClient, as_user: Login, path: str
) -> None:
    def measure() -> Tally:
        with counting(app) as tally:
            assert client.get(path).status_code == 200
        return tally

    web_login(client, "dc.approver")
    for _ in range(2):
        submit(client, as_user, create(client, as_user)["id"])
    few = measure()
    for _ in range(6):
        submit(client, as_user, _dossier(client, as_user, nominees=5, rounds=0))
    many = measure()
    assert len(many.queries) == len(few.queries), (few.queries, many.queries)


def test_the_dossier_page_request_takes_no_write_lock_and_two_transactions(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    """The session's user, then the page: both read-only, whatever the dossier's size."""
    dossier_id = _dossier(client, as_user, nominees=25, rounds=3)
    web_login(client, "dc.clerk")
    with counting(app) as tally:
        r = client.get(f"/dossiers/{dossier_id}")
    assert r.status_code == 200
    assert "Nguyễn Văn 024" in r.get_data(as_text=True)
    assert tally.read_only == [True, True]
    assert len(tally.statements) <= 18, tally.statements  # 16, and the results and meeting
