"""The registry through the API (issue 14): adding people and collectives, their history,
finding them without diacritics, who sees what, and the awards a decision writes into it."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.api.helpers import Login

PEOPLE = "/api/v1/people"


def person_body(**changes: Any) -> dict[str, Any]:
    return {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "1980-05-01",
        "gender": "male",
        "org_code": "HM-DC",
        "position": "Chuyên viên",
    } | changes


def add_person(client: FlaskClient, as_user: Login, user: str = "dc.clerk", **changes: Any) -> dict:
    r = client.post(PEOPLE, json=person_body(**changes), headers=as_user(user))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_a_clerk_adds_a_person_and_finds_them_without_diacritics(
    client: FlaskClient, as_user: Login
) -> None:
    added = add_person(client, as_user)
    assert added["id"] >= 1 and added["org_code"] == "HM-DC"
    r = client.get(f"{PEOPLE}?q=nguyen van an", headers=as_user("dc.clerk"))
    assert r.status_code == 200
    assert added["id"] in [p["id"] for p in r.get_json()["items"]]
    r = client.get(f"{PEOPLE}?q=NGUYEN VAN AN", headers=as_user("dc.clerk"))
    assert added["id"] in [p["id"] for p in r.get_json()["items"]]


def test_search_stays_within_the_callers_units(client: FlaskClient, as_user: Login) -> None:
    added = add_person(client, as_user, full_name="Phạm Thị Hoa", gender="female")
    found = client.get(f"{PEOPLE}?q=pham thi hoa", headers=as_user("tm.clerk")).get_json()
    assert added["id"] not in [p["id"] for p in found["items"]]
    found = client.get(f"{PEOPLE}?q=pham thi hoa", headers=as_user("hm.approver")).get_json()
    assert added["id"] in [p["id"] for p in found["items"]]


def test_a_person_outside_the_callers_reach_does_not_exist_for_them(
    client: FlaskClient, as_user: Login
) -> None:
    added = add_person(client, as_user)
    for user in ("tm.clerk", "cg.approver", "cg.auditor"):
        r = client.get(f"{PEOPLE}/{added['id']}", headers=as_user(user))
        assert r.status_code == 404, user
    r = client.post(
        f"{PEOPLE}/{added['id']}/history",
        json={"rating": "good", "year": 2024},
        headers=as_user("tm.clerk"),
    )
    assert r.status_code == 404
    assert client.get(f"{PEOPLE}/999999", headers=as_user("admin")).status_code == 404


def test_the_identity_number_is_shown_only_to_officers_approvers_and_admins_above(
    client: FlaskClient, as_user: Login
) -> None:
    added = add_person(client, as_user, identity_number="001080012345")
    assert added["identity_number"] is None  # the clerk who typed it may not read it back
    seen = {
        user: client.get(f"{PEOPLE}/{added['id']}", headers=as_user(user)).get_json()
        for user in ("dc.clerk", "hm.officer", "hm.approver", "admin", "hm.auditor")
    }
    assert {u: s["identity_number"] for u, s in seen.items()} == {
        "dc.clerk": None,
        "hm.officer": "001080012345",
        "hm.approver": "001080012345",
        "admin": "001080012345",
        "hm.auditor": None,
    }
    listed = client.get(f"{PEOPLE}?q=an", headers=as_user("admin")).get_json()["items"]
    assert all(p["identity_number"] is None for p in listed)


def test_a_second_entry_with_the_same_identity_number_is_a_conflict(
    client: FlaskClient, as_user: Login
) -> None:
    add_person(client, as_user, identity_number="001080012345")
    r = client.post(
        PEOPLE, json=person_body(identity_number="001080012345"), headers=as_user("dc.clerk")
    )
    assert r.status_code == 409


def test_a_bad_person_is_refused_naming_each_field_in_vietnamese(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.post(
        PEOPLE,
        json={"full_name": "Nguyễn Văn An", "org_code": "HM-DC", "date_of_birth": "01/05/1980"},
        headers=as_user("dc.clerk"),
    )
    assert r.status_code == 422
    fields = r.get_json()["error"]["fields"]
    assert set(fields) == {"date_of_birth", "gender"}
    assert "năm-tháng-ngày" in fields["date_of_birth"]
    r = client.post(PEOPLE, json=person_body(org_code="NOPE"), headers=as_user("dc.clerk"))
    assert r.status_code == 422 and "org_code" in r.get_json()["error"]["fields"]


def test_a_clerk_cannot_add_a_person_to_another_unit(client: FlaskClient, as_user: Login) -> None:
    r = client.post(PEOPLE, json=person_body(org_code="HM-TM"), headers=as_user("dc.clerk"))
    assert r.status_code == 403
    r = client.post(PEOPLE, json=person_body(), headers=as_user("hm.auditor"))
    assert r.status_code == 403


def test_each_kind_of_history_entry_is_recorded_and_shown(
    client: FlaskClient, as_user: Login
) -> None:
    person = add_person(client, as_user)
    url, headers = f"{PEOPLE}/{person['id']}/history", as_user("dc.clerk")
    entries = [
        {
            "award": "CSTDCS",
            "year": 2024,
            "decision_number": "125/QĐ-UBND",
            "decision_date": "2024-12-20",
            "issuer": "Chủ tịch UBND quận Hoàng Mai",
            "period_from": "2024-01-01",
            "period_to": "2024-12-31",
        },
        {"rating": "excellent", "year": 2024},
        {"rating": "good", "year": 2024},  # one rating a year: the later replaces it
        {
            "initiative": {
                "title": "Số hóa hồ sơ khen thưởng",
                "scope": "province",
                "recognised_on": "2024-06-01",
                "deciding_body": "Hội đồng sáng kiến thành phố",
            }
        },
        {"hold": {"kind": "discipline", "opened_on": "2025-01-02", "note": "Đang xem xét"}},
    ]
    for entry in entries:
        r = client.post(url, json=entry, headers=headers)
        assert r.status_code == 201, r.get_json()
    shown = client.get(f"{PEOPLE}/{person['id']}", headers=headers).get_json()
    assert [(a["award"], a["year"], a["source"]) for a in shown["awards"]] == [
        ("CSTDCS", 2024, "imported")
    ]
    assert shown["awards"][0]["period_to"] == "2024-12-31"
    assert shown["ratings"] == [{"year": 2024, "rating": "good"}]
    assert shown["initiatives"][0]["scope"] == "province"
    assert shown["holds"][0]["closed_on"] is None
    assert shown["postings"] == []
    audit = client.get("/api/v1/audit", headers=as_user("hm.auditor")).get_json()["items"]
    assert sum(e["action"] == "person_history_added" for e in audit) == len(entries)


def test_a_bad_history_entry_is_refused_naming_each_field(
    client: FlaskClient, as_user: Login
) -> None:
    person = add_person(client, as_user)
    url, headers = f"{PEOPLE}/{person['id']}/history", as_user("dc.clerk")
    r = client.post(url, json={"award": "NOPE", "year": 2024}, headers=headers)
    assert r.status_code == 422
    assert {"award", "decision_number", "decision_date", "issuer"} <= set(
        r.get_json()["error"]["fields"]
    )
    r = client.post(url, json={"rating": "great", "year": 2024}, headers=headers)
    assert r.status_code == 422 and "rating" in r.get_json()["error"]["fields"]
    r = client.post(
        url,
        json={"initiative": {"title": "x", "scope": "moon", "recognised_on": "2024-01-01"}},
        headers=headers,
    )
    assert r.status_code == 422 and "initiative.scope" in r.get_json()["error"]["fields"]
    r = client.post(url, json={}, headers=headers)
    assert r.status_code == 422 and "entry" in r.get_json()["error"]["fields"]
    collective = {"award": "TTLDTT", "year": 2024, "decision_number": "1", "issuer": "UBND"}
    r = client.post(url, json=collective | {"decision_date": "2024-12-01"}, headers=headers)
    assert r.status_code == 422 and "award" in r.get_json()["error"]["fields"]


def test_a_collective_lists_its_members(client: FlaskClient, as_user: Login) -> None:
    team = add_person(
        client,
        as_user,
        full_name="Văn phòng UBND phường",
        kind="collective",
        date_of_birth=None,
        gender=None,
        members_count=12,
        women_count=9,
    )
    member = add_person(client, as_user, member_of=team["id"])
    shown = client.get(f"{PEOPLE}/{team['id']}", headers=as_user("dc.clerk")).get_json()
    assert [m["id"] for m in shown["members"]] == [member["id"]]
    r = client.post(PEOPLE, json=person_body(member_of=member["id"]), headers=as_user("dc.clerk"))
    assert r.status_code == 422 and "member_of" in r.get_json()["error"]["fields"]


def test_an_edit_with_a_stale_version_is_a_conflict(client: FlaskClient, as_user: Login) -> None:
    person = add_person(client, as_user, identity_number="001080012345")
    url, headers = f"{PEOPLE}/{person['id']}", as_user("dc.clerk")
    r = client.put(url, json=person_body(position="Phó Chủ tịch", version=1), headers=headers)
    assert r.status_code == 200 and r.get_json()["version"] == 2
    r = client.put(url, json=person_body(position="Chủ tịch", version=1), headers=headers)
    assert r.status_code == 409
    kept = client.get(url, headers=as_user("admin")).get_json()
    assert kept["identity_number"] == "001080012345"  # not sent back by the clerk, kept
