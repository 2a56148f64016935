"""The registry's pages: the list and its search, a person's page with the forms that add to
their history, the admin's duplicates page, and the dossier form's link to an entry."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import Login, create
from tests.conftest import services_of
from tests.web.conftest import login_as, screenshot
from tests.web.helpers import csrf, web_login

if TYPE_CHECKING:
    from playwright.sync_api import Page

AN = {
    "full_name": "Nguyễn Văn An",
    "date_of_birth": "1985-04-12",
    "gender": "male",
    "org_code": "HM-DC",
    "position": "Công chức Văn phòng - Thống kê",
}


def add_person(client: FlaskClient, as_user: Login, **fields: object) -> int:
    r = client.post("/api/v1/people", json=AN | fields, headers=as_user("dc.clerk"))
    assert r.status_code == 201, r.get_json()
    return int(r.get_json()["id"])


def test_the_list_finds_a_person_without_diacritics_and_pages_on(
    client: FlaskClient, as_user: Login
) -> None:
    an = add_person(client, as_user)
    add_person(client, as_user, full_name="Trần Thị Bình", date_of_birth="1990-01-02")
    web_login(client, "dc.clerk")
    html = client.get("/people?q=nguyen+van+an").get_data(as_text=True)
    assert f'href="/people/{an}"' in html
    assert "Trần Thị Bình" not in html
    nothing = client.get("/people?q=khong+co+ai").get_data(as_text=True)
    assert "Không tìm thấy cá nhân, tập thể nào có tên «khong co ai»." in nothing


def test_the_list_pages_on_past_the_first_twenty_five(client: FlaskClient, as_user: Login) -> None:
    for n in range(26):
        add_person(client, as_user, full_name=f"Lê Thị Hoa {n:02d}", date_of_birth="1990-01-02")
    web_login(client, "dc.clerk")
    first = client.get("/people?q=le+thi+hoa").get_data(as_text=True)
    assert len(re.findall(r'href="/people/[0-9]+"', first)) == 25 and "Trang sau" in first
    second = client.get("/people?q=le+thi+hoa&page=2").get_data(as_text=True)
    assert "Lê Thị Hoa 25" in second and "Lê Thị Hoa 00" not in second
    assert "Trang sau" not in second and "Trang trước" in second


def test_a_person_page_shows_the_history_and_the_identity_number_only_to_those_allowed(
    client: FlaskClient, as_user: Login
) -> None:
    an = add_person(client, as_user, identity_number="001085000123")
    entries = [
        {
            "award": "CSTDCS",
            "year": 2023,
            "decision_number": "15/QĐ-UBND",
            "decision_date": "2023-12-20",
            "issuer": "Chủ tịch UBND quận Hoàng Mai",
        },
        {"rating": "excellent", "year": 2024},
        {
            "initiative": {
                "title": "Số hoá hồ sơ một cửa",
                "scope": "district",
                "recognised_on": "2024-05-02",
            }
        },
        {"hold": {"kind": "inspection", "opened_on": "2025-02-01", "closed_on": "2025-06-01"}},
    ]
    for entry in entries:
        r = client.post(f"/api/v1/people/{an}/history", json=entry, headers=as_user("dc.clerk"))
        assert r.status_code == 201, r.get_json()
    web_login(client, "hm.approver")
    html = client.get(f"/people/{an}").get_data(as_text=True)
    assert "Số 15/QĐ-UBND ngày 20/12/2023" in html
    assert "Nhập từ trước" in html
    assert "Hoàn thành xuất sắc nhiệm vụ" in html
    assert "Số hoá hồ sơ một cửa" in html and "Cấp huyện" in html
    assert "Đã kết thúc" in html
    assert "001085000123" in html
    client.post("/logout", data={"csrf_token": csrf(client, "/people")})
    web_login(client, "hm.auditor")
    assert "001085000123" not in client.get(f"/people/{an}").get_data(as_text=True)


def test_the_duplicates_page_is_the_admins_and_a_merge_there_moves_the_history(
    client: FlaskClient, as_user: Login
) -> None:
    first = add_person(client, as_user)
    second = add_person(client, as_user, full_name="Nguyen Van An")
    web_login(client, "dc.clerk")
    assert client.get("/people/duplicates").status_code == 403
    client.post("/logout", data={"csrf_token": csrf(client, "/people")})
    web_login(client, "admin")
    html = client.get("/people/duplicates").get_data(as_text=True)
    assert f"Gộp #{second} vào #{first}" in html and "cùng ngày sinh 12/04/1985" in html
    token = csrf(client, "/people/duplicates")
    r = client.post(f"/people/{second}/merge", data={"into": str(first), "csrf_token": token})
    assert r.status_code == 302
    after = client.get("/people/duplicates").get_data(as_text=True)
    assert f"Đã gộp #{second} vào #{first}" in after
    assert f"Gộp #{second} vào #{first}" not in after
    merged = client.get(f"/people/{second}").get_data(as_text=True)
    assert "Mục này đã được gộp vào mục" in merged


def test_the_dossier_form_keeps_a_nominees_link_to_the_registry(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    an = add_person(client, as_user)
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")
    form = client.get(f"/dossiers/{dossier['id']}/edit").get_data(as_text=True)
    assert 'name="nominees-0-person_id"' in form
    suggested = client.get("/people/suggest?q=nguyen van").get_json()
    assert an in [s["id"] for s in suggested]
    assert all("identity_number" not in s for s in suggested)
    linked = client.get(f"/dossiers/{dossier['id']}/edit?link_row=0&person={an}")
    assert f'name="nominees-0-person_id" value="{an}"' in linked.get_data(as_text=True)


# In Chromium.


@pytest.fixture
def an(client: FlaskClient, as_user: Login) -> int:
    return add_person(client, as_user)


def test_searching_nguyen_van_an_finds_nguyen_van_an(page: Page, live_server: str, an: int) -> None:
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/people")
    page.get_by_label("Tìm theo họ tên hoặc tên tập thể").fill("nguyen van an")
    # The filter reloads the page: the picture waits for the new page and its stylesheets.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Lọc").click()
    screenshot(page, "people-list")
    page.locator(f'a[href="/people/{an}"]').click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Nguyễn Văn An")


def test_a_rating_added_on_the_person_page_shows_in_the_ratings(
    page: Page, live_server: str, an: int
) -> None:
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/people/{an}")
    page.get_by_text("Thêm xếp loại năm").click()
    form = page.locator("#form-rating")
    form.get_by_label("Năm").fill("2024")
    form.get_by_label("Xếp loại").select_option("good")
    form.get_by_role("button", name="Lưu xếp loại").click()
    assert page.get_by_role("status").first.inner_text() == "Đã lưu xếp loại."
    row = page.locator(".ratings-table tbody tr").first
    assert row.inner_text().split("\t") == ["2024", "Hoàn thành tốt nhiệm vụ"]


def test_a_bad_date_is_refused_in_vietnamese_and_the_form_keeps_what_was_typed(
    page: Page, live_server: str, an: int
) -> None:
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/people/{an}")
    page.get_by_text("Thêm khen thưởng đã có").click()
    form = page.locator("#form-award")
    form.get_by_label("Hình thức khen thưởng").select_option("CSTDCS")
    form.get_by_label("Năm").fill("2023")
    form.get_by_label("Số quyết định").fill("15/QĐ-UBND")
    form.get_by_label("Ngày quyết định").fill("31/02/2023")
    form.get_by_label("Cơ quan, người ký").fill("Chủ tịch UBND quận Hoàng Mai")
    form.get_by_role("button", name="Lưu khen thưởng").click()
    form = page.locator("#form-award")
    assert "ví dụ 20/12/2023" in form.locator(".field-error").inner_text()
    assert form.get_by_label("Ngày quyết định").input_value() == "31/02/2023"
    assert form.get_by_label("Số quyết định").input_value() == "15/QĐ-UBND"
    assert page.locator(".awards-table").count() == 0  # nothing was stored
    form.scroll_into_view_if_needed()
    screenshot(page, "people-award-refused")


def test_screenshots_of_the_person_page_and_the_duplicates_page(
    page: Page, live_server: str, client: FlaskClient, as_user: Login, an: int
) -> None:
    for entry in (
        {
            "award": "CSTDCS",
            "year": 2023,
            "decision_number": "15/QĐ-UBND",
            "decision_date": "2023-12-20",
            "issuer": "Chủ tịch UBND quận Hoàng Mai",
        },
        {"rating": "excellent", "year": 2023},
        {"rating": "good", "year": 2024},
        {"hold": {"kind": "discipline", "opened_on": "2026-01-05"}},
    ):
        client.post(f"/api/v1/people/{an}/history", json=entry, headers=as_user("dc.clerk"))
    add_person(client, as_user, full_name="Nguyen Van An", position="")
    login_as(page, live_server, "admin")
    page.goto(f"{live_server}/people/{an}")
    page.set_viewport_size({"width": 1280, "height": 1400})
    screenshot(page, "people-person")
    page.goto(f"{live_server}/people/duplicates")
    assert page.locator(".pair").count() >= 1
    screenshot(page, "people-duplicates")


def test_the_create_from_this_nominee_link_comes_back_to_the_dossier_form_linked(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")
    form = client.get(f"/dossiers/{dossier['id']}/edit").get_data(as_text=True)
    assert "Tạo mục mới từ người này" in form
    new = client.get(
        f"/people/new?full_name=Nguyễn Văn An&kind=individual&org_code=HM-DC"
        f"&dossier={dossier['id']}&row=0"
    ).get_data(as_text=True)
    assert 'value="Nguyễn Văn An"' in new and 'name="dossier"' in new
    typed = {
        "full_name": "Nguyễn Văn An",
        "kind": "individual",
        "org_code": "HM-DC",
        "date_of_birth": "12/04/1985",
        "gender": "male",
        "dossier": str(dossier["id"]),
        "row": "0",
        "csrf_token": csrf(client, "/people/new"),
    }
    r = client.post("/people/new", data=typed)
    assert r.status_code == 302
    assert f"/dossiers/{dossier['id']}/edit?link_row=0&person=" in r.headers["Location"]
    back = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "hàng 1 của hồ sơ đã được liên kết với mục này" in back


def test_a_suggestion_chosen_under_a_nominees_name_fills_the_rows_number(
    page: Page, live_server: str, app: Flask, client: FlaskClient, as_user: Login, an: int
) -> None:
    dossier = create(client, as_user)
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/dossiers/{dossier['id']}/edit")
    name = page.locator("#nominees-0-full_name")
    name.fill("")
    name.press_sequentially("nguyen van a")
    page.get_by_role(
        "button",
        name=f"Chọn: Nguyễn Văn An · 12/04/1985 · Công chức Văn phòng - Thống kê · HM-DC (#{an})",
    ).click()
    assert page.locator("#nominees-0-person_id").input_value() == str(an)
    assert name.input_value() == "Nguyễn Văn An"
    screenshot(page, "people-dossier-link")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu hồ sơ").click()
    with services_of(app).container.uow() as uow:
        assert uow.dossiers.get(dossier["id"]).nominees[0].person_id == an


def test_the_new_entry_form_refuses_a_bad_date_of_birth_keeping_the_input(
    page: Page, live_server: str
) -> None:
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/people/new")
    page.get_by_label("Họ và tên (hoặc tên tập thể)").fill("Đỗ Thị Mai")
    page.get_by_label("Ngày sinh").fill("1990-13-01")
    page.get_by_role("button", name="Thêm vào danh sách").click()
    assert "ngày/tháng/năm" in page.locator("#f-date_of_birth-error").inner_text()
    assert page.get_by_label("Họ và tên (hoặc tên tập thể)").input_value() == "Đỗ Thị Mai"
    screenshot(page, "people-new-refused")
