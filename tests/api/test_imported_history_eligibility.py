"""The issue's end-to-end case, as an office would do it: histories arrive by the Excel sheet,
the nominees of a 2026 dossier name those entries, and eligibility reads what was imported.
On both databases (the ``client`` fixture runs on each)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.api.helpers import Login, create, file_parts
from tests.api.test_excel_import import HOA, INITIATIVE, cstdcs, found, import_people, people_sheet

LAN = {"full_name": "Bùi Thị Lan", "date_of_birth": "02/09/1988"}


def as_lan(row: dict[str, Any]) -> dict[str, Any]:
    return row | LAN


def test_imported_histories_decide_eligibility_for_cstd_tinh_and_a_gap_stops_submission(
    client: FlaskClient, as_user: Login
) -> None:
    rows = [cstdcs(2023), cstdcs(2024), cstdcs(2025), INITIATIVE]
    rows += [as_lan(cstdcs(2023)), as_lan(cstdcs(2025)), as_lan(INITIATIVE)]
    r = import_people(client, as_user, people_sheet(*rows))
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["imported"] == len(rows)
    [hoa] = found(client, as_user, "do thi hoa")
    [lan] = found(client, as_user, "bui thi lan")
    nominees = [
        {"full_name": HOA["full_name"], "kind": "individual", "person_id": hoa["id"]},
        {"full_name": LAN["full_name"], "kind": "individual", "person_id": lan["id"]},
    ]
    dossier = create(client, as_user, award="CSTD_TINH", year=2026, nominees=nominees)

    shown = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user("dc.clerk"))
    ok, gap = (n["eligibility"] for n in shown.get_json()["nominees"])
    assert ok["status"] == "ok", ok
    assert gap["status"] == "fail", gap
    assert any("thiếu 2024" in reason for reason in gap["reasons"]), gap

    file_parts(client, as_user, dossier["id"])
    refused = client.post(f"/api/v1/dossiers/{dossier['id']}/submit", headers=as_user("dc.clerk"))
    assert refused.status_code == 422, refused.get_json()
    error = refused.get_json()["error"]
    assert "Bùi Thị Lan" in error["message"] and "thiếu 2024" in error["message"]
    assert "nominees[0]" not in error["fields"] and "thiếu 2024" in error["fields"]["nominees[1]"]
