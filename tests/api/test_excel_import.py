"""Importing a nominee list from Excel into a dossier (issue 14, item 4), on both databases.

The sheets are made here with openpyxl, under the headers of the template the service offers.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from flask.testing import FlaskClient

from service.domain.nominee_sheet import COLUMNS
from tests.api.helpers import Login, create

HEADER = [c.header for c in COLUMNS]
GOOD = [
    [1, "Trần Thị Bình", "cá nhân", "Công chức Tư pháp", "UBND phường Định Công", "Xuất sắc"],
    [2, "Lê Văn Cường", "Cá nhân", "Chỉ huy trưởng Quân sự", "UBND phường Định Công", "Tốt"],
]


def sheet(*rows: list[Any], header: list[str] | None = None, above: int = 0) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for _ in range(above):
        ws.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"])
    ws.append(header or HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def send(client: FlaskClient, as_user: Login, dossier_id: int, content: bytes, **form: str) -> Any:
    return client.post(
        f"/api/v1/dossiers/{dossier_id}/nominees/import",
        data={"file": (io.BytesIO(content), "danh_sach.xlsx"), **form},
        headers=as_user("dc.clerk"),
        content_type="multipart/form-data",
    )


def nominees(client: FlaskClient, as_user: Login, dossier_id: int) -> list[dict[str, Any]]:
    r = client.get(f"/api/v1/dossiers/{dossier_id}", headers=as_user("dc.clerk"))
    found: list[dict[str, Any]] = r.get_json()["nominees"]
    return found


def test_a_good_sheet_is_appended_and_the_nominees_already_there_keep_their_ids(
    client: FlaskClient, as_user: Login
) -> None:
    d = create(client, as_user)
    before = nominees(client, as_user, d["id"])
    r = send(client, as_user, d["id"], sheet(*GOOD))
    assert r.status_code == 200, r.get_json()
    assert r.get_json() == {"imported": 2, "dry_run": False, "errors": []}
    after = nominees(client, as_user, d["id"])
    assert after[0]["id"] == before[0]["id"]
    assert [n["full_name"] for n in after] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert after[2]["position"] == "Chỉ huy trưởng Quân sự"
    history = client.get(f"/api/v1/dossiers/{d['id']}/history", headers=as_user("dc.clerk"))
    assert "Nhập 2 đối tượng từ tệp Excel" in history.get_json()["items"][-1]["comment"]


def test_a_sheet_with_one_bad_row_imports_nothing_and_names_the_row_and_column(
    client: FlaskClient, as_user: Login
) -> None:
    d = create(client, as_user)
    bad = [3, "Phạm Văn Dũng", "ông", "Cán bộ", "UBND phường Định Công", "Tốt"]
    r = send(client, as_user, d["id"], sheet(GOOD[0], bad, GOOD[1]))
    assert r.status_code == 422
    body = r.get_json()
    assert body["imported"] == 0
    assert body["errors"] == [
        {
            "row": 3,
            "column": "Loại (cá nhân/tập thể/hộ gia đình)",
            "message": "«ông» không phải loại đối tượng; ghi cá nhân, tập thể hoặc hộ gia đình.",
        }
    ]
    assert len(nominees(client, as_user, d["id"])) == 1


def test_the_form_rules_are_applied_to_each_row(client: FlaskClient, as_user: Login) -> None:
    d = create(client, as_user, award="CSTDCS")  # individuals only
    rows = [
        [1, "", "cá nhân", "", "", ""],
        [2, "Tổ dân phố số 5", "tập thể", "", "UBND phường Định Công", ""],
        [3, "Nguyễn Văn An", "cá nhân", "", "UBND phường Định Công", ""],
        [4, "Trần Thị Bình", "cá nhân", "", "", ""],
        [5, "Trần Thị Bình", "cá nhân", "", "", ""],
    ]
    body = send(client, as_user, d["id"], sheet(*rows)).get_json()
    found = {(e["row"], e["column"]): e["message"] for e in body["errors"]}
    assert found[(2, "Họ và tên / Tên tập thể")] == "Hãy nhập họ tên hoặc tên tập thể."
    assert "chỉ dành cho" in found[(3, "Loại (cá nhân/tập thể/hộ gia đình)")]
    assert found[(4, "Họ và tên / Tên tập thể")] == "«Nguyễn Văn An» đã có trong hồ sơ."
    assert found[(6, "Họ và tên / Tên tập thể")] == "Trùng với dòng 5."
    assert body["imported"] == 0


def test_the_rows_the_clerk_chose_are_imported_when_they_are_all_right(
    client: FlaskClient, as_user: Login
) -> None:
    d = create(client, as_user)
    bad = [3, "Phạm Văn Dũng", "", "", "", ""]
    content = sheet(GOOD[0], bad, GOOD[1])
    r = send(client, as_user, d["id"], content, rows="2, 4")
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["imported"] == 2
    assert len(nominees(client, as_user, d["id"])) == 3
    again = send(client, as_user, d["id"], content, rows="3").get_json()
    assert [(e["row"], e["column"]) for e in again["errors"]] == [
        (3, "Loại (cá nhân/tập thể/hộ gia đình)")
    ]


def test_a_dry_run_reports_and_writes_nothing(client: FlaskClient, as_user: Login) -> None:
    d = create(client, as_user)
    r = send(client, as_user, d["id"], sheet(*GOOD), dry_run="true")
    assert r.status_code == 200
    assert r.get_json() == {"imported": 2, "dry_run": True, "errors": []}
    shown = client.get(f"/api/v1/dossiers/{d['id']}", headers=as_user("dc.clerk")).get_json()
    assert shown["version"] == d["version"]
    assert len(shown["nominees"]) == 1


def test_a_title_above_the_header_and_other_spellings_of_the_headers_are_read(
    client: FlaskClient, as_user: Login
) -> None:
    d = create(client, as_user)
    header = ["TT", "Họ tên", "Loại", "Chức danh", "Nơi công tác"]
    r = send(client, as_user, d["id"], sheet(GOOD[0][:5], header=header, above=2))
    assert r.get_json()["errors"] == []
    assert nominees(client, as_user, d["id"])[1]["unit"] == "UBND phường Định Công"


def test_a_sheet_without_the_name_column_or_not_a_workbook_is_refused(
    client: FlaskClient, as_user: Login
) -> None:
    d = create(client, as_user)
    r = send(client, as_user, d["id"], sheet(["x"], header=["Cột khác"]))
    assert r.status_code == 422
    assert "Họ và tên / Tên tập thể" in r.get_json()["error"]["fields"]["file"]
    r = send(client, as_user, d["id"], b"not a workbook")
    assert r.status_code == 422
    assert "file" in r.get_json()["error"]["fields"]


def test_only_the_dossiers_clerk_may_import_while_it_is_a_draft(
    client: FlaskClient, as_user: Login
) -> None:
    d = create(client, as_user)
    r = client.post(
        f"/api/v1/dossiers/{d['id']}/nominees/import",
        data={"file": (io.BytesIO(sheet(*GOOD)), "a.xlsx")},
        headers=as_user("dc.approver"),
        content_type="multipart/form-data",
    )
    assert r.status_code == 403
    assert len(nominees(client, as_user, d["id"])) == 1


def test_the_template_has_the_headers_the_import_reads(client: FlaskClient, as_user: Login) -> None:
    r = client.get("/api/v1/dossiers/nominees/template.xlsx", headers=as_user("dc.clerk"))
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.data)).worksheets[0]
    assert [c.value for c in ws[1]] == HEADER
