"""Importing from Excel (issue 14, item 4), on both databases: a nominee list into a dossier, and
people with their history into the registry (with a person's history exported back).

The sheets are made here with openpyxl, under the headers of the template the service offers.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
from flask.testing import FlaskClient

from service.domain.nominee_sheet import COLUMNS
from service.domain.people_sheet import COLUMNS as PEOPLE_COLUMNS
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


# People and their history in bulk (POST /people/import)

PEOPLE_HEADER = [c.header for c in PEOPLE_COLUMNS]


def people_sheet(*rows: dict[str, Any]) -> bytes:
    """A sheet under the people template's headers; each row given by column key."""
    keys = [c.key for c in PEOPLE_COLUMNS]
    return sheet(*[[row.get(k) for k in keys] for row in rows], header=PEOPLE_HEADER)


HOA = {
    "full_name": "Đỗ Thị Hoa",
    "date_of_birth": date(1985, 3, 12),
    "gender": "Nữ",
    "ethnicity": "Kinh",
    "org_code": "HM-DC",
    "position": "Công chức Văn hóa - Xã hội",
}


def cstdcs(year: int) -> dict[str, Any]:
    return HOA | {
        "entry": "danh hiệu/khen thưởng",
        "award": "CSTDCS",
        "year": year,
        "decision_number": f"{year - 2000}/QĐ-UBND",
        "decision_date": f"15/12/{year}",
        "issuer": "Chủ tịch UBND phường Định Công",
    }


INITIATIVE = HOA | {
    "entry": "sáng kiến",
    "title": "Số hóa hồ sơ hộ tịch",
    "scope": "Cấp tỉnh",
    "recognised_on": date(2024, 10, 1),
    "deciding_body": "Hội đồng sáng kiến thành phố",
}


def import_people(
    client: FlaskClient, as_user: Login, content: bytes, user: str = "dc.clerk", **form: str
) -> Any:
    return client.post(
        "/api/v1/people/import",
        data={"file": (io.BytesIO(content), "qua_trinh.xlsx"), **form},
        headers=as_user(user),
        content_type="multipart/form-data",
    )


def found(client: FlaskClient, as_user: Login, q: str) -> list[dict[str, Any]]:
    r = client.get(f"/api/v1/people?q={q}", headers=as_user("dc.clerk"))
    items: list[dict[str, Any]] = r.get_json()["items"]
    return items


def test_a_history_sheet_makes_one_person_with_every_entry(
    client: FlaskClient, as_user: Login
) -> None:
    rating = HOA | {"entry": "xếp loại", "year": 2025, "rating": "Hoàn thành xuất sắc nhiệm vụ"}
    content = people_sheet(cstdcs(2023), cstdcs(2024), cstdcs(2025), INITIATIVE, rating)
    r = import_people(client, as_user, content)
    assert r.status_code == 200, r.get_json()
    assert r.get_json() == {"imported": 5, "dry_run": False, "errors": []}
    [hoa] = found(client, as_user, "do thi hoa")
    person = client.get(f"/api/v1/people/{hoa['id']}", headers=as_user("dc.clerk")).get_json()
    assert sorted(a["year"] for a in person["awards"]) == [2023, 2024, 2025]
    assert person["awards"][0]["decision_date"].endswith("-12-15")
    assert person["initiatives"][0]["scope"] == "province"
    assert [(x["year"], x["rating"]) for x in person["ratings"]] == [(2025, "excellent")]
    assert person["gender"] == "female"


def test_a_second_sheet_adds_to_the_person_already_in_the_registry(
    client: FlaskClient, as_user: Login
) -> None:
    assert import_people(client, as_user, people_sheet(cstdcs(2023))).status_code == 200
    named_otherwise = cstdcs(2024) | {"full_name": "ĐỖ THỊ  HOA"}
    assert import_people(client, as_user, people_sheet(named_otherwise)).status_code == 200
    [hoa] = found(client, as_user, "do thi hoa")
    person = client.get(f"/api/v1/people/{hoa['id']}", headers=as_user("dc.clerk")).get_json()
    assert sorted(a["year"] for a in person["awards"]) == [2023, 2024]


def test_a_people_sheet_with_one_bad_row_imports_nothing_and_names_the_row_and_column(
    client: FlaskClient, as_user: Login
) -> None:
    bad = cstdcs(2024) | {"decision_date": "31/02/2024"}
    r = import_people(client, as_user, people_sheet(cstdcs(2023), bad, INITIATIVE))
    assert r.status_code == 422
    body = r.get_json()
    assert body["imported"] == 0
    assert body["errors"] == [
        {
            "row": 3,
            "column": "Ngày quyết định",
            "message": "Ngày không hợp lệ; ghi ngày/tháng/năm, ví dụ 20/12/2024.",
        }
    ]
    assert found(client, as_user, "do thi hoa") == []


def test_each_rule_of_the_registry_is_said_by_row_and_column(
    client: FlaskClient, as_user: Login
) -> None:
    rows = [
        cstdcs(2023) | {"award": "KHONG_CO"},
        HOA | {"org_code": "HM-TM", "entry": "xếp loại", "year": 2024, "rating": "tốt"},
        HOA | {"entry": "xếp loại", "year": 2024, "rating": "giỏi"},
        HOA | {"date_of_birth": None},
    ]
    body = import_people(client, as_user, people_sheet(*rows)).get_json()
    got = {(e["row"], e["column"]) for e in body["errors"]}
    assert got == {(2, "Mã khen thưởng"), (3, "Đơn vị (mã)"), (4, "Xếp loại"), (5, "Ngày sinh")}


def test_a_people_dry_run_reports_and_writes_nothing(client: FlaskClient, as_user: Login) -> None:
    r = import_people(client, as_user, people_sheet(cstdcs(2023), INITIATIVE), dry_run="1")
    assert r.status_code == 200
    assert r.get_json() == {"imported": 2, "dry_run": True, "errors": []}
    assert found(client, as_user, "do thi hoa") == []
    bad = import_people(client, as_user, people_sheet(HOA | {"gender": "?"}), dry_run="1")
    assert bad.status_code == 200
    assert [(e["row"], e["column"]) for e in bad.get_json()["errors"]] == [(2, "Giới tính")]


def test_a_persons_history_exports_in_the_layout_it_imports_from(
    client: FlaskClient, as_user: Login
) -> None:
    import_people(client, as_user, people_sheet(cstdcs(2023), INITIATIVE))
    [hoa] = found(client, as_user, "do thi hoa")
    r = client.get(f"/api/v1/people/{hoa['id']}/history.xlsx", headers=as_user("dc.clerk"))
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.data)).worksheets[0]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == PEOPLE_HEADER
    assert {row[PEOPLE_HEADER.index("Loại mục")] for row in rows[1:]} == {
        "danh hiệu/khen thưởng",
        "sáng kiến",
    }
    outsider = client.get(f"/api/v1/people/{hoa['id']}/history.xlsx", headers=as_user("tm.clerk"))
    assert outsider.status_code == 404


def test_a_nominee_row_may_name_its_registry_entry_which_must_exist(
    client: FlaskClient, as_user: Login
) -> None:
    import_people(client, as_user, people_sheet(HOA))
    [hoa] = found(client, as_user, "do thi hoa")
    d = create(client, as_user)
    linked = [1, "Đỗ Thị Hoa", "cá nhân", "", "UBND phường Định Công", "", "", hoa["id"]]
    unknown = [2, "Trần Thị Bình", "cá nhân", "", "", "", "", 999999]
    body = send(client, as_user, d["id"], sheet(linked, unknown)).get_json()
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(3, "Mã người (registry id)")]
    assert send(client, as_user, d["id"], sheet(linked)).status_code == 200
    assert nominees(client, as_user, d["id"])[1]["person_id"] == hoa["id"]
