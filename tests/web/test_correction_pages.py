"""Correcting a decision from the dossier page: the signer fills in what was written and what it
is to read, the records office numbers the correction, everyone who reads the dossier sees it
and can download it; a refusal comes back in Vietnamese beside the form, keeping what was
typed."""

from __future__ import annotations

import io

import docx
from flask.testing import FlaskClient

from tests.api.helpers import Login
from tests.web.helpers import csrf
from tests.web.test_certificate_pages import _fresh_login, _issued

FORM = {
    "where0": "Tại số thứ tự 1 của danh sách kèm theo",
    "was0": "Nguyễn Thị Hằng",
    "now0": "Nguyễn Thị Hằng Nga",
    "reason": "Ghi thiếu tên",
    "legal_basis": "Điều 93 Luật Thi đua, khen thưởng 2022",
}


def test_the_signer_corrects_from_the_page_and_the_records_office_issues_the_correction(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, decision = _issued(client, as_user)
    _fresh_login(client, "dc.signer")
    token = csrf(client, f"/dossiers/{dossier_id}")
    assert "Đính chính quyết định" in client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    r = client.post(f"/dossiers/{dossier_id}/decision/correct", data={"csrf_token": token, **FORM})
    assert r.status_code == 302, r.get_data(as_text=True)
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Đã ký quyết định đính chính" in html
    assert "Ghi thiếu tên" in html
    # One correction waits for its number: the form is not offered again meanwhile.
    assert "<summary>Đính chính quyết định</summary>" not in html

    _fresh_login(client, "dc.records")
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Cấp số và ban hành quyết định đính chính" in html
    token = csrf(client, f"/dossiers/{dossier_id}")
    listed = client.get("/api/v1/decisions?org=HM-DC", headers=as_user("dc.records"))
    correction = next(d for d in listed.get_json()["items"] if d["corrects_id"])
    r = client.post(
        f"/dossiers/{dossier_id}/decision/corrections/{correction['id']}/issue",
        data={"csrf_token": token, "number": ""},
    )
    assert r.status_code == 302
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "đã được đính chính" in html  # the decision's own state
    assert "02/QĐ-UBND" in html

    _fresh_login(client, "dc.clerk")
    got = client.get(f"/dossiers/{dossier_id}/decision/corrections/{correction['id']}.docx")
    assert got.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(got.data)).paragraphs)
    assert f"Đính chính Quyết định số {decision['number']}" in text
    assert "đã ghi: “Nguyễn Thị Hằng”, nay sửa lại: “Nguyễn Thị Hằng Nga”" in text


def test_a_correction_without_its_reason_comes_back_in_vietnamese_keeping_what_was_typed(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, _ = _issued(client, as_user)
    _fresh_login(client, "dc.signer")
    token = csrf(client, f"/dossiers/{dossier_id}")
    form = {**FORM, "reason": ""}
    r = client.post(f"/dossiers/{dossier_id}/decision/correct", data={"csrf_token": token, **form})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Nội dung đính chính chưa đủ hoặc chưa đúng." in html
    assert 'value="Nguyễn Thị Hằng Nga"' in html
    assert "bắt buộc" in html


def test_the_clerk_sees_no_correction_form(client: FlaskClient, as_user: Login) -> None:
    dossier_id, _ = _issued(client, as_user)
    _fresh_login(client, "dc.clerk")
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Đính chính quyết định" not in html
    token = csrf(client, f"/dossiers/{dossier_id}")
    r = client.post(f"/dossiers/{dossier_id}/decision/correct", data={"csrf_token": token, **FORM})
    assert r.status_code == 403
