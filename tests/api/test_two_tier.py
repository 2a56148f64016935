"""The two-tier rulebook end to end over the API (issue 12, items 1–2): wards under the province.

``KT_RULEBOOK=two_tier_nd152`` alone is enough: the rulebook names its process
(``nomination_two_tier``), its levels, awards and demo world. A ward's LĐTT is decided by the
ward itself (Luật 06/2022 Art. 80(3)); its Bằng khen climbs straight to the province.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import act, approve_at, create, submit
from tests.conftest import Logins


@pytest.fixture
def app(two_tier_app: Flask) -> Flask:
    return two_tier_app


def _decision(client: FlaskClient, as_user: Logins, dossier_id: int) -> dict:
    r = client.get(f"/api/v1/dossiers/{dossier_id}/decision", headers=as_user("dc.clerk"))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def test_the_installation_follows_the_two_tier_rulebook(
    client: FlaskClient, as_user: Logins
) -> None:
    r = client.get("/api/v1/awards", headers=as_user("dc.clerk"))
    levels = {a["code"]: a["level"] for a in r.get_json()["items"]}
    assert set(levels.values()) == {"province", "ward"}
    assert levels["LDTT"] == "ward"
    assert "GK_HUYEN_CN" not in levels
    ldtt = next(a for a in r.get_json()["items"] if a["code"] == "LDTT")
    assert (ldtt["kind"], ldtt["kinds"], ldtt["prize_multiple"]) == (
        "individual",
        ["individual"],
        0.3,
    )


def test_a_wards_ldtt_is_decided_by_the_ward_after_a_return(
    client: FlaskClient, as_user: Logins
) -> None:
    dossier = create(client, as_user, award="LDTT")
    submit(client, as_user, dossier["id"])
    returned = act(client, as_user, "dc.officer", dossier["id"], "return", "Bổ sung thành tích")
    assert returned["status"] == "returned"
    submit(client, as_user, dossier["id"])
    final = approve_at(client, as_user, "dc.approver", dossier["id"])

    assert (final["status"], final["level"]) == ("approved", "ward")
    decision = _decision(client, as_user, dossier["id"])
    assert (decision["issuer_org_code"], decision["issuer"]) == (
        "HN-DC",
        "Ủy ban nhân dân phường Định Công",
    )


def test_a_wards_bang_khen_climbs_straight_to_the_province(
    client: FlaskClient, as_user: Logins
) -> None:
    dossier = create(client, as_user, award="BK_TINH_CN")
    submit(client, as_user, dossier["id"])
    at_province = approve_at(client, as_user, "dc.approver", dossier["id"])
    assert (at_province["status"], at_province["level"]) == ("in_review", "province")
    final = approve_at(client, as_user, "hn.approver", dossier["id"])

    assert (final["status"], final["level"]) == ("approved", "province")
    assert _decision(client, as_user, dossier["id"])["issuer_org_code"] == "HN"


def test_the_province_may_reject_a_wards_proposal(client: FlaskClient, as_user: Logins) -> None:
    dossier = create(client, as_user, award="CSTD_TINH")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    final = act(client, as_user, "hn.officer", dossier["id"], "reject", "Chưa đủ tiêu chuẩn")
    assert final["status"] == "rejected"
    r = client.get(f"/api/v1/dossiers/{dossier['id']}/decision", headers=as_user("dc.clerk"))
    assert r.status_code == 404
