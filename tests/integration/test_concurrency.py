"""Two people acting at once never corrupt a dossier: exactly one wins, the other gets 409."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from flask import Flask

from service.domain.appraisal import CouncilVote, NomineeVote
from service.domain.awards import Kind
from service.domain.dossiers import Dossier, Nominee
from service.domain.errors import Conflict, UnitMerged
from service.domain.proposals import CentralDecision
from service.usecases.dossiers import DossierDraft
from service.usecases.merges import MergeOutcome
from tests.api.helpers import Login, appraise, approve_at, create, dossier_body, submit, task_of
from tests.conftest import actor_of, services_of

IND = Kind.INDIVIDUAL


def _race(n: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work`` in n threads released together; collect each result or exception."""
    barrier = threading.Barrier(n)
    results: list[object] = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as err:  # the loser's Conflict is the point of the test
            results[i] = err

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.mark.parametrize("racers", [2, 4])
def test_two_approvers_completing_the_same_task_at_once_exactly_one_wins(
    app: Flask, as_user: Login, racers: int
) -> None:
    client = app.test_client()
    dossier = create(client, as_user, award="BK_TINH_CN")
    submit(client, as_user, dossier["id"])
    task = task_of(client, as_user, "dc.approver", dossier["id"])
    svc = services_of(app)
    actor = actor_of(app, "dc.approver")

    results = _race(
        racers,
        lambda i: svc.complete_task(
            task["id"], "approve" if i % 2 == 0 else "reject", "đồng thời", actor=actor
        ),
    )

    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1, results
    assert all(isinstance(e, Conflict) for e in losers), losers
    final = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user("dc.approver"))
    history = client.get(
        f"/api/v1/dossiers/{dossier['id']}/history", headers=as_user("dc.approver")
    ).get_json()["items"]
    decided = [e for e in history if e["actor"] == "dc.approver"]
    assert len(decided) == 1
    winner_status = winners[0].status.value  # type: ignore[attr-defined]
    assert final.get_json()["status"] == winner_status
    open_tasks = [
        t
        for t in client.get("/api/v1/tasks", headers=as_user("hm.approver")).get_json()["items"]
        if t["dossier_id"] == dossier["id"]
    ]
    assert len(open_tasks) == (1 if winner_status == "in_review" else 0)


def test_two_clerks_creating_dossiers_at_once_get_distinct_codes(
    app: Flask, as_user: Login
) -> None:
    headers = as_user("dc.clerk")

    def make(_: int) -> str:
        r = app.test_client().post("/api/v1/dossiers", json=dossier_body(), headers=headers)
        assert r.status_code == 201, r.get_json()
        return str(r.get_json()["code"])

    codes = _race(4, make)
    assert all(isinstance(c, str) for c in codes), codes
    assert len(set(codes)) == 4


def test_a_dossier_created_while_its_unit_is_merged_is_carried_or_refused(
    app: Flask, as_user: Login
) -> None:
    svc = services_of(app)
    clerk, admin, today = actor_of(app, "dc.clerk"), actor_of(app, "admin"), svc.today()

    def work(i: int) -> object:
        if i == 0:
            return svc.merge_orgs(["HM-DC"], "HM-TM", today, by=admin)
        draft = DossierDraft("Đề nghị khen thưởng", "LDTT", 2026, [Nominee("Lê Văn Tư", IND)])
        return svc.create_dossier(draft, None, actor=clerk)

    results = _race(4, work)

    assert isinstance(results[0], MergeOutcome), results[0]
    made = [r for r in results[1:] if isinstance(r, Dossier)]
    assert all(isinstance(r, (Dossier, UnitMerged)) for r in results[1:]), results
    listed = client_codes(app, as_user)
    for dossier in made:
        # Created before the merge committed: carried to the absorbing unit with the rest.
        assert listed[dossier.code] == "HM-TM", (dossier.code, listed)
    assert "HM-DC" not in {org for org in listed.values()}


def client_codes(app: Flask, as_user: Login) -> dict[str, str]:
    """Every open dossier the auditor of the city sees, by code: the unit it now belongs to."""
    r = app.test_client().get("/api/v1/dossiers?limit=100", headers=as_user("hn.auditor"))
    open_ = {"draft", "in_review", "returned"}
    return {d["code"]: d["org_code"] for d in r.get_json()["items"] if d["status"] in open_}


def test_the_central_decision_recorded_twice_at_once_is_kept_once(
    app: Flask, as_user: Login
) -> None:
    client = app.test_client()
    dossier = create(client, as_user, award="CSTD_TQ")
    submit(client, as_user, dossier["id"])
    for approver in ("dc.approver", "hm.approver", "hn.approver"):
        approve_at(client, as_user, approver, dossier["id"])
    svc, province = services_of(app), actor_of(app, "hn.approver")
    signed = svc.today().isoformat()

    results = _race(
        3,
        lambda i: svc.record_central_decision(
            dossier["id"], {"number": f"{i + 1}/QĐ-TTg", "signed_on": signed}, actor=province
        ),
    )

    kept = [r for r in results if isinstance(r, CentralDecision)]
    assert len(kept) == 1, results
    assert all(isinstance(r, Conflict) for r in results if r not in kept), results
    shown = svc.central_decision(dossier["id"], actor=province)
    assert shown is not None and shown.number == kept[0].number
    history = client.get(f"/api/v1/dossiers/{dossier['id']}/history", headers=as_user("hn.auditor"))
    assert [e["action"] for e in history.get_json()["items"]].count("central_decision") == 1


def test_two_secretaries_recording_the_councils_vote_at_once_one_wins_the_other_gets_409(
    app: Flask, as_user: Login
) -> None:
    client = app.test_client()
    dossier = create(client, as_user, award="CSTDCS")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    appraise(client, as_user, "hm.officer", dossier["id"])
    task = task_of(client, as_user, "hm.secretary", dossier["id"])
    ids = [n["id"] for n in dossier["nominees"]]
    held_on = (datetime.fromisoformat(task["created_at"]) + timedelta(hours=7)).date()
    council = CouncilVote(9, 9, True, held_on, tuple(NomineeVote(i, 9, 0) for i in ids))
    svc = services_of(app)
    actor = actor_of(app, "hm.secretary")

    results = _race(
        2, lambda i: svc.complete_task(task["id"], "record_votes", "", actor=actor, council=council)
    )

    losers = [r for r in results if isinstance(r, Exception)]
    assert len(losers) == 1 and isinstance(losers[0], Conflict), results
    history = client.get(
        f"/api/v1/dossiers/{dossier['id']}/history", headers=as_user("hm.auditor")
    ).get_json()["items"]
    assert [e["action"] for e in history].count("record_votes") == 1
    assert task_of(client, as_user, "hm.approver", dossier["id"])
