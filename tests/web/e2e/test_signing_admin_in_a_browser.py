"""The signers and certificate-layout page in a real browser: it renders styled under the
Content-Security-Policy, and the preview opens the layout's PDF."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.conftest import login_as, screenshot


def test_the_admin_sees_the_units_signers_and_its_layout_and_previews_it(
    page: Page, live_server: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 1400})
    login_as(page, live_server, "admin")
    page.goto(f"{live_server}/admin/signing?org=HM")

    expect(page.get_by_role("heading", name="Người ký quyết định")).to_be_visible()
    expect(page.get_by_role("cell", name="KT. (ký thay)")).to_be_visible()
    expect(page.get_by_role("heading", name="Bố cục in bằng trên phôi")).to_be_visible()
    expect(page.get_by_label("Họ tên x_mm")).to_have_value("40")
    screenshot(page, "25-signing-admin")
    # The preview opens in a tab of its own (formtarget="_blank").
    with page.context.expect_event("response", lambda r: "/layouts/giay_khen" in r.url) as answered:
        page.get_by_role("button", name="Xem trước (PDF)").click()
    assert answered.value.status == 200
    assert answered.value.headers["content-type"] == "application/pdf"
