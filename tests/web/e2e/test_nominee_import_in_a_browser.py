"""Excel on the pages, in Chromium (issue 14, item 4): a nominee list imported on the dossier
page, the list's export, and people with their history imported on their own page."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from flask.testing import FlaskClient
from playwright.sync_api import Page, expect

from service.domain.nominee_sheet import COLUMNS
from service.domain.people_sheet import COLUMNS as PEOPLE_COLUMNS
from tests.api.helpers import Login, create
from tests.web.conftest import login_as


def write_sheet(path: Path, *rows: list[object]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append([c.header for c in COLUMNS])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_a_sheet_with_a_bad_row_shows_the_row_and_column_and_a_good_one_imports(
    page: Page, live_server: str, client: FlaskClient, as_user: Login, tmp_path: Path
) -> None:
    dossier = create(client, as_user)
    good = [1, "Trần Thị Bình", "cá nhân", "Công chức Tư pháp", "UBND phường Định Công"]
    bad = [2, "Phạm Văn Dũng", "ông", "Cán bộ", "UBND phường Định Công"]
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/dossiers/{dossier['id']}")
    template = page.get_by_role("link", name="Tải tệp mẫu danh sách (.xlsx)")
    with page.expect_download() as download:
        template.click()
    assert download.value.suggested_filename == "Mẫu danh sách đề nghị.xlsx"

    page.locator("#import-file").set_input_files(str(write_sheet(tmp_path / "a.xlsx", good, bad)))
    page.get_by_role("button", name="Nhập danh sách").click()
    expect(page.locator("#import-error")).to_contain_text("Không nhập dòng nào")
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("3")
    expect(errors.first).to_contain_text("Loại (cá nhân/tập thể/hộ gia đình)")
    expect(errors.first).to_contain_text("«ông» không phải loại đối tượng")
    expect(page.locator("table.nominee-list tbody tr")).to_have_count(1)

    page.locator("#import-file").set_input_files(str(write_sheet(tmp_path / "b.xlsx", good)))
    page.get_by_role("button", name="Nhập danh sách").click()
    expect(page.get_by_text("Đã nhập 1 đối tượng từ tệp Excel.")).to_be_visible()
    expect(page.locator("table.nominee-list tbody tr")).to_have_count(2)
    expect(page.locator("table.nominee-list")).to_contain_text("Trần Thị Bình")
    page.goto(f"{live_server}/dossiers/{dossier['id']}/edit")
    expect(page.get_by_role("link", name="Tải tệp mẫu danh sách (.xlsx)")).to_be_visible()


def test_the_dossier_list_offers_its_export_with_the_filters_applied(
    page: Page, live_server: str, client: FlaskClient, as_user: Login
) -> None:
    create(client, as_user)
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/dossiers?q=nguyen")
    link = page.get_by_role("link", name="Xuất Excel danh sách này")
    expect(link).to_have_attribute("href", "/dossiers/export.xlsx?q=nguyen")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Danh sách hồ sơ.xlsx"


def test_the_people_import_page_names_a_bad_row_and_imports_a_good_sheet(
    page: Page, live_server: str, tmp_path: Path
) -> None:
    person = {"full_name": "Đỗ Thị Hoa", "date_of_birth": "12/03/1985", "gender": "Nữ"}
    person |= {"org_code": "HM-DC", "entry": "xếp loại", "year": 2024, "rating": "tốt"}

    def people_sheet(path: Path, *rows: dict[str, object]) -> Path:
        book = openpyxl.Workbook()
        ws = book.active
        assert ws is not None
        ws.append([c.header for c in PEOPLE_COLUMNS])
        for row in rows:
            ws.append([row.get(c.key) for c in PEOPLE_COLUMNS])
        book.save(path)
        return path

    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/dossiers")
    page.get_by_role("link", name="Nhập quá trình khen thưởng từ Excel").click()
    bad = person | {"rating": "giỏi"}
    page.locator("#import-file").set_input_files(str(people_sheet(tmp_path / "a.xlsx", bad)))
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.locator("#import-error")).to_contain_text("Không nhập dòng nào")
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("Xếp loại")

    page.locator("#import-file").set_input_files(str(people_sheet(tmp_path / "b.xlsx", person)))
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.get_by_text("Đã nhập 1 dòng từ tệp Excel.")).to_be_visible()
