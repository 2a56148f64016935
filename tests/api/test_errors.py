"""Every error the API contract names, and the JSON shape they all share."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import Login, approve_at, create, dossier_body, submit, task_of


def _error(r) -> dict:  # type: ignore[no-untyped-def]
    body = r.get_json()
    assert set(body) == {"error"}
    assert {"code", "message"} <= set(body["error"])
    assert body["error"]["message"]
    return body["error"]


def test_wrong_credentials_get_401_and_the_same_answer_for_an_unknown_user(
    client: FlaskClient,
) -> None:
    wrong = client.post("/api/v1/auth/token", json={"username": "dc.clerk", "password": "nope"})
    unknown = client.post("/api/v1/auth/token", json={"username": "ghost", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert _error(wrong) == _error(unknown)


def test_a_request_without_a_token_or_with_a_bad_one_gets_401(client: FlaskClient) -> None:
    assert client.get("/api/v1/dossiers").status_code == 401
    bad = client.get("/api/v1/awards", headers={"Authorization": "Bearer not-a-token"})
    assert bad.status_code == 401
    assert _error(bad)["code"] == "unauthenticated"
    basic = client.get("/api/v1/tasks", headers={"Authorization": "Basic eDp5"})
    assert basic.status_code == 401


def test_the_award_catalogue_lists_levels_and_kinds(client: FlaskClient, as_user: Login) -> None:
    r = client.get("/api/v1/awards", headers=as_user("dc.clerk"))
    items = {a["code"]: a for a in r.get_json()["items"]}
    assert items["GK_XA"]["level"] == "ward"
    assert items["LDTT"]["level"] == "ward"  # Luật 06/2022 Art. 80(3): the commune decides
    assert items["CSTDCS"]["level"] == "district"
    assert items["BK_TINH"] == {
        "code": "BK_TINH",
        "name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "level": "province",
        "kind": None,
        "kinds": ["collective", "household", "individual"],
        "prize_multiple": 1.5,
        "proposes_only": False,
        "decided_by": "",
        "valid_from": "2024-01-01",
        "valid_to": None,
        # The rulebook's default council rule (70 % of the members present, unverified).
        "council": {"threshold": "0.7", "of": "present", "secret_ballot": False},
    }
    by_all = {"threshold": "0.8", "of": "total", "secret_ballot": True}
    assert items["CO_TD_CP"]["council"] == by_all  # NĐ 152 Art. 33(5)
    assert items["LDTT"]["council"] is None  # decided without a council vote
    assert "BK_TINH_CN" not in items  # an old code still files a dossier, but is not listed
    assert items["TTLDXS"]["kind"] == "collective"
    assert (items["HCLD_H3"]["proposes_only"], items["HCLD_H3"]["decided_by"]) == (
        True,
        "Chủ tịch nước",
    )


def test_an_invalid_body_gets_422_with_field_level_errors(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.post(
        "/api/v1/dossiers",
        json={"title": "", "award": "BK_TINH_CN", "year": "năm nay", "nominees": [{"kind": "x"}]},
        headers=as_user("dc.clerk"),
    )
    assert r.status_code == 422
    fields = _error(r)["fields"]
    assert {"title", "year", "nominees[0].full_name", "nominees[0].kind"} <= set(fields)


def test_business_rules_are_checked_field_by_field(client: FlaskClient, as_user: Login) -> None:
    body = dossier_body(award="TTLDXS", year=1990)
    r = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk"))
    assert r.status_code == 422
    fields = _error(r)["fields"]
    assert "year" in fields
    assert "tập thể" in fields["nominees[0].kind"]
    unknown = client.post(
        "/api/v1/dossiers", json=dossier_body(award="NO_SUCH"), headers=as_user("dc.clerk")
    )
    assert _error(unknown)["fields"]["award"]


def test_a_body_that_is_not_json_gets_422(client: FlaskClient, as_user: Login) -> None:
    r = client.post(
        "/api/v1/dossiers",
        data="title=x",
        headers={**as_user("dc.clerk"), "Content-Type": "application/json"},
    )
    assert r.status_code == 422
    assert "JSON" in _error(r)["message"]


def test_only_a_ward_clerk_may_create_a_dossier(client: FlaskClient, as_user: Login) -> None:
    for user in ("dc.approver", "hm.approver", "hn.auditor", "admin"):
        r = client.post("/api/v1/dossiers", json=dossier_body(), headers=as_user(user))
        assert r.status_code == 403, user
        assert _error(r)["code"] == "forbidden"


def test_a_user_outside_the_dossiers_chain_gets_404(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user)
    for outsider in ("tm.clerk", "dv.clerk", "cg.approver", "tm.approver"):
        r = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user(outsider))
        assert r.status_code == 404, outsider
        history = client.get(f"/api/v1/dossiers/{dossier['id']}/history", headers=as_user(outsider))
        assert history.status_code == 404
    for insider in ("dc.clerk", "dc.approver", "hm.auditor"):
        r = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user(insider))
        assert r.status_code == 200, insider
    submit(client, as_user, dossier["id"])  # approvers above see it from its submission on
    for insider in ("dc.clerk", "dc.approver", "hm.approver", "hn.approver", "hm.auditor"):
        r = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user(insider))
        assert r.status_code == 200, insider
    assert client.get("/api/v1/dossiers/999999", headers=as_user("dc.clerk")).status_code == 404


def test_only_the_clerk_of_the_dossiers_ward_may_submit(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    by_approver = client.post(
        f"/api/v1/dossiers/{dossier['id']}/submit", headers=as_user("dc.approver")
    )
    assert by_approver.status_code == 403
    by_outsider = client.post(
        f"/api/v1/dossiers/{dossier['id']}/submit", headers=as_user("tm.clerk")
    )
    assert by_outsider.status_code == 404
    submit(client, as_user, dossier["id"])
    again = client.post(f"/api/v1/dossiers/{dossier['id']}/submit", headers=as_user("dc.clerk"))
    assert again.status_code == 409


def _open_ward_task(client: FlaskClient, as_user: Login) -> tuple[dict, dict]:
    dossier = create(client, as_user)
    submit(client, as_user, dossier["id"])
    return dossier, task_of(client, as_user, "dc.approver", dossier["id"])


def test_an_action_the_task_does_not_offer_gets_422(client: FlaskClient, as_user: Login) -> None:
    _, task = _open_ward_task(client, as_user)
    r = client.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"action": "submit"},
        headers=as_user("dc.approver"),
    )
    assert r.status_code == 422
    assert "action" in _error(r)["fields"]


def test_return_or_reject_without_a_comment_gets_422(client: FlaskClient, as_user: Login) -> None:
    _, task = _open_ward_task(client, as_user)
    for action in ("return", "reject"):
        r = client.post(
            f"/api/v1/tasks/{task['id']}/complete",
            json={"action": action, "comment": "   "},
            headers=as_user("dc.approver"),
        )
        assert r.status_code == 422
        assert "comment" in _error(r)["fields"]


def test_a_task_that_is_not_the_callers_gets_403_or_404_outside_the_chain(
    client: FlaskClient, as_user: Login
) -> None:
    _, task = _open_ward_task(client, as_user)
    url = f"/api/v1/tasks/{task['id']}/complete"
    for user in ("hm.approver", "dc.clerk", "hn.auditor"):
        r = client.post(url, json={"action": "approve"}, headers=as_user(user))
        assert r.status_code == 403, user
    outside = client.post(url, json={"action": "approve"}, headers=as_user("tm.approver"))
    assert outside.status_code == 404
    missing = client.post(
        "/api/v1/tasks/00000000-0000-0000-0000-000000000000/complete",
        json={"action": "approve"},
        headers=as_user("dc.approver"),
    )
    assert missing.status_code == 404


def test_a_second_completion_of_the_same_task_is_a_conflict(
    client: FlaskClient, as_user: Login
) -> None:
    dossier, task = _open_ward_task(client, as_user)
    approve_at(client, as_user, "dc.approver", dossier["id"])
    again = client.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"action": "approve"},
        headers=as_user("dc.approver"),
    )
    assert again.status_code == 409
    assert _error(again)["code"] == "conflict"


def test_editing_with_a_stale_version_is_a_conflict_and_changes_nothing(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    url = f"/api/v1/dossiers/{dossier['id']}"
    first = client.put(
        url,
        json=dossier_body(title="Bản sửa 1", version=dossier["version"]),
        headers=as_user("dc.clerk"),
    )
    assert first.status_code == 200
    stale = client.put(
        url,
        json=dossier_body(title="Bản sửa 2", version=dossier["version"]),
        headers=as_user("dc.clerk"),
    )
    assert stale.status_code == 409
    assert client.get(url, headers=as_user("dc.clerk")).get_json()["title"] == "Bản sửa 1"


def test_a_dossier_under_review_cannot_be_edited(client: FlaskClient, as_user: Login) -> None:
    dossier, _ = _open_ward_task(client, as_user)
    url = f"/api/v1/dossiers/{dossier['id']}"
    r = client.put(url, json=dossier_body(), headers=as_user("dc.clerk"))
    assert r.status_code == 409
    assert client.put(url, json=dossier_body(), headers=as_user("dc.approver")).status_code == 403
    assert client.put(url, json=dossier_body(), headers=as_user("tm.clerk")).status_code == 404


def test_unknown_api_paths_answer_in_json(client: FlaskClient, as_user: Login) -> None:
    r = client.get("/api/v1/nothing-here", headers=as_user("dc.clerk"))
    assert r.status_code == 404
    assert _error(r)["code"] == "not_found"
    wrong_method = client.delete("/api/v1/awards", headers=as_user("dc.clerk"))
    assert wrong_method.status_code == 405
    _error(wrong_method)
