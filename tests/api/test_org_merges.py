"""Merging org units (sáp nhập) over the API (issue 12, item 5), in the two-tier demo world.

Phường Định Công (HN-DC) joins Phường Hoàng Mai (HN-HM): it is locked for new dossiers, its
decided dossier and decision stay readable, by Hoàng Mai's people too, its dossier in progress
goes on at Hoàng Mai, its people work for Hoàng Mai, and the audit trail says so.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import approve_at, create, dossier_body, submit, task_of
from tests.conftest import Logins

MERGE = "/api/v1/orgs/merge"


@pytest.fixture
def app(two_tier_app: Flask) -> Flask:
    return two_tier_app


def _merge(client: FlaskClient, as_user: Logins, **body: object) -> dict:
    payload = {"sources": ["HN-DC"], "into": "HN-HM", "on": "2025-07-01"} | body
    r = client.post(MERGE, json=payload, headers=as_user("admin"))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _refused(client: FlaskClient, as_user: Logins, **body: object) -> str:
    r = client.post(MERGE, json=body, headers=as_user("admin"))
    assert r.status_code == 422, r.get_json()
    return r.get_json()["error"]["message"]


def test_a_merged_ward_keeps_its_history_readable_and_its_work_goes_on_in_the_new_one(
    client: FlaskClient, as_user: Logins
) -> None:
    decided = create(client, as_user, award="LDTT")
    submit(client, as_user, decided["id"])
    approve_at(client, as_user, "dc.approver", decided["id"])
    open_one = create(client, as_user)
    submit(client, as_user, open_one["id"])

    done = _merge(client, as_user)

    assert (done["into"]["code"], done["merged"]) == ("HN-HM", ["HN-DC"])
    assert done["dossiers"] == [open_one["code"]]
    assert {"dc.clerk", "dc.approver"} <= set(done["users_moved"])
    old = next(
        o
        for o in client.get("/api/v1/orgs", headers=as_user("admin")).get_json()["items"]
        if o["code"] == "HN-DC"
    )
    assert (old["active"], old["merged_into"], old["merged_on"]) == (False, "HN-HM", "2025-07-01")
    # Hoàng Mai's own clerk reads Định Công's decided dossier and its decision.
    for path in (f"/api/v1/dossiers/{decided['id']}", f"/api/v1/dossiers/{decided['id']}/decision"):
        assert client.get(path, headers=as_user("hm.clerk")).status_code == 200, path
    listed = client.get("/api/v1/dossiers", headers=as_user("hm.clerk")).get_json()["items"]
    assert decided["id"] in {d["id"] for d in listed}
    # The dossier in progress waits for Hoàng Mai's approver now, and goes on to the city.
    assert task_of(client, as_user, "hm.approver", open_one["id"])["org_code"] == "HN-HM"
    moved = approve_at(client, as_user, "hm.approver", open_one["id"])
    assert (moved["org_code"], moved["level"]) == ("HN-HM", "province")
    # Định Công's clerk now works for Hoàng Mai.
    assert create(client, as_user)["org_code"] == "HN-HM"


def test_no_new_dossier_can_be_made_for_a_merged_unit_and_the_refusal_names_its_successor(
    client: FlaskClient, as_user: Logins
) -> None:
    _merge(client, as_user)
    r = client.post(
        "/api/v1/dossiers", json=dossier_body(org_code="HN-DC"), headers=as_user("dc.clerk")
    )
    assert r.status_code == 409
    assert r.get_json()["error"]["code"] == "org_merged"
    assert "Phường Hoàng Mai" in r.get_json()["error"]["message"]


def test_a_merge_is_in_the_audit_trail_once_per_merged_unit(
    client: FlaskClient, as_user: Logins
) -> None:
    _merge(client, as_user, sources=["HN-DC", "HN-CG"])
    events = client.get("/api/v1/audit?actor=admin", headers=as_user("hn.auditor")).get_json()
    merged = [(e["action"], e["org_code"]) for e in events["items"] if e["action"] == "org_merged"]
    assert sorted(merged) == [("org_merged", "HN-CG"), ("org_merged", "HN-DC")]


def test_units_merge_into_a_new_unit_and_their_users_may_be_locked_instead(
    client: FlaskClient, as_user: Logins
) -> None:
    new = {"name": "Phường Định Công Mới", "level": "ward", "parent": "HN"}
    done = _merge(
        client, as_user, sources=["HN-DC", "HN-CG"], into="HN-DCM", new=new, users="deactivate"
    )

    assert (done["into"]["code"], done["into"]["parent"], done["into"]["type"]) == (
        "HN-DCM",
        "HN",
        "people_committee",
    )
    assert {"dc.clerk", "cg.clerk"} <= set(done["users_deactivated"])
    users = client.get("/api/v1/users", headers=as_user("admin")).get_json()["items"]
    assert next(u for u in users if u["username"] == "dc.clerk")["active"] is False


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"sources": ["HN-DC"], "into": "HN-DC", "on": "2025-07-01"}, "vào chính nó"),
        ({"sources": ["HN"], "into": "HN-DC", "on": "2025-07-01"}, "trực thuộc nó"),
        ({"sources": ["HN-XX"], "into": "HN-HM", "on": "2025-07-01"}, "Không có đơn vị 'HN-XX'"),
        ({"sources": ["HN-DC"], "into": "HN-XX", "on": "2025-07-01"}, "Không có đơn vị 'HN-XX'"),
        ({"sources": ["HN-DC"], "into": "HN-HM", "on": "2999-01-01"}, "chưa đến"),
        ({"sources": ["HN-SNV"], "into": "HN-HM", "on": "2025-07-01"}, "cùng loại"),
    ],
)
def test_a_merge_that_cannot_be_is_refused_in_vietnamese(
    client: FlaskClient, as_user: Logins, body: dict, says: str
) -> None:
    assert says in _refused(client, as_user, **body)


def test_an_already_merged_unit_cannot_be_merged_again(
    client: FlaskClient, as_user: Logins
) -> None:
    _merge(client, as_user)
    again = {"sources": ["HN-DC"], "into": "HN-CG", "on": "2025-07-01"}
    assert "đã được sáp nhập" in _refused(client, as_user, **again)
    into_old = {"sources": ["HN-CG"], "into": "HN-DC", "on": "2025-07-01"}
    assert "đã được sáp nhập" in _refused(client, as_user, **into_old)


def test_only_an_admin_over_both_units_may_merge_them(client: FlaskClient, as_user: Logins) -> None:
    body = {"sources": ["HN-DC"], "into": "HN-HM", "on": "2025-07-01"}
    assert client.post(MERGE, json=body, headers=as_user("hn.approver")).status_code == 403
