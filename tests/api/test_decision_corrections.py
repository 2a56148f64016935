"""Correcting an issued decision (đính chính): the signer signs a correcting decision naming
what it corrects, the records office numbers it from the same register, the corrected decision
stays readable and its awards keep counting."""

from __future__ import annotations

import io

import docx
from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import (
    Login,
    approve_at,
    decision_of,
    dossier_body,
    issue,
    move_decision,
    submit,
)
from tests.api.test_decision_lifecycle import approved, person, post, standing_awards, text_of
from tests.conftest import actor_of, services_of

ITEM = {
    "where": "Tại số thứ tự 1 của danh sách kèm theo",
    "was": "Nguyễn Văn An",
    "now": "Nguyễn Văn Ân",
}
WHY = {"reason": "Sai chính tả họ tên", "legal_basis": "Điều 93 Luật Thi đua, khen thưởng 2022"}


def document_text(client: FlaskClient, as_user: Login, decision_id: int) -> str:
    r = client.get(f"/api/v1/decisions/{decision_id}/content", headers=as_user("hn.approver"))
    assert r.status_code == 200, r.get_json()
    d = docx.Document(io.BytesIO(r.data))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def issued_decision(client: FlaskClient, as_user: Login) -> dict:
    return issue(client, as_user, approved(client, as_user)["dossier_id"])


def test_a_signer_signs_a_correction_and_the_records_office_numbers_it_from_the_same_register(
    client: FlaskClient, as_user: Login
) -> None:
    original = issued_decision(client, as_user)
    r = post(client, as_user, "hn.signer", original["id"], "correct", items=[ITEM], **WHY)
    assert r.status_code == 201, r.get_json()
    correction = r.get_json()
    assert correction["status"] == "signed" and correction["number"] is None
    assert correction["corrects_id"] == original["id"]
    assert correction["correction"]["items"] == [ITEM]
    assert correction["signature_block"] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Quang Vinh"]
    # Until it is issued the corrected decision stands as it was.
    assert decision_of(client, as_user, original["dossier_id"])["status"] == "issued"

    issued = move_decision(client, as_user, "hn.records", correction["id"], "issue")
    assert issued["status"] == "issued" and issued["number"] == "02/QĐ-UBND"
    now = decision_of(client, as_user, original["dossier_id"])
    assert (now["id"], now["status"], now["number"]) == (original["id"], "corrected", "01/QĐ-UBND")
    assert now["corrected_by"] == [correction["id"]]

    day = "/".join(reversed(original["issued_on"].split("-")))
    text = document_text(client, as_user, correction["id"])
    assert "Số: 02/QĐ-UBND" in text
    assert f"Về việc đính chính Quyết định số 01/QĐ-UBND ngày {day}" in text
    assert (
        "Tại số thứ tự 1 của danh sách kèm theo, đã ghi: “Nguyễn Văn An”, "
        "nay sửa lại: “Nguyễn Văn Ân”"
    ) in text
    assert "Lý do đính chính: Sai chính tả họ tên." in text
    assert "Căn cứ Điều 93 Luật Thi đua, khen thưởng 2022;" in text
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text and "Lê Quang Vinh" in text
    # The corrected decision is still there to read, as it was issued.
    assert "Số: 01/QĐ-UBND" in text_of(client, as_user, original["dossier_id"])


def test_the_register_links_a_correction_to_the_decision_it_corrects(
    client: FlaskClient, as_user: Login
) -> None:
    original = issued_decision(client, as_user)
    correction = post(client, as_user, "hn.signer", original["id"], "correct", items=[ITEM], **WHY)
    move_decision(client, as_user, "hn.records", correction.get_json()["id"], "issue")
    items = client.get("/api/v1/decisions?org=HN", headers=as_user("hn.approver")).get_json()[
        "items"
    ]
    assert [(d["number"], d["status"], d["corrects_id"]) for d in items] == [
        ("01/QĐ-UBND", "corrected", None),
        ("02/QĐ-UBND", "issued", original["id"]),
    ]
    assert items[0]["corrected_by"] == [items[1]["id"]]


def test_only_the_signer_corrects_and_only_an_issued_decision(
    client: FlaskClient, as_user: Login
) -> None:
    draft = approved(client, as_user)
    early = post(client, as_user, "hn.signer", draft["id"], "correct", items=[ITEM], **WHY)
    assert early.status_code == 409, early.get_json()
    original = issue(client, as_user, draft["dossier_id"])
    for user in ("hn.approver", "hn.records", "hm.signer"):
        r = post(client, as_user, user, original["id"], "correct", items=[ITEM], **WHY)
        assert r.status_code == 403, (user, r.get_json())
    register = client.get("/api/v1/decisions?org=HN", headers=as_user("hn.approver"))
    assert len(register.get_json()["items"]) == 1  # nothing was added


def test_a_correction_needs_a_reason_a_legal_basis_and_what_was_and_is_to_be_written(
    client: FlaskClient, as_user: Login
) -> None:
    original = issued_decision(client, as_user)
    bare = post(client, as_user, "hn.signer", original["id"], "correct")
    assert bare.status_code == 422
    assert set(bare.get_json()["error"]["fields"]) == {"reason", "legal_basis", "items"}
    same = {"was": "Nguyễn Văn An", "now": "Nguyễn Văn An"}
    r = post(client, as_user, "hn.signer", original["id"], "correct", items=[same, {}], **WHY)
    assert r.status_code == 422
    assert r.get_json()["error"]["fields"] == {
        "items[0].now": "giống nội dung đã ghi",
        "items[1].was": "bắt buộc",
        "items[1].now": "bắt buộc",
    }
    assert decision_of(client, as_user, original["dossier_id"])["corrected_by"] == []


def test_a_second_correction_waits_until_the_first_is_issued(
    client: FlaskClient, as_user: Login
) -> None:
    original = issued_decision(client, as_user)
    first = post(client, as_user, "hn.signer", original["id"], "correct", items=[ITEM], **WHY)
    again = post(client, as_user, "hn.signer", original["id"], "correct", items=[ITEM], **WHY)
    assert again.status_code == 409, again.get_json()
    assert "chờ văn thư cấp số" in again.get_json()["error"]["message"]
    move_decision(client, as_user, "hn.records", first.get_json()["id"], "issue")
    later = {"where": "Tại Điều 1", "was": "01 cá nhân", "now": "02 cá nhân"}
    second = post(client, as_user, "hn.signer", original["id"], "correct", items=[later], **WHY)
    assert second.status_code == 201, second.get_json()
    # A correction is not itself corrected: the decision it corrects is.
    nested = post(
        client, as_user, "hn.signer", first.get_json()["id"], "correct", items=[ITEM], **WHY
    )
    assert nested.status_code == 409


def test_a_revoked_decision_cannot_be_corrected_and_a_corrected_one_can_be_revoked(
    client: FlaskClient, as_user: Login
) -> None:
    original = issued_decision(client, as_user)
    correction = post(client, as_user, "hn.signer", original["id"], "correct", items=[ITEM], **WHY)
    move_decision(client, as_user, "hn.records", correction.get_json()["id"], "issue")
    revoked = move_decision(
        client,
        as_user,
        "hn.signer",
        original["id"],
        "revoke",
        reason="Khai man thành tích",
        legal_basis="Điều 93 Luật Thi đua, khen thưởng 2022",
    )
    assert revoked["status"] == "revoked"
    r = post(client, as_user, "hn.signer", original["id"], "correct", items=[ITEM], **WHY)
    assert r.status_code == 409


def test_a_corrected_award_counts_once_in_the_history_the_statistics_and_the_dashboard(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    hang = person(client, as_user, "Nguyễn Thị Hằng")
    body = dossier_body(award="CSTDCS")
    body["nominees"] = [body["nominees"][0] | {"full_name": "Nguyễn Thị Hằng", "person_id": hang}]
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 201, r.get_json()
    dossier = r.get_json()
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    approve_at(client, as_user, "hm.approver", dossier["id"])
    original = issue(client, as_user, dossier["id"])
    year = original["issued_on"][:4]

    svc = services_of(app)

    def counted() -> tuple[list[str], str, list]:
        stats = client.get(f"/api/v1/statistics?year={year}", headers=as_user("hm.approver"))
        assert stats.status_code == 200
        board = svc.dashboard(int(year), actor=actor_of(app, "hm.approver"))
        return standing_awards(client, as_user, hang), str(stats.get_json()), board.awards

    before = counted()
    assert before[0] == [original["number"]]
    assert [(a.award, a.decisions, a.nominees) for a in before[2]] == [("CSTDCS", 1, 1)]
    correction = post(client, as_user, "hm.signer", original["id"], "correct", items=[ITEM], **WHY)
    move_decision(client, as_user, "hm.records", correction.get_json()["id"], "issue")
    assert counted() == before
