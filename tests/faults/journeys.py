"""Dossiers driven through the service over HTTP, step by step, for the fault tests.

The demo world's Hoàng Mai chain: ``dc.clerk`` prepares at Định Công (ward), ``dc.approver``
approves there, ``hm.approver`` at the district; at the province, which decides, ``hn.officer``
appraises (everyone eligible), ``hn.secretary`` records the council's vote (everyone for) and
``hn.approver`` approves. A province award (``BK_TINH_CN``) takes all six steps, a ward award
(``GK_XA_CN``) the ward's four; the last approval issues the decision.
"""

from __future__ import annotations

import io
import os
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from tests.api import files
from tests.api.helpers import dossier_body
from tests.faults.process import Answer, Client

# Who acts next on a dossier of each award, by how many steps it has taken.
ROUTES = {
    "BK_TINH_CN": (
        "dc.clerk",
        "dc.approver",
        "hm.approver",
        "hn.officer",
        "hn.secretary",
        "hn.approver",
    ),
    "GK_XA_CN": ("dc.clerk", "dc.officer", "dc.secretary", "dc.approver"),
}
USERS = tuple(dict.fromkeys(u for route in ROUTES.values() for u in route))


def create_dossier(client: Client, award: str = "BK_TINH_CN") -> int:
    body = dossier_body(award=award)
    created = client.must("POST", "/api/v1/dossiers", 201, user="dc.clerk", json_body=body)
    return int(created["id"])


def open_task(client: Client, user: str, dossier_id: int) -> dict | None:  # type: ignore[type-arg]
    tasks = client.must("GET", "/api/v1/tasks", user=user)["items"]
    mine = [t for t in tasks if t["dossier_id"] == dossier_id]
    assert len(mine) <= 1, mine
    return mine[0] if mine else None


def complete(client: Client, user: str, task: dict) -> Answer | None:  # type: ignore[type-arg]
    """Complete a task (the clerk's ``submit`` included): the answer, or None if cut off."""
    body = step_body(client, user, task["dossier_id"])
    if body is None:
        return None
    return client.call("POST", f"/api/v1/tasks/{task['id']}/complete", user=user, json_body=body)


def step_body(client: Client, user: str, dossier_id: int) -> dict | None:  # type: ignore[type-arg]
    """What ``user``'s step sends: the officer's appraisal and the secretary's vote carry every
    nominee of the dossier (None if the dossier could not be read)."""
    if user.endswith(".clerk"):
        return {"action": "submit"}
    if not user.endswith((".officer", ".secretary")):
        return {"action": "approve"}
    read = client.call("GET", f"/api/v1/dossiers/{dossier_id}", user=user)
    if read is None or read.status != 200:
        return None
    ids = [n["id"] for n in read.body["nominees"]]
    if user.endswith(".officer"):
        return {
            "action": "approve",
            "appraisal": [{"nominee_id": i, "eligible": True} for i in ids],
        }
    today = (datetime.now(UTC) + timedelta(hours=7)).date().isoformat()  # Vietnam's day
    votes = [{"nominee_id": i, "for": 9, "against": 0} for i in ids]
    council = {
        "members_total": 9,
        "members_present": 9,
        "secret_ballot": True,
        "held_on": today,
        "votes": votes,
    }
    return {"action": "record_votes", "council": council}


def step(client: Client, dossier_id: int, user: str) -> Answer | None:
    """Take the dossier's next step as ``user``; None if there is no task or no answer."""
    task = open_task(client, user, dossier_id)
    return None if task is None else complete(client, user, task)


def drive(client: Client, dossiers: list[int], stop: threading.Event) -> Counter[str]:
    """Step ``dossiers`` along the province route until ``stop`` is set, whatever the answers.

    Counts the answers as "list STATUS" (the inbox) and "complete STATUS", with "cut" for a
    request that got no answer, so a test can say which ones its fault produced.
    """
    seen: Counter[str] = Counter()
    for _ in range(500):  # bounded; the tests stop it within seconds
        for dossier in dossiers:
            for user in ROUTES["BK_TINH_CN"]:
                if stop.is_set():
                    return seen
                tasks = client.call("GET", "/api/v1/tasks", user=user)
                seen[f"list {_label(tasks)}"] += 1
                if tasks is None or tasks.status != 200:
                    time.sleep(0.05)  # down or dying: do not spin
                    continue
                for task in tasks.body["items"]:
                    if task["dossier_id"] == dossier:
                        seen[f"complete {_label(complete(client, user, task))}"] += 1
    return seen


def _label(answer: Answer | None) -> str:
    return "cut" if answer is None else str(answer.status)


def finish(client: Client, dossiers: list[int], timeout: float = 60) -> None:
    """Take every remaining step of ``dossiers`` (all province awards) to their decision."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = [d for d in dossiers if status(client, d)[0] != "approved"]
        if not pending:
            return
        for dossier in pending:
            for user in ROUTES["BK_TINH_CN"]:
                step(client, dossier, user)
    raise AssertionError(f"dossiers not approved after {timeout}s: {pending}")


def status(client: Client, dossier_id: int) -> tuple[str, str]:
    d = client.must("GET", f"/api/v1/dossiers/{dossier_id}", user="dc.clerk")
    return d["status"], d["level"]


def scan(size: int) -> bytes:
    """A 'scanned PDF' of ``size`` bytes: a PDF header, then noise that does not compress."""
    head = files.pdf("Bản quét")
    return head + os.urandom(size - len(head))


def upload(client: Client, dossier_id: int, data: bytes, name: str = "scan.pdf") -> Answer | None:
    fields = {"kind": "proposal", "file": (name, io.BytesIO(data).getvalue(), "application/pdf")}
    return client.call(
        "POST", f"/api/v1/dossiers/{dossier_id}/attachments", user="dc.clerk", fields=fields
    )
