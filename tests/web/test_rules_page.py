"""The administrator's page of rules: rulebooks, and a province's dated regulation (quy chế)."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import Login
from tests.web.helpers import web_login

REGULATION = {
    "name": "Quy chế thi đua, khen thưởng thành phố Hà Nội",
    "overrides": [
        {
            "award": "CSTDCS",
            "valid_from": "2027-01-01",
            "level": "province",
            "basis": "Quyết định số 01/2027/QĐ-UBND, Điều 5",
        }
    ],
}


def test_an_admin_reads_the_rulebooks_and_the_provinces_overrides(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.put("/api/v1/orgs/HN/regulation", json=REGULATION, headers=as_user("admin"))
    assert r.status_code == 200
    web_login(client, "admin")
    r = client.get("/admin/rules")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "three_tier_nd98" in html and "two_tier_nd152" in html
    assert "Đang áp dụng" in html
    assert REGULATION["name"] in html
    assert "01/01/2027" in html and "Quyết định số 01/2027/QĐ-UBND, Điều 5" in html
    assert "Hình thức khen thưởng có hiệu lực ngày" in html


def test_someone_who_is_not_an_admin_is_refused_the_rules_page(client: FlaskClient) -> None:
    web_login(client, "dc.clerk")
    assert client.get("/admin/rules").status_code == 403
