"""Uploads in Chromium, through the page's script (the progress bar's XMLHttpRequest)."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient
from playwright.sync_api import Page, expect

from tests.api.helpers import Login, create
from tests.web.conftest import login_as


def test_an_empty_file_is_refused_with_its_own_message_beside_the_upload_form(
    page: Page, live_server: str, client: FlaskClient, as_user: Login, tmp_path: Path
) -> None:
    dossier = create(client, as_user)
    empty = tmp_path / "Tờ trình rỗng.pdf"
    empty.write_bytes(b"")
    login_as(page, live_server, "dc.clerk")
    page.goto(f"{live_server}/dossiers/{dossier['id']}")
    page.locator("#upload-file").set_input_files(str(empty))
    page.get_by_role("button", name="Tải lên", exact=True).click()
    error = page.locator("[data-upload-error]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Tệp rỗng")
    expect(error).not_to_contain_text("Chỉ nhận tệp PDF")
    expect(page.get_by_role("button", name="Tải lên", exact=True)).to_be_enabled()
