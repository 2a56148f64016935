"""The records office's register under load: 50 signed decisions issued at once on PostgreSQL
take the numbers 1–50 of the unit's register, each once, with no gap; two signers correcting one
decision at once leave one correction, and the other is told."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.domain.errors import Conflict
from service.settings import Settings
from tests.api.helpers import (
    Login,
    approve_at,
    create,
    decision_of,
    move_decision,
    submit,
)
from tests.conftest import actor_of, services_of

MANY = 50


def signed_ward_decision(client: FlaskClient, as_user: Login) -> int:
    """A Giấy khen of phường Định Công, decided and signed by the ward itself."""
    dossier = create(client, as_user, award="GK_XA")
    submit(client, as_user, dossier["id"])
    assert approve_at(client, as_user, "dc.approver", dossier["id"])["status"] == "approved"
    drafted = decision_of(client, as_user, dossier["id"])
    move_decision(client, as_user, "dc.officer", drafted["id"], "submit-for-signature")
    move_decision(client, as_user, "dc.signer", drafted["id"], "sign")
    return int(drafted["id"])


def test_fifty_concurrent_issues_number_the_register_gap_free(
    app: Flask, client: FlaskClient, as_user: Login, settings: Settings
) -> None:
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("measured on PostgreSQL, where issues really run at once (SQLite serialises)")
    ids = [signed_ward_decision(client, as_user) for _ in range(MANY)]
    desk, records = services_of(app).desk, actor_of(app, "dc.records")

    def issue_one(decision_id: int) -> int | None:
        return desk.issue(decision_id, None, actor=records).sequence

    with ThreadPoolExecutor(max_workers=MANY) as pool:
        sequences = list(pool.map(issue_one, ids))
    assert sorted(s for s in sequences if s is not None) == list(range(1, MANY + 1))
    register = client.get("/api/v1/decisions?org=HM-DC", headers=as_user("dc.approver"))
    numbers = [d["number"] for d in register.get_json()["items"]]
    assert numbers == [f"{n:02d}/QĐ-UBND" for n in range(1, MANY + 1)]


def test_two_signers_correcting_one_decision_at_once_one_wins_and_the_other_is_told(
    app: Flask, client: FlaskClient, as_user: Login, settings: Settings
) -> None:
    if not settings.database_url.startswith("postgresql"):
        pytest.skip("measured on PostgreSQL, where the two really run at once (SQLite serialises)")
    decision_id = signed_ward_decision(client, as_user)
    desk = services_of(app).desk
    desk.issue(decision_id, None, actor=actor_of(app, "dc.records"))
    signer = actor_of(app, "dc.signer")
    items = [{"was": "Nguyễn Văn An", "now": "Nguyễn Văn Ân"}]
    barrier = Barrier(2)

    def correct(reason: str) -> str:
        barrier.wait()
        try:
            desk.correct(decision_id, reason, "Điều 93 Luật 06/2022/QH15", items, actor=signer)
        except Conflict as err:
            return err.message
        return "signed"

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(correct, ["Sai họ tên", "Sai chính tả"]))
    assert outcomes[1] == "signed", outcomes
    assert "chờ văn thư cấp số" in outcomes[0]
    register = client.get("/api/v1/decisions?org=HM-DC", headers=as_user("dc.approver"))
    corrections = [d for d in register.get_json()["items"] if d["corrects_id"] == decision_id]
    assert len(corrections) == 1
