"""Checklists through the API, on both databases: the awards list them, an upload names its part
(and its nominee), and a dossier is not submitted while a required part is missing."""

from __future__ import annotations

import io
from typing import Any

from flask.testing import FlaskClient

from tests.api import files
from tests.api.helpers import Login, act, create, dossier_body, file_parts, submit

TWO = [
    {"full_name": "Nguyễn Văn An", "kind": "individual"},
    {"full_name": "Trần Thị Bình", "kind": "individual"},
]


def upload(
    client: FlaskClient,
    as_user: Login,
    dossier_id: int,
    kind: str,
    nominee_id: int | str | None = None,
    text: str = "",
) -> Any:
    form: dict[str, Any] = {
        "kind": kind,
        "file": (io.BytesIO(files.pdf(text or f"{kind} {nominee_id}")), f"{kind}.pdf"),
    }
    if nominee_id is not None:
        form["nominee_id"] = str(nominee_id)
    return client.post(
        f"/api/v1/dossiers/{dossier_id}/attachments",
        data=form,
        headers=as_user("dc.clerk"),
        content_type="multipart/form-data",
    )


def try_submit(client: FlaskClient, as_user: Login, dossier_id: int) -> Any:
    return client.post(f"/api/v1/dossiers/{dossier_id}/submit", headers=as_user("dc.clerk"))


def test_each_award_lists_its_checklist_and_cstd_asks_for_the_initiative(
    client: FlaskClient, as_user: Login
) -> None:
    items = client.get("/api/v1/awards", headers=as_user("dc.clerk")).get_json()["items"]
    by_code = {a["code"]: a for a in items}
    report = next(i for i in by_code["GK_XA"]["checklist"] if i["kind"] == "bao_cao_thanh_tich")
    assert report == {
        "kind": "bao_cao_thanh_tich",
        "name": "Báo cáo thành tích",
        "required": True,
        "per_nominee": True,
        "simplified": False,
        "simplified_only": False,
    }
    cstd = {i["kind"] for i in by_code["CSTDCS"]["checklist"]}
    assert "xac_nhan_sang_kien" in cstd
    assert "xac_nhan_sang_kien" not in {i["kind"] for i in by_code["GK_XA"]["checklist"]}


def test_a_submission_missing_parts_is_refused_naming_every_one_then_passes_once_filed(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, nominees=TWO)
    an, binh = (n["id"] for n in dossier["nominees"])
    assert upload(client, as_user, dossier["id"], "proposal").status_code == 201
    assert upload(client, as_user, dossier["id"], "bao_cao_thanh_tich", an).status_code == 201

    r = try_submit(client, as_user, dossier["id"])

    assert r.status_code == 422
    error = r.get_json()["error"]
    assert error["code"] == "incomplete_dossier"
    text = error["fields"]["attachments"]
    assert "Báo cáo thành tích của Trần Thị Bình" in text
    assert "Biên bản họp Hội đồng Thi đua – Khen thưởng (xét khen thưởng)" in text
    assert "Nguyễn Văn An" not in text and "Tờ trình" not in text
    detail = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user("dc.clerk"))
    assert detail.get_json()["status"] == "draft"

    assert upload(client, as_user, dossier["id"], "bao_cao_thanh_tich", binh).status_code == 201
    assert upload(client, as_user, dossier["id"], "bien_ban_hoi_dong").status_code == 201
    assert try_submit(client, as_user, dossier["id"]).status_code == 200


def test_an_upload_names_its_nominee_and_a_wrong_kind_or_nominee_is_refused(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, nominees=TWO)
    other = create(client, as_user)
    an = dossier["nominees"][0]["id"]

    filed = upload(client, as_user, dossier["id"], "bao_cao_thanh_tich", an)
    assert filed.status_code == 201, filed.get_json()
    assert (filed.get_json()["kind"], filed.get_json()["nominee_id"]) == ("bao_cao_thanh_tich", an)

    bad_kind = upload(client, as_user, dossier["id"], "selfie")
    assert bad_kind.status_code == 422
    assert "bien_ban_hoi_dong (Biên bản họp" in bad_kind.get_json()["error"]["fields"]["kind"]
    stranger = other["nominees"][0]["id"]
    for kind, nominee in [
        ("bao_cao_thanh_tich", None),  # a report is filed for someone
        ("bao_cao_thanh_tich", stranger),  # of another dossier
        ("bao_cao_thanh_tich", "abc"),
        ("to_trinh", an),  # the tờ trình is the whole dossier's
    ]:
        r = upload(client, as_user, dossier["id"], kind, nominee)
        assert r.status_code == 422, (kind, nominee)
        assert "nominee_id" in r.get_json()["error"]["fields"], (kind, nominee)
    listed = client.get(
        f"/api/v1/dossiers/{dossier['id']}/attachments", headers=as_user("dc.clerk")
    ).get_json()["items"]
    assert len(listed) == 1


def test_a_simplified_dossier_needs_the_summary_instead_of_the_reports(
    client: FlaskClient, as_user: Login
) -> None:
    body = dossier_body(nominees=TWO, simplified={"reason": "Người lao động trực tiếp"})
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 201, r.get_json()
    dossier = r.get_json()
    assert dossier["simplified"] == {"reason": "Người lao động trực tiếp"}
    upload(client, as_user, dossier["id"], "to_trinh")
    upload(client, as_user, dossier["id"], "bien_ban_hoi_dong")

    refused = try_submit(client, as_user, dossier["id"])
    text = refused.get_json()["error"]["fields"]["attachments"]
    assert "Tóm tắt thành tích (hồ sơ đơn giản)" in text
    assert "Báo cáo thành tích" not in text

    assert upload(client, as_user, dossier["id"], "tom_tat_thanh_tich").status_code == 201
    assert try_submit(client, as_user, dossier["id"]).status_code == 200


def test_a_simplified_dossier_must_say_why(client: FlaskClient, as_user: Login) -> None:
    body = dossier_body(simplified={"reason": "   "})
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 422
    assert "simplified.reason" in r.get_json()["error"]["fields"]


def test_a_returned_dossier_keeps_its_sealed_parts_and_a_new_nominee_needs_a_report(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    submit(client, as_user, dossier["id"])
    act(client, as_user, "dc.approver", dossier["id"], "return", "Thêm người")
    kept = dossier_body(nominees=[{"id": dossier["nominees"][0]["id"], **TWO[0]}, TWO[1]])
    edited = client.put(
        f"/api/v1/dossiers/{dossier['id']}", json=kept, headers=as_user("dc.clerk")
    ).get_json()

    refused = act_submit(client, as_user, dossier["id"])
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"]["attachments"] == (
        "Hồ sơ còn thiếu thành phần bắt buộc: Báo cáo thành tích của Trần Thị Bình."
    )
    assert (
        file_parts(client, as_user, dossier["id"])[0]["nominee_id"] == (edited["nominees"][1]["id"])
    )
    assert act_submit(client, as_user, dossier["id"]).status_code == 200


def act_submit(client: FlaskClient, as_user: Login, dossier_id: int) -> Any:
    """The clerk's 'submit' task completed through the tasks endpoint (the other way in)."""
    mine = client.get("/api/v1/tasks", headers=as_user("dc.clerk")).get_json()["items"]
    task = next(t for t in mine if t["dossier_id"] == dossier_id)
    return client.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"action": "submit", "comment": ""},
        headers=as_user("dc.clerk"),
    )
