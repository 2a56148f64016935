"""The pages in headless Chromium: logging in and out, the inbox, search, the phone menu, keys.

Each test also leaves the screenshot of what it checked in docs/screenshots/ (see the README).
"""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Page, expect

from tests.api.helpers import Login, create
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
    # The ward's Lao động tiên tiến, appraised by the ward's officer, and the Bằng khen to send up.
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


def test_lists_the_timeline_and_the_audit_show_names_with_codes_in_small_print(
    page: Page, live_server: str, demo_dossiers: Demo
) -> None:
    login_as(page, live_server, "dc.approver")
    unit = page.locator("table.list tbody tr").first.locator("td").nth(4)
    expect(unit).to_have_text("Phường Định Công HM-DC")
    expect(unit.locator("small.tag")).to_have_text("HM-DC")
    page.goto(f"{live_server}/dossiers")
    row = page.locator("table.list tbody tr").filter(has_text=demo_dossiers.returned)
    expect(row.locator("td").nth(3)).to_have_text("Phường Định Công HM-DC")
    row.get_by_role("link", name=demo_dossiers.returned).click()
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text("Phường Định Công")
    timeline = page.locator("ol.timeline > li")
    expect(timeline.first.locator(".who")).to_have_text("Nguyễn Thị Lan dc.clerk")
    expect(timeline.filter(has_text="Trả lại").locator(".who")).to_have_text(
        "Trần Văn Bình dc.approver"
    )
    # The code is small print: smaller than the name beside it.
    name_size = timeline.first.locator(".who").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    code_size = timeline.first.locator(".who small").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert code_size < name_size

    page.context.clear_cookies()
    login_as(page, live_server, "hn.auditor")
    page.goto(f"{live_server}/audit?actor=dc.approver")
    rows = page.locator("table.list tbody tr")
    expect(rows.first.locator("td").nth(2)).to_have_text("Trần Văn Bình dc.approver")
    expect(rows.first.locator("td").nth(6)).to_have_text("Phường Định Công HM-DC")


def _nominee(name: str, position: str) -> dict:
    return {
        "full_name": name,
        "kind": "individual",
        "position": position,
        "unit": "UBND phường Định Công",
        "achievements": "Hoàn thành xuất sắc nhiệm vụ năm 2026; có sáng kiến cải cách thủ tục "
        "hành chính được áp dụng tại phường.",
    }


def _no_sideways_scroll(phone: Page) -> None:
    width = phone.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"


CARD_LAYOUT = """table => [...table.querySelectorAll('tbody tr')].slice(0, 1).map(tr => ({
    display: getComputedStyle(tr).display,
    width: tr.getBoundingClientRect().width,
    labels: [...tr.querySelectorAll('td')].filter(td => td.offsetParent !== null)
        .map(td => getComputedStyle(td, '::before').content),
    header: table.tHead.getBoundingClientRect().height,
}))[0]"""


def test_at_phone_width_the_nominees_are_cards_with_labelled_fields(
    phone: Page, live_server: str, client: FlaskClient, as_user: Login
) -> None:
    made = create(
        client,
        as_user,
        award="LDTT",
        title="Đề nghị công nhận Lao động tiên tiến năm 2026",
        nominees=[
            _nominee("Nguyễn Thị Ánh Tuyết", "Công chức Văn hóa - Xã hội"),
            _nominee("Trần Quốc Bảo", "Tổ trưởng tổ dân phố số 5"),
            _nominee("Lê Hoàng Minh Khôi", "Công chức Tư pháp - Hộ tịch"),
        ],
    )
    login_as(phone, live_server, "dc.clerk")
    phone.goto(f"{live_server}/dossiers/{made['id']}")
    table = phone.locator("table.nominee-list")
    layout = table.evaluate(CARD_LAYOUT)
    assert layout["display"] == "block"
    assert layout["header"] <= 1  # the column headers are for screen readers only
    assert '"Họ và tên / Tên tập thể"' in layout["labels"]
    assert '"Chức vụ"' in layout["labels"] and '"Thành tích"' in layout["labels"]
    assert layout["width"] <= 390
    _no_sideways_scroll(phone)
    name = table.locator("td.name").first
    box = name.bounding_box()
    assert box is not None and box["width"] > 250  # the name has the card's width, not a word's
    phone.locator("#nominees-h").evaluate("h => window.scrollTo(0, h.offsetTop - 8)")
    screenshot(phone, "12-phone-nominees")

    phone.goto(f"{live_server}/dossiers/{made['id']}/edit")
    form_table = phone.locator("table.nominees-table")
    layout = form_table.evaluate(CARD_LAYOUT)
    assert layout["display"] == "block" and layout["width"] <= 390
    assert '"Họ và tên / Tên tập thể (tối đa 200 ký tự)"' in layout["labels"]
    _no_sideways_scroll(phone)
    field = phone.locator("#nominees-0-full_name")
    field_box = field.bounding_box()
    assert field_box is not None and field_box["width"] > 250
    field.fill("")
    field.press_sequentially("A" * 170)
    counter = phone.locator("#nominees-0-full_name + .counter")
    expect(counter).to_have_text("còn 30 ký tự")
    expect(phone.get_by_text("Tối đa 500 ký tự")).to_be_visible()


def _fits_the_width(page: Page) -> None:
    width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways: {width}"


def test_the_rules_page_shows_the_rulebooks_and_todays_awards_in_vietnamese(
    page: Page, live_server: str
) -> None:
    login_as(page, live_server, "admin")
    page.goto(f"{live_server}/admin/rules")
    expect(page.get_by_role("heading", name="Bộ quy định và quy chế")).to_be_visible()
    awards = page.locator("#award-list tbody tr")
    expect(awards.filter(has_text="BK_TINH").locator("td").nth(2)).to_have_text("1,5")
    expect(awards.filter(has_text="GDVH").locator("td").nth(2)).to_have_text("Không có tiền thưởng")
    _fits_the_width(page)
    screenshot(page, "14-rules")


def test_the_admin_page_marks_a_merged_unit_and_a_long_unit_name_keeps_it_in_the_page(
    app: Flask, page: Page, live_server: str
) -> None:
    cli = app.test_cli_runner()
    front = ["org", "add", "HN-MTTQ", "--name", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội"]
    added = cli.invoke(args=[*front, "--level", "district", "--parent", "HN"])
    assert added.exit_code == 0, added.output
    merged = cli.invoke(args=["org", "merge", "CG-DV", "--into", "HM-DC", "--on", "2026-01-01"])
    assert merged.exit_code == 0, merged.output
    login_as(page, live_server, "admin")
    page.goto(f"{live_server}/admin")
    gone = page.locator(".org-tree li").filter(has_text="CG-DV").first
    expect(gone).to_contain_text("Đã sáp nhập vào HM-DC từ 01/01/2026")
    _fits_the_width(page)
    screenshot(page, "15-admin-merged")


def test_a_dossier_of_collectives_households_and_individuals_shows_each_kind(
    page: Page, live_server: str, client: FlaskClient, as_user: Login
) -> None:
    def nominee(name: str, kind: str, position: str = "") -> dict:
        return {**_nominee(name, position), "kind": kind}

    made = create(
        client,
        as_user,
        award="BK_TINH",
        title="Đề nghị tặng Bằng khen cho tập thể, hộ gia đình và cá nhân năm 2026",
        nominees=[
            nominee("Trường Tiểu học Định Công", "collective"),
            nominee("Hộ ông Trần Văn Bảy", "household"),
            nominee("Nguyễn Văn An", "individual", "Công chức Văn phòng - Thống kê"),
        ],
    )
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/dossiers/{made['id']}")
    rows = page.locator("table.nominee-list tbody tr")
    expect(rows).to_have_count(3)
    for i, kind in enumerate(("Tập thể", "Hộ gia đình", "Cá nhân")):
        expect(rows.nth(i)).to_contain_text(kind)
    page.locator("#nominees-h").evaluate("h => window.scrollTo(0, h.offsetTop - 8)")
    screenshot(page, "16-mixed-nominees")

    page.goto(f"{live_server}/dossiers/{made['id']}/edit")
    expect(page.locator("#nominees-1-kind")).to_have_value("household")
    # Every column, the remove button last, within the table's frame: nothing to scroll to.
    frame = page.locator("table.nominees-table").evaluate(
        "t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]"
    )
    assert frame[0] <= frame[1], f"the nominee rows scroll sideways: {frame}"
    _fits_the_width(page)
