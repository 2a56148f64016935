"""The administrator's page of rules: rulebooks, and a province's dated regulation (quy chế)."""

from __future__ import annotations

import re
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient

from service.web.formatting import vn_number
from tests.api.helpers import Login
from tests.web.helpers import csrf, web_login

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


def test_every_table_of_the_rules_page_labels_its_cells_with_their_column_headers(
    client: FlaskClient,
) -> None:
    # The tables come from one macro (_tables.html): at phone width each cell shows its label.
    web_login(client, "admin")
    html = client.get("/admin/rules").get_data(as_text=True)
    tables = re.findall(r"<table class=\"list stack\" id=\"([a-z-]+)\">(.*?)</table>", html, re.S)
    assert [name for name, _ in tables] == ["rulebook-list", "override-rows", "award-list"]
    for name, table in tables:
        headers = re.findall(r'<th scope="col">([^<]+)</th>', table)
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S):
            assert re.findall(r'<td data-label="([^"]+)">', row) == headers, name


def test_the_list_table_macro_draws_the_caption_headers_and_one_row_per_item(app: Flask) -> None:
    macros = app.jinja_env.get_template("_tables.html").module
    page = app.jinja_env.from_string(
        '{% call(x, col) m.list_table("Ghi chú", ["Mã", "Tên"], items, "t") %}'
        "{% call m.cell(col[0]) %}{{ x.code }}{% endcall %}"
        "{% call m.cell(col[1]) %}{{ x.name }}{% endcall %}{% endcall %}"
    ).render(m=macros, items=[{"code": "HN", "name": "Hà Nội"}, {"code": "HM", "name": "<b>"}])
    assert '<caption class="visually-hidden">Ghi chú</caption>' in page
    assert '<th scope="col">Mã</th><th scope="col">Tên</th>' in page
    assert page.count("<tr>") == 3 and '<td data-label="Tên">&lt;b&gt;</td>' in page


def test_prize_multiples_read_in_vietnamese_and_a_title_without_money_says_so(
    client: FlaskClient,
) -> None:
    web_login(client, "admin")
    html = client.get("/admin/rules").get_data(as_text=True)
    awards = html.split('id="award-list"')[1]
    row = re.search(r"Bằng khen của Chủ tịch.*?</tr>", awards, re.S)
    assert row and '<td data-label="Hệ số tiền thưởng (× mức lương cơ sở)">1,5</td>' in row[0]
    assert "1.50" not in awards and "0.30" not in awards
    gdvh = re.search(r"Gia đình văn hóa.*?</tr>", awards, re.S)
    assert gdvh and "Không có tiền thưởng" in gdvh[0]
    # No regulation: nothing is named, the page says the rulebook applies.
    assert "Quy chế chưa đặt tên" not in html
    assert "Tỉnh chưa có quy định riêng" in html


def test_vn_number_drops_trailing_zeros_and_writes_a_decimal_comma() -> None:
    assert [vn_number(Decimal(v)) for v in ("1.50", "0.30", "8.00", "0", "1500", "-2.5")] == [
        "1,5",
        "0,3",
        "8",
        "0",
        "1.500",
        "-2,5",
    ]


def _form(client: FlaskClient, **rows: list[str]) -> dict[str, object]:
    """The regulation form as a browser posts it: one list per column, the page's CSRF token."""
    return {"csrf_token": csrf(client, "/admin/rules"), **rows}


def test_an_admin_edits_the_regulation_row_by_row_and_it_is_in_force(
    client: FlaskClient, as_user: Login
) -> None:
    web_login(client, "admin")
    data = _form(
        client,
        name=["Quy chế thi đua, khen thưởng thành phố Hà Nội"],
        version=["0"],
        award=["CSTDCS", ""],
        valid_from=["2020-01-01", ""],
        valid_to=["", ""],
        level=["province", ""],
        prize_multiple=["2.5", ""],
        basis=["Quyết định số 01/2027/QĐ-UBND", ""],
    )
    r = client.post("/admin/rules/HN/regulation", data=data)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    got = client.get("/api/v1/orgs/HN/regulation", headers=as_user("admin")).get_json()
    assert got["version"] == 1
    assert got["overrides"] == [
        {
            "award": "CSTDCS",
            "valid_from": "2020-01-01",
            "valid_to": None,
            "level": "province",
            "prize_multiple": 2.5,
            "basis": "Quyết định số 01/2027/QĐ-UBND",
        }
    ]
    html = client.get("/admin/rules?org=HN").get_data(as_text=True)
    assert "Đã lưu quy chế của HN" in html
    awards = client.get("/api/v1/awards?org=HM-DC", headers=as_user("admin")).get_json()["items"]
    assert next(a for a in awards if a["code"] == "CSTDCS")["level"] == "province"


def test_a_refused_form_keeps_what_was_typed_and_says_why(client: FlaskClient) -> None:
    web_login(client, "admin")
    data = _form(
        client,
        name=["Quy chế mới"],
        version=["0"],
        award=["CSTDCS"],
        valid_from=["2027-01-01"],
        valid_to=["2026-01-01"],
        level=[""],
        prize_multiple=["1.5"],
        basis=["Quyết định số 02/2027/QĐ-UBND"],
    )
    r = client.post("/admin/rules/HN/regulation", data=data)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "ngày kết thúc trước ngày bắt đầu" in html
    assert 'value="Quy chế mới"' in html and 'value="2026-01-01"' in html
    assert 'value="Quyết định số 02/2027/QĐ-UBND"' in html


def test_a_form_read_before_another_admins_write_is_refused_with_409(
    client: FlaskClient, as_user: Login
) -> None:
    web_login(client, "admin")
    data = _form(
        client,
        name=["Quy chế của tôi"],
        version=["0"],
        award=["LDTT"],
        valid_from=["2027-01-01"],
        valid_to=[""],
        level=[""],
        prize_multiple=["0.5"],
        basis=["Quyết định số 03/2027/QĐ-UBND"],
    )
    other = {"name": "Quy chế của người khác", "overrides": []}
    assert client.put("/api/v1/orgs/HN/regulation", json=other, headers=as_user("admin")).is_json
    r = client.post("/admin/rules/HN/regulation", data=data)
    assert r.status_code == 409
    html = r.get_data(as_text=True)
    assert "vừa được người khác sửa" in html and 'value="Quy chế của tôi"' in html


def test_an_admin_changes_the_province_s_rulebook_on_the_page(
    client: FlaskClient, as_user: Login
) -> None:
    web_login(client, "admin")
    html = client.get("/admin/rules").get_data(as_text=True)
    assert '<option value="three_tier_nd98" selected>' in html
    token = csrf(client, "/admin/rules")
    r = client.post("/admin/rules/HN/rulebook", data={"csrf_token": token, "rulebook": "nope"})
    assert r.status_code == 422
    assert "Không có bộ quy định &#39;nope&#39;" in r.get_data(as_text=True)
    r = client.post(
        "/admin/rules/HN/rulebook", data={"csrf_token": token, "rulebook": "two_tier_nd152"}
    )
    assert r.status_code == 302
    orgs = client.get("/api/v1/orgs", headers=as_user("admin")).get_json()["items"]
    assert next(o for o in orgs if o["code"] == "HN")["rulebook"] == "two_tier_nd152"
    assert "Đã đổi bộ quy định của HN" in client.get("/admin/rules").get_data(as_text=True)
