"""Administration through the API: org units and users, within the admin's subtree, audited."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import Login, dossier_body


def test_an_admin_adds_a_ward_and_a_clerk_who_can_then_work(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.post(
        "/api/v1/orgs",
        json={"code": "HM-YS", "name": "Phường Yên Sở", "level": "ward", "parent": "HM"},
        headers=as_user("hm.admin"),
    )
    assert r.status_code == 201, r.get_json()
    assert r.get_json() == {
        "code": "HM-YS",
        "name": "Phường Yên Sở",
        "level": "ward",
        "parent": "HM",
        "active": True,
        # A unit added without a type is a People's Committee, and merged into nothing.
        "type": "people_committee",
        "type_name": "Ủy ban nhân dân",
        "merged_into": None,
        "merged_on": None,
        "rulebook": None,  # a ward follows its province root's
    }
    user = client.post(
        "/api/v1/users",
        json={
            "username": "ys.clerk",
            "password": "mật-khẩu-2026",
            "full_name": "Đào Thị Yến",
            "grants": [{"org": "HM-YS", "role": "clerk"}],
        },
        headers=as_user("hm.admin"),
    )
    assert user.status_code == 201, user.get_json()
    assert user.get_json()["grants"] == [{"org": "HM-YS", "role": "clerk"}]
    token = client.post(
        "/api/v1/auth/token", json={"username": "ys.clerk", "password": "mật-khẩu-2026"}
    )
    headers = {"Authorization": f"Bearer {token.get_json()['access_token']}"}
    made = client.post("/api/v1/dossiers", json=dossier_body(), headers=headers)
    assert made.status_code == 201
    assert made.get_json()["code"].startswith("HM-YS-")
    orgs = client.get("/api/v1/orgs", headers=headers).get_json()["items"]
    assert {
        "code": "HM-YS",
        "name": "Phường Yên Sở",
        "level": "ward",
        "parent": "HM",
        "active": True,
        "type": "people_committee",
        "type_name": "Ủy ban nhân dân",
        "merged_into": None,
        "merged_on": None,
        "rulebook": None,
    } in orgs


def test_an_admin_cannot_reach_outside_their_subtree(client: FlaskClient, as_user: Login) -> None:
    outside = client.post(
        "/api/v1/orgs",
        json={"code": "CG-NT", "name": "Phường Nghĩa Tân", "level": "ward", "parent": "CG"},
        headers=as_user("hm.admin"),
    )
    assert outside.status_code == 403
    for path, payload in [
        ("/api/v1/users/dv.clerk/password", {"password": "12345678x"}),
        ("/api/v1/users/hn.approver/password", {"password": "12345678x"}),
    ]:
        assert client.post(path, json=payload, headers=as_user("hm.admin")).status_code == 403
    grant_outside = client.put(
        "/api/v1/users/tm.clerk/grants",
        json={"grants": [{"org": "CG", "role": "approver"}]},
        headers=as_user("hm.admin"),
    )
    assert grant_outside.status_code == 403
    listed = client.get("/api/v1/users", headers=as_user("hm.admin")).get_json()["items"]
    names = {u["username"] for u in listed}
    assert {"dc.clerk", "tm.clerk", "hm.approver"} <= names
    assert not names & {"dv.clerk", "cg.approver", "hn.approver"}


def test_changing_roles_takes_effect_on_the_next_request(
    client: FlaskClient, as_user: Login
) -> None:
    headers = as_user("tm.clerk")
    assert client.post("/api/v1/dossiers", json=dossier_body(), headers=headers).status_code == 201
    r = client.put(
        "/api/v1/users/tm.clerk/grants",
        json={"grants": [{"org": "HM-TM", "role": "auditor"}]},
        headers=as_user("admin"),
    )
    assert r.status_code == 200
    assert r.get_json()["grants"] == [{"org": "HM-TM", "role": "auditor"}]
    assert client.post("/api/v1/dossiers", json=dossier_body(), headers=headers).status_code == 403


def test_a_deactivated_unit_takes_no_new_dossiers(client: FlaskClient, as_user: Login) -> None:
    r = client.post("/api/v1/orgs/HM-TM/deactivate", headers=as_user("hm.admin"))
    assert r.status_code == 204
    refused = client.post("/api/v1/dossiers", json=dossier_body(), headers=as_user("tm.clerk"))
    assert refused.status_code == 409
    assert "ngừng hoạt động" in refused.get_json()["error"]["message"]


def test_bad_admin_input_gets_field_errors(client: FlaskClient, as_user: Login) -> None:
    r = client.post(
        "/api/v1/users",
        json={"username": "Có Dấu", "password": "123", "grants": [{"org": "HM", "role": "clerk"}]},
        headers=as_user("admin"),
    )
    assert r.status_code == 422
    assert {"username", "password"} <= set(r.get_json()["error"]["fields"])
    dup = client.post(
        "/api/v1/users",
        json={
            "username": "dc.clerk",
            "password": "12345678x",
            "grants": [{"org": "HM-DC", "role": "clerk"}],
        },
        headers=as_user("admin"),
    )
    assert dup.status_code == 409
    bad_level = client.post(
        "/api/v1/orgs",
        json={"code": "X1", "name": "X", "level": "district", "parent": "HM-DC"},
        headers=as_user("admin"),
    )
    assert bad_level.status_code == 422


def test_every_admin_change_is_in_the_audit_trail(client: FlaskClient, as_user: Login) -> None:
    client.post(
        "/api/v1/orgs",
        json={"code": "HM-YS", "name": "Phường Yên Sở", "level": "ward", "parent": "HM"},
        headers=as_user("admin"),
    )
    client.post(
        "/api/v1/users",
        json={
            "username": "ys.clerk",
            "password": "12345678x",
            "grants": [{"org": "HM-YS", "role": "clerk"}],
        },
        headers=as_user("admin"),
    )
    client.put(
        "/api/v1/users/ys.clerk/grants",
        json={"grants": [{"org": "HM-YS", "role": "approver"}]},
        headers=as_user("admin"),
    )
    client.post(
        "/api/v1/users/ys.clerk/password", json={"password": "87654321x"}, headers=as_user("admin")
    )
    client.post("/api/v1/users/ys.clerk/deactivate", headers=as_user("admin"))
    client.post("/api/v1/orgs/HM-YS/deactivate", headers=as_user("admin"))
    events = client.get("/api/v1/audit?actor=admin", headers=as_user("hn.auditor")).get_json()
    actions = [e["action"] for e in events["items"]]
    assert actions == [
        "org_added",
        "user_added",
        "user_roles_changed",
        "password_reset",
        "user_deactivated",
        "org_deactivated",
    ]


def test_roles_can_be_changed_keeping_some_and_repeating_none(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.put(
        "/api/v1/users/tm.clerk/grants",
        json={
            "grants": [
                {"org": "HM-TM", "role": "clerk"},
                {"org": "HM-TM", "role": "auditor"},
                {"org": "HM-TM", "role": "auditor"},
            ]
        },
        headers=as_user("admin"),
    )
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["grants"] == [
        {"org": "HM-TM", "role": "clerk"},
        {"org": "HM-TM", "role": "auditor"},
    ]


def test_a_new_user_given_the_same_role_twice_holds_it_once(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.post(
        "/api/v1/users",
        json={
            "username": "tm.clerk2",
            "password": "mật-khẩu-2026",
            "grants": [{"org": "HM-TM", "role": "clerk"}, {"org": "HM-TM", "role": "clerk"}],
        },
        headers=as_user("admin"),
    )
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["grants"] == [{"org": "HM-TM", "role": "clerk"}]


def test_an_admin_cannot_lock_themselves_out_but_may_demote_an_admin_below(
    client: FlaskClient, as_user: Login
) -> None:
    own = client.post("/api/v1/users/admin/deactivate", headers=as_user("admin"))
    assert own.status_code == 409
    assert own.get_json()["error"]["code"] == "admin_lockout"
    assert "tự khóa tài khoản của chính mình" in own.get_json()["error"]["message"]
    demoted = client.put(
        "/api/v1/users/hm.admin/grants",
        json={"grants": [{"org": "HM", "role": "auditor"}]},
        headers=as_user("hm.admin"),
    )
    assert demoted.status_code == 409
    assert "tự bỏ quyền quản trị của mình tại HM" in demoted.get_json()["error"]["message"]
    assert client.get("/api/v1/users", headers=as_user("hm.admin")).status_code == 200

    # The city's admin still administers HM from above, so they may.
    by_city = client.put(
        "/api/v1/users/hm.admin/grants",
        json={"grants": [{"org": "HM", "role": "auditor"}]},
        headers=as_user("admin"),
    )
    assert by_city.status_code == 200, by_city.get_json()
    assert (
        client.post("/api/v1/users/hm.admin/deactivate", headers=as_user("admin")).status_code
        == 204
    )


def test_the_signer_and_records_roles_are_granted_like_the_others_and_read_the_units_dossiers(
    client: FlaskClient, as_user: Login
) -> None:
    grants = [{"org": "HN", "role": "signer"}, {"org": "HN", "role": "records"}]
    r = client.put(
        "/api/v1/users/hn.auditor/grants", json={"grants": grants}, headers=as_user("admin")
    )
    assert r.status_code == 200, r.get_json()
    assert sorted(g["role"] for g in r.get_json()["grants"]) == ["records", "signer"]
    # They may read the dossiers that reached their unit, but prepare none.
    signer = as_user("hn.auditor")
    assert client.get("/api/v1/dossiers", headers=signer).status_code == 200
    assert client.post("/api/v1/dossiers", json=dossier_body(), headers=signer).status_code == 403
