"""The statistics page and its .xlsx downloads, and the public lookup, on and off."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from service.settings import Settings
from tests.api.helpers import Login
from tests.api.test_statistics import seed_year
from tests.conftest import Logins, demo_app, services_of
from tests.web.helpers import web_login

DATE_OF_BIRTH, IDENTITY = date(1984, 2, 29), "001184012345"


def test_the_page_shows_the_years_tables_and_each_downloads_with_the_same_figures(
    client: FlaskClient, as_user: Login
) -> None:
    year, register = seed_year(client, as_user)
    web_login(client, "hn.approver")

    html = client.get(f"/thong-ke?year={year}").get_data(as_text=True)

    assert f'<strong id="awarded">{register.total()}</strong>' in html
    assert "Biểu 0603.N/BNV-TĐKT" in html and "Theo giới tính" in html
    assert '<svg class="chart"' in html
    assert "phong trào thi đua" in html  # 0601.N says why it is not made
    r = client.get(f"/thong-ke/excel?form=by_award&year={year}&org_code=HN")
    assert r.status_code == 200
    assert r.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(r.data)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    footer = next(row for row in reversed(rows) if row and row[0] == "Tổng số")
    assert footer[-1] == register.total()
    assert "THEO HÌNH THỨC KHEN THƯỞNG" in str(rows[0][0])


def test_the_page_narrows_to_one_table_and_refuses_an_unknown_one(
    client: FlaskClient, as_user: Login
) -> None:
    web_login(client, "hm.approver")
    one = client.get("/thong-ke?form=by_level").get_data(as_text=True)
    assert one.count('class="card stat-table"') == 1
    assert client.get("/thong-ke?form=nope").status_code == 422
    web_login(client, "admin")
    assert client.get("/thong-ke").status_code == 403


def test_the_public_lookup_is_not_there_by_default(client: FlaskClient) -> None:
    assert client.get("/tra-cuu").status_code == 404
    assert client.get("/tra-cuu?q=nguyen").status_code == 404
    assert client.get("/api/v1/public/awards?q=nguyen").status_code == 404


@pytest.fixture
def open_app(settings: Settings) -> Iterator[Flask]:
    yield from demo_app(replace(settings, public_lookup=True))


def _registry_entry(app: Flask, full_name: str) -> dict[str, int]:
    """A registry entry with a date of birth and an identity number, made through the API."""
    client = app.test_client()
    r = client.post(
        "/api/v1/people",
        json={
            "full_name": full_name,
            "date_of_birth": DATE_OF_BIRTH.isoformat(),
            "gender": "female",
            "ethnicity": "Tày",
            "identity_number": IDENTITY,
            "org_code": "HM-DC",
        },
        headers=Logins(client)("dc.clerk"),
    )
    assert r.status_code == 201, r.get_json()
    person_id = r.get_json()["id"]
    # Two CSTĐCS years before this one: the provincial Bằng khen's eligibility rule wants them.
    this_year = services_of(app).this_year()
    for year in (this_year - 2, this_year - 1):
        entry = {
            "award": "CSTDCS",
            "year": year,
            "decision_number": f"{year - 2000:02d}/QĐ-UBND",
            "decision_date": f"{year}-12-20",
            "issuer": "UBND quận Hoàng Mai",
        }
        done = client.post(
            f"/api/v1/people/{person_id}/history", json=entry, headers=Logins(client)("dc.clerk")
        )
        assert done.status_code == 201, done.get_json()
    return {full_name: person_id}


def test_the_open_lookup_finds_awards_by_a_name_without_its_marks_and_shows_no_private_data(
    open_app: Flask,
) -> None:
    client = open_app.test_client()
    seed_year(client, Logins(client), _registry_entry(open_app, "Nguyễn Thị Hoa"))
    anonymous = open_app.test_client()

    html = anonymous.get("/tra-cuu?q=nguyen+thi+hoa").get_data(as_text=True)

    assert "Nguyễn Thị Hoa" in html
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in html
    assert "/QĐ-" in html
    for private in (IDENTITY, "29/02/1984", "1984-02-29", "Tày"):
        assert private not in html
    api = anonymous.get("/api/v1/public/awards?q=NGUYEN%20THI%20HOA&unit=dinh%20cong").get_json()
    assert api["items"] and all(i["full_name"] == "Nguyễn Thị Hoa" for i in api["items"])
    assert not set(api["items"][0]) & {"date_of_birth", "identity_number", "person_id"}
    assert anonymous.get("/tra-cuu").status_code == 200
    short = anonymous.get("/api/v1/public/awards?q=ng")
    assert (short.status_code, list(short.get_json()["error"]["fields"])) == (422, ["q"])
    assert anonymous.get("/tra-cuu?q=ng").status_code == 422


def test_a_province_that_hides_its_awards_closes_the_lookup(open_app: Flask) -> None:
    svc = services_of(open_app)
    svc.set_org_profile("HN", {"public_lookup": False}, actor="test")
    anonymous = open_app.test_client()
    assert anonymous.get("/tra-cuu").status_code == 404
    assert anonymous.get("/api/v1/public/awards?q=nguyen").status_code == 404


def test_gender_and_ethnicity_come_from_the_registry_entry_a_nominee_is_linked_to(
    open_app: Flask,
) -> None:
    client = open_app.test_client()
    as_user = Logins(client)
    # Nguyễn Thị Hoa is a nominee of each of the four dossiers.
    year, register = seed_year(client, as_user, _registry_entry(open_app, "Nguyễn Thị Hoa"))

    r = client.get(f"/api/v1/statistics?year={year}", headers=as_user("hn.approver"))

    tables = {t["key"]: t for t in r.get_json()["tables"]}
    gender = {row["label"]: row["total"] for row in tables["by_gender"]["rows"]}
    assert gender == {"Nữ": 4, "Chưa rõ": register.total() - 4}
    ethnicity = {row["label"]: row["total"] for row in tables["by_ethnicity"]["rows"]}
    assert ethnicity["Tày"] == 4
    form = {row["code"]: row["total"] for row in tables["0603.N/BNV-TĐKT"]["rows"]}
    assert (form["05"], form["06"]) == (1, 1)  # the Bằng khen's woman, of an ethnic minority
