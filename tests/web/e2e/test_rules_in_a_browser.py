"""Editing a province's regulation on /admin/rules in headless Chromium.

The admin of Hà Nội fills one override row (award, dates, level, multiple, căn cứ) and saves;
then types an end before the start and is told why, with what was typed still in the form.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from playwright.sync_api import Page, expect

from tests.api.helpers import Login
from tests.web.conftest import login_as


def test_an_admin_edits_the_regulation_in_the_browser(
    page: Page, live_server: str, client: FlaskClient, as_user: Login
) -> None:
    login_as(page, live_server, "admin")
    page.goto(f"{live_server}/admin/rules")
    form = page.locator("#regulation-form")
    form.get_by_label("Tên quy chế").fill("Quy chế thi đua, khen thưởng thành phố Hà Nội")
    form.get_by_label("Hình thức khen thưởng 1").select_option("CSTDCS")
    form.get_by_label("Từ ngày 1").fill("2027-01-01")
    form.get_by_label("Cấp quyết định 1").select_option("province")
    form.get_by_label("Hệ số tiền thưởng (× mức lương cơ sở) 1").fill("2")
    form.get_by_label("Căn cứ 1").fill("Quyết định số 01/2027/QĐ-UBND, Điều 5")
    form.get_by_role("button", name="Lưu quy chế").click()

    expect(page).to_have_url(re.compile(r"/admin/rules\?org=HN#regulation$"))
    expect(page.get_by_text("Đã lưu quy chế của HN")).to_be_visible()
    expect(page.locator("#overrides")).to_contain_text("01/01/2027")
    saved = client.get("/api/v1/orgs/HN/regulation", headers=as_user("admin")).get_json()
    assert [(o["award"], o["level"], o["prize_multiple"]) for o in saved["overrides"]] == [
        ("CSTDCS", "province", 2.0)
    ]

    # An end before the start: refused, said in Vietnamese, nothing typed is lost.
    form = page.locator("#regulation-form")
    form.get_by_label("Đến ngày (để trống: không thời hạn) 1").fill("2026-06-30")
    form.get_by_role("button", name="Lưu quy chế").click()
    expect(page.locator("#regulation-error")).to_contain_text("ngày kết thúc trước ngày bắt đầu")
    form = page.locator("#regulation-form")
    expect(form.get_by_label("Đến ngày (để trống: không thời hạn) 1")).to_have_value("2026-06-30")
    expect(form.get_by_label("Căn cứ 1")).to_have_value("Quyết định số 01/2027/QĐ-UBND, Điều 5")
    expect(form.get_by_label("Hình thức khen thưởng 1")).to_have_value("CSTDCS")
    again = client.get("/api/v1/orgs/HN/regulation", headers=as_user("admin")).get_json()
    assert again["version"] == 1 and again["overrides"][0]["valid_to"] is None
