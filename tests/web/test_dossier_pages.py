"""The dossier form and the dossier page: creating, editing, acting, attachments and decisions."""

from __future__ import annotations

import io
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from service.adapters.tables import DossierRow
from tests.api.files import pdf
from tests.api.helpers import Login, approve_at, create, file_parts, issue, submit, to_the_head
from tests.conftest import services_of
from tests.web.helpers import csrf, web_login

NOMINEES = [
    ("Nguyễn Văn An", "Chuyên viên", "UBND phường Định Công", "Hoàn thành xuất sắc nhiệm vụ"),
    ("Trần Thị Bình", "Công chức Tư pháp", "UBND phường Định Công", "Có sáng kiến cải cách"),
]


def dossier_form(token: str, **fields: Any) -> dict[str, str]:
    """What the form posts: two nominees, a spare empty row, and ``fields`` on top."""
    data = {"csrf_token": token, "title": "Đề nghị Lao động tiên tiến 2026"}
    data.update({"year": "2026", "award": "LDTT"})
    # The proposal fields a dossier needs to be submitted, as the form's inputs send them.
    data.update({"proposal_number": "12/TTr-UBND", "proposal_date": "2026-11-20"})
    data.update({"period_from": "2026-01-01", "period_to": "2026-12-31"})
    for i, (name, position, unit, achievements) in enumerate([*NOMINEES, ("", "", "", "")]):
        data[f"nominees-{i}-full_name"] = name
        data[f"nominees-{i}-kind"] = "individual"
        data[f"nominees-{i}-position"] = position
        data[f"nominees-{i}-unit"] = unit
        data[f"nominees-{i}-achievements"] = achievements
    data.update(fields)
    return data


def page(client: FlaskClient, dossier_id: int) -> str:
    r = client.get(f"/dossiers/{dossier_id}")
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    return r.get_data(as_text=True)


def task_url(html: str, dossier_id: int) -> str:
    """The address the page's action forms post to for the user's open task."""
    match = re.search(rf'action="(/dossiers/{dossier_id}/tasks/[^"]+)"', html)
    assert match, "no task form on the page"
    return match.group(1)


def attachment_ids(html: str, dossier_id: int) -> list[str]:
    return re.findall(rf'href="/dossiers/{dossier_id}/attachments/([^"/]+)"', html)


def upload_pdf(client: FlaskClient, dossier_id: int, **headers: str) -> Any:
    return client.post(
        f"/dossiers/{dossier_id}/attachments",
        data={
            "csrf_token": csrf(client, f"/dossiers/{dossier_id}"),
            "kind": "proposal",
            "file": (io.BytesIO(pdf()), "Tờ trình đề nghị.pdf"),
        },
        content_type="multipart/form-data",
        headers=headers,
    )


def test_a_clerk_creates_a_dossier_with_two_nominees_through_the_form(client: FlaskClient) -> None:
    web_login(client, "dc.clerk")
    form = client.get("/dossiers/new").get_data(as_text=True)
    assert "Lao động tiên tiến — Cấp xã quyết định" in form  # Luật 06/2022 Art. 80(3)
    assert 'name="nominees-2-full_name"' in form  # empty rows for use without JavaScript
    r = client.post("/dossiers/new", data=dossier_form(csrf(client, "/dossiers/new")))
    assert r.status_code == 302
    dossier_id = int(r.headers["Location"].rsplit("/", 1)[1])
    html = page(client, dossier_id)
    assert "Đã lập hồ sơ HM-DC-2026-" in html
    assert "Nguyễn Văn An" in html and "Trần Thị Bình" in html
    assert "Danh sách đối tượng đề nghị khen thưởng (2)" in html
    assert "Lao động tiên tiến" in html and "Cấp xã quyết định" in html
    assert "Nháp" in html and "Trình hồ sơ" in html and "Sửa hồ sơ" in html


def test_a_form_with_mistakes_comes_back_with_vietnamese_messages_and_what_was_typed(
    client: FlaskClient,
) -> None:
    web_login(client, "dc.clerk")
    data = dossier_form(
        csrf(client, "/dossiers/new"),
        title="  ",
        year="năm nay",
        **{"nominees-1-kind": "collective"},
    )
    r = client.post("/dossiers/new", data=data)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Hãy nhập tên hồ sơ." in html
    assert "Năm khen thưởng phải từ 2000" in html
    assert "Lao động tiên tiến chỉ dành cho cá nhân." in html
    assert 'id="nominees-1-kind-error"' in html  # beside the field it is about
    assert 'value="năm nay"' in html
    assert 'value="Trần Thị Bình"' in html and "Có sáng kiến cải cách" in html
    assert '<option value="LDTT" data-kind="individual" selected>' in html
    assert client.get("/dossiers").get_data(as_text=True).count("HM-DC-2026-") == 0


def test_absurd_input_gets_messages_rather_than_a_server_error(client: FlaskClient) -> None:
    web_login(client, "dc.clerk")
    data = dossier_form(
        csrf(client, "/dossiers/new"),
        year="9" * 5000,
        **{"nominees-0-full_name": "A" * 201, "nominees-1-kind": "robot"},
    )
    r = client.post("/dossiers/new", data=data)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Tối đa 200 ký tự." in html and "Chọn Cá nhân, Tập thể hoặc Hộ gia đình." in html


def test_a_returned_dossier_shows_the_reason_to_the_clerk_who_edits_and_resubmits_it(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="LDTT")
    submit(client, as_user, dossier["id"])
    to_the_head(client, as_user, "dc", dossier["id"])  # the ward decides: its officer appraises
    web_login(client, "dc.approver")
    html = page(client, dossier["id"])
    assert "Phê duyệt" in html and "Trả lại" in html and "<dialog" in html
    r = client.post(
        task_url(html, dossier["id"]),
        data={
            "csrf_token": csrf(client, "/inbox"),
            "action": "return",
            "comment": "Bổ sung biên bản họp Hội đồng",
        },
    )
    assert r.status_code == 302
    assert "Đã trả lại hồ sơ" in page(client, dossier["id"])

    web_login(client, "dc.clerk")
    html = page(client, dossier["id"])
    assert "Hồ sơ bị trả lại để hoàn thiện" in html
    assert "Bổ sung biên bản họp Hội đồng" in html
    form = client.get(f"/dossiers/{dossier['id']}/edit").get_data(as_text=True)
    assert 'value="Nguyễn Văn An"' in form
    version = re.search(r'name="version" value="(\d+)"', form)
    assert version
    edited = dossier_form(csrf(client, "/inbox"), version=version.group(1), title="Đã bổ sung")
    r = client.post(f"/dossiers/{dossier['id']}/edit", data=edited)
    assert r.status_code == 302
    assert "Đã bổ sung" in page(client, dossier["id"])
    # The form was posted without the rows' ids: two new nominees, whose reports are still due.
    r = client.post(
        f"/dossiers/{dossier['id']}/submit", data={"csrf_token": csrf(client, "/inbox")}
    )
    assert r.status_code == 422
    assert "Báo cáo thành tích của Trần Thị Bình" in r.get_data(as_text=True)
    file_parts(client, as_user, dossier["id"])
    r = client.post(
        f"/dossiers/{dossier['id']}/submit", data={"csrf_token": csrf(client, "/inbox")}
    )
    assert r.status_code == 302
    html = page(client, dossier["id"])
    assert "Đã trình hồ sơ" in html and "Đang xét duyệt" in html
    assert "Sửa hồ sơ</a>" not in html
    assert client.get(f"/dossiers/{dossier['id']}/edit").status_code == 409


def test_the_form_keeps_the_proposal_fields_and_the_page_shows_them(
    client: FlaskClient, as_user: Login
) -> None:
    web_login(client, "dc.clerk")
    data = dossier_form(csrf(client, "/inbox"), reason="đã hoàn thành tốt nhiệm vụ")
    data["nominees-1-reason"] = "đã có sáng kiến cấp cơ sở"
    r = client.post("/dossiers/new", data=data)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Số 12/TTr-UBND, ngày 20/11/2026" in html
    assert "Năm 2026" in html and "đã hoàn thành tốt nhiệm vụ" in html
    assert "đã có sáng kiến cấp cơ sở" in html
    edit = client.get(r.headers["Location"] + "/edit").get_data(as_text=True)
    for value in ("12/TTr-UBND", "2026-11-20", "2026-01-01", "2026-12-31", "đã có sáng kiến"):
        assert f'value="{value}' in edit


def test_a_submit_without_the_tờ_trình_says_on_the_page_what_to_fill_in(
    client: FlaskClient, as_user: Login
) -> None:
    web_login(client, "dc.clerk")
    data = dossier_form(csrf(client, "/inbox"), proposal_number="", proposal_date="")
    created = client.post("/dossiers/new", data=data)
    assert created.status_code == 302
    file_parts(client, as_user, int(created.headers["Location"].rsplit("/", 1)[1]))
    r = client.post(
        created.headers["Location"] + "/submit", data={"csrf_token": csrf(client, "/inbox")}
    )
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Chưa trình được hồ sơ: còn thiếu số và ngày tờ trình" in html
    assert "Trình hồ sơ" in html  # still the clerk's to submit


def test_a_wrong_proposal_date_is_shown_beside_its_input(
    client: FlaskClient, as_user: Login
) -> None:
    web_login(client, "dc.clerk")
    data = dossier_form(csrf(client, "/inbox"), period_from="2026-12-31", period_to="2026-01-01")
    r = client.post("/dossiers/new", data=data)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'id="period.to-error"' in html and "Ngày kết thúc phải từ ngày bắt đầu" in html


def test_an_edit_made_from_a_stale_form_gets_the_conflict_page(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="LDTT")
    web_login(client, "dc.clerk")
    token = csrf(client, "/inbox")
    first = dossier_form(token, version=str(dossier["version"]))
    assert client.post(f"/dossiers/{dossier['id']}/edit", data=first).status_code == 302
    stale = dossier_form(token, version=str(dossier["version"]), title="Bản cũ")
    r = client.post(f"/dossiers/{dossier['id']}/edit", data=stale)
    assert r.status_code == 409
    assert "vừa được người khác thay đổi" in r.get_data(as_text=True)


def test_an_empty_return_reason_is_refused_and_the_dialog_shows_why(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="LDTT")
    submit(client, as_user, dossier["id"])
    to_the_head(client, as_user, "dc", dossier["id"])  # the ward decides: its officer appraises
    web_login(client, "dc.approver")
    html = page(client, dossier["id"])
    assert re.search(r'<textarea id="[^"]+-return-comment" name="comment"[^>]*required', html)
    r = client.post(
        task_url(html, dossier["id"]),
        data={"csrf_token": csrf(client, "/inbox"), "action": "return", "comment": "   "},
    )
    assert r.status_code == 422
    refused = r.get_data(as_text=True)
    assert "Hãy ghi rõ lý do khi trả lại hoặc từ chối hồ sơ." in refused
    assert re.search(r'<dialog id="[^"]+-return"[^>]* open>', refused)
    assert "Đang xét duyệt" in page(client, dossier["id"])


def test_approving_asks_first_and_the_optional_opinion_goes_into_the_history(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="LDTT")
    submit(client, as_user, dossier["id"])
    to_the_head(client, as_user, "dc", dossier["id"])  # the ward decides: its officer appraises
    web_login(client, "dc.approver")
    html = page(client, dossier["id"])
    # No form outside a dialog approves at once: the link opens the confirmation first
    # (rendered open without script).
    outside = re.sub(r"<dialog.*?</dialog>", "", html, flags=re.S)
    assert 'name="action" value="approve"' not in outside
    assert 'name="action" value="approve"' in html
    link = re.search(
        r'<a class="button primary" data-dialog="(dlg-[^"]+-approve)"\s+href="([^"]+)"', html
    )
    assert link, "no approve link"
    opened = client.get(link.group(2).replace("&amp;", "&").split("#")[0]).get_data(as_text=True)
    assert re.search(rf'<dialog id="{link.group(1)}"[^>]* open>', opened)
    assert f"Phê duyệt hồ sơ {dossier['code']}?" in opened
    box = re.search(rf'<textarea id="{link.group(1)}-comment" name="comment"[^>]*>', opened)
    assert box and "required" not in box.group(0) and 'maxlength="5000"' in box.group(0)
    r = client.post(
        task_url(html, dossier["id"]),
        data={
            "csrf_token": csrf(client, "/inbox"),
            "action": "approve",
            "comment": "Đồng ý, đề nghị Quận xét.",
        },
    )
    assert r.status_code == 302
    after = page(client, dossier["id"])
    timeline = after.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert '<p class="comment">Đồng ý, đề nghị Quận xét.</p>' in timeline
    # People and units by name, their codes in small print beside.
    assert 'Trần Văn Bình <small class="muted tag">dc.approver</small>' in timeline
    assert 'Phường Định Công <small class="muted tag">HM-DC</small>' in timeline


def test_the_nominee_fields_say_how_long_they_may_be(client: FlaskClient) -> None:
    web_login(client, "dc.clerk")
    html = client.get("/dossiers/new").get_data(as_text=True)
    assert "Tối đa 500 ký tự" in html  # under the title
    assert 'data-label="Họ và tên / Tên tập thể (tối đa 200 ký tự)"' in html
    assert re.search(r'id="nominees-0-full_name"[^>]*maxlength="200"', html)
    assert "(tối đa 300 ký tự)" in html


def test_a_clerk_uploads_and_downloads_a_pdf_through_the_pages(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")
    r = upload_pdf(client, dossier["id"])
    assert r.status_code == 302
    html = page(client, dossier["id"])
    assert "Đã tải lên tệp Tờ trình đề nghị.pdf" in html
    assert "Tờ trình đề nghị.pdf" in html
    assert "Tờ trình đề nghị khen thưởng (kèm danh sách)</td>" in html  # its checklist part
    [attachment_id] = attachment_ids(html, dossier["id"])
    got = client.get(f"/dossiers/{dossier['id']}/attachments/{attachment_id}")
    assert got.status_code == 200
    assert got.data == pdf()
    assert got.mimetype == "application/pdf"
    assert "filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh" in got.headers["Content-Disposition"]


def test_an_upload_from_the_script_answers_json_in_vietnamese(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")
    ok = upload_pdf(client, dossier["id"], **{"X-Requested-With": "XMLHttpRequest"})
    assert ok.status_code == 200 and ok.get_json() == {"ok": True}
    refused = client.post(
        f"/dossiers/{dossier['id']}/attachments",
        data={"kind": "proposal", "file": (io.BytesIO(b"MZ\x90\x00"), "virus.pdf")},
        content_type="multipart/form-data",
        headers={"X-Requested-With": "XMLHttpRequest", "X-CSRF-Token": csrf(client, "/inbox")},
    )
    assert refused.status_code == 415
    assert "Chỉ nhận tệp PDF" in refused.get_json()["error"]["message"]


def test_a_plain_upload_without_a_file_is_shown_beside_the_upload_form(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")
    r = client.post(
        f"/dossiers/{dossier['id']}/attachments",
        data={"csrf_token": csrf(client, "/inbox"), "kind": "council_minutes"},
        content_type="multipart/form-data",
    )
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'id="upload-file-error">Hãy chọn tệp cần tải lên.' in html
    # The old kind is chosen again as the checklist part it stands for.
    assert '<option value="bien_ban_hoi_dong" selected>' in html


def test_a_misnamed_upload_is_kept_under_its_type_and_the_page_says_so(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")
    r = client.post(
        f"/dossiers/{dossier['id']}/attachments",
        data={
            "csrf_token": csrf(client, "/inbox"),
            "kind": "proposal",
            "file": (io.BytesIO(pdf()), "fake.exe"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    html = page(client, dossier["id"])
    assert "Tệp «fake.exe» thực chất là PDF nên được lưu với tên «fake.pdf»." in html
    assert ">fake.pdf</a>" in html


def test_empty_and_repeated_files_are_refused_beside_the_upload_form(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")

    def post(data: bytes, name: str) -> Any:
        return client.post(
            f"/dossiers/{dossier['id']}/attachments",
            data={
                "csrf_token": csrf(client, "/inbox"),
                "kind": "proposal",
                "file": (io.BytesIO(data), name),
            },
            content_type="multipart/form-data",
        )

    empty = post(b"", "rong.pdf")
    assert empty.status_code == 422
    assert 'id="upload-file-error">Tệp rỗng' in empty.get_data(as_text=True)
    assert post(pdf(), "Tờ trình.pdf").status_code == 302
    again = post(pdf(), "Tờ trình lần hai.pdf")
    assert again.status_code == 409
    assert re.search(
        r'id="upload-file-error">Hồ sơ đã có tệp này[^<]*«Tờ trình.pdf»',
        again.get_data(as_text=True),
    )


def test_an_attachment_not_yet_submitted_can_be_deleted(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")
    upload_pdf(client, dossier["id"])
    [attachment_id] = attachment_ids(page(client, dossier["id"]), dossier["id"])
    r = client.post(
        f"/dossiers/{dossier['id']}/attachments/{attachment_id}/delete",
        data={"csrf_token": csrf(client, "/inbox")},
    )
    assert r.status_code == 302
    html = page(client, dossier["id"])
    assert "Đã xóa tệp khỏi hồ sơ" in html and "Chưa có tài liệu nào" in html
    assert "Xóa tài liệu" in html  # the history says so


def test_a_submitted_attachment_has_no_delete_button(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")
    upload_pdf(client, dossier["id"])
    parts = file_parts(client, as_user, dossier["id"])
    submit(client, as_user, dossier["id"])
    html = page(client, dossier["id"])
    assert len(attachment_ids(html, dossier["id"])) == 1 + len(parts)
    assert "/delete" not in html and "data-upload" not in html


def test_a_nominee_named_like_a_script_is_shown_escaped(
    client: FlaskClient, as_user: Login
) -> None:
    hostile = "<script>alert(1)</script>"
    body = {"full_name": hostile, "kind": "individual", "achievements": "<b>x</b>"}
    dossier = create(client, as_user, nominees=[body], title=hostile)
    web_login(client, "dc.clerk")
    html = page(client, dossier["id"])
    assert hostile not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    form = client.get(f"/dossiers/{dossier['id']}/edit").get_data(as_text=True)
    assert hostile not in form


def test_a_clerk_of_another_ward_is_told_the_dossier_does_not_exist(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    web_login(client, "tm.clerk")
    for path in ("", "/edit", "/decision.docx"):
        r = client.get(f"/dossiers/{dossier['id']}{path}")
        assert r.status_code == 404, path
    assert "Không tìm thấy" in r.get_data(as_text=True)


def test_a_post_without_the_csrf_token_is_refused(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")
    no_token = dossier_form("")
    del no_token["csrf_token"]
    assert client.post("/dossiers/new", data=no_token).status_code == 403
    r = client.post(f"/dossiers/{dossier['id']}/submit")
    assert r.status_code == 403
    assert "Phiên làm việc đã hết hạn" in r.get_data(as_text=True)
    assert "Nháp" in page(client, dossier["id"])


def test_the_decision_can_be_downloaded_once_the_district_approves(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="CSTDCS")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    to_the_head(client, as_user, "hm", dossier["id"])
    web_login(client, "hm.approver")
    assert client.get(f"/dossiers/{dossier['id']}/decision.docx").status_code == 404
    html = page(client, dossier["id"])
    r = client.post(
        task_url(html, dossier["id"]),
        data={"csrf_token": csrf(client, "/inbox"), "action": "approve"},
    )
    assert r.status_code == 302
    html = page(client, dossier["id"])
    assert "Đã phê duyệt hồ sơ" in html and "Quyết định khen thưởng" in html
    # Approval drafts it: no number until the records office issues it.
    assert "dự thảo" in html.lower() and not re.search(r"\d+/QĐ-UBND", html)
    issue(client, as_user, dossier["id"])
    html = page(client, dossier["id"])
    assert re.search(r"\d+/QĐ-UBND", html)
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", html)  # the history's times
    docx = client.get(f"/dossiers/{dossier['id']}/decision.docx")
    assert docx.status_code == 200
    assert docx.data[:2] == b"PK"
    assert ".docx" in docx.headers["Content-Disposition"]
    web_login(client, "hm.auditor")
    assert "/decision.docx" in page(client, dossier["id"])


def test_a_dossier_filed_under_an_old_award_code_opens_for_editing_with_its_award_chosen(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    # Dossiers made before the per-kind codes became aliases still hold BK_TINH_CN.
    dossier = create(client, as_user, award="BK_TINH")
    with services_of(app).container.db.begin() as conn:
        conn.execute(
            update(DossierRow).where(DossierRow.id == dossier["id"]).values(award_code="BK_TINH_CN")
        )
    web_login(client, "dc.clerk")
    form = client.get(f"/dossiers/{dossier['id']}/edit").get_data(as_text=True)
    chosen = re.findall(r'<option value="([A-Z_]+)"[^>]*\sselected', form)
    assert chosen == ["BK_TINH"]


def test_the_edit_form_carries_each_nominees_id_so_saving_it_keeps_them(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="LDTT")
    kept = dossier["nominees"][0]["id"]
    web_login(client, "dc.clerk")
    form = client.get(f"/dossiers/{dossier['id']}/edit").get_data(as_text=True)
    assert f'name="nominees-0-id" value="{kept}"' in form
    version = re.search(r'name="version" value="(\d+)"', form)
    assert version
    edited = dossier_form(csrf(client, "/inbox"), version=version.group(1))
    edited.update({"nominees-0-id": str(kept), "nominees-0-full_name": "Nguyễn Văn An"})
    assert client.post(f"/dossiers/{dossier['id']}/edit", data=edited).status_code == 302
    after = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user("dc.clerk"))
    ids = [n["id"] for n in after.get_json()["nominees"]]
    assert ids[0] == kept and len(ids) == 2 and ids[1] != kept
