"""Templates per issuing unit through the API: ``org`` names the unit, the admin's own by default.

A district admin's upload prints the decisions of the district and of its wards without one of
their own, and nobody else's; the province's templates are out of their reach (403).
"""

from __future__ import annotations

import hashlib
import io

import docx
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.api.helpers import Login, approve_at, create, submit
from tests.api.test_decisions import _template_with, all_text, decided, document
from tests.documents.hostile import rezip, stock


def put(
    client: FlaskClient, as_user: Login, user: str, name: str, body: bytes, org: str = ""
) -> TestResponse:
    query = f"?org={org}" if org else ""
    return client.put(
        f"/api/v1/templates/{name}{query}",
        data=body,
        headers=as_user(user),
        content_type="application/octet-stream",
    )


def listing(client: FlaskClient, as_user: Login, user: str, org: str = "") -> dict[str, dict]:
    query = f"?org={org}" if org else ""
    r = client.get(f"/api/v1/templates{query}", headers=as_user(user))
    assert r.status_code == 200, r.get_json()
    return {t["name"]: t for t in r.get_json()["items"]}


def test_a_district_admin_may_not_replace_the_province_s_template(
    client: FlaskClient, as_user: Login
) -> None:
    body = _template_with("Mẫu của quận")
    r = put(client, as_user, "hm.admin", "bang_khen", body, org="HN")
    assert r.status_code == 403
    assert r.get_json()["error"]["message"] == "Đơn vị này nằm ngoài phạm vi quản trị của bạn."
    assert put(client, as_user, "hm.admin", "bang_khen", body, org="CG").status_code == 403
    got = client.get("/api/v1/templates/bang_khen?org=HN", headers=as_user("hm.admin"))
    assert got.status_code == 403
    assert listing(client, as_user, "admin")["bang_khen"]["source"] == "stock"


def test_a_district_admin_s_template_prints_the_district_and_its_wards_only(
    client: FlaskClient, as_user: Login
) -> None:
    body = _template_with("Mẫu riêng của quận: {{ issuer.place }}")
    r = put(client, as_user, "hm.admin", "giay_khen", body)
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["org"], r.get_json()["owner"], r.get_json()["source"]) == (
        "HM",
        "HM",
        "uploaded",
    )

    ward = listing(client, as_user, "hm.admin", org="HM-DC")["giay_khen"]
    assert (ward["source"], ward["org"], ward["owner"]) == ("inherited", "HM-DC", "HM")
    assert ward["sha256"] == hashlib.sha256(body).hexdigest()
    got = client.get("/api/v1/templates/giay_khen?org=HM-DC", headers=as_user("hm.admin"))
    assert got.data == body
    province = listing(client, as_user, "admin")["giay_khen"]
    assert (province["source"], province["owner"]) == ("stock", None)

    # Hoàng Mai's ward and Hoàng Mai itself print with it …
    for award in ("GK_XA_CN", "GK_HUYEN_CN"):
        decision = decided(client, as_user, award=award)
        text = all_text(document(client, as_user, decision["dossier_id"]))
        assert "Mẫu riêng của quận" in text, award
    # … a ward of Cầu Giấy does not.
    other = create(client, as_user, clerk="dv.clerk", award="GK_XA_CN")
    submit(client, as_user, other["id"], clerk="dv.clerk")
    approve_at(client, as_user, "dv.approver", other["id"])
    r = client.get(f"/api/v1/dossiers/{other['id']}/decision/content", headers=as_user("dv.clerk"))
    assert r.status_code == 200
    assert "Mẫu riêng" not in all_text(docx.Document(io.BytesIO(r.data)))
    stock_sha = hashlib.sha256(stock("giay_khen")).hexdigest()
    assert listing(client, as_user, "admin", org="CG-DV")["giay_khen"]["sha256"] == stock_sha


def test_an_upload_whose_annex_has_no_households_part_is_refused_in_vietnamese(
    client: FlaskClient, as_user: Login
) -> None:
    body = rezip(stock("bang_khen"), lambda xml: xml.replace("households", "collectives"))
    r = put(client, as_user, "hm.admin", "bang_khen", body)
    assert r.status_code == 422, r.get_json()
    assert "thiếu phần hộ gia đình" in r.get_json()["error"]["message"]
    assert listing(client, as_user, "hm.admin")["bang_khen"]["source"] == "stock"
