"""Eligibility through the API, on both databases: each nominee of a dossier is checked against
the rules of its award from their registry history, a blocking failure stops submission with its
reason, and a province that lets the rule warn lets the dossier through with the warning.

Most tests write the registry entries, their history and the nominee's link through the
registry's repository (quick and exact); the last goes through the people API and the dossier
body's ``person_id`` as a clerk would.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from service.domain.people import AwardRecord, Gender, Hold, HoldKind, Initiative, Person
from service.usecases.ports import utcnow
from tests.api.helpers import create, file_parts, submit
from tests.conftest import Logins, services_of

REGULATION = "/api/v1/orgs/HN/regulation"


def registered(
    app: Flask, name: str, cstdcs: tuple[int, ...], scope: str = "province", **more: object
) -> int:
    """A registry entry with CSTĐCS for ``cstdcs`` and an initiative at ``scope`` in 2024."""
    with services_of(app).container.uow() as uow:
        gender = more.get("gender", Gender.FEMALE)
        assert isinstance(gender, Gender)
        person = uow.people.add(Person(0, name, org_code="HM-DC", gender=gender), now=utcnow())
        assert person.id is not None
        for year in cstdcs:
            record = AwardRecord("CSTDCS", year, f"{year}/QĐ-UBND", date(year, 12, 20), "UBND")
            uow.people.add_award(person.id, record, now=utcnow())
        uow.people.add_initiative(person.id, Initiative("Số hóa hồ sơ", scope, date(2024, 5, 2)))
        if (hold := more.get("hold")) is not None:
            assert isinstance(hold, Hold)
            uow.people.add_hold(person.id, hold)
        uow.commit()
        return person.id


def linked(app: Flask, dossier_id: int, *person_ids: int) -> None:
    """Link the dossier's nominees, in order, to ``person_ids`` (one id: every nominee)."""
    with services_of(app).container.uow() as uow:
        dossier = uow.dossiers.get(dossier_id)
        ids = person_ids * len(dossier.nominees) if len(person_ids) == 1 else person_ids
        dossier.nominees = [
            replace(n, person_id=i) for n, i in zip(dossier.nominees, ids, strict=True)
        ]
        uow.dossiers.save(dossier, utcnow())
        uow.commit()


def nominated(app: Flask, client: FlaskClient, as_user: Logins, person_id: int) -> dict:
    dossier = create(client, as_user, award="CSTD_TINH", year=2026)
    linked(app, dossier["id"], person_id)
    return dossier


def eligibility_of(client: FlaskClient, as_user: Logins, dossier_id: int) -> dict:
    r = client.get(f"/api/v1/dossiers/{dossier_id}", headers=as_user("dc.clerk"))
    assert r.status_code == 200, r.get_json()
    found: dict = r.get_json()["nominees"][0]["eligibility"]
    return found


def test_three_cstdcs_and_a_provincial_initiative_are_ok_for_cstd_tinh(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    person = registered(app, "Trần Thị Lan", (2023, 2024, 2025))
    dossier = nominated(app, client, as_user, person)
    found = eligibility_of(client, as_user, dossier["id"])
    assert found["status"] == "ok", found
    assert "Đủ 03 năm liên tục đạt CSTĐCS: 2023, 2024, 2025." in found["reasons"]
    submit(client, as_user, dossier["id"])


def test_a_gap_fails_naming_the_missing_year_and_stops_submission(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    person = registered(app, "Lê Thị Mai", (2023, 2025))
    dossier = nominated(app, client, as_user, person)
    found = eligibility_of(client, as_user, dossier["id"])
    assert found["status"] == "fail"
    assert "Chưa đủ 03 năm liên tục đạt CSTĐCS: có 2023, 2025; thiếu 2024." in found["reasons"]

    file_parts(client, as_user, dossier["id"])
    r = client.post(f"/api/v1/dossiers/{dossier['id']}/submit", headers=as_user("dc.clerk"))
    assert r.status_code == 422, r.get_json()
    error = r.get_json()["error"]
    assert error["code"] == "ineligible_nominee"
    assert "Nguyễn Văn An" in error["message"] and "thiếu 2024" in error["message"]
    assert "thiếu 2024" in error["fields"]["nominees[0]"]
    still = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user("dc.clerk"))
    assert still.get_json()["status"] == "draft"


def test_a_province_that_lets_the_rule_warn_lets_the_dossier_through_with_the_warning(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    admin = as_user("admin")
    choice = {"name": "Quy chế thi đua", "eligibility": {"cstd_tinh_03_cstdcs": "warn"}}
    r = client.put(REGULATION, json=choice, headers=admin)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["eligibility"] == {"cstd_tinh_03_cstdcs": "warn"}
    person = registered(app, "Phạm Thị Hòa", (2023, 2025))
    dossier = nominated(app, client, as_user, person)
    found = eligibility_of(client, as_user, dossier["id"])
    assert found["status"] == "warn" and any("thiếu 2024" in x for x in found["reasons"])
    assert submit(client, as_user, dossier["id"])["status"] == "in_review"


def test_a_province_choice_must_name_a_rule_of_its_rulebook_and_block_or_warn(
    client: FlaskClient, as_user: Logins
) -> None:
    admin = as_user("admin")
    for choice, field in (
        ({"no_such_rule": "warn"}, "eligibility.no_such_rule"),
        ({"cstd_tinh_03_cstdcs": "maybe"}, "eligibility.cstd_tinh_03_cstdcs"),
    ):
        r = client.put(REGULATION, json={"name": "Quy chế", "eligibility": choice}, headers=admin)
        assert r.status_code == 422, r.get_json()
        assert field in str(r.get_json()["error"]), r.get_json()


def test_an_open_discipline_hold_fails_and_an_unlinked_nominee_only_warns(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    hold = Hold(HoldKind.DISCIPLINE, date(2026, 1, 10))
    person = registered(app, "Đỗ Văn Tâm", (2023, 2024, 2025), hold=hold)
    held = nominated(app, client, as_user, person)
    found = eligibility_of(client, as_user, held["id"])
    assert found["status"] == "fail"
    assert any("đang xem xét kỷ luật từ 10/01/2026" in x for x in found["reasons"])

    unlinked = create(client, as_user, award="CSTD_TINH", year=2026)
    found = eligibility_of(client, as_user, unlinked["id"])
    assert found["status"] == "warn" and "chưa được liên kết" in found["reasons"][0]


def test_through_the_people_api_and_the_dossier_body_the_gap_year_is_named(
    client: FlaskClient, as_user: Logins
) -> None:
    clerk = as_user("dc.clerk")
    person = {"full_name": "Vũ Thị Hạnh", "date_of_birth": "1985-03-04", "gender": "female"}
    r = client.post("/api/v1/people", json={**person, "org_code": "HM-DC"}, headers=clerk)
    assert r.status_code == 201, r.get_json()
    history = f"/api/v1/people/{r.get_json()['id']}/history"
    entries = [
        *(
            {
                "award": "CSTDCS",
                "year": y,
                "decision_number": f"{y}/QĐ-UBND",
                "decision_date": f"{y}-12-20",
                "issuer": "UBND quận Hoàng Mai",
            }
            for y in (2023, 2025)
        ),
        {
            "initiative": {
                "title": "Số hóa hồ sơ",
                "scope": "province",
                "recognised_on": "2024-05-02",
            }
        },
    ]
    for entry in entries:
        done = client.post(history, json=entry, headers=clerk)
        assert done.status_code in (200, 201), done.get_json()
    nominee = {"full_name": "Vũ Thị Hạnh", "kind": "individual", "person_id": r.get_json()["id"]}
    dossier = create(client, as_user, award="CSTD_TINH", year=2026, nominees=[nominee])
    found = eligibility_of(client, as_user, dossier["id"])
    assert found["status"] == "fail"
    assert "Chưa đủ 03 năm liên tục đạt CSTĐCS: có 2023, 2025; thiếu 2024." in found["reasons"]
