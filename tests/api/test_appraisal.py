"""The deciding level's appraisal, its council's vote and each nominee's result, over the API.

CSTĐCS is the district's (Hoàng Mai's) to decide, with a council vote at 70 % of the members
present (the rulebook's default); LĐTT is the ward's, without a council vote.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import docx
from flask.testing import FlaskClient

from tests.api.helpers import (
    Login,
    act,
    appraise,
    approve_at,
    complete,
    create,
    decide,
    nominee_ids,
    submit,
    task_of,
    tasks_of,
    vote,
)

TWO = [
    {"full_name": "Nguyễn Văn An", "kind": "individual", "unit": "UBND phường Định Công"},
    {"full_name": "Trần Thị Bình", "kind": "individual", "unit": "UBND phường Định Công"},
]


def at_district(client: FlaskClient, as_user: Login) -> tuple[int, list[int]]:
    """A CSTĐCS dossier of two nominees waiting for Hoàng Mai's officer."""
    dossier = create(client, as_user, award="CSTDCS", nominees=TWO)
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    return dossier["id"], nominee_ids(client, as_user, "hm.officer", dossier["id"])


def items(ids: list[int]) -> list[dict]:
    return [{"nominee_id": i, "eligible": True, "note": ""} for i in ids]


def vietnam_day(task: dict) -> str:
    """The day the task opened, as the service counts days (in Vietnam)."""
    return (datetime.fromisoformat(task["created_at"]) + timedelta(hours=7)).date().isoformat()


def text_of(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_the_officer_receives_the_dossier_at_the_deciding_level(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, _ = at_district(client, as_user)
    task = task_of(client, as_user, "hm.officer", dossier_id)
    assert task["actions"] == ["approve", "return", "reject", "request_opinion"]
    assert tasks_of(client, as_user, "hm.approver", dossier_id) == []


def test_an_appraisal_must_name_every_nominee_once_and_nobody_else(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, ids = at_district(client, as_user)
    missing = complete(
        client,
        as_user,
        "hm.officer",
        dossier_id,
        {"action": "approve", "appraisal": items(ids[:1])},
    )
    assert missing.status_code == 422
    assert "appraisal" in missing.get_json()["error"]["fields"]
    stranger = complete(
        client,
        as_user,
        "hm.officer",
        dossier_id,
        {"action": "approve", "appraisal": [*items(ids), {"nominee_id": 999999, "eligible": True}]},
    )
    assert stranger.status_code == 422
    assert "appraisal[2].nominee_id" in stranger.get_json()["error"]["fields"]
    unexplained = complete(
        client,
        as_user,
        "hm.officer",
        dossier_id,
        {
            "action": "approve",
            "appraisal": [
                {"nominee_id": ids[0], "eligible": True},
                {"nominee_id": ids[1], "eligible": False, "note": "  "},
            ],
        },
    )
    assert unexplained.status_code == 422
    assert "appraisal[1].note" in unexplained.get_json()["error"]["fields"]
    without = complete(client, as_user, "hm.officer", dossier_id, {"action": "approve"})
    assert without.status_code == 422
    assert "appraisal" in without.get_json()["error"]["fields"]
    assert task_of(client, as_user, "hm.officer", dossier_id)  # still waiting


def test_approving_with_nobody_eligible_is_refused_reject_instead(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, ids = at_district(client, as_user)
    nobody = [{"nominee_id": i, "eligible": False, "note": "Chưa đủ 3 năm"} for i in ids]
    r = complete(
        client, as_user, "hm.officer", dossier_id, {"action": "approve", "appraisal": nobody}
    )
    assert r.status_code == 422
    assert "Từ chối" in r.get_json()["error"]["fields"]["appraisal"]


def test_a_vote_that_does_not_add_up_is_refused_naming_the_field(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, ids = at_district(client, as_user)
    appraise(client, as_user, "hm.officer", dossier_id)
    today = date.today().isoformat()

    def record(council: dict) -> dict:
        r = complete(
            client,
            as_user,
            "hm.secretary",
            dossier_id,
            {"action": "record_votes", "council": council},
        )
        assert r.status_code == 422, r.get_json()
        return r.get_json()["error"]["fields"]

    base = {"members_total": 9, "members_present": 7, "secret_ballot": False, "held_on": today}
    votes = [{"nominee_id": i, "for": 5, "against": 1} for i in ids]
    too_many = [{"nominee_id": ids[0], "for": 6, "against": 2}, votes[1]]
    assert "council.votes[0].for" in record({**base, "votes": too_many})
    assert "council.members_present" in record({**base, "members_present": 10, "votes": votes})
    assert "council.votes" in record({**base, "votes": votes[:1]})
    future = (date.today() + timedelta(days=2)).isoformat()
    assert "council.held_on" in record({**base, "held_on": future, "votes": votes})
    long_ago = (date.today() - timedelta(days=30)).isoformat()
    assert "council.held_on" in record({**base, "held_on": long_ago, "votes": votes})
    assert task_of(client, as_user, "hm.secretary", dossier_id)


def test_a_secret_ballot_is_required_where_the_rulebook_says_so(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="CSTD_TQ", nominees=TWO[:1])  # NĐ 152 Art. 33(5)
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    approve_at(client, as_user, "hm.approver", dossier["id"])
    appraise(client, as_user, "hn.officer", dossier["id"])
    [nominee] = nominee_ids(client, as_user, "hn.secretary", dossier["id"])
    task = task_of(client, as_user, "hn.secretary", dossier["id"])
    council = {
        "members_total": 10,
        "members_present": 10,
        "secret_ballot": False,
        "held_on": vietnam_day(task),
        "votes": [{"nominee_id": nominee, "for": 10, "against": 0}],
    }
    r = complete(
        client,
        as_user,
        "hn.secretary",
        dossier["id"],
        {"action": "record_votes", "council": council},
    )
    assert r.status_code == 422
    assert "council.secret_ballot" in r.get_json()["error"]["fields"]


def test_results_are_computed_and_a_nominee_under_the_threshold_is_not_in_the_decision(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, (an, binh) = at_district(client, as_user)
    appraise(client, as_user, "hm.officer", dossier_id)
    # All nine present: An 9 for (100 % ≥ 70 %), Bình 4 for (44,44 %).
    vote(client, as_user, "hm.secretary", dossier_id, {an: 9, binh: 4}, members=9)
    shown = client.get(f"/api/v1/dossiers/{dossier_id}", headers=as_user("dc.clerk")).get_json()
    by_id = {n["id"]: n for n in shown["nominees"]}
    assert by_id[an]["result"] == "approved"
    assert by_id[binh]["result"] == "not_proposed"
    assert by_id[binh]["votes"] == {"for": 4, "against": 5, "share": "0.4444"}
    assert shown["council"]["members_total"] == 9 and shown["council"]["of"] == "present"
    assert shown["council"]["threshold"] == "0.7"

    final = act(client, as_user, "hm.approver", dossier_id, "approve")
    assert final["status"] == "approved"
    decision = client.get(
        f"/api/v1/dossiers/{dossier_id}/decision/content", headers=as_user("dc.clerk")
    )
    assert "Nguyễn Văn An" in text_of(decision.data)
    assert "Trần Thị Bình" not in text_of(decision.data)
    minutes = client.get(
        f"/api/v1/dossiers/{dossier_id}/council-minutes?format=docx", headers=as_user("dc.clerk")
    )
    assert minutes.status_code == 200
    said = text_of(minutes.data)
    assert "Trần Thị Bình" in said and "44,44%" in said and "Không đề nghị" in said
    assert "Nguyễn Văn An" in said and "100,00%" in said and "70,00%" in said


def test_the_minutes_are_not_there_before_the_council_votes(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, _ = at_district(client, as_user)
    r = client.get(f"/api/v1/dossiers/{dossier_id}/council-minutes", headers=as_user("dc.clerk"))
    assert r.status_code == 404


def test_an_award_without_a_council_vote_goes_from_the_officer_to_the_head(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="LDTT", nominees=TWO)
    submit(client, as_user, dossier["id"])
    after = appraise(client, as_user, "dc.officer", dossier["id"])
    assert {n["result"] for n in after["nominees"]} == {"approved"}
    assert tasks_of(client, as_user, "dc.secretary", dossier["id"]) == []
    assert task_of(client, as_user, "dc.approver", dossier["id"])
    assert act(client, as_user, "dc.approver", dossier["id"], "approve")["status"] == "approved"


def test_an_opinion_request_waits_for_the_answer_and_comes_back_to_the_officer(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, _ = at_district(client, as_user)
    no_body = complete(client, as_user, "hm.officer", dossier_id, {"action": "request_opinion"})
    assert no_body.status_code == 422 and "comment" in no_body.get_json()["error"]["fields"]
    act(client, as_user, "hm.officer", dossier_id, "request_opinion", "Hiệp y Công an quận")
    task = task_of(client, as_user, "hm.officer", dossier_id)
    assert task["actions"] == ["record_opinion"]
    act(client, as_user, "hm.officer", dossier_id, "record_opinion", "Công an quận: không vi phạm")
    assert "request_opinion" in task_of(client, as_user, "hm.officer", dossier_id)["actions"]
    history = client.get(f"/api/v1/dossiers/{dossier_id}/history", headers=as_user("hm.auditor"))
    said = [e["comment"] for e in history.get_json()["items"] if e["action"] == "record_opinion"]
    assert said == ["Công an quận: không vi phạm"]
    assert decide(client, as_user, "hm", dossier_id)["status"] == "approved"


def test_a_return_from_the_appraisal_reaches_the_proposer_and_clears_the_results(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, _ = at_district(client, as_user)
    back = act(client, as_user, "hm.officer", dossier_id, "return", "Thiếu báo cáo thành tích")
    assert (back["status"], back["level"]) == ("returned", "ward")
    assert task_of(client, as_user, "dc.clerk", dossier_id)["comment"] == "Thiếu báo cáo thành tích"
    submit(client, as_user, dossier_id)
    approve_at(client, as_user, "dc.approver", dossier_id)
    appraise(client, as_user, "hm.officer", dossier_id)
    act(client, as_user, "hm.secretary", dossier_id, "return", "Xin làm rõ thành tích")
    # The secretary's return stays at the level: the officer appraises again.
    assert task_of(client, as_user, "hm.officer", dossier_id)
    act(client, as_user, "hm.officer", dossier_id, "return", "Bổ sung biên bản")
    shown = client.get(f"/api/v1/dossiers/{dossier_id}", headers=as_user("dc.clerk")).get_json()
    assert {n["result"] for n in shown["nominees"]} == {"pending"}
    assert shown["council"] is None


def test_only_the_deciding_units_officer_and_secretary_may_act_on_their_steps(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, ids = at_district(client, as_user)
    task = task_of(client, as_user, "hm.officer", dossier_id)
    body = {"action": "approve", "appraisal": items(ids)}
    url = f"/api/v1/tasks/{task['id']}/complete"
    for user in ("hm.approver", "hm.secretary", "dc.officer", "hn.officer"):
        r = client.post(url, json=body, headers=as_user(user))
        assert r.status_code == 403, (user, r.get_json())
    outside = client.post(url, json=body, headers=as_user("cg.officer"))
    assert outside.status_code == 404
    appraise(client, as_user, "hm.officer", dossier_id)
    secretary_task = task_of(client, as_user, "hm.secretary", dossier_id)
    r = client.post(
        f"/api/v1/tasks/{secretary_task['id']}/complete",
        json={"action": "record_votes"},
        headers=as_user("hm.officer"),
    )
    assert r.status_code == 403
