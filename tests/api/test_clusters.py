"""Emulation clusters and blocks over the API: an administrator over the running unit creates
one with its members, sets each year's head and deputy; any signed-in user reads it; bad input
is refused field by field in Vietnamese and changes nothing."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import Login

CLUSTER = {
    "code": "CUM-HN-1",
    "name": "Cụm thi đua các quận phía Nam",
    "kind": "cum",
    "scope": "province",
    "owner": "HN",
    "members": ["HM", "CG"],
    "rules": "Quy chế ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/2026",
}


def created(client: FlaskClient, as_user: Login, **changes: object) -> dict:
    r = client.post("/api/v1/clusters", json=CLUSTER | changes, headers=as_user("admin"))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_an_admin_creates_a_cluster_whose_members_everyone_signed_in_reads(
    client: FlaskClient, as_user: Login
) -> None:
    made = created(client, as_user)
    assert made["owner"] == {"code": "HN", "name": "Thành phố Hà Nội"}
    assert [m["code"] for m in made["members"]] == ["HM", "CG"]
    assert made["leadership"] == []
    read = client.get("/api/v1/clusters/CUM-HN-1", headers=as_user("dc.clerk"))
    assert read.status_code == 200 and read.get_json() == made
    listed = client.get("/api/v1/clusters", headers=as_user("hm.auditor")).get_json()["items"]
    assert [c["code"] for c in listed] == ["CUM-HN-1"]
    assert client.get("/api/v1/clusters").status_code == 401


def test_each_year_has_its_head_and_deputy_and_they_rotate(
    client: FlaskClient, as_user: Login
) -> None:
    created(client, as_user)
    url = "/api/v1/clusters/CUM-HN-1/leadership"
    for year, head, deputy in ((2026, "HM", "CG"), (2027, "CG", "HM")):
        r = client.put(
            f"{url}/{year}", json={"head": head, "deputy": deputy}, headers=as_user("admin")
        )
        assert r.status_code == 200, r.get_json()
    lead = r.get_json()["leadership"]
    assert [(x["year"], x["head"]["code"], x["deputy"]["code"]) for x in lead] == [
        (2026, "HM", "CG"),
        (2027, "CG", "HM"),
    ]
    again = client.put(f"{url}/2027", json={"head": "HM"}, headers=as_user("admin"))
    assert [(x["year"], x["deputy"]) for x in again.get_json()["leadership"]][1] == (2027, None)


def test_the_head_and_deputy_must_be_two_members(client: FlaskClient, as_user: Login) -> None:
    created(client, as_user)
    url = "/api/v1/clusters/CUM-HN-1/leadership/2026"
    outsider = client.put(url, json={"head": "HM-DC"}, headers=as_user("admin"))
    assert outsider.status_code == 422
    assert outsider.get_json()["error"]["fields"] == {"head": "không phải thành viên của cụm, khối"}
    same = client.put(url, json={"head": "HM", "deputy": "HM"}, headers=as_user("admin"))
    assert same.get_json()["error"]["fields"] == {"deputy": "trùng với đơn vị trưởng cụm, khối"}
    read = client.get("/api/v1/clusters/CUM-HN-1", headers=as_user("admin")).get_json()
    assert read["leadership"] == []


def test_a_provincial_cluster_holds_only_units_of_the_province_and_at_least_two(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.post(
        "/api/v1/clusters", json=CLUSTER | {"members": ["HM"]}, headers=as_user("admin")
    )
    assert r.status_code == 422 and r.get_json()["error"]["fields"] == {"members": "ít nhất 2"}
    unknown = client.post(
        "/api/v1/clusters", json=CLUSTER | {"members": ["HM", "NOPE"]}, headers=as_user("admin")
    )
    assert unknown.status_code == 422 and "NOPE" in unknown.get_json()["error"]["message"]
    bad = client.post(
        "/api/v1/clusters",
        json=CLUSTER | {"code": "x", "kind": "nhom", "name": " "},
        headers=as_user("admin"),
    )
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"code", "kind", "name"}
    assert client.get("/api/v1/clusters", headers=as_user("admin")).get_json()["items"] == []


def test_a_block_of_a_district_is_kept_by_an_admin_over_that_district_only(
    client: FlaskClient, as_user: Login
) -> None:
    block = CLUSTER | {
        "code": "KHOI-HM",
        "kind": "khoi",
        "owner": "HM",
        "members": ["HM-DC", "HM-TM"],
    }
    r = client.post("/api/v1/clusters", json=block, headers=as_user("hm.admin"))
    assert r.status_code == 201, r.get_json()
    outside = CLUSTER | {"code": "CUM-X", "owner": "HN"}
    assert (
        client.post("/api/v1/clusters", json=outside, headers=as_user("hm.admin")).status_code
        == 403
    )
    assert (
        client.post("/api/v1/clusters", json=CLUSTER, headers=as_user("hm.approver")).status_code
        == 403
    )
    members = client.put(
        "/api/v1/clusters/KHOI-HM/members",
        json={"members": ["HM-TM", "HM-DC", "CG-DV"]},
        headers=as_user("hm.admin"),
    )
    assert members.status_code == 422  # Dịch Vọng is not Hoàng Mai's
    again = client.post("/api/v1/clusters", json=block, headers=as_user("hm.admin"))
    assert again.status_code == 409
    for user in ("hm.approver", "dc.clerk", "hm.auditor"):
        put = client.put(
            "/api/v1/clusters/KHOI-HM/leadership/2026",
            json={"head": "HM-DC"},
            headers=as_user(user),
        )
        assert put.status_code == 403, user
    cluster = client.get("/api/v1/clusters/KHOI-HM", headers=as_user("hm.admin")).get_json()
    assert cluster["leadership"] == []


def test_a_member_leading_a_year_cannot_be_dropped_and_the_order_is_kept(
    client: FlaskClient, as_user: Login
) -> None:
    created(client, as_user, members=["HM", "CG", "HN"])
    client.put(
        "/api/v1/clusters/CUM-HN-1/leadership/2026", json={"head": "CG"}, headers=as_user("admin")
    )
    url = "/api/v1/clusters/CUM-HN-1/members"
    dropped = client.put(url, json={"members": ["HM", "HN"]}, headers=as_user("admin"))
    assert dropped.status_code == 422
    assert "năm 2026" in dropped.get_json()["error"]["message"]
    kept = client.put(url, json={"members": ["CG", "HM"]}, headers=as_user("admin"))
    assert kept.status_code == 200
    assert [m["code"] for m in kept.get_json()["members"]] == ["CG", "HM"]


def test_a_national_cluster_has_provinces_as_members(client: FlaskClient, as_user: Login) -> None:
    national = {
        "code": "CUM-TW",
        "name": "Cụm thi đua",
        "scope": "national",
        "members": ["HN", "HM"],
    }
    r = client.post("/api/v1/clusters", json=national, headers=as_user("admin"))
    assert r.status_code == 422
    assert r.get_json()["error"]["fields"] == {"members": "chỉ gồm các tỉnh, thành phố"}
