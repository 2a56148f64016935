"""The deciding level's screens in Chromium: the officer's appraisal beside the files, and the
secretary's vote entry whose preview (council.js) computes each share as the numbers are typed."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from playwright.sync_api import Page, expect

from tests.api.files import pdf
from tests.api.helpers import Login, create, submit, task_of
from tests.web.conftest import login_as, screenshot
from tests.web.test_appraisal_pages import TWO

# Kind, file name, and the nominee's row it belongs to (an achievement report is per nominee).
FILES = (
    ("to_trinh", "Tờ trình số 15-TTr-UBND.pdf", None),
    ("bao_cao_thanh_tich", "Báo cáo thành tích Nguyễn Văn An.pdf", 0),
    ("bao_cao_thanh_tich", "Báo cáo thành tích Trần Thị Bình.pdf", 1),
    ("bien_ban_hoi_dong", "Biên bản họp Hội đồng phường.pdf", None),
)


def at_appraisal(client: FlaskClient, as_user: Login) -> dict:
    """A ward's Giấy khen dossier of two nominees with its files, submitted: with the officer."""
    dossier = create(client, as_user, award="GK_XA", nominees=TWO)
    for kind, name, row in FILES:
        data = {"kind": kind, "file": (io.BytesIO(pdf(name)), name)}
        if row is not None:
            data["nominee_id"] = str(dossier["nominees"][row]["id"])
        r = client.post(
            f"/api/v1/dossiers/{dossier['id']}/attachments",
            data=data,
            headers=as_user("dc.clerk"),
            content_type="multipart/form-data",
        )
        assert r.status_code == 201, r.get_json()
    submit(client, as_user, dossier["id"])
    return dossier


def appraised(client: FlaskClient, as_user: Login) -> dict:
    """Both nominees found eligible by the ward's officer: with the ward council's secretary."""
    dossier = at_appraisal(client, as_user)
    task = task_of(client, as_user, "dc.officer", dossier["id"])
    items = [{"nominee_id": n["id"], "eligible": True} for n in dossier["nominees"]]
    r = client.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"action": "approve", "appraisal": items},
        headers=as_user("dc.officer"),
    )
    assert r.status_code == 200, r.get_json()
    return dossier


def test_the_vote_preview_shows_each_share_and_whether_it_passes_as_the_secretary_types(
    page: Page, live_server: str, client: FlaskClient, as_user: Login
) -> None:
    dossier = appraised(client, as_user)
    login_as(page, live_server, "dc.secretary")
    page.goto(f"{live_server}/dossiers/{dossier['id']}")
    form = page.locator("form[data-council]")
    expect(form).to_contain_text("≥ 70% số thành viên có mặt")
    rows = form.locator("tr[data-vote]")
    expect(rows).to_have_count(2)
    page.get_by_label("Số thành viên Hội đồng").fill("9")
    page.get_by_label("Số thành viên có mặt").fill("7")
    page.get_by_label("Số phiếu đồng ý: Nguyễn Văn An").fill("6")
    page.get_by_label("Số phiếu không đồng ý: Nguyễn Văn An").fill("1")
    page.get_by_label("Số phiếu đồng ý: Trần Thị Bình").fill("4")
    page.get_by_label("Số phiếu không đồng ý: Trần Thị Bình").fill("3")
    expect(rows.nth(0).locator("[data-share]")).to_have_text("85,71%")
    expect(rows.nth(0).locator("[data-result]")).to_have_text("Đạt")
    expect(rows.nth(1).locator("[data-share]")).to_have_text("57,14%")
    expect(rows.nth(1).locator("[data-result]")).to_have_text("Không đạt")
    # Fewer members present: the same 4 votes for Bình now reach the threshold.
    page.get_by_label("Số thành viên có mặt").fill("5")
    expect(rows.nth(1).locator("[data-share]")).to_have_text("80,00%")
    expect(rows.nth(1).locator("[data-result]")).to_have_text("Đạt")
    page.get_by_label("Số thành viên có mặt").fill("7")
    form.scroll_into_view_if_needed()
    screenshot(page, "23-council-vote")
    page.get_by_role("button", name="Ghi kết quả biểu quyết").click()
    expect(page.locator("#meeting")).to_contain_text("7")
    nominees = page.locator("table.nominee-list")
    expect(nominees).to_contain_text("Đồng ý 6 · Không đồng ý 1 · 85,71%")
    expect(nominees).to_contain_text("Không đề nghị")
    expect(page.get_by_role("link", name="Tải biên bản họp Hội đồng (.docx)")).to_be_visible()
    page.evaluate("document.getElementById('nominees-h').scrollIntoView()")
    screenshot(page, "24-council-results")


def test_the_vote_entry_fits_a_phone(
    phone: Page, live_server: str, client: FlaskClient, as_user: Login
) -> None:
    dossier = appraised(client, as_user)
    login_as(phone, live_server, "dc.secretary")
    phone.goto(f"{live_server}/dossiers/{dossier['id']}")
    phone.get_by_label("Số thành viên Hội đồng").fill("9")
    phone.get_by_label("Số thành viên có mặt").fill("7")
    phone.get_by_label("Số phiếu đồng ý: Nguyễn Văn An").fill("6")
    expect(phone.locator("tr[data-vote]").first.locator("[data-result]")).to_have_text("Đạt")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.locator("tr[data-vote]").first.scroll_into_view_if_needed()
    screenshot(phone, "23-council-vote-phone")


def test_the_appraisal_shows_files_and_nominees_side_by_side_and_stacked_on_a_phone(
    page: Page, phone: Page, live_server: str, client: FlaskClient, as_user: Login
) -> None:
    dossier = at_appraisal(client, as_user)
    for tab, name in ((page, "22-appraisal"), (phone, "22-appraisal-phone")):
        login_as(tab, live_server, "dc.officer")
        tab.goto(f"{live_server}/dossiers/{dossier['id']}")
        expect(tab.locator(".file-list li")).to_have_count(len(FILES))
        files = tab.locator(".appraisal-files").bounding_box()
        form = tab.locator(".appraisal-form").bounding_box()
        assert files and form
        if tab is page:
            assert files["x"] + files["width"] <= form["x"], "files beside the nominees"
        else:
            assert files["y"] + files["height"] <= form["y"], "files above the nominees"
            assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        tab.evaluate("document.getElementById('appraisal').scrollIntoView()")
        screenshot(tab, name)
