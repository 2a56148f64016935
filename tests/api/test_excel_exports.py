"""The .xlsx exports of the dossier list and the decision register (issue 14, item 4)."""

from __future__ import annotations

import io

import openpyxl
from flask.testing import FlaskClient

from tests.api.helpers import Login, approve_at, create, submit


def rows_of(content: bytes) -> list[list[object]]:
    ws = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_the_dossier_export_holds_what_the_list_shows_with_the_same_filters(
    client: FlaskClient, as_user: Login
) -> None:
    kept = create(client, as_user, title="Khen thưởng phong trào Đền ơn đáp nghĩa")
    create(client, as_user, title="Khen thưởng chuyên đề khác")
    r = client.get("/api/v1/dossiers/export.xlsx?q=den on dap", headers=as_user("dc.clerk"))
    assert r.status_code == 200
    assert r.mimetype.endswith("spreadsheetml.sheet")
    rows = rows_of(r.data)
    assert rows[0][:3] == ["Mã hồ sơ", "Trích yếu", "Hình thức"]
    assert [row[0] for row in rows[1:]] == [kept["code"]]
    assert rows[1][6] == "Nháp"
    assert rows[1][8] == "Nguyễn Văn An (cá nhân)"


def test_the_dossier_export_shows_an_outsider_nothing_of_the_unit(
    client: FlaskClient, as_user: Login
) -> None:
    create(client, as_user)
    r = client.get("/api/v1/dossiers/export.xlsx", headers=as_user("tm.clerk"))
    assert rows_of(r.data)[1:] == []


def test_the_decision_register_export_lists_the_decisions_issued(
    client: FlaskClient, as_user: Login
) -> None:
    x = create(client, as_user, award="CSTDCS")
    submit(client, as_user, x["id"])
    approve_at(client, as_user, "dc.approver", x["id"])
    approve_at(client, as_user, "hm.approver", x["id"])
    listed = client.get("/api/v1/decisions", headers=as_user("hm.approver")).get_json()["items"]
    r = client.get("/api/v1/decisions/export.xlsx", headers=as_user("hm.approver"))
    assert r.status_code == 200
    rows = rows_of(r.data)
    assert rows[0][0] == "Số quyết định"
    assert [row[0] for row in rows[1:]] == [d["number"] for d in listed]
    assert x["id"] in [row[6] for row in rows[1:]]
