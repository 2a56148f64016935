"""Proposers outside the territorial chain, end to end over the API (issue 12, item 4).

In the two-tier demo world the departments (Sở Nội vụ, …) and the bloc of the Fatherland Front and
mass organisations sit under the city at the lowest level: they propose to the city as a ward does
and decide their own Giấy khen, in their head's own name.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import approve_at, create, issue, submit
from tests.conftest import Logins


@pytest.fixture
def app(two_tier_app: Flask) -> Flask:
    return two_tier_app


def _decision(client: FlaskClient, as_user: Logins, clerk: str, dossier_id: int) -> dict:
    r = client.get(f"/api/v1/dossiers/{dossier_id}/decision", headers=as_user(clerk))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def test_a_departments_bang_khen_is_proposed_to_the_province_which_decides_it(
    client: FlaskClient, as_user: Logins
) -> None:
    dossier = create(client, as_user, "snv.clerk", award="BK_TINH_CN")
    assert dossier["org_code"] == "HN-SNV"
    submit(client, as_user, dossier["id"], "snv.clerk")
    at_city = approve_at(client, as_user, "snv.approver", dossier["id"])
    assert (at_city["status"], at_city["level"]) == ("in_review", "province")
    final = approve_at(client, as_user, "hn.approver", dossier["id"])

    assert (final["status"], final["level"]) == ("approved", "province")
    decision = _decision(client, as_user, "snv.clerk", dossier["id"])
    assert (decision["issuer_org_code"], decision["issuer"]) == (
        "HN",
        "Ủy ban nhân dân thành phố Hà Nội",
    )


def test_a_department_decides_its_own_giay_khen_in_its_directors_name(
    client: FlaskClient, as_user: Logins
) -> None:
    dossier = create(client, as_user, "snv.clerk", award="GK_XA_CN")
    submit(client, as_user, dossier["id"], "snv.clerk")
    final = approve_at(client, as_user, "snv.approver", dossier["id"])

    assert (final["status"], final["level"]) == ("approved", "ward")
    issue(client, as_user, dossier["id"])
    decision = _decision(client, as_user, "snv.clerk", dossier["id"])
    assert (decision["issuer_org_code"], decision["issuer"]) == ("HN-SNV", "Sở Nội vụ")
    assert decision["number"].endswith("/QĐ-SNV")
    # The director signs in their own power: no TM./KT. line above the title.
    assert decision["signature_block"] == ["GIÁM ĐỐC", "Đỗ Minh Tuấn"]


def test_a_mass_organisation_decides_its_own_giay_khen_under_its_own_symbol(
    client: FlaskClient, as_user: Logins
) -> None:
    dossier = create(client, as_user, "mttq.clerk", award="GK_XA_TT", kind="collective")
    submit(client, as_user, dossier["id"], "mttq.clerk")
    approve_at(client, as_user, "mttq.approver", dossier["id"])
    issue(client, as_user, dossier["id"])

    decision = _decision(client, as_user, "mttq.clerk", dossier["id"])
    assert decision["issuer_org_code"] == "HN-MTTQ"
    assert decision["number"].endswith("/QĐ-MTTQ")


def test_the_org_list_names_each_units_type_and_the_bloc_sits_under_the_city(
    client: FlaskClient, as_user: Logins
) -> None:
    items = client.get("/api/v1/orgs", headers=as_user("admin")).get_json()["items"]
    by_code = {o["code"]: o for o in items}

    assert (by_code["HN-DC"]["type"], by_code["HN-DC"]["type_name"]) == (
        "people_committee",
        "Ủy ban nhân dân",
    )
    assert by_code["HN-SNV"]["type"] == "department"
    bloc = {c for c, o in by_code.items() if o["type"] == "mass_organisation"}
    assert bloc == {"HN-MTTQ", "HN-TD", "HN-HPN", "HN-HND", "HN-CCB", "HN-LDLD"}
    assert {by_code[c]["parent"] for c in bloc} == {"HN"}
    assert by_code["HN-SNV"]["merged_into"] is None


def test_an_admin_adds_a_department_and_an_unknown_type_is_refused(
    client: FlaskClient, as_user: Logins
) -> None:
    r = client.post(
        "/api/v1/orgs",
        json={
            "code": "HN-SXD",
            "name": "Sở Xây dựng",
            "level": "ward",
            "parent": "HN",
            "type": "department",
        },
        headers=as_user("admin"),
    )
    assert r.status_code == 201, r.get_json()
    assert (r.get_json()["type"], r.get_json()["parent"]) == ("department", "HN")

    r = client.post(
        "/api/v1/orgs",
        json={"code": "HN-X", "name": "X", "level": "ward", "parent": "HN", "type": "guild"},
        headers=as_user("admin"),
    )
    assert r.status_code == 422
    assert "type" in r.get_json()["error"]["fields"]
