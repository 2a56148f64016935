"""The page of a state award the province proposed: its tờ trình, and recording the answer."""

from __future__ import annotations

import io
import re

import docx
from flask.testing import FlaskClient

from tests.api.helpers import Login, approve_at, create, submit
from tests.conftest import services_of
from tests.web.helpers import csrf, web_login


def proposed(client: FlaskClient, as_user: Login) -> int:
    dossier = create(client, as_user, award="CSTD_TQ")
    submit(client, as_user, dossier["id"])
    for approver in ("dc.approver", "hm.approver", "hn.approver"):
        approve_at(client, as_user, approver, dossier["id"])
    return int(dossier["id"])


def page(client: FlaskClient, dossier_id: int) -> str:
    r = client.get(f"/dossiers/{dossier_id}")
    assert r.status_code == 200
    return r.get_data(as_text=True)


def test_the_clerk_sees_the_proposal_and_downloads_the_to_trinh_but_cannot_record(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = proposed(client, as_user)
    web_login(client, "dc.clerk")

    html = page(client, dossier_id)
    assert "Đã trình cấp trên" in html
    assert "Hình thức này do Thủ tướng Chính phủ quyết định" in html
    assert "Thủ tướng Chính phủ quyết định (cấp tỉnh trình)" in html
    assert "Ghi nhận quyết định của cấp trên" not in html
    # Its route has ended: the level is where it ended, no longer one still handling it.
    assert "Kết thúc ở cấp" in html and "Cấp đang xử lý" not in html
    r = client.get(f"/dossiers/{dossier_id}/proposal.docx")
    assert r.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.data)).paragraphs)
    assert "TỜ TRÌNH" in text and "Chiến sĩ thi đua toàn quốc" in text


def test_a_mistyped_answer_comes_back_beside_the_form_with_what_was_typed(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = proposed(client, as_user)
    web_login(client, "hn.approver")
    assert "Ghi nhận quyết định của cấp trên" in page(client, dossier_id)

    form = {"csrf_token": csrf(client, f"/dossiers/{dossier_id}"), "outcome": "declined"}
    form |= {"number": "55/QĐ-TTg", "signed_on": "2026-13-40", "authority": "", "note": ""}
    r = client.post(f"/dossiers/{dossier_id}/central-decision", data=form)

    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Ngày ký phải có dạng YYYY-MM-DD." in html
    assert "Hãy ghi lý do cấp trên không khen thưởng." in html
    assert 'value="55/QĐ-TTg"' in html
    assert re.search(r'value="declined"\s+checked', html)


def test_the_provinces_approver_records_the_prime_ministers_decision(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = proposed(client, as_user)
    web_login(client, "hn.approver")
    today = services_of(client.application).today().isoformat()

    form = {"csrf_token": csrf(client, f"/dossiers/{dossier_id}"), "outcome": "awarded"}
    form |= {"number": "1234/QĐ-TTg", "signed_on": today, "authority": "", "note": ""}
    r = client.post(f"/dossiers/{dossier_id}/central-decision", data=form)

    assert r.status_code == 302
    html = page(client, dossier_id)
    assert "Đã ghi nhận quyết định của cấp trên." in html
    assert "Cấp trên đã quyết định" in html and "1234/QĐ-TTg" in html
    assert 'name="number"' not in html  # recorded once: no form any more
