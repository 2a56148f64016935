"""The pages in headless Chromium: logging in and out, the inbox, search, the phone menu, keys.

Each test also leaves the screenshot of what it checked in docs/screenshots/ (see the README).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.web.conftest import assert_styled, login_as, screenshot
from tests.web.e2e.conftest import Demo

INBOX = re.compile(r"/inbox$")
LOGIN = re.compile(r"/login$")


def test_the_stylesheet_reaches_the_browser_before_and_after_logging_in(
    page: Page, live_server: str
) -> None:
    for path, user in (("/login", None), ("/inbox", "dc.clerk")):
        if user:
            login_as(page, live_server, user)
        page.goto(f"{live_server}{path}")
        href = page.locator("link[rel=stylesheet]").first.get_attribute("href")
        css = page.request.get(f"{live_server}{href}", max_redirects=0)
        assert (css.status, css.headers.get("content-type", "")[:8]) == (200, "text/css"), href
        assert_styled(page)
    expect(page.locator(".topbar")).to_have_css("background-color", "rgb(155, 28, 28)")


def test_logging_in_with_the_form_lands_on_the_inbox(
    page: Page, live_server: str, demo_dossiers: Demo
) -> None:
    page.goto(f"{live_server}/login")
    expect(page.get_by_role("heading", name="Thi đua – Khen thưởng")).to_be_visible()
    screenshot(page, "01-login")
    page.get_by_label("Tên đăng nhập").fill("dc.approver")
    page.get_by_label("Mật khẩu").fill("demo-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(INBOX)
    expect(page.get_by_role("heading", name="Việc cần xử lý")).to_be_visible()
    expect(page.get_by_text("2 việc đang chờ bạn")).to_be_visible()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text=demo_dossiers.in_review)).to_contain_text("Bằng khen")
    screenshot(page, "02-inbox")


def test_a_wrong_password_shows_the_vietnamese_error_and_keeps_the_username(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill("dc.clerk")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page).to_have_url(LOGIN)
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("dc.clerk")
    expect(page.get_by_label("Mật khẩu")).to_have_value("")


def test_the_dossier_search_finds_a_name_typed_without_diacritics(
    page: Page, live_server: str, demo_dossiers: Demo
) -> None:
    login_as(page, live_server, "dc.clerk")
    page.get_by_role("link", name="Hồ sơ", exact=True).click()
    expect(page.get_by_role("heading", name="Hồ sơ đề nghị khen thưởng")).to_be_visible()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(5)
    screenshot(page, "03-dossiers")
    search = page.get_by_role("searchbox", name="Tìm kiếm")
    search.fill("nguyen van an")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/dossiers\?q=nguyen\+van\+an"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(demo_dossiers.in_review)
    expect(rows.first).to_contain_text("Đang xét duyệt")
    expect(search).to_have_value("nguyen van an")


def test_the_search_says_so_when_nothing_matches(page: Page, live_server: str) -> None:
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/dossiers?q=zzz")
    expect(page.get_by_text("Không có hồ sơ nào phù hợp.")).to_be_visible()


def test_logging_out_returns_to_the_login_and_the_inbox_is_closed_again(
    page: Page, live_server: str
) -> None:
    login_as(page, live_server, "dc.clerk")
    expect(page.get_by_text("(dc.clerk)")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(LOGIN)
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    page.goto(f"{live_server}/inbox")
    expect(page).to_have_url(re.compile(r"/login\?next=/inbox$"))


def test_at_phone_width_the_navigation_folds_into_a_menu_button_that_opens(
    phone: Page, live_server: str, demo_dossiers: Demo
) -> None:
    login_as(phone, live_server, "dc.clerk")
    assert_styled(phone)
    dossiers = phone.get_by_role("link", name="Hồ sơ", exact=True)
    expect(dossiers).to_be_hidden()
    menu = phone.locator("label[for=nav-toggle]")
    expect(menu).to_be_visible()
    menu.click()
    expect(dossiers).to_be_visible()
    expect(phone.get_by_role("link", name="Việc cần xử lý")).to_be_visible()
    screenshot(phone, "04-phone-menu")
    dossiers.click()
    expect(phone.get_by_role("heading", name="Hồ sơ đề nghị khen thưởng")).to_be_visible()
    expect(phone.locator("table.list tbody tr")).to_have_count(5)


def test_at_desktop_width_the_navigation_shows_without_a_menu_button(
    page: Page, live_server: str
) -> None:
    login_as(page, live_server, "dc.clerk")
    assert_styled(page)
    expect(page.get_by_role("link", name="Hồ sơ", exact=True)).to_be_visible()
    expect(page.locator("label[for=nav-toggle]")).to_be_hidden()


def test_the_login_form_can_be_filled_and_sent_with_the_keyboard_alone(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/login")
    username = page.get_by_label("Tên đăng nhập")
    expect(username).to_be_focused()  # autofocus
    page.keyboard.type("dc.approver")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mật khẩu")).to_be_focused()
    page.keyboard.type("demo-2026")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(INBOX)
    expect(page.get_by_role("heading", name="Việc cần xử lý")).to_be_visible()


def test_the_first_tab_on_a_page_offers_to_skip_to_the_content(
    page: Page, live_server: str
) -> None:
    login_as(page, live_server, "dc.clerk")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/inbox#main$"))


def test_the_error_pages_back_link_returns_to_the_page_before(page: Page, live_server: str) -> None:
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/inbox")
    response = page.goto(f"{live_server}/dossiers/99999999999999999999")
    assert response is not None and response.status == 404
    page.get_by_role("link", name="Quay lại").click()
    expect(page).to_have_url(INBOX)
