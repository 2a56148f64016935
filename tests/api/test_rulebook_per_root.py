"""One installation, two rulebooks (issue 12): each province root follows its own.

Hà Nội (the demo world) keeps the installation's three-tier rulebook, with districts between the
city and its wards; Hải Phòng is added as a two-tier root (``flask org add --rulebook``) whose
communes sit directly under it. The same award, CSTĐCS, is decided by the district in the first
and by the commune in the second (Luật 06/2022 Art. 80(2) before, NĐ 152/2025 after). A dossier
keeps the rulebook it was created under when its province later changes rulebook.
"""

from __future__ import annotations

import io

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import approve_at, create, dossier_body, submit
from tests.conftest import DEMO_PASSWORD, Logins, services_of

TWO_TIER = "two_tier_nd152"
PROVINCE = ("--level", "province")


@pytest.fixture
def hai_phong(app: Flask, client: FlaskClient, as_user: Logins) -> None:
    """A two-tier root with one commune, its clerk, approver and admin."""
    runner = app.test_cli_runner()
    for args in (
        ["catalog", "load", "--rulebook", TWO_TIER],
        ["org", "add", "HP", "--name", "Thành phố Hải Phòng", *PROVINCE, "--rulebook", TWO_TIER],
        ["user", "add", "hp.admin", "--password", DEMO_PASSWORD, "--org", "HP", "--role", "admin"],
    ):
        done = runner.invoke(args=args)
        assert done.exit_code == 0, done.output
    admin = as_user("hp.admin")
    r = client.post(
        "/api/v1/orgs",
        json={"code": "HP-LC", "name": "Phường Lê Chân", "level": "ward", "parent": "HP"},
        headers=admin,
    )
    assert r.status_code == 201, r.get_json()
    people = ("clerk", "approver", "officer", "secretary")
    for username, role in ((f"lc.{role}", role) for role in people):
        r = client.post(
            "/api/v1/users",
            json={
                "username": username,
                "password": DEMO_PASSWORD,
                "full_name": username,
                "grants": [{"org": "HP-LC", "role": role}],
            },
            headers=admin,
        )
        assert r.status_code == 201, r.get_json()


def _levels(client: FlaskClient, as_user: Logins, org: str) -> dict[str, str]:
    r = client.get(f"/api/v1/awards?org={org}", headers=as_user("admin"))
    assert r.status_code == 200, r.get_json()
    return {a["code"]: a["level"] for a in r.get_json()["items"]}


@pytest.mark.usefixtures("hai_phong")
def test_each_root_lists_and_routes_by_its_own_rulebook(
    client: FlaskClient, as_user: Logins
) -> None:
    roots = {o["code"]: o["rulebook"] for o in _orgs(client, as_user)}
    assert (roots["HN"], roots["HP"], roots["HM"]) == ("three_tier_nd98", TWO_TIER, None)
    assert _levels(client, as_user, "HM-DC")["CSTDCS"] == "district"
    two_tier = _levels(client, as_user, "HP-LC")
    assert two_tier["CSTDCS"] == "ward" and "GK_HUYEN" not in two_tier

    # Hà Nội: the ward proposes, the district decides.
    hanoi = create(client, as_user, award="CSTDCS")
    assert hanoi["rulebook"] == "three_tier_nd98"
    submit(client, as_user, hanoi["id"])
    at_district = approve_at(client, as_user, "dc.approver", hanoi["id"])
    assert (at_district["status"], at_district["level"]) == ("in_review", "district")
    final = approve_at(client, as_user, "hm.approver", hanoi["id"])
    assert (final["status"], final["level"]) == ("approved", "district")

    # Hải Phòng: the commune decides itself.
    haiphong = create(client, as_user, clerk="lc.clerk", award="CSTDCS")
    assert haiphong["rulebook"] == TWO_TIER
    submit(client, as_user, haiphong["id"], clerk="lc.clerk")
    final = approve_at(client, as_user, "lc.approver", haiphong["id"])
    assert (final["status"], final["level"]) == ("approved", "ward")

    # Each decision cites its own rulebook's căn cứ.
    local_government = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"
    assert local_government in _text(client, as_user("lc.clerk"), haiphong["id"])
    assert local_government not in _text(client, as_user("dc.clerk"), hanoi["id"])


@pytest.mark.usefixtures("hai_phong")
def test_a_dossier_keeps_its_rulebook_when_its_province_changes_rulebook(
    client: FlaskClient, as_user: Logins
) -> None:
    before = create(client, as_user, clerk="lc.clerk", award="CSTDCS")

    r = client.put(
        "/api/v1/orgs/HP/rulebook",
        json={"rulebook": "three_tier_nd98"},
        headers=as_user("hp.admin"),
    )
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["rulebook"] == "three_tier_nd98"

    # The open dossier still follows the two-tier rulebook: its commune decides it.
    submit(client, as_user, before["id"], clerk="lc.clerk")
    final = approve_at(client, as_user, "lc.approver", before["id"])
    assert (final["status"], final["level"], final["rulebook"]) == ("approved", "ward", TWO_TIER)
    # A new one follows three tiers, where a district decides CSTĐCS: Hải Phòng has none.
    r = client.post(
        "/api/v1/dossiers",
        json=dossier_body(award="CSTDCS"),
        headers=as_user("lc.clerk"),
    )
    assert r.status_code == 422, r.get_json()
    assert "cấp huyện" in r.get_json()["error"]["message"]
    events = client.get("/api/v1/audit", headers=as_user("hn.auditor")).get_json()["items"]
    [changed] = [e for e in events if e["action"] == "org_rulebook_changed"]
    assert changed["comment"] == f"{TWO_TIER} → three_tier_nd98"


def test_an_unknown_rulebook_is_refused_in_vietnamese(app: Flask) -> None:
    done = app.test_cli_runner().invoke(
        args=["org", "add", "HP", "--name", "Hải Phòng", *PROVINCE, "--rulebook", "one_tier"]
    )
    assert done.exit_code != 0
    assert "Không có bộ quy định 'one_tier'" in done.output
    with services_of(app).container.reader() as uow:
        assert uow.orgs.by_code("HP") is None


@pytest.mark.usefixtures("hai_phong")
def test_changing_a_rulebook_is_for_the_provinces_admin_and_a_known_rulebook(
    client: FlaskClient, as_user: Logins
) -> None:
    r = client.put("/api/v1/orgs/HP/rulebook", json={"rulebook": "x"}, headers=as_user("hp.admin"))
    assert r.status_code == 422
    assert "Không có bộ quy định 'x'" in r.get_json()["error"]["message"]
    r = client.put(
        "/api/v1/orgs/HP/rulebook", json={"rulebook": TWO_TIER}, headers=as_user("admin")
    )
    assert r.status_code == 403
    r = client.put(
        "/api/v1/orgs/HP-LC/rulebook", json={"rulebook": TWO_TIER}, headers=as_user("hp.admin")
    )
    assert r.status_code == 422
    r = client.post(
        "/api/v1/orgs",
        json={
            "code": "HP-NQ",
            "name": "Phường Ngô Quyền",
            "level": "ward",
            "parent": "HP",
            "rulebook": TWO_TIER,
        },
        headers=as_user("hp.admin"),
    )
    assert r.status_code == 422
    assert "Chỉ đơn vị cấp tỉnh" in r.get_json()["error"]["message"]


def _text(client: FlaskClient, headers: dict[str, str], dossier_id: int) -> str:
    r = client.get(f"/api/v1/dossiers/{dossier_id}/decision/content", headers=headers)
    assert r.status_code == 200
    return "\n".join(p.text for p in docx.Document(io.BytesIO(r.data)).paragraphs)


def _orgs(client: FlaskClient, as_user: Logins) -> list[dict]:
    items: list[dict] = []
    for admin in ("admin", "hp.admin"):
        items += client.get("/api/v1/orgs", headers=as_user(admin)).get_json()["items"]
    return items
