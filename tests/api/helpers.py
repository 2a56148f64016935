"""Small helpers for driving dossiers through the API in tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

Login = Callable[[str], dict[str, str]]


def dossier_body(award: str = "BK_TINH_CN", kind: str = "individual", **extra: Any) -> dict:
    year = extra.get("year", 2026)
    body = {
        "title": "Đề nghị khen thưởng năm 2026",
        "award": award,
        "year": year,
        "nominees": [
            {
                "full_name": "Nguyễn Văn An",
                "kind": kind,
                "position": "Công chức Văn phòng - Thống kê",
                "unit": "UBND phường Định Công",
                "achievements": "Hoàn thành xuất sắc nhiệm vụ năm 2026",
            }
        ],
        # What the decision cites; the rulebooks require the tờ trình and the period to submit.
        # Dated mid-year, so that tests whose clock stands in the dossier's year accept it.
        "proposal": {"number": "12/TTr-UBND", "date": f"{year}-06-15"},
        "period": {"from": f"{year}-01-01", "to": f"{year}-12-31"},
        "reason": "đã có thành tích xuất sắc trong thực hiện nhiệm vụ",
    }
    body.update(extra)
    return body


def create(client: FlaskClient, as_user: Login, clerk: str = "dc.clerk", **kw: Any) -> dict:
    r = client.post("/api/v1/dossiers", json=dossier_body(**kw), headers=as_user(clerk))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def submit(client: FlaskClient, as_user: Login, dossier_id: int, clerk: str = "dc.clerk") -> dict:
    r = client.post(f"/api/v1/dossiers/{dossier_id}/submit", headers=as_user(clerk))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def task_of(client: FlaskClient, as_user: Login, user: str, dossier_id: int) -> dict:
    r = client.get("/api/v1/tasks", headers=as_user(user))
    assert r.status_code == 200
    mine = [t for t in r.get_json()["items"] if t["dossier_id"] == dossier_id]
    assert len(mine) == 1, f"{user} should have one task on dossier {dossier_id}: {mine}"
    return mine[0]


def act(
    client: FlaskClient, as_user: Login, user: str, dossier_id: int, action: str, comment: str = ""
) -> dict:
    task = task_of(client, as_user, user, dossier_id)
    r = client.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"action": action, "comment": comment},
        headers=as_user(user),
    )
    assert r.status_code == 200, r.get_json()
    return r.get_json()
