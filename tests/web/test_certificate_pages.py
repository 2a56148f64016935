"""Certificates from the dossier page: the records office prints them and records each
delivery; everyone who reads the dossier sees the register; a refusal comes back in Vietnamese."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import Login, approve_at, create, issue, submit
from tests.web.helpers import csrf, web_login

NOMINEES = [
    {"full_name": "Nguyễn Thị Hằng", "kind": "individual", "unit": "Tổ dân phố 3"},
    {"full_name": "Trần Văn Đức", "kind": "individual", "unit": "Trường Tiểu học Định Công"},
]


def _issued(client: FlaskClient, as_user: Login) -> tuple[int, dict]:
    dossier = create(client, as_user, award="GK_XA_CN", nominees=NOMINEES)
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    return dossier["id"], issue(client, as_user, dossier["id"])


def _fresh_login(client: FlaskClient, user: str) -> None:
    with client.session_transaction() as session:
        session.clear()
    web_login(client, user)


def test_the_records_office_prints_the_certificates_and_records_a_delivery(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, decision = _issued(client, as_user)
    _fresh_login(client, "dc.records")
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "In bằng/giấy khen trên phôi (PDF)" in html and html.count("Chưa giao") == 2

    pdf = client.get(f"/dossiers/{dossier_id}/decision/certificates.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    listed = client.get(
        f"/api/v1/decisions/{decision['id']}/deliveries", headers=as_user("dc.records")
    ).get_json()["items"]
    hang = next(x["nominee_id"] for x in listed if x["name"] == "Nguyễn Thị Hằng")
    form = {"nominee_id": str(hang), "received_by": "Nguyễn Thị Hằng",
            "delivered_on": decision["issued_on"], "note": "Tại hội nghị tổng kết"}  # fmt: skip
    token = csrf(client, f"/dossiers/{dossier_id}")
    r = client.post(
        f"/dossiers/{dossier_id}/decision/deliveries", data={"csrf_token": token, **form}
    )
    assert r.status_code == 302
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Đã ghi sổ giao bằng." in html and "Đã giao cho Nguyễn Thị Hằng" in html

    again = client.post(
        f"/dossiers/{dossier_id}/decision/deliveries", data={"csrf_token": token, **form}
    )
    assert again.status_code == 409
    assert "Đã ghi giao bằng cho Nguyễn Thị Hằng" in again.get_data(as_text=True)


def test_others_see_the_register_but_neither_the_print_nor_the_form(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, _ = _issued(client, as_user)
    _fresh_login(client, "dc.clerk")
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)

    assert "Bằng, giấy khen" in html and html.count("Chưa giao") == 2
    assert "In bằng/giấy khen trên phôi" not in html and "Ghi sổ giao bằng" not in html
    refused = client.get(f"/dossiers/{dossier_id}/decision/certificates.pdf")
    assert refused.status_code == 403
    assert "Chỉ văn thư của đơn vị ban hành" in refused.get_data(as_text=True)
