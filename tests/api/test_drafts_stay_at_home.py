"""A ward's drafts stay at home: the approvers above see a dossier from its first submission on.

Through every road a dossier could leak by: the list, the search, GET by id, its history, its
attachments and their content, and the dashboard's counts. The ward's own clerk and approver
see their drafts; the auditors above read everything in their subtree. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient

from tests.api import files
from tests.api.helpers import Login, act, create, submit
from tests.conftest import actor_of, services_of

ABOVE = ("hm.approver", "hn.approver")
AT_HOME = ("dc.clerk", "dc.approver", "hm.auditor", "hn.auditor")


def _draft_with_file(client: FlaskClient, as_user: Login) -> tuple[dict, str]:
    draft = create(client, as_user, title="Hồ sơ nháp của phường Định Công")
    r = client.post(
        f"/api/v1/dossiers/{draft['id']}/attachments",
        data={"kind": "other", "file": (io.BytesIO(files.pdf()), "nhap.pdf")},
        headers=as_user("dc.clerk"),
        content_type="multipart/form-data",
    )
    assert r.status_code == 201, r.get_json()
    return draft, r.get_json()["id"]


def _roads(draft_id: int, attachment_id: str) -> list[str]:
    base = f"/api/v1/dossiers/{draft_id}"
    return [
        base,
        f"{base}/history",
        f"{base}/attachments",
        f"{base}/attachments/{attachment_id}/content",
    ]


def _listed(client: FlaskClient, headers: dict[str, str], query: str = "") -> list[str]:
    r = client.get(f"/api/v1/dossiers{query}", headers=headers)
    assert r.status_code == 200, r.get_json()
    return [d["code"] for d in r.get_json()["items"]]


def test_an_approver_above_is_told_a_draft_does_not_exist_by_every_road(
    client: FlaskClient, as_user: Login
) -> None:
    draft, attachment = _draft_with_file(client, as_user)
    for username in ABOVE:
        for path in _roads(draft["id"], attachment):
            r = client.get(path, headers=as_user(username))
            assert r.status_code == 404, (username, path)
            assert r.get_json()["error"]["message"] == "Không tìm thấy hồ sơ."
        assert draft["code"] not in _listed(client, as_user(username))
        assert _listed(client, as_user(username), "?q=nhap+cua+phuong") == []
        assert _listed(client, as_user(username), "?status=draft") == []


def test_the_wards_own_people_and_the_auditors_above_see_the_draft(
    client: FlaskClient, as_user: Login
) -> None:
    draft, attachment = _draft_with_file(client, as_user)
    for username in AT_HOME:
        for path in _roads(draft["id"], attachment):
            assert client.get(path, headers=as_user(username)).status_code == 200, (username, path)
        assert _listed(client, as_user(username), "?q=nhap+cua+phuong") == [draft["code"]]


def test_from_its_first_submission_on_the_dossier_is_seen_above_even_when_returned(
    client: FlaskClient, as_user: Login
) -> None:
    draft, attachment = _draft_with_file(client, as_user)
    submit(client, as_user, draft["id"])
    act(client, as_user, "dc.approver", draft["id"], "return", "Bổ sung biên bản họp.")
    back = client.get(f"/api/v1/dossiers/{draft['id']}", headers=as_user("dc.clerk"))
    assert back.get_json()["status"] == "returned"
    for username in ABOVE:
        for path in _roads(draft["id"], attachment):
            assert client.get(path, headers=as_user(username)).status_code == 200, (username, path)
        assert _listed(client, as_user(username), "?status=returned") == [draft["code"]]


def test_the_dashboard_of_an_approver_above_does_not_count_the_wards_drafts(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    create(client, as_user)
    sent = create(client, as_user)
    submit(client, as_user, sent["id"])
    svc = services_of(app)

    def drafts_and_total(username: str) -> tuple[int, int]:
        board = svc.dashboard(svc.this_year(), actor=actor_of(app, username))
        counts = {c.key: c.value for c in board.by_status}
        return counts["draft"], board.total

    assert drafts_and_total("hm.approver") == (0, 1)
    assert drafts_and_total("hn.approver") == (0, 1)
    assert drafts_and_total("dc.approver") == (1, 2)
    assert drafts_and_total("hn.auditor") == (1, 2)
    board = svc.dashboard(svc.this_year(), actor=actor_of(app, "hm.approver"))
    waiting = {t.level: t.open for t in board.timings}
    assert waiting["ward"] == 1  # the submitted one's approval; not the draft's preparation


def test_the_api_names_the_unit_beside_its_code(client: FlaskClient, as_user: Login) -> None:
    made = create(client, as_user)
    assert (made["org_code"], made["org_name"]) == ("HM-DC", "Phường Định Công")
    submit(client, as_user, made["id"])
    tasks = client.get("/api/v1/tasks", headers=as_user("dc.approver")).get_json()["items"]
    [task] = [t for t in tasks if t["dossier_id"] == made["id"]]
    assert (task["org_code"], task["org_name"]) == ("HM-DC", "Phường Định Công")
