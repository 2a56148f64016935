"""Hostile templates through the API: refused on upload with 422, and at approval without harm.

The application here gives a template render 2 seconds (KT_TEMPLATE_SECONDS), so that a
template stored before uploads were vetted, and spinning at approval, is stopped quickly.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.settings import Settings
from service.usecases.ports import utcnow
from tests.api.helpers import Login, approve_at, create, issue, submit, task_of, to_the_head
from tests.conftest import FAST_HASHING, services_of
from tests.documents import hostile

SECONDS = 2.0
# 10^12 turns printing nothing: hours for a worker, unless the render's budget stops it.
NESTED_LOOPS = (
    "{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}"
    "{% endfor %}{% endfor %}{% endfor %}"
)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key="test-secret",
        storage_url=f"file://{tmp_path / 'objects'}",
        template_seconds=SECONDS,
        **FAST_HASHING,  # type: ignore[arg-type]
    )


def upload(client: FlaskClient, as_user: Login, content: bytes, user: str = "admin") -> dict:
    r = client.put(
        "/api/v1/templates/giay_khen",
        data=content,
        headers=as_user(user),
        content_type="application/octet-stream",
    )
    return {"status": r.status_code, **(r.get_json() or {})}


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (hostile.zip_bomb, "file"),
        (hostile.malformed, "file"),
        (hostile.billion_laughs, "file"),
        (hostile.external_entity, "file"),
        (lambda: hostile.with_text("{{ 'x' * 50000000 }}"), "template"),
        (lambda: hostile.with_text("{{ range(10**100) | list }}"), "template"),
    ],
    ids=["zip bomb", "malformed XML", "billion laughs", "XXE", "'x' * N", "range(10**100)"],
)
def test_a_hostile_upload_is_refused_with_422_naming_the_field_and_the_reason(
    client: FlaskClient, as_user: Login, build: object, field: str
) -> None:
    content = build()  # type: ignore[operator]
    started = time.monotonic()
    answer = upload(client, as_user, content)
    assert time.monotonic() - started < SECONDS + 2
    assert answer["status"] == 422, answer
    error = answer["error"]
    assert error["code"] in {"template_invalid", "invalid"}
    assert list(error["fields"]) == [field]
    assert error["message"].startswith(("Tệp mẫu bị từ chối", "Mẫu quyết định"))
    listing = client.get("/api/v1/templates", headers=as_user("admin")).get_json()["items"]
    assert {t["name"]: t["source"] for t in listing}["giay_khen"] == "stock"


def test_a_template_that_blows_the_budget_at_approval_fails_it_cleanly_and_keeps_nothing(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    # Stored as an older release would have stored it: without the vetting of today.
    spinning = hostile.with_text(NESTED_LOOPS)
    container = services_of(app).container
    with container.uow() as uow:
        sha = hashlib.sha256(spinning).hexdigest()
        root = uow.orgs.by_code("HN")
        assert root is not None
        uow.templates.put("giay_khen", root.id, spinning, sha, "admin", utcnow())
        uow.commit()
    dossier = create(client, as_user, award="GK_XA_CN")
    submit(client, as_user, dossier["id"])
    to_the_head(client, as_user, "dc", dossier["id"])
    task = task_of(client, as_user, "dc.approver", dossier["id"])
    events_before = client.get("/api/v1/audit?limit=200", headers=as_user("hn.auditor"))

    started = time.monotonic()
    r = client.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"action": "approve"},
        headers=as_user("dc.approver"),
    )

    assert time.monotonic() - started < SECONDS + 2
    assert r.status_code == 500
    error = r.get_json()["error"]
    assert error["code"] == "decision_template_unusable"
    assert "giay_khen" in error["message"] and "quản trị viên" in error["message"]
    assert "của đơn vị HN" in error["message"]
    assert "chưa được phê duyệt" in error["message"]
    state = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user("dc.clerk")).get_json()
    assert state["status"] == "in_review"
    assert task_of(client, as_user, "dc.approver", dossier["id"])["id"] == task["id"]
    assert list(container.store.list("decisions/")) == []
    events_after = client.get("/api/v1/audit?limit=200", headers=as_user("hn.auditor"))
    assert events_after.get_json()["items"] == events_before.get_json()["items"]

    # Once an admin puts a good template back, the same task approves, and the decision,
    # issued, takes number 1.
    assert upload(client, as_user, hostile.stock())["status"] == 200
    approve_at(client, as_user, "dc.approver", dossier["id"])
    assert issue(client, as_user, dossier["id"])["number"] == "01/QĐ-UBND"
