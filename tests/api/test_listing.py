"""Listing dossiers: visibility, filters and pagination; and the inbox."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import Login, approve_at, create, dossier_body, submit


def _codes(client: FlaskClient, headers: dict[str, str], query: str = "") -> list[str]:
    r = client.get(f"/api/v1/dossiers{query}", headers=headers)
    assert r.status_code == 200, r.get_json()
    return [d["code"] for d in r.get_json()["items"]]


def test_each_user_lists_only_the_dossiers_of_their_subtree(
    client: FlaskClient, as_user: Login
) -> None:
    made = [create(client, as_user, clerk=c) for c in ("dc.clerk", "tm.clerk", "dv.clerk")]
    for d, clerk in zip(made, ("dc.clerk", "tm.clerk", "dv.clerk"), strict=True):
        submit(client, as_user, d["id"], clerk)
    dc, tm, dv = (d["code"] for d in made)
    assert _codes(client, as_user("dc.clerk")) == [dc]
    assert sorted(_codes(client, as_user("hm.approver"))) == sorted([dc, tm])
    assert _codes(client, as_user("cg.approver")) == [dv]
    assert sorted(_codes(client, as_user("hn.auditor"))) == sorted([dc, tm, dv])
    assert _codes(client, as_user("admin")) == []


def test_the_list_filters_by_status_level_year_and_award(
    client: FlaskClient, as_user: Login
) -> None:
    draft = create(client, as_user, award="LDTT")
    moving = create(client, as_user, award="BK_TINH_CN")
    old = create(client, as_user, award="LDTT", year=2025)
    submit(client, as_user, moving["id"])
    approve_at(client, as_user, "dc.approver", moving["id"])
    # An auditor of the district sees the ward's drafts too (its approver would not).
    me = as_user("hm.auditor")
    assert _codes(client, me, "?status=draft&year=2026") == [draft["code"]]
    assert _codes(client, me, "?level=district") == [moving["code"]]
    assert sorted(_codes(client, me, "?award=LDTT")) == sorted([draft["code"], old["code"]])
    assert _codes(client, me, "?year=2025") == [old["code"]]
    bad = client.get("/api/v1/dossiers?year=abc", headers=me)
    assert bad.status_code == 422


def test_pages_follow_the_next_link_until_it_is_null(client: FlaskClient, as_user: Login) -> None:
    made = {create(client, as_user)["code"] for _ in range(5)}
    seen: list[str] = []
    url: str | None = "/api/v1/dossiers?limit=2"
    pages = 0
    while url:
        r = client.get(url, headers=as_user("dc.clerk"))
        body = r.get_json()
        assert len(body["items"]) <= 2
        seen += [d["code"] for d in body["items"]]
        url = body["next"]
        pages += 1
    assert pages == 3
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


def test_the_inbox_shows_only_tasks_the_caller_can_act_on_now(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    assert [t["dossier_id"] for t in _tasks(client, as_user("dc.clerk"))] == [dossier["id"]]
    assert _tasks(client, as_user("dc.approver")) == []
    submit(client, as_user, dossier["id"])
    assert _tasks(client, as_user("dc.clerk")) == []
    [task] = _tasks(client, as_user("dc.approver"))
    assert task["level"] == "ward"
    assert task["org_code"] == "HM-DC"
    assert task["actions"] == ["approve", "return", "reject"]
    assert task["dossier_code"] == dossier["code"]
    for bystander in ("hm.approver", "tm.approver", "hn.auditor", "admin"):
        assert _tasks(client, as_user(bystander)) == [], bystander


def _tasks(client: FlaskClient, headers: dict[str, str]) -> list[dict]:
    r = client.get("/api/v1/tasks", headers=headers)
    assert r.status_code == 200
    items: list[dict] = r.get_json()["items"]
    return items


def test_the_openapi_document_describes_every_api_route(app: Flask, client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").get_json()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            assert path in doc["paths"], f"{rule.rule} has no @doc"
    assert doc["openapi"].startswith("3.")
    paths = doc["paths"]
    for path, method in [
        ("/api/v1/auth/token", "post"),
        ("/api/v1/awards", "get"),
        ("/api/v1/dossiers", "post"),
        ("/api/v1/dossiers", "get"),
        ("/api/v1/dossiers/{dossier_id}", "get"),
        ("/api/v1/dossiers/{dossier_id}/submit", "post"),
        ("/api/v1/dossiers/{dossier_id}/history", "get"),
        ("/api/v1/tasks", "get"),
        ("/api/v1/tasks/{task_id}/complete", "post"),
    ]:
        assert method in paths[path], (path, method)
    create_op = paths["/api/v1/dossiers"]["post"]
    assert "422" in create_op["responses"]
    assert "DossierIn" in doc["components"]["schemas"]
    assert paths["/api/v1/auth/token"]["post"]["security"] == []


def test_search_ignores_diacritics_and_case_across_code_title_and_nominees(
    client: FlaskClient, as_user: Login
) -> None:
    body = dossier_body(title="Khen thưởng Tổ dân phố số 5")
    body["nominees"][0]["full_name"] = "Nguyễn Văn Đức"
    found = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk")).get_json()
    create(client, as_user)
    me = as_user("dc.clerk")
    for query in ("nguyen van duc", "VĂN ĐỨC", "to dan pho", "Đức", found["code"].lower()):
        assert _codes(client, me, f"?q={query}") == [found["code"]], query
    assert _codes(client, me, "?q=tran") == []
    assert _codes(client, me, "?q=%25") == []  # a wildcard character is just a character
