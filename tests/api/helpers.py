"""Small helpers for driving dossiers through the API in tests."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
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


def tasks_of(client: FlaskClient, as_user: Login, user: str, dossier_id: int) -> list[dict]:
    r = client.get("/api/v1/tasks", headers=as_user(user))
    assert r.status_code == 200
    return [t for t in r.get_json()["items"] if t["dossier_id"] == dossier_id]


def complete(
    client: FlaskClient, as_user: Login, user: str, dossier_id: int, body: dict[str, Any]
) -> Any:
    """POST the completion of ``user``'s one task on the dossier; the raw response."""
    task = task_of(client, as_user, user, dossier_id)
    return client.post(f"/api/v1/tasks/{task['id']}/complete", json=body, headers=as_user(user))


def nominee_ids(client: FlaskClient, as_user: Login, user: str, dossier_id: int) -> list[int]:
    r = client.get(f"/api/v1/dossiers/{dossier_id}", headers=as_user(user))
    assert r.status_code == 200, r.get_json()
    return [n["id"] for n in r.get_json()["nominees"]]


def appraise(
    client: FlaskClient, as_user: Login, officer: str, dossier_id: int, **extra: Any
) -> dict:
    """The officer finds every nominee eligible and sends the dossier on."""
    ids = nominee_ids(client, as_user, officer, dossier_id)
    items = [{"nominee_id": i, "eligible": True, "note": ""} for i in ids]
    r = complete(
        client, as_user, officer, dossier_id, {"action": "approve", "appraisal": items, **extra}
    )
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def vote(
    client: FlaskClient,
    as_user: Login,
    secretary: str,
    dossier_id: int,
    votes_for: dict[int, int] | None = None,
    members: int = 9,
) -> dict:
    """The secretary records a meeting of every member, held today, by secret ballot: each
    nominee still pending gets ``votes_for`` (default: all members) and the rest against."""
    task = task_of(client, as_user, secretary, dossier_id)
    # Held the day the dossier came to the council (its day in Vietnam): never in the future.
    held_on = (datetime.fromisoformat(task["created_at"]) + timedelta(hours=7)).date()
    r = client.get(f"/api/v1/dossiers/{dossier_id}", headers=as_user(secretary))
    pending = [n["id"] for n in r.get_json()["nominees"] if n["result"] == "pending"]
    given = votes_for or {}
    votes = [
        {"nominee_id": i, "for": given.get(i, members), "against": members - given.get(i, members)}
        for i in pending
    ]
    council = {
        "members_total": members,
        "members_present": members,
        "secret_ballot": True,
        "held_on": held_on.isoformat(),
        "votes": votes,
    }
    r = complete(
        client, as_user, secretary, dossier_id, {"action": "record_votes", "council": council}
    )
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def to_the_head(client: FlaskClient, as_user: Login, unit: str, dossier_id: int) -> None:
    """The deciding level's steps before its head's: ``unit`` being its users' prefix ("hn"),
    the officer's appraisal (everyone eligible), then the council's vote when the award needs
    one (everyone for)."""
    appraise(client, as_user, f"{unit}.officer", dossier_id)
    if tasks_of(client, as_user, f"{unit}.secretary", dossier_id):
        vote(client, as_user, f"{unit}.secretary", dossier_id)


def decide(client: FlaskClient, as_user: Login, unit: str, dossier_id: int) -> dict:
    """The deciding level's whole procedure: ``to_the_head``, then the head's approval."""
    to_the_head(client, as_user, unit, dossier_id)
    return act(client, as_user, f"{unit}.approver", dossier_id, "approve")


def approve_at(
    client: FlaskClient, as_user: Login, approver: str, dossier_id: int, comment: str = ""
) -> dict:
    """``approver`` ("hm.approver") approves at their level: where the level only forwards the
    dossier that is their one step; where it decides, its officer's appraisal and its council's
    vote come first (``decide``'s steps), then the approval with ``comment``."""
    unit = approver.removesuffix(".approver")
    if not tasks_of(client, as_user, approver, dossier_id) and tasks_of(
        client, as_user, f"{unit}.officer", dossier_id
    ):
        to_the_head(client, as_user, unit, dossier_id)
    return act(client, as_user, approver, dossier_id, "approve", comment)


# The demo users' prefix of each unit that issues decisions (catalog/demo*.json).
PREFIX = {
    "HN": "hn",
    "HN-SNV": "snv",
    "HN-MTTQ": "mttq",
    "HM": "hm",
    "CG": "cg",
    "HM-DC": "dc",
    "HM-TM": "tm",
    "CG-DV": "dv",
    "HN-DC": "dc",
    "HN-HM": "hm",
    "HN-CG": "cg",
}


def decision_of(client: FlaskClient, as_user: Login, dossier_id: int) -> dict:
    r = client.get(f"/api/v1/dossiers/{dossier_id}/decision", headers=as_user("hn.approver"))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def move_decision(
    client: FlaskClient, as_user: Login, user: str, decision_id: int, step: str, **payload: Any
) -> dict:
    r = client.post(
        f"/api/v1/decisions/{decision_id}/{step}", json=payload or {}, headers=as_user(user)
    )
    assert r.status_code == 200, (step, user, r.get_json())
    return r.get_json()


def issue(client: FlaskClient, as_user: Login, dossier_id: int, number: str | None = None) -> dict:
    """The issuing unit's procedure after approval: its officer submits the draft for
    signature, its signer signs, its records office numbers and issues it. Returns the
    issued decision."""
    drafted = decision_of(client, as_user, dossier_id)
    unit = PREFIX[drafted["issuer_org_code"]]
    move_decision(client, as_user, f"{unit}.officer", drafted["id"], "submit-for-signature")
    move_decision(client, as_user, f"{unit}.signer", drafted["id"], "sign")
    given = {"number": number} if number else {}
    return move_decision(client, as_user, f"{unit}.records", drafted["id"], "issue", **given)
