"""The same person twice, through the API and the dossier page, on both databases."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import Login, act, create, dossier_body, submit
from tests.web.helpers import csrf, web_login


def nominee(name: str, unit: str = "UBND phường Định Công") -> dict[str, Any]:
    return {"full_name": name, "kind": "individual", "position": "Công chức", "unit": unit}


def test_the_same_person_twice_in_one_dossier_is_a_422_naming_both_rows(
    client: FlaskClient, as_user: Login
) -> None:
    body = dossier_body(nominees=[nominee("Nguyễn Văn An"), nominee("NGUYỄN  văn An")])
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 422
    error = r.get_json()["error"]
    assert "hàng 1 và hàng 2 cùng là «Nguyễn Văn An»" in error["message"]
    assert error["fields"] == {"nominees[1].full_name": "Trùng với hàng 1."}
    listed = client.get("/api/v1/dossiers", headers=as_user("dc.clerk")).get_json()["items"]
    assert listed == []


def test_an_edit_repeating_a_person_is_refused(client: FlaskClient, as_user: Login) -> None:
    d = create(client, as_user)
    body = dossier_body(nominees=[nominee("Nguyễn Văn An"), nominee("nguyễn văn an", unit="")])
    r = client.put(f"/api/v1/dossiers/{d['id']}", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 422
    assert "nominees[1].full_name" in r.get_json()["error"]["fields"]


def test_the_same_person_in_another_open_dossier_is_a_warning_in_the_answer(
    client: FlaskClient, as_user: Login
) -> None:
    first = create(client, as_user)
    assert first["warnings"] == []
    second = create(client, as_user, nominees=[nominee("Trần Thị Bình"), nominee("nguyễn văn an")])
    [warning] = second["warnings"]
    assert warning == {
        "code": "duplicate_nominee",
        "message": warning["message"],
        "row": 2,
        "dossier_id": first["id"],
        "dossier_code": first["code"],
    }
    assert warning["message"].startswith("«nguyễn văn an» (hàng 2) cũng đang được đề nghị")
    assert first["code"] in warning["message"]

    submit(client, as_user, first["id"])

    def seen_by(reader: str) -> list[tuple[int, int | None]]:
        got = client.get(f"/api/v1/dossiers/{first['id']}", headers=as_user(reader)).get_json()
        return [(w["row"], w["dossier_id"]) for w in got["warnings"]]

    for reader in ("dc.clerk", "dc.approver", "hn.auditor"):
        assert seen_by(reader) == [(1, second["id"])], reader
    # The second dossier is still a draft, which stays at home: the district is warned, but
    # told only the unit, until the draft is submitted.
    assert seen_by("hm.approver") == [(1, None)]
    submit(client, as_user, second["id"])
    assert seen_by("hm.approver") == [(1, second["id"])]
    listed = client.get("/api/v1/dossiers", headers=as_user("dc.clerk")).get_json()["items"]
    assert all(item["warnings"] is None for item in listed)  # computed for one dossier only


def test_a_rejected_dossier_or_another_year_raises_no_warning(
    client: FlaskClient, as_user: Login
) -> None:
    rejected = create(client, as_user)
    submit(client, as_user, rejected["id"])
    act(client, as_user, "dc.approver", rejected["id"], "reject", "Không đủ tiêu chuẩn")
    create(client, as_user, year=2025)
    create(client, as_user, award="LDTT")
    d = create(client, as_user)
    assert d["warnings"] == []


def test_a_clerk_of_another_ward_is_warned_without_the_other_dossier_s_code(
    client: FlaskClient, as_user: Login
) -> None:
    ours = create(client, as_user)
    theirs = create(client, as_user, clerk="tm.clerk", nominees=[nominee("Nguyễn Văn An", "")])
    [for_them] = theirs["warnings"]
    assert (for_them["dossier_id"], for_them["dossier_code"]) == (None, None)
    assert ours["code"] not in for_them["message"]
    assert "một hồ sơ khác của" in for_them["message"]
    # The district sees both once they have left their wards (drafts stay at home).
    submit(client, as_user, ours["id"])
    submit(client, as_user, theirs["id"], clerk="tm.clerk")
    got = client.get(f"/api/v1/dossiers/{theirs['id']}", headers=as_user("hm.approver"))
    assert [w["dossier_code"] for w in got.get_json()["warnings"]] == [ours["code"]]


def test_the_dossier_page_shows_the_warning_to_the_clerk_and_the_approvers(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    first = create(client, as_user)
    second = create(client, as_user)
    submit(client, as_user, first["id"])  # drafts stay at home: the district sees both once sent
    submit(client, as_user, second["id"])
    for reader in ("dc.clerk", "dc.approver", "hm.approver"):
        browser = app.test_client()
        web_login(browser, reader)
        html = browser.get(f"/dossiers/{second['id']}").get_data(as_text=True)
        assert "Cần kiểm tra: đối tượng trùng với hồ sơ khác" in html, reader
        assert "«Nguyễn Văn An» (hàng 1) cũng đang được đề nghị" in html, reader
        assert f'href="/dossiers/{first["id"]}">Mở hồ sơ {first["code"]}</a>' in html, reader


def test_the_dossier_form_marks_the_repeated_row_and_names_both(client: FlaskClient) -> None:
    web_login(client, "dc.clerk")
    data = {
        "csrf_token": csrf(client, "/dossiers/new"),
        "title": "Đề nghị Lao động tiên tiến 2026",
        "year": "2026",
        "award": "LDTT",
    }
    for i, name in enumerate(["Nguyễn Văn An", "Trần Thị Bình", "nguyễn văn  an"]):
        data |= {f"nominees-{i}-full_name": name, f"nominees-{i}-kind": "individual"}
    r = client.post("/dossiers/new", data=data)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "hàng 1 và hàng 3 cùng là «Nguyễn Văn An»" in html
    assert '<p class="field-error" id="nominees-2-full_name-error">Trùng với hàng 1.</p>' in html
