"""Eligibility on the dossier page, in Chromium: each nominee's status and the reasons naming the
years, and a submission refused beside its button while a blocking rule fails."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Page, expect

from tests.api.helpers import Login, create, file_parts
from tests.api.test_eligibility import linked, registered
from tests.web.conftest import login_as


def test_the_dossier_page_says_why_a_nominee_fails_and_refuses_to_submit_it(
    page: Page, live_server: str, app: Flask, client: FlaskClient, as_user: Login
) -> None:
    person = registered(app, "Lê Thị Mai", (2023, 2025))
    dossier = create(client, as_user, award="CSTD_TINH", year=2026)
    linked(app, dossier["id"], person)
    file_parts(client, as_user, dossier["id"])

    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/dossiers/{dossier['id']}")
    cell = page.locator(".nominee-list [data-eligibility]")
    expect(cell).to_have_attribute("data-eligibility", "fail")
    expect(cell).to_contain_text("Không đủ điều kiện")
    expect(cell).to_contain_text("Chưa đủ 03 năm liên tục đạt CSTĐCS: có 2023, 2025; thiếu 2024.")

    page.get_by_role("button", name="Trình hồ sơ", exact=True).click()
    error = page.locator("#submit-error")
    expect(error).to_contain_text("Nguyễn Văn An")
    expect(error).to_contain_text("thiếu 2024")


def test_an_eligible_nominee_reads_ok_with_the_years_looked_at(
    page: Page, live_server: str, app: Flask, client: FlaskClient, as_user: Login
) -> None:
    person = registered(app, "Trần Thị Lan", (2023, 2024, 2025))
    dossier = create(client, as_user, award="CSTD_TINH", year=2026)
    linked(app, dossier["id"], person)
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/dossiers/{dossier['id']}")
    cell = page.locator(".nominee-list [data-eligibility]")
    expect(cell).to_have_attribute("data-eligibility", "ok")
    expect(cell).to_contain_text("Đủ 03 năm liên tục đạt CSTĐCS: 2023, 2024, 2025.")
