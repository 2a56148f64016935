"""A dossier's whole route through the API alone: ward → district → province, with returns."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import Login, act, approve_at, create, issue, submit, task_of


def test_a_province_award_climbs_every_level_and_is_approved_at_the_province(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="BK_TINH_CN")
    assert dossier["status"] == "draft"
    assert dossier["level"] == "ward"
    assert dossier["code"] == "HM-DC-2026-00001"

    assert submit(client, as_user, dossier["id"])["status"] == "in_review"
    after_ward = approve_at(client, as_user, "dc.approver", dossier["id"])
    assert (after_ward["status"], after_ward["level"]) == ("in_review", "district")
    after_district = approve_at(client, as_user, "hm.approver", dossier["id"])
    assert (after_district["status"], after_district["level"]) == ("in_review", "province")
    final = approve_at(client, as_user, "hn.approver", dossier["id"])
    assert (final["status"], final["level"]) == ("approved", "province")

    r = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user("hn.auditor"))
    assert r.get_json()["status"] == "approved"
    assert client.get("/api/v1/tasks", headers=as_user("hn.approver")).get_json()["items"] == []


def test_a_district_award_finishes_at_the_district(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user, award="GK_HUYEN")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    final = approve_at(client, as_user, "hm.approver", dossier["id"])
    assert (final["status"], final["level"]) == ("approved", "district")
    assert client.get("/api/v1/tasks", headers=as_user("hn.approver")).get_json()["items"] == []


def test_a_ward_award_finishes_at_the_ward(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user, award="GK_XA_CN")
    submit(client, as_user, dossier["id"])
    final = approve_at(client, as_user, "dc.approver", dossier["id"])
    assert (final["status"], final["level"]) == ("approved", "ward")


def test_a_three_tier_ward_decides_its_own_ldtt_and_giay_khen(
    client: FlaskClient, as_user: Login
) -> None:
    # Luật 06/2022 Art. 80(3): the commune chairman decides both, even under a district.
    for award in ("LDTT", "GK_XA"):
        dossier = create(client, as_user, award=award)
        submit(client, as_user, dossier["id"])
        final = approve_at(client, as_user, "dc.approver", dossier["id"])
        assert (final["status"], final["level"]) == ("approved", "ward"), award
        r = client.get(f"/api/v1/dossiers/{dossier['id']}/decision", headers=as_user("dc.clerk"))
        assert r.get_json()["issuer_org_code"] == "HM-DC"
    assert client.get("/api/v1/tasks", headers=as_user("hm.approver")).get_json()["items"] == []


def test_a_return_from_the_district_reaches_the_clerk_with_its_comment_and_can_be_resubmitted(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="CSTDCS")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    # At the deciding district its officer appraises first, and returns what is incomplete.
    returned = act(
        client, as_user, "hm.officer", dossier["id"], "return", "Thiếu biên bản họp Hội đồng"
    )
    assert (returned["status"], returned["level"]) == ("returned", "ward")

    clerk_task = task_of(client, as_user, "dc.clerk", dossier["id"])
    assert clerk_task["actions"] == ["submit"]
    assert clerk_task["comment"] == "Thiếu biên bản họp Hội đồng"

    edited = client.put(
        f"/api/v1/dossiers/{dossier['id']}",
        json={
            "title": "Đề nghị khen thưởng (bổ sung)",
            "award": "CSTDCS",
            "year": 2026,
            "nominees": [{"full_name": "Nguyễn Văn An", "kind": "individual"}],
            # A PUT replaces the dossier: the tờ trình and the period it must carry come again.
            "proposal": {"number": "15/TTr-UBND", "date": "2026-06-20"},
            "period": {"from": "2026-01-01", "to": "2026-12-31"},
            "version": returned["version"],
        },
        headers=as_user("dc.clerk"),
    )
    assert edited.status_code == 200, edited.get_json()
    assert edited.get_json()["title"] == "Đề nghị khen thưởng (bổ sung)"

    assert submit(client, as_user, dossier["id"])["status"] == "in_review"
    approve_at(client, as_user, "dc.approver", dossier["id"])
    final = approve_at(client, as_user, "hm.approver", dossier["id"])
    assert (final["status"], final["level"]) == ("approved", "district")


def test_a_return_from_the_province_goes_back_to_the_district_approver(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="CSTD_TINH")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    approve_at(client, as_user, "hm.approver", dossier["id"])
    returned = act(client, as_user, "hn.officer", dossier["id"], "return", "Bổ sung sáng kiến")
    assert (returned["status"], returned["level"]) == ("returned", "district")
    assert task_of(client, as_user, "hm.approver", dossier["id"])["comment"] == "Bổ sung sáng kiến"
    approve_at(client, as_user, "hm.approver", dossier["id"])
    final = approve_at(client, as_user, "hn.approver", dossier["id"])
    assert final["status"] == "approved"


def test_a_rejection_at_the_district_ends_the_route(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user, award="BK_TINH_CN")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    final = act(client, as_user, "hm.approver", dossier["id"], "reject", "Không đủ tiêu chuẩn")
    assert (final["status"], final["level"]) == ("rejected", "district")
    assert client.get("/api/v1/tasks", headers=as_user("dc.clerk")).get_json()["items"] == []


def test_the_history_lists_every_step_oldest_first(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user, award="CSTDCS")
    submit(client, as_user, dossier["id"])
    act(client, as_user, "dc.approver", dossier["id"], "return", "Sửa tên đơn vị")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"], "Đồng ý, đề nghị cấp trên xét.")
    approve_at(client, as_user, "hm.approver", dossier["id"])
    issue(client, as_user, dossier["id"])

    r = client.get(f"/api/v1/dossiers/{dossier['id']}/history", headers=as_user("hm.auditor"))
    assert r.status_code == 200
    steps = [(e["actor"], e["action"], e["level"], e["org_code"]) for e in r.get_json()["items"]]
    # CSTĐCS: tờ trình, the report, the minutes and the initiative's confirmation, filed first.
    parts = [("dc.clerk", "attachment_added", "ward", "HM-DC")] * 4
    assert steps == [
        ("dc.clerk", "created", "ward", "HM-DC"),
        *parts,
        ("dc.clerk", "submit", "ward", "HM-DC"),
        ("dc.approver", "return", "ward", "HM-DC"),
        ("dc.clerk", "submit", "ward", "HM-DC"),
        ("dc.approver", "approve", "ward", "HM-DC"),
        ("hm.officer", "approve", "district", "HM"),
        ("hm.secretary", "record_votes", "district", "HM"),
        ("hm.approver", "approve", "district", "HM"),
        # The approval drafts the decision; the district's own procedure takes it to its issue.
        ("hm.approver", "decision_drafted", "district", "HM"),
        ("hm.officer", "decision_submitted_for_signature", "district", "HM"),
        ("hm.signer", "decision_signed", "district", "HM"),
        ("hm.records", "decision_issued", "district", "HM"),
    ]
    assert r.get_json()["items"][5 + len(parts)]["comment"] == "Thẩm định: 1 trình Hội đồng xét"
    assert r.get_json()["items"][6 + len(parts)]["comment"] == (
        "Hội đồng biểu quyết (9/9 thành viên có mặt): 1 đề nghị khen thưởng"
    )
    assert r.get_json()["items"][2 + len(parts)]["comment"] == "Sửa tên đơn vị"
    opinion = r.get_json()["items"][4 + len(parts)]["comment"]
    assert opinion == "Đồng ý, đề nghị cấp trên xét."
    times = [e["at"] for e in r.get_json()["items"]]
    assert times == sorted(times)


def test_dossier_codes_are_sequential_per_ward_and_year(
    client: FlaskClient, as_user: Login
) -> None:
    first = create(client, as_user)
    second = create(client, as_user)
    other_ward = create(client, as_user, clerk="tm.clerk")
    next_year = create(client, as_user, year=2025)
    assert [first["code"], second["code"]] == ["HM-DC-2026-00001", "HM-DC-2026-00002"]
    assert other_ward["code"] == "HM-TM-2026-00001"
    assert next_year["code"] == "HM-DC-2025-00001"
