"""The registry through the API (issue 14): adding people and collectives, their history,
finding them without diacritics, who sees what, and the awards a decision writes into it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask.testing import FlaskClient

from tests.api.helpers import (
    Login,
    act,
    approve_at,
    complete,
    dossier_body,
    issue,
    nominee_ids,
    submit,
    tasks_of,
    vote,
)
from tests.conftest import services_of

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


def _dossier_with(client: FlaskClient, as_user: Login, **nominee: Any) -> Any:
    body = dossier_body(award="CSTDCS")
    body["nominees"][0] |= nominee
    return client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))


def test_a_nominee_links_to_a_registry_entry_and_an_edit_keeps_the_link(
    client: FlaskClient, as_user: Login
) -> None:
    person = add_person(client, as_user)
    r = _dossier_with(client, as_user, person_id=person["id"])
    assert r.status_code == 201, r.get_json()
    dossier = r.get_json()
    assert dossier["nominees"][0]["person_id"] == person["id"]
    shown = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user("dc.clerk")).get_json()
    assert shown["nominees"][0]["person_id"] == person["id"]
    # An edit repeating the nominee without its link (a form that does not show it) keeps it.
    edit = dossier_body(award="CSTDCS", version=shown["version"])
    edit["nominees"][0]["id"] = shown["nominees"][0]["id"]
    r = client.put(f"/api/v1/dossiers/{dossier['id']}", json=edit, headers=as_user("dc.clerk"))
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["nominees"][0]["person_id"] == person["id"]


def test_a_nominee_may_not_name_an_entry_that_is_unknown_unreachable_merged_or_of_another_kind(
    client: FlaskClient, as_user: Login
) -> None:
    team = add_person(
        client,
        as_user,
        full_name="Văn phòng UBND phường",
        kind="collective",
        date_of_birth=None,
        gender=None,
    )
    elsewhere = add_person(client, as_user, user="tm.clerk", org_code="HM-TM")
    an, twin = add_person(client, as_user), add_person(client, as_user)
    with services_of(client.application).container.uow() as uow:  # as an admin's merge would
        stored = uow.people.get(twin["id"])
        assert stored is not None
        uow.people.update(replace(stored, merged_into=an["id"]))
        uow.commit()
    for person_id in (999999, elsewhere["id"], team["id"], twin["id"]):
        r = _dossier_with(client, as_user, person_id=person_id)
        assert r.status_code == 422, person_id
        assert "nominees[0].person_id" in r.get_json()["error"]["fields"]


def test_issuing_a_decision_writes_the_award_into_each_approved_linked_nominees_history(
    client: FlaskClient, as_user: Login
) -> None:
    an = add_person(client, as_user)
    binh = add_person(client, as_user, full_name="Trần Thị Bình", gender="female")
    # Both rated excellent the year before, as CSTĐCS asks (its eligibility rule blocks else).
    for entry in (an, binh):
        rated = {"rating": "excellent", "year": 2025}
        r = client.post(f"{PEOPLE}/{entry['id']}/history", json=rated, headers=as_user("dc.clerk"))
        assert r.status_code in (200, 201), r.get_json()
    body = dossier_body(award="CSTDCS")
    first = body["nominees"][0]
    body["nominees"] = [
        first | {"person_id": an["id"]},
        first | {"full_name": "Trần Thị Bình", "person_id": binh["id"]},
        first | {"full_name": "Lê Văn Cường"},  # not in the registry: nothing to write
    ]
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 201, r.get_json()
    dossier = r.get_json()
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    ids = nominee_ids(client, as_user, "hm.officer", dossier["id"])
    items = [{"nominee_id": i, "eligible": i != ids[1], "note": "Chưa đủ điều kiện"} for i in ids]
    r = complete(
        client, as_user, "hm.officer", dossier["id"], {"action": "approve", "appraisal": items}
    )
    assert r.status_code == 200, r.get_json()
    if tasks_of(client, as_user, "hm.secretary", dossier["id"]):
        vote(client, as_user, "hm.secretary", dossier["id"])
    act(client, as_user, "hm.approver", dossier["id"], "approve")
    # The approval only drafts the decision; the award enters the history when it is issued.
    drafted = client.get(f"{PEOPLE}/{an['id']}", headers=as_user("dc.clerk")).get_json()
    assert drafted["awards"] == []
    decision = issue(client, as_user, dossier["id"])

    awarded = client.get(f"{PEOPLE}/{an['id']}", headers=as_user("dc.clerk")).get_json()
    assert awarded["awards"] == [
        {
            "id": awarded["awards"][0]["id"],
            "award": "CSTDCS",
            "year": 2026,
            "decision_number": decision["number"],
            "decision_date": decision["issued_on"],
            "issuer": decision["issuer"],
            "period_from": "2026-01-01",
            "period_to": "2026-12-31",
            "source": "issued",
            "basis": "regular",
            "revoked": False,
        }
    ]
    not_eligible = client.get(f"{PEOPLE}/{binh['id']}", headers=as_user("dc.clerk")).get_json()
    assert not_eligible["awards"] == []
