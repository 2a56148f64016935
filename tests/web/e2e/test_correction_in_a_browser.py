"""Correcting an issued decision in Chromium: the signer opens the correction form on the dossier
page, fills in one item and signs; the records office sees the correction waiting for its
number and issues it; the decision then reads "đã được đính chính"."""

from __future__ import annotations

from flask.testing import FlaskClient
from playwright.sync_api import Page, expect

from tests.api.helpers import Login
from tests.web.conftest import login_as, screenshot
from tests.web.test_certificate_pages import _issued


def test_the_signer_corrects_a_decision_and_the_records_office_issues_the_correction(
    page: Page, live_server: str, client: FlaskClient, as_user: Login
) -> None:
    dossier_id, decision = _issued(client, as_user)
    login_as(page, live_server, "dc.signer")
    page.goto(f"{live_server}/dossiers/{dossier_id}")
    page.get_by_text("Đính chính quyết định", exact=True).click()
    item = page.get_by_role("group", name="Nội dung 1")
    item.get_by_label("Vị trí").fill("Tại số thứ tự 2 của danh sách kèm theo")
    item.get_by_label("Đã ghi").fill("Trần Văn Đức")
    item.get_by_label("Nay sửa lại").fill("Trần Văn Đực")
    page.get_by_label("Lý do đính chính").fill("Sai chính tả họ tên")
    page.get_by_label("Căn cứ pháp lý của việc đính chính").fill(
        "Điều 93 Luật Thi đua, khen thưởng 2022"
    )
    screenshot(page, "26-correction-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Ký quyết định đính chính").click()
    expect(page.get_by_text("Đã ký quyết định đính chính; văn thư sẽ cấp số")).to_be_visible()

    page.context.clear_cookies()
    login_as(page, live_server, "dc.records")
    page.goto(f"{live_server}/dossiers/{dossier_id}")
    correction = page.locator(".correction")
    expect(correction).to_contain_text("Sai chính tả họ tên")
    with page.expect_navigation():
        correction.get_by_role("button", name="Cấp số và ban hành quyết định đính chính").click()
    expect(page.locator(".decision h2")).to_contain_text("đã được đính chính")
    expect(page.locator(".correction")).to_contain_text("02/QĐ-UBND")
    expect(page.locator(".decision")).to_contain_text(decision["number"])
    page.locator(".correction").scroll_into_view_if_needed()
    screenshot(page, "27-correction-issued")
