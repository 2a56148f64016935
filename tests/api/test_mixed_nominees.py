"""One dossier, one form, mixed nominees (issue 12, item 3) end to end over the API.

A Bằng khen or Giấy khen dossier takes collectives, households and individuals together and
ends in one decision: Điều 1 counts them ("cho 02 tập thể và 03 cá nhân"), the annex lists
collectives first, then households, then individuals (NĐ 152 Art. 29(5)), and each is priced by
its kind from the rulebook: collectives twice the rounded individual amount (Art. 54(2)),
households 1.5 times it (Art. 54(3)). The old per-kind codes (BK_TINH_CN) still file a dossier.
"""

from __future__ import annotations

import io

import docx
from flask.testing import FlaskClient

from tests.api.helpers import Login, approve_at, dossier_body, submit

# Base salary 2 340 000 đ (NĐ 73/2024). Bằng khen tỉnh 1.5 → 3 510 000; Giấy khen 0.3 → 702 000,
# rounded up to 710 000 (NĐ 152 Art. 49(2)), before any factor applies.
BK_INDIVIDUAL, BK_COLLECTIVE = 3_510_000, 7_020_000
GK_INDIVIDUAL, GK_COLLECTIVE, GK_HOUSEHOLD = 710_000, 1_420_000, 1_070_000  # 1 065 000 ↑


def nominee(name: str, kind: str) -> dict[str, str]:
    return {"full_name": name, "kind": kind, "unit": "Phường Định Công"}


def post(client: FlaskClient, as_user: Login, award: str, nominees: list[dict]) -> tuple[int, dict]:
    body = dossier_body(award=award, nominees=nominees)
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    return r.status_code, r.get_json()


def decided(client: FlaskClient, as_user: Login, dossier_id: int, *approvers: str) -> dict:
    submit(client, as_user, dossier_id)
    for approver in approvers:
        final = approve_at(client, as_user, approver, dossier_id)
    assert final["status"] == "approved"
    r = client.get(f"/api/v1/dossiers/{dossier_id}/decision", headers=as_user("dc.clerk"))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def annex_rows(client: FlaskClient, as_user: Login, dossier_id: int) -> list[list[str]]:
    """Every table row of the decision, in document order, as its cells' text."""
    r = client.get(f"/api/v1/dossiers/{dossier_id}/decision/content", headers=as_user("dc.clerk"))
    assert r.status_code == 200
    document = docx.Document(io.BytesIO(r.data))
    return [[c.text.strip() for c in row.cells] for t in document.tables for row in t.rows]


def body_text(client: FlaskClient, as_user: Login, dossier_id: int) -> str:
    r = client.get(f"/api/v1/dossiers/{dossier_id}/decision/content", headers=as_user("dc.clerk"))
    return "\n".join(p.text for p in docx.Document(io.BytesIO(r.data)).paragraphs)


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def test_a_bang_khen_for_two_collectives_and_three_individuals_is_one_decision_collectives_first(
    client: FlaskClient, as_user: Login
) -> None:
    nominees = [
        nominee("Nguyễn Văn An", "individual"),
        nominee("Tổ dân phố số 5", "collective"),
        nominee("Trần Thị Bình", "individual"),
        nominee("Trường Mầm non Định Công", "collective"),
        nominee("Lê Văn Cường", "individual"),
    ]
    status, dossier = post(client, as_user, "BK_TINH", nominees)
    assert status == 201, dossier
    decision = decided(client, as_user, dossier["id"], "dc.approver", "hm.approver", "hn.approver")
    assert decision["issuer_org_code"] == "HN"

    text = body_text(client, as_user, dossier["id"])
    assert "cho 02 tập thể và 03 cá nhân (có danh sách kèm theo)" in text
    assert (
        f"mỗi tập thể {money(BK_COLLECTIVE)} đồng, mỗi cá nhân {money(BK_INDIVIDUAL)} đồng" in text
    )
    total = 2 * BK_COLLECTIVE + 3 * BK_INDIVIDUAL
    assert f"Tổng số tiền thưởng: {money(total)} đồng" in text
    assert text.index("I. TẬP THỂ") < text.index("II. CÁ NHÂN")
    named = [row for row in annex_rows(client, as_user, dossier["id"]) if row[0].isdigit()]
    assert [(row[1], row[-1]) for row in named] == [
        ("Tổ dân phố số 5", money(BK_COLLECTIVE)),
        ("Trường Mầm non Định Công", money(BK_COLLECTIVE)),
        ("Nguyễn Văn An", money(BK_INDIVIDUAL)),
        ("Trần Thị Bình", money(BK_INDIVIDUAL)),
        ("Lê Văn Cường", money(BK_INDIVIDUAL)),
    ]


def test_a_giay_khen_with_a_household_lists_it_between_collectives_and_individuals(
    client: FlaskClient, as_user: Login
) -> None:
    nominees = [
        nominee("Phạm Thu Hà", "individual"),
        nominee("Hộ ông Đỗ Văn Hùng", "household"),
        nominee("Chi hội Phụ nữ tổ 12", "collective"),
    ]
    status, dossier = post(client, as_user, "GK_XA", nominees)
    assert status == 201, dossier
    decision = decided(client, as_user, dossier["id"], "dc.approver")
    assert decision["issuer_org_code"] == "HM-DC"  # the ward's own Giấy khen (Art. 80(3))

    text = body_text(client, as_user, dossier["id"])
    assert "cho 01 tập thể, 01 hộ gia đình và 01 cá nhân" in text
    assert text.index("I. TẬP THỂ") < text.index("II. HỘ GIA ĐÌNH") < text.index("III. CÁ NHÂN")
    named = [row for row in annex_rows(client, as_user, dossier["id"]) if row[0].isdigit()]
    assert [(row[1], row[-1]) for row in named] == [
        ("Chi hội Phụ nữ tổ 12", money(GK_COLLECTIVE)),
        ("Hộ ông Đỗ Văn Hùng", money(GK_HOUSEHOLD)),
        ("Phạm Thu Hà", money(GK_INDIVIDUAL)),
    ]


def test_an_old_per_kind_code_files_the_dossier_under_the_award_and_keeps_its_kind(
    client: FlaskClient, as_user: Login
) -> None:
    status, dossier = post(client, as_user, "BK_TINH_CN", [nominee("Nguyễn Văn An", "individual")])
    assert status == 201, dossier
    assert dossier["award"] == "BK_TINH"
    for code in ("BK_TINH", "BK_TINH_CN"):
        listed = client.get(f"/api/v1/dossiers?award={code}", headers=as_user("dc.clerk"))
        assert [d["id"] for d in listed.get_json()["items"]] == [dossier["id"]], code

    status, refused = post(client, as_user, "BK_TINH_TT", [nominee("Nguyễn Văn An", "individual")])
    assert status == 422
    assert refused["error"]["fields"]["nominees[0].kind"] == (
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh chỉ dành cho tập thể."
    )


def test_a_nominee_of_a_kind_the_award_does_not_take_is_refused_naming_the_kinds_it_takes(
    client: FlaskClient, as_user: Login
) -> None:
    status, refused = post(client, as_user, "TTLDTT", [nominee("Hộ ông Đỗ Văn Hùng", "household")])
    assert status == 422
    assert refused["error"]["fields"]["nominees[0].kind"] == (
        "Tập thể lao động tiên tiến chỉ dành cho tập thể."
    )


def test_the_catalogue_gives_every_kind_an_award_takes(client: FlaskClient, as_user: Login) -> None:
    items = client.get("/api/v1/awards", headers=as_user("dc.clerk")).get_json()["items"]
    by_code = {a["code"]: a for a in items}
    assert (by_code["BK_TINH"]["kind"], by_code["BK_TINH"]["kinds"]) == (
        None,
        ["collective", "household", "individual"],
    )
    assert (by_code["TTLDTT"]["kind"], by_code["TTLDTT"]["kinds"]) == ("collective", ["collective"])


def test_a_ward_recognises_a_gia_dinh_van_hoa_for_a_household_without_prize_money(
    client: FlaskClient, as_user: Login
) -> None:
    status, dossier = post(client, as_user, "GDVH", [nominee("Hộ bà Vũ Thị Lan", "household")])
    assert status == 201, dossier
    decision = decided(client, as_user, dossier["id"], "dc.approver")
    assert decision["issuer_org_code"] == "HM-DC"  # Luật 06/2022 Art. 80(3)

    text = body_text(client, as_user, dossier["id"])
    assert "Công nhận danh hiệu “Gia đình văn hóa” năm 2026 cho 01 hộ gia đình" in text
    assert "Tiền thưởng" not in text  # NĐ 152 Art. 50 sets no money for it
