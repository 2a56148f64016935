"""The whole journey in Chromium: a clerk's dossier goes up, comes back, goes up and is decided.

Each person works in a browser context of their own, through the pages only; screenshots of the
main pages are refreshed on the way (docs/screenshots/).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from playwright.sync_api import Browser, Page, expect

from tests.api import files
from tests.api.helpers import Login, approve_at, create, submit
from tests.conftest import services_of
from tests.web.conftest import csp_violations, login_as, screenshot
from tests.web.e2e.conftest import Demo

Person = Callable[[str], Page]


@pytest.fixture
def csp_reports() -> list[str]:
    """What the Content-Security-Policy refused on any person's page (see ``csp_violations``)."""
    return []


@pytest.fixture
def person(browser: Browser, live_server: str, csp_reports: list[str]) -> Iterator[Person]:
    """``person("dc.clerk")``: a logged-in page of that user's own (one per user, kept)."""
    pages: dict[str, Page] = {}
    contexts = []

    def open_as(username: str) -> Page:
        if username not in pages:
            context = browser.new_context(
                viewport={"width": 1280, "height": 900},
                locale="vi-VN",
                timezone_id="Asia/Ho_Chi_Minh",
            )
            contexts.append(context)
            pages[username] = context.new_page()
            csp_violations(pages[username], csp_reports)
            login_as(pages[username], live_server, username)
        return pages[username]

    yield open_as
    for context in contexts:
        context.close()
    assert csp_reports == [], "the Content-Security-Policy refused something the pages do"


def act_on(page: Page, url: str, button: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def approve(page: Page, url: str, opinion: str = "") -> None:
    """Approve through the confirmation dialog, with an opinion if one is given."""
    page.goto(url)
    page.get_by_role("link", name="Phê duyệt", exact=True).click()
    dialog = page.locator("dialog[open]")
    expect(dialog.get_by_text("không hoàn tác được")).to_be_visible()
    if opinion:
        dialog.get_by_label("Ý kiến (không bắt buộc)").fill(opinion)
    with page.expect_navigation():
        dialog.get_by_role("button", name="Phê duyệt").click()


def upload_part(page: Page, path: Path, kind: str, nominee: str = "") -> None:
    """Upload a small PDF through the page's form as checklist part ``kind`` (for ``nominee``)."""
    path.write_bytes(files.pdf(f"{path.name} {kind} {nominee}"))
    page.locator("#upload-kind").select_option(kind)
    page.locator("#upload-nominee").select_option(label=nominee or "— Chung cho cả hồ sơ —")
    page.locator("#upload-file").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên", exact=True).click()
    expect(page.get_by_role("link", name=path.name)).to_be_visible()


def appraise_and_vote(officer: Page, secretary: Page, url: str) -> None:
    """The officer finds every nominee eligible on the appraisal screen; the council's secretary
    records every member present voting for each, as the preview says they pass."""
    officer.goto(url)
    for finding in officer.locator("fieldset[data-finding]").all():
        finding.get_by_label("Đủ điều kiện", exact=True).check()
    with officer.expect_navigation():
        officer.get_by_role("button", name="Chuyển Hội đồng xét").click()
    expect(officer.get_by_text("Đã ghi kết quả thẩm định").first).to_be_visible()
    secretary.goto(url)
    secretary.get_by_label("Số thành viên Hội đồng").fill("9")
    secretary.get_by_label("Số thành viên có mặt").fill("9")
    for row in secretary.locator("tr[data-vote]").all():
        row.locator("[data-for]").fill("9")
        row.locator("[data-against]").fill("0")
        expect(row.locator("[data-result]")).to_have_text("Đạt")
    with secretary.expect_navigation():
        secretary.get_by_role("button", name="Ghi kết quả biểu quyết").click()
    expect(secretary.get_by_text("Đã ghi kết quả biểu quyết").first).to_be_visible()


def test_a_dossier_goes_up_comes_back_goes_up_again_and_is_decided(
    client: FlaskClient,
    as_user: Login,
    person: Person,
    live_server: str,
    tmp_path: Path,
    csp_reports: list[str],
) -> None:
    clerk = person("dc.clerk")
    clerk.goto(f"{live_server}/dossiers/new")
    clerk.get_by_label("Tên hồ sơ").fill("Đề nghị công nhận Chiến sĩ thi đua cơ sở năm 2026")
    clerk.get_by_label("Năm khen thưởng").fill("2026")
    clerk.locator("#award").select_option("CSTDCS")
    clerk.locator("#nominees-0-full_name").fill("Nguyễn Thị Ánh Tuyết")
    clerk.locator("#nominees-0-position").fill("Công chức Văn hóa - Xã hội")
    clerk.locator("#nominees-1-full_name").fill("Trần Quốc Bảo")
    clerk.locator("#nominees-1-position").fill("Tổ trưởng tổ dân phố số 5")
    # What the decision will cite, and what the dossier needs to be submitted.
    clerk.get_by_label("Số tờ trình", exact=True).fill("12/TTr-UBND")
    clerk.get_by_label("Ngày tờ trình", exact=True).fill("2026-11-20")
    clerk.get_by_label("Thời gian đạt thành tích: từ ngày", exact=True).fill("2026-01-01")
    clerk.get_by_label("đến ngày", exact=True).fill("2026-12-31")
    clerk.get_by_label("Lý do khen thưởng (chung cho danh sách, in ở Điều 1)").fill(
        "đã hoàn thành xuất sắc nhiệm vụ"
    )
    screenshot(clerk, "05-dossier-form")
    clerk.get_by_role("button", name="Lưu hồ sơ").click()
    clerk.wait_for_load_state()
    dossier_url = clerk.url
    assert "/dossiers/" in dossier_url and dossier_url.rstrip("/").split("/")[-1].isdigit()
    expect(clerk.get_by_role("cell", name="Nguyễn Thị Ánh Tuyết")).to_be_visible()
    expect(clerk.get_by_text("Số 12/TTr-UBND, ngày 20/11/2026")).to_be_visible()

    upload_part(clerk, tmp_path / "Tờ trình số 12.pdf", "to_trinh")
    screenshot(clerk, "06-dossier-page")
    # Sent with parts missing: refused beside the button, naming each; nothing is lost.
    act_on(clerk, dossier_url, "Trình hồ sơ")
    refused = clerk.locator("#submit-error")
    expect(refused).to_contain_text("Báo cáo thành tích của Trần Quốc Bảo")
    expect(refused).to_contain_text("Giấy chứng nhận/xác nhận sáng kiến của Nguyễn Thị Ánh Tuyết")
    checklist = clerk.locator("ul.checklist")
    tuyet_report = checklist.locator("li", has_text="Báo cáo thành tích của Nguyễn Thị Ánh Tuyết")
    expect(tuyet_report.locator(".tick")).to_have_text("chưa có")
    clerk.goto(dossier_url)
    upload_part(clerk, tmp_path / "Biên bản họp.pdf", "bien_ban_hoi_dong")
    for n, who in enumerate(("Nguyễn Thị Ánh Tuyết", "Trần Quốc Bảo")):
        upload_part(clerk, tmp_path / f"Báo cáo {n}.pdf", "bao_cao_thanh_tich", who)
        upload_part(clerk, tmp_path / f"Sáng kiến {n}.pdf", "xac_nhan_sang_kien", who)
    expect(tuyet_report.locator(".tick")).to_have_text("✓")
    expect(checklist.locator("li.missing")).to_have_count(1)  # "Tài liệu khác", not required
    act_on(clerk, dossier_url, "Trình hồ sơ")
    expect(clerk.get_by_text("Đang xét duyệt").first).to_be_visible()

    approve(person("dc.approver"), dossier_url, "Hồ sơ đầy đủ, đề nghị Quận xét.")

    # At the deciding level the district's officer receives the dossier and may return it.
    officer = person("hm.officer")
    officer.goto(dossier_url)
    officer.get_by_role("link", name="Trả lại", exact=True).first.click()
    dialog = officer.locator("dialog[open]")
    dialog.get_by_label("Lý do").fill("Thiếu biên bản họp Hội đồng thi đua – khen thưởng")
    screenshot(officer, "07-return-dialog")
    dialog.get_by_role("button", name="Trả lại").click()
    officer.wait_for_load_state()
    expect(officer.get_by_text("Bị trả lại").first).to_be_visible()

    clerk.goto(dossier_url)
    expect(
        clerk.get_by_text("Thiếu biên bản họp Hội đồng thi đua – khen thưởng").first
    ).to_be_visible()
    clerk.get_by_role("link", name="Sửa hồ sơ").click()
    clerk.get_by_label("Tên hồ sơ").fill(
        "Đề nghị công nhận Chiến sĩ thi đua cơ sở năm 2026 (bổ sung)"
    )
    clerk.get_by_role("button", name="Lưu hồ sơ").click()
    clerk.wait_for_load_state()
    expect(clerk.get_by_text("(bổ sung)").first).to_be_visible()
    act_on(clerk, dossier_url, "Trình hồ sơ")

    approve(person("dc.approver"), dossier_url)
    appraise_and_vote(officer, person("hm.secretary"), dossier_url)
    district = person("hm.approver")
    approve(district, dossier_url)
    expect(district.get_by_text("Đã phê duyệt").first).to_be_visible()
    # The approval drafts the decision; the district's officer submits it for signature, its
    # vice-chairman signs it (KT. CHỦ TỊCH), its records office numbers and issues it.
    act_on(officer, dossier_url, "Trình ký")
    expect(officer.get_by_text("Đã trình ký dự thảo quyết định.")).to_be_visible()
    signer = person("hm.signer")
    act_on(signer, dossier_url, "Ký quyết định")
    expect(signer.get_by_text("KT. CHỦ TỊCH").first).to_be_visible()
    records = person("hm.records")
    act_on(records, dossier_url, "Cấp số và ban hành")
    expect(records.get_by_text("Đã cấp số và ban hành quyết định.")).to_be_visible()
    expect(records.get_by_text("/QĐ-UBND").first).to_be_visible()
    screenshot(records, "08-decision")

    clerk.goto(dossier_url)
    with clerk.expect_download() as download:
        clerk.get_by_role("link", name="Tải quyết định (.docx)").click()
    saved = tmp_path / "quyet-dinh.docx"
    download.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    assert download.value.suggested_filename.endswith(".docx")

    auditor = person("hm.auditor")
    auditor.goto(dossier_url)
    timeline = auditor.locator("ol.timeline > li")
    # the tờ trình, the five parts filed after it, the district's appraisal and council vote
    expect(timeline).to_have_count(15 + 5)
    text = timeline.all_inner_texts()
    # People by their full names (dc.clerk, dc.approver, hm.approver), units by theirs.
    for who in ("Nguyễn Thị Lan", "Trần Văn Bình", "Hoàng Văn Nam"):
        assert any(who in step for step in text), who
    assert any("Phường Định Công" in step for step in text)
    assert any("Thiếu biên bản" in step for step in text)
    assert any("Hồ sơ đầy đủ, đề nghị Quận xét." in step for step in text)  # the opinion
    assert any("Ban hành quyết định" in step for step in text)
    # Everything above ran under the pages' policy: the upload's progress bar, the reason dialog,
    # the nominee rows; none of it needed what the policy refuses.
    assert csp_reports == []


def test_the_pages_policy_refuses_inline_script_and_the_console_says_so(
    person: Person, live_server: str, csp_reports: list[str]
) -> None:
    clerk = person("dc.clerk")
    clerk.goto(f"{live_server}/inbox")
    clerk.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.__inline = 1";
        document.body.appendChild(s);
    }""")
    expect(clerk.get_by_role("heading", name="Việc cần xử lý")).to_be_visible()
    assert clerk.evaluate("window.__inline") is None
    assert any("script-src" in report for report in csp_reports), csp_reports
    csp_reports.clear()  # seen, and meant: the fixture's check at the end is for the unmeant


def test_a_nominee_named_like_a_script_is_shown_as_text(person: Person, live_server: str) -> None:
    clerk = person("dc.clerk")
    clerk.goto(f"{live_server}/dossiers/new")
    clerk.get_by_label("Tên hồ sơ").fill("Hồ sơ thử")
    clerk.locator("#award").select_option("LDTT")
    clerk.locator("#nominees-0-full_name").fill("<script>window.__pwned = 1</script>")
    clerk.get_by_role("button", name="Lưu hồ sơ").click()
    clerk.wait_for_load_state()
    # Shown as text in the nominee list (and, as text too, in the checklist and upload form).
    expect(clerk.get_by_role("cell", name="<script>window.__pwned = 1</script>")).to_be_visible()
    expect(
        clerk.get_by_text("Báo cáo thành tích của <script>window.__pwned = 1</script>")
    ).to_be_visible()
    assert clerk.evaluate("window.__pwned") is None


def test_a_post_without_the_csrf_token_is_refused(person: Person, live_server: str) -> None:
    clerk = person("dc.clerk")
    status = clerk.evaluate("""async () => (await fetch('/logout', {method: 'POST',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: ''})).status""")
    assert status == 403
    clerk.goto(f"{live_server}/inbox")
    expect(clerk.get_by_role("heading", name="Việc cần xử lý")).to_be_visible()


def test_a_clerk_of_another_ward_gets_404_on_the_dossier_page(
    person: Person, live_server: str
) -> None:
    clerk = person("dc.clerk")
    clerk.goto(f"{live_server}/dossiers/new")
    clerk.get_by_label("Tên hồ sơ").fill("Hồ sơ của Định Công")
    clerk.locator("#award").select_option("LDTT")
    clerk.locator("#nominees-0-full_name").fill("Lê Văn Tám")
    clerk.get_by_role("button", name="Lưu hồ sơ").click()
    clerk.wait_for_load_state()
    other = person("tm.clerk")
    response = other.goto(clerk.url)
    assert response is not None and response.status == 404
    expect(other.get_by_text("Không tìm thấy hồ sơ.")).to_be_visible()


def test_screenshots_of_the_auditor_admin_and_dashboard_pages(
    demo_dossiers: Demo, person: Person, live_server: str
) -> None:
    auditor = person("hn.auditor")
    # What the ward's approver did: people and units by name, their codes in small print.
    auditor.goto(f"{live_server}/audit?actor=dc.approver")
    expect(auditor.get_by_text("Chuỗi nhật ký nguyên vẹn")).to_be_visible()
    expect(auditor.locator("table.list tbody tr").first).to_contain_text("Trần Văn Bình")
    screenshot(auditor, "09-audit")
    auditor.goto(f"{live_server}/dashboard")
    expect(auditor.locator("svg").first).to_be_visible()
    expect(auditor.get_by_text("Số liệu trên 5 hồ sơ")).to_be_visible()
    screenshot(auditor, "10-dashboard")
    admin = person("admin")
    admin.goto(f"{live_server}/admin")
    expect(admin.get_by_text("Phường Định Công").first).to_be_visible()
    screenshot(admin, "11-admin")


def test_the_province_records_the_prime_ministers_answer_in_a_browser(
    client: FlaskClient, as_user: Login, person: Person, live_server: str
) -> None:
    dossier = create(client, as_user, award="BK_TTG", title="Đề nghị Thủ tướng tặng Bằng khen")
    submit(client, as_user, dossier["id"])
    for approver in ("dc.approver", "hm.approver", "hn.approver"):
        approve_at(client, as_user, approver, dossier["id"])
    province = person("hn.approver")
    province.goto(f"{live_server}/dossiers/{dossier['id']}")
    expect(province.get_by_role("heading", name="Đề nghị cấp trên khen thưởng")).to_be_visible()
    screenshot(province, "21-central-decision")

    province.get_by_label("Số quyết định").fill("1234/QĐ-TTg")
    province.get_by_label("Ngày ký").fill(services_of(client.application).today().isoformat())
    province.get_by_role("button", name="Ghi nhận").click()

    expect(province.get_by_text("Đã ghi nhận quyết định của cấp trên.")).to_be_visible()
    expect(province.get_by_text("1234/QĐ-TTg", exact=True)).to_be_visible()
    with province.expect_download() as download:
        province.get_by_role("link", name="Tải tờ trình và danh sách (.docx)").click()
    assert download.value.suggested_filename.startswith("to-trinh-")
