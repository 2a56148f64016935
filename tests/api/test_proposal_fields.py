"""The proposal fields over the API: stored with the dossier, required to submit, cited in the
decision (the tờ trình, the period, the reason, the fund, the province's regulation)."""

from __future__ import annotations

import io

import docx
from flask.testing import FlaskClient

from tests.api.helpers import Login, approve_at, create, dossier_body, file_parts, submit

PROPOSAL = {"number": "27/TTr-UBND", "date": "2026-11-20"}
PERIOD = {"from": "2026-01-01", "to": "2026-12-31"}
REASON = "đã có thành tích xuất sắc trong thực hiện nhiệm vụ"


def decision_text(client: FlaskClient, as_user: Login, dossier_id: int) -> str:
    """The issued decision's text as python-docx reads it: paragraphs, then table cells."""
    r = client.get(f"/api/v1/dossiers/{dossier_id}/decision/content", headers=as_user("dc.clerk"))
    assert r.status_code == 200
    d = docx.Document(io.BytesIO(r.data))
    parts = [p.text for p in d.paragraphs]
    parts += [cell.text for t in d.tables for row in t.rows for cell in row.cells]
    return "\n".join(parts)


def test_a_dossier_answers_the_proposal_fields_it_was_given(
    client: FlaskClient, as_user: Login
) -> None:
    own = {"full_name": "Trần Thị Bình", "kind": "individual", "reason": "đã có sáng kiến"}
    d = create(
        client,
        as_user,
        proposal=PROPOSAL,
        period=PERIOD,
        reason=REASON,
        nominees=[{"full_name": "Nguyễn Văn An", "kind": "individual"}, own],
    )
    got = client.get(f"/api/v1/dossiers/{d['id']}", headers=as_user("dc.clerk")).get_json()
    assert (got["proposal"], got["period"], got["reason"]) == (PROPOSAL, PERIOD, REASON)
    assert [n["reason"] for n in got["nominees"]] == ["", "đã có sáng kiến"]


def test_a_draft_may_leave_them_out_and_an_edit_may_add_them(
    client: FlaskClient, as_user: Login
) -> None:
    body = dossier_body(award="GK_HUYEN")
    del body["proposal"], body["period"], body["reason"]
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 201, r.get_json()
    assert (r.get_json()["proposal"], r.get_json()["period"]) == (None, None)
    edit = {**body, "proposal": PROPOSAL, "period": PERIOD, "version": r.get_json()["version"]}
    put = client.put(
        f"/api/v1/dossiers/{r.get_json()['id']}", json=edit, headers=as_user("dc.clerk")
    )
    assert put.status_code == 200, put.get_json()
    assert put.get_json()["proposal"] == PROPOSAL


def test_wrong_proposal_fields_are_refused_with_a_vietnamese_message_each(
    client: FlaskClient, as_user: Login
) -> None:
    body = dossier_body(
        proposal={"number": "mười hai", "date": "2999-01-01"},
        period={"from": "2026-12-31", "to": "2026-01-01"},
    )
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 422
    fields = r.get_json()["error"]["fields"]
    assert "«/»" in fields["proposal.number"]
    assert fields["proposal.date"] == "Ngày tờ trình không được sau ngày hôm nay."
    assert fields["period.to"] == "Ngày kết thúc phải từ ngày bắt đầu trở đi."


def test_a_dossier_without_its_tờ_trình_and_period_cannot_be_submitted(
    client: FlaskClient, as_user: Login
) -> None:
    body = dossier_body(award="GK_HUYEN")
    del body["proposal"], body["period"]
    d = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk")).get_json()
    file_parts(client, as_user, d["id"])
    r = client.post(f"/api/v1/dossiers/{d['id']}/submit", headers=as_user("dc.clerk"))
    assert r.status_code == 422
    error = r.get_json()["error"]
    assert set(error["fields"]) == {"proposal", "period"}
    assert "tờ trình" in error["fields"]["proposal"] and "thời gian" in error["fields"]["period"]
    assert "Chưa trình được hồ sơ" in error["message"]
    tasks = client.get("/api/v1/tasks", headers=as_user("dc.approver")).get_json()["items"]
    assert all(t["dossier_id"] != d["id"] for t in tasks)


def test_an_issued_decision_cites_the_tờ_trình_the_period_the_reason_and_the_fund(
    client: FlaskClient, as_user: Login
) -> None:
    d = create(client, as_user, award="BK_TINH_CN", proposal=PROPOSAL, period=PERIOD, reason=REASON)
    submit(client, as_user, d["id"])
    for approver in ("dc.approver", "hm.approver", "hn.approver"):
        approve_at(client, as_user, approver, d["id"])
    text = decision_text(client, as_user, d["id"])
    assert (
        "Xét đề nghị của Chủ tịch Ủy ban nhân dân phường Định Công tại Tờ trình số 27/TTr-UBND "
        "ngày 20 tháng 11 năm 2026;" in text
    )
    assert "Theo đề nghị của Giám đốc Sở Nội vụ." in text
    assert "(có danh sách kèm theo), " + REASON + " năm 2026." in text
    fund = "trích từ Quỹ thi đua, khen thưởng của thành phố Hà Nội"
    assert f"Tổng số tiền thưởng: 3.510.000 đồng, {fund}." in text


def test_a_decision_cites_the_province_s_regulation_once(
    client: FlaskClient, as_user: Login
) -> None:
    name = "Quyết định số 12/2025/QĐ-UBND ngày 10 tháng 3 năm 2025 ban hành Quy chế thi đua"
    put = client.put(
        "/api/v1/orgs/HN/regulation",
        json={"name": name, "overrides": []},
        headers=as_user("admin"),
    )
    assert put.status_code == 200, put.get_json()
    d = create(client, as_user, award="GK_HUYEN")
    submit(client, as_user, d["id"])
    approve_at(client, as_user, "dc.approver", d["id"])
    approve_at(client, as_user, "hm.approver", d["id"])
    text = decision_text(client, as_user, d["id"])
    assert text.count(name) == 1
    assert f"Căn cứ {name};" in text
    assert text.index("Căn cứ Luật Thi đua, khen thưởng") < text.index(name)
    assert "Theo đề nghị của Trưởng phòng Nội vụ." in text
    assert "trích từ Quỹ thi đua, khen thưởng của quận Hoàng Mai." in text
