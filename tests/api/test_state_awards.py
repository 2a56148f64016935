"""State awards the province only proposes, end to end over the API (issue 12, item 3).

Bằng khen Thủ tướng, Huân chương Lao động hạng Ba, Cờ thi đua Chính phủ and CSTĐ toàn quốc are
decided above the province (domain.md §1.2): the route ends at the province with its tờ trình and
list, no decision is issued here, and the central decision is recorded when it comes back.
"""

from __future__ import annotations

import io

import docx
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.api.helpers import act, approve_at, create, submit
from tests.conftest import Logins, services_of

MIXED = [
    {"full_name": "Công an phường Định Công", "kind": "collective", "unit": "Công an Hà Nội"},
    {"full_name": "Nguyễn Văn An", "kind": "individual", "position": "Tổ trưởng dân phố"},
]


def _proposed(client: FlaskClient, as_user: Logins, award: str, **kw: object) -> dict:
    dossier = create(client, as_user, award=award, **kw)
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    approve_at(client, as_user, "hm.approver", dossier["id"])
    return approve_at(client, as_user, "hn.approver", dossier["id"])


def _text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _record(
    client: FlaskClient, as_user: Logins, user: str, dossier_id: int, **fields: str
) -> TestResponse:
    return client.post(
        f"/api/v1/dossiers/{dossier_id}/central-decision", json=fields, headers=as_user(user)
    )


def test_a_prime_ministers_bang_khen_ends_at_the_province_as_a_proposal(
    client: FlaskClient, as_user: Logins
) -> None:
    final = _proposed(client, as_user, "BK_TTG", nominees=MIXED)

    assert (final["status"], final["level"]) == ("proposed", "province")
    dossier_id = final["id"]
    decision = client.get(f"/api/v1/dossiers/{dossier_id}/decision", headers=as_user("dc.clerk"))
    assert decision.status_code == 404
    history = client.get(f"/api/v1/dossiers/{dossier_id}/history", headers=as_user("dc.clerk"))
    assert "proposed" in [e["action"] for e in history.get_json()["items"]]


def test_the_proposal_is_a_to_trinh_to_the_prime_minister_with_the_list(
    client: FlaskClient, as_user: Logins
) -> None:
    final = _proposed(client, as_user, "BK_TTG", nominees=MIXED)

    r = client.get(f"/api/v1/dossiers/{final['id']}/proposal", headers=as_user("dc.clerk"))
    assert r.status_code == 200, r.get_json()
    assert r.mimetype.endswith("wordprocessingml.document")
    assert "to-trinh-" in r.headers["Content-Disposition"]
    text = _text(r.data)
    assert "TỜ TRÌNH" in text
    assert "Số:         /TTr-UBND" in text
    assert "Kính gửi: Thủ tướng Chính phủ (qua Bộ Nội vụ)." in text
    assert "Kính trình Thủ tướng Chính phủ xem xét, quyết định./." in text
    assert (
        "Ủy ban nhân dân thành phố Hà Nội đề nghị Thủ tướng Chính phủ xem xét, tặng Bằng khen "
        "của Thủ tướng Chính phủ cho 01 tập thể và 01 cá nhân (có danh sách kèm theo)"
    ) in text
    assert "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA THỦ TƯỚNG CHÍNH PHỦ" in text
    assert text.index("Công an phường Định Công") < text.index("Nguyễn Văn An")
    assert "Đặng Quang Vinh" in text  # the province's approver signs it
    assert "của Ủy ban nhân dân thành phố Hà Nội)" in text


def test_a_medal_is_asked_of_the_president_through_the_prime_minister(
    client: FlaskClient, as_user: Logins
) -> None:
    final = _proposed(client, as_user, "HCLD_H3")

    r = client.get(f"/api/v1/dossiers/{final['id']}/proposal", headers=as_user("hn.approver"))
    assert "đề nghị Thủ tướng Chính phủ xem xét, trình Chủ tịch nước tặng thưởng" in _text(r.data)


def test_there_is_no_proposal_before_the_province_sends_it(
    client: FlaskClient, as_user: Logins
) -> None:
    dossier = create(client, as_user, award="BK_TTG")
    submit(client, as_user, dossier["id"])

    r = client.get(f"/api/v1/dossiers/{dossier['id']}/proposal", headers=as_user("dc.clerk"))
    assert r.status_code == 409
    assert "chưa được trình" in r.get_json()["error"]["message"]
    pdf = client.get(
        f"/api/v1/dossiers/{dossier['id']}/proposal?format=pdf", headers=as_user("dc.clerk")
    )
    assert pdf.status_code == 422


def test_the_province_records_the_prime_ministers_decision_once(
    client: FlaskClient, as_user: Logins
) -> None:
    final = _proposed(client, as_user, "CSTD_TQ")
    dossier_id = final["id"]
    signed = services_of(client.application).today().isoformat()

    ward = _record(client, as_user, "dc.approver", dossier_id, number="1/QĐ-TTg", signed_on=signed)
    assert ward.status_code == 403
    bad = _record(client, as_user, "hn.approver", dossier_id, number="", signed_on="02/12/2026")
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"number", "signed_on"}
    still = client.get(f"/api/v1/dossiers/{dossier_id}", headers=as_user("dc.clerk"))
    assert still.get_json()["status"] == "proposed"

    ok = _record(client, as_user, "hn.approver", dossier_id, number="1234/QĐ-TTg", signed_on=signed)
    assert ok.status_code == 201, ok.get_json()
    assert ok.get_json()["authority"] == "Thủ tướng Chính phủ"
    again = _record(client, as_user, "hn.approver", dossier_id, number="9/QĐ-TTg", signed_on=signed)
    assert again.status_code == 409

    decided = client.get(f"/api/v1/dossiers/{dossier_id}", headers=as_user("dc.clerk"))
    assert decided.get_json()["status"] == "decided"
    shown = client.get(
        f"/api/v1/dossiers/{dossier_id}/central-decision", headers=as_user("dc.clerk")
    )
    assert (shown.status_code, shown.get_json()["number"]) == (200, "1234/QĐ-TTg")
    history = client.get(f"/api/v1/dossiers/{dossier_id}/history", headers=as_user("hn.auditor"))
    [event] = [e for e in history.get_json()["items"] if e["action"] == "central_decision"]
    assert "1234/QĐ-TTg" in event["comment"]


def test_a_declined_proposal_needs_its_reason_and_closes_the_dossier(
    client: FlaskClient, as_user: Logins
) -> None:
    final = _proposed(client, as_user, "HCLD_H3")
    signed = services_of(client.application).today().isoformat()

    bare = _record(
        client,
        as_user,
        "hn.approver",
        final["id"],
        outcome="declined",
        number="7/QĐ-CTN",
        signed_on=signed,
    )
    assert (bare.status_code, list(bare.get_json()["error"]["fields"])) == (422, ["note"])
    told = _record(
        client,
        as_user,
        "hn.approver",
        final["id"],
        outcome="declined",
        number="7/QĐ-CTN",
        signed_on=signed,
        note="Chưa đủ thời gian giữ danh hiệu",
    )
    assert told.status_code == 201
    assert told.get_json()["authority"] == "Chủ tịch nước"
    closed = client.get(f"/api/v1/dossiers/{final['id']}", headers=as_user("dc.clerk"))
    assert closed.get_json()["status"] == "rejected"
    r = client.get(f"/api/v1/dossiers/{final['id']}/proposal", headers=as_user("dc.clerk"))
    assert r.status_code == 200


def test_the_province_may_still_return_or_reject_a_state_award(
    client: FlaskClient, as_user: Logins
) -> None:
    dossier = create(client, as_user, award="CO_TD_CP", nominees=MIXED[:1])
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    approve_at(client, as_user, "hm.approver", dossier["id"])
    back = act(client, as_user, "hn.officer", dossier["id"], "return", "Bổ sung biên bản")
    assert (back["status"], back["level"]) == ("returned", "district")
    approve_at(client, as_user, "hm.approver", dossier["id"])
    final = act(client, as_user, "hn.officer", dossier["id"], "reject", "Chưa đủ tiêu chuẩn")
    assert final["status"] == "rejected"


def test_a_ward_under_the_province_proposes_straight_through_it(two_tier_app: Flask) -> None:
    client = two_tier_app.test_client()
    as_user = Logins(client)
    dossier = create(client, as_user, award="CSTD_TQ")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    final = approve_at(client, as_user, "hn.approver", dossier["id"])

    assert (final["status"], final["level"]) == ("proposed", "province")
    r = client.get(f"/api/v1/dossiers/{dossier['id']}/proposal", headers=as_user("dc.clerk"))
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in _text(r.data)
