"""A nominee keeps their id while the dossier is edited, so what hangs on them stays theirs."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import Login, create, dossier_body


def _two(client: FlaskClient, as_user: Login) -> dict:
    body = dossier_body()
    body["nominees"].append({"full_name": "Trần Thị Bình", "kind": "individual"})
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_an_edit_repeating_the_ids_keeps_each_nominee_and_reorders_them(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = _two(client, as_user)
    an, binh = dossier["nominees"]
    assert an["id"] != binh["id"] and an["id"] > 0
    body = dossier_body(version=dossier["version"])
    body["nominees"] = [
        {"id": binh["id"], "full_name": "Trần Thị Bình", "kind": "individual", "unit": "Tổ 5"},
        {"id": an["id"], "full_name": an["full_name"], "kind": "individual"},
        {"full_name": "Lê Văn Cường", "kind": "individual"},
    ]
    r = client.put(f"/api/v1/dossiers/{dossier['id']}", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 200, r.get_json()
    after = r.get_json()["nominees"]
    assert [n["id"] for n in after[:2]] == [binh["id"], an["id"]]
    assert after[0]["unit"] == "Tổ 5"
    assert after[2]["id"] not in (an["id"], binh["id"])


def test_an_edit_without_ids_replaces_the_nominees_with_new_ones(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    old = dossier["nominees"][0]["id"]
    r = client.put(
        f"/api/v1/dossiers/{dossier['id']}",
        json=dossier_body(version=dossier["version"]),
        headers=as_user("dc.clerk"),
    )
    assert r.status_code == 200
    assert r.get_json()["nominees"][0]["id"] != old


def test_an_id_the_dossier_does_not_hold_or_one_given_twice_is_refused_and_nothing_changes(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = _two(client, as_user)
    other = create(client, as_user)
    an, binh = dossier["nominees"]
    url = f"/api/v1/dossiers/{dossier['id']}"
    stranger = dossier_body(version=dossier["version"])
    stranger["nominees"][0]["id"] = other["nominees"][0]["id"]
    r = client.put(url, json=stranger, headers=as_user("dc.clerk"))
    assert r.status_code == 422
    assert "nominees[0].id" in r.get_json()["error"]["fields"]
    twice = dossier_body(version=dossier["version"])
    twice["nominees"] = [
        {"id": an["id"], "full_name": "A", "kind": "individual"},
        {"id": an["id"], "full_name": "B", "kind": "individual"},
    ]
    r = client.put(url, json=twice, headers=as_user("dc.clerk"))
    assert r.status_code == 422
    assert "nominees[1].id" in r.get_json()["error"]["fields"]
    kept = client.get(url, headers=as_user("dc.clerk")).get_json()["nominees"]
    assert [n["id"] for n in kept] == [an["id"], binh["id"]]
