"""The statistics page and the public lookup in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Page, expect

from service.settings import Settings
from tests.api.helpers import Login
from tests.api.test_statistics import seed_year
from tests.conftest import demo_app
from tests.web.conftest import assert_styled, login_as, screenshot


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    """The demo world with the public lookup open (KT_PUBLIC_LOOKUP=1)."""
    yield from demo_app(replace(settings, public_lookup=True))


def test_the_statistics_page_shows_the_register_in_tables_and_charts_and_downloads_them(
    page: Page, live_server: str, client: FlaskClient, as_user: Login
) -> None:
    _, register = seed_year(client, as_user)
    login_as(page, live_server, "hn.approver")

    page.get_by_role("link", name="Thống kê").click()

    expect(page.get_by_role("heading", name="Thống kê khen thưởng")).to_be_visible()
    assert_styled(page)
    expect(page.locator("#awarded")).to_have_text(str(register.total()))
    expect(page.get_by_role("heading", name="Biểu 0603.N/BNV-TĐKT", exact=False)).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    screenshot(page, "40-statistics")
    page.get_by_label("Bảng").select_option("by_gender")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator(".stat-table")).to_have_count(1)
    with page.expect_download() as got:
        page.get_by_role("link", name="Tải bảng này (.xlsx)").click()
    assert got.value.suggested_filename.startswith("thong-ke-by-gender-")
    assert got.value.suggested_filename.endswith(".xlsx")


def test_anyone_finds_an_award_on_the_public_lookup_without_logging_in(
    page: Page, live_server: str, client: FlaskClient, as_user: Login
) -> None:
    seed_year(client, as_user)

    page.goto(f"{live_server}/tra-cuu")
    page.get_by_label("Họ tên").fill("nguyen thi hoa")
    page.get_by_role("button", name="Tra cứu").click()

    rows = page.locator("#lookup-results tbody tr")
    expect(rows.first).to_contain_text("Nguyễn Thị Hoa")
    expect(page.locator("#lookup-results")).to_contain_text("Bằng khen")
    expect(page.locator(".topbar")).to_have_count(0)  # nobody is logged in
    screenshot(page, "41-public-lookup")
