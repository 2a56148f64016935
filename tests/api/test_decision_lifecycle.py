"""A decision's procedure after approval: drafted, submitted for signature, signed by a signer of
the issuing unit in their capacity, numbered and dated by its records office, revoked."""

from __future__ import annotations

import io

import docx
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.api.helpers import (
    Login,
    approve_at,
    create,
    decision_of,
    dossier_body,
    issue,
    move_decision,
    submit,
)


def approved(client: FlaskClient, as_user: Login, award: str = "BK_TINH_CN", **kw: object) -> dict:
    """A dossier of HM-DC approved at the province; its drafted decision."""
    dossier = create(client, as_user, award=award, **kw)
    submit(client, as_user, dossier["id"])
    for approver in ("dc.approver", "hm.approver", "hn.approver"):
        final = approve_at(client, as_user, approver, dossier["id"])
    assert final["status"] == "approved"
    return decision_of(client, as_user, dossier["id"])


def text_of(client: FlaskClient, as_user: Login, dossier_id: int) -> str:
    url = f"/api/v1/dossiers/{dossier_id}/decision/content"
    r = client.get(url, headers=as_user("hn.approver"))
    assert r.status_code == 200
    d = docx.Document(io.BytesIO(r.data))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def post(
    client: FlaskClient, as_user: Login, user: str, decision_id: int, step: str, **body: object
) -> TestResponse:
    return client.post(f"/api/v1/decisions/{decision_id}/{step}", json=body, headers=as_user(user))


def test_the_approval_drafts_a_decision_with_no_number_no_date_and_no_signer(
    client: FlaskClient, as_user: Login
) -> None:
    draft = approved(client, as_user)
    assert draft["status"] == "draft"
    assert draft["number"] is None and draft["issued_on"] is None
    assert draft["signer"] is None
    text = text_of(client, as_user, draft["dossier_id"])
    assert "Số:         /QĐ-UBND" in text
    assert "Hà Nội, ngày      tháng      năm" in text
    assert "Đặng Quang Vinh" not in text  # the approver is not the signer


def test_the_approver_cannot_sign_and_a_draft_cannot_be_signed_before_it_is_submitted(
    client: FlaskClient, as_user: Login
) -> None:
    draft = approved(client, as_user)
    early = post(client, as_user, "hn.signer", draft["id"], "sign")
    assert early.status_code == 409, early.get_json()
    move_decision(client, as_user, "hn.officer", draft["id"], "submit-for-signature")
    r = post(client, as_user, "hn.approver", draft["id"], "sign")
    assert r.status_code == 403, r.get_json()
    other_unit = post(client, as_user, "hm.signer", draft["id"], "sign")
    assert other_unit.status_code == 403
    assert decision_of(client, as_user, draft["dossier_id"])["status"] == "submitted_for_signature"


def test_a_vice_chairman_signs_kt_chu_tich_and_the_records_office_numbers_and_dates_it(
    client: FlaskClient, as_user: Login
) -> None:
    draft = approved(client, as_user)
    move_decision(client, as_user, "hn.officer", draft["id"], "submit-for-signature")
    signed = move_decision(client, as_user, "hn.signer", draft["id"], "sign")
    assert signed["status"] == "signed"
    assert signed["signature_block"] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Quang Vinh"]
    assert signed["signer"] == {
        "username": "hn.signer",
        "full_name": "Lê Quang Vinh",
        "title": "Phó Chủ tịch",
        "capacity": "KT",
    }
    assert signed["number"] is None
    text = text_of(client, as_user, draft["dossier_id"])
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text and "Lê Quang Vinh" in text
    assert "TM. ỦY BAN NHÂN DÂN" not in text
    issued = move_decision(client, as_user, "hn.records", draft["id"], "issue")
    assert issued["status"] == "issued"
    assert issued["number"] == "01/QĐ-UBND" and issued["issued_on"] is not None
    text = text_of(client, as_user, draft["dossier_id"])
    assert "Số: 01/QĐ-UBND" in text
    assert "Hà Nội, ngày      tháng" not in text


def test_a_typed_number_from_the_e_office_system_is_kept_and_a_duplicate_is_refused(
    client: FlaskClient, as_user: Login
) -> None:
    first = approved(client, as_user)
    assert issue(client, as_user, first["dossier_id"], number="125/QĐ-UBND")["number"] == (
        "125/QĐ-UBND"
    )
    second = approved(client, as_user)
    move_decision(client, as_user, "hn.officer", second["id"], "submit-for-signature")
    move_decision(client, as_user, "hn.signer", second["id"], "sign")
    again = post(client, as_user, "hn.records", second["id"], "issue", number="125")
    assert again.status_code == 409, again.get_json()
    assert "đã có trong sổ" in again.get_json()["error"]["message"]
    # The register goes on after the typed number: no number is given twice.
    nxt = move_decision(client, as_user, "hn.records", second["id"], "issue")
    assert nxt["number"] == "126/QĐ-UBND"


def test_only_the_records_office_issues_and_an_issued_decision_is_not_issued_twice(
    client: FlaskClient, as_user: Login
) -> None:
    draft = approved(client, as_user)
    move_decision(client, as_user, "hn.officer", draft["id"], "submit-for-signature")
    move_decision(client, as_user, "hn.signer", draft["id"], "sign")
    assert post(client, as_user, "hn.signer", draft["id"], "issue").status_code == 403
    move_decision(client, as_user, "hn.records", draft["id"], "issue")
    assert post(client, as_user, "hn.records", draft["id"], "issue").status_code == 409


def test_the_register_shows_drafts_and_issued_decisions_with_state_and_signer(
    client: FlaskClient, as_user: Login
) -> None:
    issued = issue(client, as_user, approved(client, as_user)["dossier_id"])
    approved(client, as_user)
    r = client.get("/api/v1/decisions?org=HN", headers=as_user("hn.approver"))
    items = r.get_json()["items"]
    assert [(d["status"], d["number"]) for d in items] == [
        ("issued", issued["number"]),
        ("draft", None),
    ]
    assert items[0]["signer"]["full_name"] == "Lê Quang Vinh"


def test_revoking_needs_a_reason_and_a_legal_basis_and_leaves_the_decision_readable(
    client: FlaskClient, as_user: Login
) -> None:
    issued = issue(client, as_user, approved(client, as_user)["dossier_id"])
    bare = post(client, as_user, "hn.signer", issued["id"], "revoke")
    assert bare.status_code == 422
    assert set(bare.get_json()["error"]["fields"]) == {"reason", "legal_basis"}
    assert (
        post(
            client, as_user, "hn.records", issued["id"], "revoke", reason="x", legal_basis="y"
        ).status_code
        == 403
    )
    revoked = move_decision(
        client,
        as_user,
        "hn.signer",
        issued["id"],
        "revoke",
        reason="Khai man thành tích",
        legal_basis="Điều 93 Luật Thi đua, khen thưởng 2022",
    )
    assert revoked["status"] == "revoked"
    assert revoked["revocations"][0]["reason"] == "Khai man thành tích"
    assert revoked["number"] == issued["number"]
    assert "Số: 01/QĐ-UBND" in text_of(client, as_user, issued["dossier_id"])


def person(client: FlaskClient, as_user: Login, name: str) -> int:
    body = {
        "full_name": name,
        "date_of_birth": "1980-05-01",
        "gender": "female",
        "org_code": "HM-DC",
        "position": "Chuyên viên",
    }
    r = client.post("/api/v1/people", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 201, r.get_json()
    found = int(r.get_json()["id"])
    # What CSTĐCS asks of 2025 (the dossier's year): an excellent rating and an initiative.
    initiative = {
        "title": "Số hóa hồ sơ",
        "scope": "province",
        "recognised_on": "2025-06-01",
        "deciding_body": "Hội đồng sáng kiến thành phố",
    }
    for entry in ({"rating": "excellent", "year": 2025}, {"initiative": initiative}):
        added = client.post(
            f"/api/v1/people/{found}/history", json=entry, headers=as_user("dc.clerk")
        )
        assert added.status_code == 201, added.get_json()
    return found


def standing_awards(client: FlaskClient, as_user: Login, person_id: int) -> list[str]:
    r = client.get(f"/api/v1/people/{person_id}", headers=as_user("dc.clerk"))
    assert r.status_code == 200, r.get_json()
    return [a["decision_number"] for a in r.get_json()["awards"] if not a["revoked"]]


def test_an_award_enters_the_history_when_issued_and_leaves_it_when_revoked_for_that_awardee(
    client: FlaskClient, as_user: Login
) -> None:
    hang, lan = person(client, as_user, "Nguyễn Thị Hằng"), person(client, as_user, "Trần Thị Lan")
    body = dossier_body(award="CSTDCS")
    first = body["nominees"][0]
    body["nominees"] = [
        first | {"full_name": "Nguyễn Thị Hằng", "person_id": hang},
        first | {"full_name": "Trần Thị Lan", "person_id": lan},
    ]
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 201, r.get_json()
    dossier = r.get_json()
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    assert approve_at(client, as_user, "hm.approver", dossier["id"])["status"] == "approved"
    assert standing_awards(client, as_user, hang) == []  # a draft awards nobody yet
    issued = issue(client, as_user, dossier["id"])
    assert standing_awards(client, as_user, hang) == [issued["number"]]
    hang_nominee = next(n["id"] for n in dossier["nominees"] if n["person_id"] == hang)
    move_decision(
        client,
        as_user,
        "hm.signer",
        issued["id"],
        "revoke",
        reason="Sai thành tích",
        legal_basis="Điều 93 Luật Thi đua, khen thưởng",
        nominee_ids=[hang_nominee],
    )
    assert standing_awards(client, as_user, hang) == []
    assert standing_awards(client, as_user, lan) == [issued["number"]]
    assert decision_of(client, as_user, dossier["id"])["status"] == "issued"
    stats = client.get(
        "/api/v1/statistics?year=" + issued["issued_on"][:4], headers=as_user("hm.approver")
    ).get_json()
    assert "Nguyễn Thị Hằng" not in str(stats)
