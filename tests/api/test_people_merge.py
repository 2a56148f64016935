"""Duplicate registry entries through the API: proposed to an admin, merged or dismissed by one,
never merged by themselves."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from service.domain.people import (
    AwardRecord,
    Gender,
    Hold,
    HoldKind,
    Initiative,
    Person,
    Rating,
    YearRating,
)
from service.usecases.ports import UnitOfWork
from tests.api.helpers import Login, create
from tests.conftest import services_of

NOW = datetime(2026, 3, 1, tzinfo=UTC)
BORN = date(1985, 4, 12)


def add_person(app: Flask, name: str, org: str = "HM-DC", **fields: object) -> int:
    with services_of(app).container.uow() as uow:
        person = uow.people.add(Person(id=0, full_name=name, org_code=org, **fields), now=NOW)  # type: ignore[arg-type]
        uow.commit()
        return person.id


def with_history(uow: UnitOfWork, person_id: int, years: dict[int, Rating]) -> None:
    uow.people.add_award(
        person_id,
        AwardRecord("CSTDCS", 2023, "15/QĐ-UBND", date(2023, 12, 20), "UBND quận Hoàng Mai"),
        now=NOW,
    )
    for year, rating in years.items():
        uow.people.set_rating(person_id, YearRating(year, rating))
    uow.people.add_initiative(
        person_id, Initiative("Số hoá hồ sơ một cửa", "district", date(2024, 5, 2), "UBND quận")
    )
    uow.people.add_hold(person_id, Hold(HoldKind.INSPECTION, date(2025, 2, 1), date(2025, 6, 1)))


def link_nominees(app: Flask, dossier_id: int, person_id: int) -> None:
    with services_of(app).container.db.begin() as conn:
        conn.execute(
            text("UPDATE nominees SET person_id = :p WHERE dossier_id = :d").bindparams(
                p=person_id, d=dossier_id
            )
        )


def pairs(client: FlaskClient, as_user: Login, user: str = "admin") -> list[tuple[int, int]]:
    r = client.get("/api/v1/people/duplicates", headers=as_user(user))
    assert r.status_code == 200, r.get_json()
    return [(p["first"]["id"], p["second"]["id"]) for p in r.get_json()["items"]]


def test_an_admin_merges_a_proposed_pair_and_the_target_has_the_history_and_the_nominees(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    target = add_person(app, "Nguyễn Văn An", date_of_birth=BORN, gender=Gender.MALE)
    source = add_person(app, "Nguyen Van An", date_of_birth=BORN, position="Chủ tịch UBND")
    with services_of(app).container.uow() as uow:
        with_history(uow, source, {2023: Rating.EXCELLENT, 2024: Rating.GOOD})
        uow.people.set_rating(target, YearRating(2024, Rating.GOOD))
        uow.commit()
    dossier = create(client, as_user)
    link_nominees(app, dossier["id"], source)

    listed = client.get("/api/v1/people/duplicates", headers=as_user("admin")).get_json()
    pair = next(p for p in listed["items"] if p["first"]["id"] == target)
    assert pair["second"]["id"] == source
    assert pair["reasons"][1] == "cùng ngày sinh 12/04/1985"
    assert "identity_number" not in pair["first"]

    r = client.post(
        f"/api/v1/people/{source}/merge", json={"into": target}, headers=as_user("admin")
    )
    assert r.status_code == 200, r.get_json()
    done = r.get_json()
    assert done["moved"] == {
        "awards": 1,
        "ratings": 1,  # 2024 was rated the same on both: one rating
        "initiatives": 1,
        "holds": 1,
        "postings": 0,
        "nominees": 1,
        "members": 0,
    }
    assert done["source"]["merged_into"] == target
    assert done["target"]["position"] == "Chủ tịch UBND"  # the target lacked one
    assert done["filled"] == ["chức vụ"]

    with services_of(app).container.uow() as uow:
        history = uow.people.history(target)
        assert [a.decision_number for a in history.awards] == ["15/QĐ-UBND"]
        assert [(r.year, r.rating) for r in history.ratings] == [
            (2023, Rating.EXCELLENT),
            (2024, Rating.GOOD),
        ]
        assert [i.title for i in history.initiatives] == ["Số hoá hồ sơ một cửa"]
        assert len(history.holds) == 1
        assert uow.people.history(source).awards == ()
        assert uow.dossiers.get(dossier["id"]).nominees[0].person_id == target
        found = [p.id for p in uow.people.search("nguyen van an")]
        assert target in found and source not in found
    assert (target, source) not in pairs(client, as_user)
    audit = client.get("/api/v1/audit?action=person_merged", headers=as_user("hn.auditor"))
    assert any(f"#{source}" in e["comment"] for e in audit.get_json()["items"])


def test_a_non_admin_may_neither_list_nor_merge_nor_dismiss(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    a = add_person(app, "Trần Thị Bình", date_of_birth=BORN)
    b = add_person(app, "Tran Thi Binh", date_of_birth=BORN)
    for user in ("dc.clerk", "hn.approver", "hn.auditor"):
        assert client.get("/api/v1/people/duplicates", headers=as_user(user)).status_code == 403
        merge = client.post(f"/api/v1/people/{a}/merge", json={"into": b}, headers=as_user(user))
        assert merge.status_code == 403
        gone = client.post(f"/api/v1/people/{a}/distinct", json={"from": b}, headers=as_user(user))
        assert gone.status_code == 403
    assert (a, b) in pairs(client, as_user)


def test_a_dismissed_pair_is_not_proposed_again(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    a = add_person(app, "Lê Văn Cường", org="HM-TM")
    b = add_person(app, "Le Van Cuong", org="HM-TM", date_of_birth=BORN)
    assert (a, b) in pairs(client, as_user, "hm.admin")
    r = client.post(f"/api/v1/people/{b}/distinct", json={"from": a}, headers=as_user("hm.admin"))
    assert r.status_code == 200, r.get_json()
    assert r.get_json() == {"recorded": True}
    assert (a, b) not in pairs(client, as_user, "hm.admin")
    assert (a, b) not in pairs(client, as_user)
    again = client.post(f"/api/v1/people/{a}/distinct", json={"from": b}, headers=as_user("admin"))
    assert again.get_json() == {"recorded": False}


def test_a_year_rated_differently_on_both_sides_is_a_conflict_naming_the_year(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    a = add_person(app, "Phạm Minh Đức", date_of_birth=BORN)
    b = add_person(app, "Phạm Minh Đức", date_of_birth=BORN)
    with services_of(app).container.uow() as uow:
        uow.people.set_rating(a, YearRating(2024, Rating.EXCELLENT))
        uow.people.set_rating(b, YearRating(2024, Rating.COMPLETED))
        uow.commit()
    r = client.post(f"/api/v1/people/{b}/merge", json={"into": a}, headers=as_user("admin"))
    assert r.status_code == 409
    assert "năm 2024" in r.get_json()["error"]["message"]
    assert (a, b) in pairs(client, as_user)  # nothing moved


def test_an_admin_of_another_district_may_not_merge_entries_outside_it(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    a = add_person(app, "Hoàng Văn Em", org="CG-DV", date_of_birth=BORN)
    b = add_person(app, "Hoàng Văn Em", org="CG-DV", date_of_birth=BORN)
    assert (a, b) not in pairs(client, as_user, "hm.admin")
    r = client.post(f"/api/v1/people/{b}/merge", json={"into": a}, headers=as_user("hm.admin"))
    assert r.status_code == 403
    missing = client.post(
        f"/api/v1/people/{b}/merge", json={"into": 999999}, headers=as_user("admin")
    )
    assert missing.status_code == 422
    assert "into" in missing.get_json()["error"]["fields"]
