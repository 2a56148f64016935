"""Small helpers for driving dossiers through the API in tests."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from flask.testing import FlaskClient

from service.domain.awards import Kind
from service.domain.checklists import ChecklistItem, checklist_lines
from service.domain.dossiers import Nominee
from tests.api.files import pdf

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


def file_parts(
    client: FlaskClient, as_user: Login, dossier_id: int, clerk: str = "dc.clerk"
) -> list[dict]:
    """Upload, as ``clerk``, a small PDF for every required part the dossier still lacks, as
    ``GET /awards`` lists its award's checklist; the attachments made."""
    headers = as_user(clerk)
    dossier = client.get(f"/api/v1/dossiers/{dossier_id}", headers=headers).get_json()
    listed = client.get(f"/api/v1/awards?org={dossier['org_code']}", headers=headers).get_json()
    award = next(a for a in listed["items"] if a["code"] == dossier["award"])
    held = client.get(f"/api/v1/dossiers/{dossier_id}/attachments", headers=headers).get_json()
    items = [ChecklistItem(**i) for i in award["checklist"]]
    people = [Nominee(n["full_name"], Kind(n["kind"]), id=n["id"]) for n in dossier["nominees"]]
    filed = [SimpleNamespace(kind=a["kind"], nominee_id=a["nominee_id"]) for a in held["items"]]
    lines = checklist_lines(items, filed, people, dossier["simplified"] is not None)
    made = []
    for line in (x for x in lines if x.needed and not x.filed):
        form = {
            "kind": line.item.kind,
            "file": (io.BytesIO(pdf(f"{line.label} {uuid.uuid4()}")), f"{line.item.kind}.pdf"),
        }
        if line.nominee_id is not None:
            form["nominee_id"] = str(line.nominee_id)
        r = client.post(
            f"/api/v1/dossiers/{dossier_id}/attachments",
            data=form,
            headers=headers,
            content_type="multipart/form-data",
        )
        assert r.status_code == 201, r.get_json()
        made.append(r.get_json())
    return made


def submit(
    client: FlaskClient,
    as_user: Login,
    dossier_id: int,
    clerk: str = "dc.clerk",
    *,
    parts: bool = True,
) -> dict:
    """Submit as ``clerk``, first filing the required parts (``parts``) as a clerk would."""
    if parts:
        file_parts(client, as_user, dossier_id, clerk)
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
