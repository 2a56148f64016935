"""Rule versions by date over the API (issue 12, item 1): a province's own dated regulation.

Hà Nội (HN) decides from 01/01/2027 that CSTĐCS is decided by the city at 1.5 times the base
salary, instead of by the district at 1.0. A dossier is pinned to the day it was created (NĐ 152
Art. 60(3)): one created on 31/12/2026 keeps the district's route and amount even when decided
in 2027; one created on 01/01/2027 climbs to the city. Prize money takes the base salary in force
on the decision date (docs/rulebooks.md).
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import docx
from flask import Flask
from flask.testing import FlaskClient

from tests.api.helpers import approve_at, create, submit
from tests.conftest import Logins, services_of

REGULATION = {
    "name": "Quy chế thi đua, khen thưởng thành phố Hà Nội",
    "overrides": [
        {
            "award": "CSTDCS",
            "valid_from": "2027-01-01",
            "level": "province",
            "prize_multiple": 1.5,
            "basis": "Quyết định số 01/2027/QĐ-UBND, Điều 5",
        }
    ],
}


def _at(app: Flask, as_user: Logins, moment: datetime) -> None:
    services_of(app).container.clock = lambda: moment
    as_user.forget()  # tokens are checked by the same clock


def _regulate(client: FlaskClient, as_user: Logins) -> None:
    r = client.put("/api/v1/orgs/HN/regulation", json=REGULATION, headers=as_user("admin"))
    assert r.status_code == 200, r.get_json()


def _awards(client: FlaskClient, as_user: Logins, query: str) -> dict[str, dict]:
    r = client.get(f"/api/v1/awards{query}", headers=as_user("dc.clerk"))
    assert r.status_code == 200, r.get_json()
    return {a["code"]: a for a in r.get_json()["items"]}


def _text(client: FlaskClient, as_user: Logins, dossier_id: int) -> str:
    r = client.get(f"/api/v1/dossiers/{dossier_id}/decision/content", headers=as_user("dc.clerk"))
    assert r.status_code == 200
    document = docx.Document(io.BytesIO(r.data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _decision(client: FlaskClient, as_user: Logins, dossier_id: int) -> dict:
    r = client.get(f"/api/v1/dossiers/{dossier_id}/decision", headers=as_user("dc.clerk"))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def test_a_province_override_moves_an_award_for_dossiers_created_from_its_date(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    _at(app, as_user, datetime(2026, 12, 20, 2, 0, tzinfo=UTC))
    _regulate(client, as_user)
    _at(app, as_user, datetime(2026, 12, 31, 2, 0, tzinfo=UTC))
    before = create(client, as_user, award="CSTDCS")
    _at(app, as_user, datetime(2027, 1, 1, 2, 0, tzinfo=UTC))
    after = create(client, as_user, award="CSTDCS")
    assert (before["rulebook"], before["rules_on"]) == ("three_tier_nd98", "2026-12-31")
    assert after["rules_on"] == "2027-01-01"

    # Decided in 2027 both, but the earlier dossier follows the rules of its own day.
    for dossier in (before, after):
        submit(client, as_user, dossier["id"])
        approve_at(client, as_user, "dc.approver", dossier["id"])
    old = approve_at(client, as_user, "hm.approver", before["id"])
    climbing = approve_at(client, as_user, "hm.approver", after["id"])
    assert (old["status"], old["level"]) == ("approved", "district")
    assert (climbing["status"], climbing["level"]) == ("in_review", "province")
    new = approve_at(client, as_user, "hn.approver", after["id"])
    assert (new["status"], new["level"]) == ("approved", "province")

    assert _decision(client, as_user, before["id"])["issuer_org_code"] == "HM"
    assert _decision(client, as_user, after["id"])["issuer_org_code"] == "HN"
    assert "2.340.000" in _text(client, as_user, before["id"])  # 1.0 × 2 340 000
    assert "3.510.000" in _text(client, as_user, after["id"])  # 1.5 × 2 340 000


def test_the_awards_in_force_on_a_day_follow_the_units_province(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    _regulate(client, as_user)
    eve = _awards(client, as_user, "?on=2026-12-31&org=HM-DC")["CSTDCS"]
    day = _awards(client, as_user, "?on=2027-01-01&org=HM-DC")["CSTDCS"]
    assert (eve["level"], eve["prize_multiple"]) == ("district", 1.0)
    assert (day["level"], day["prize_multiple"]) == ("province", 1.5)
    assert (day["kinds"], day["proposes_only"], day["valid_from"]) == (
        ["individual"],
        False,
        "2024-01-01",
    )
    # Without ``org``: the caller's unit (dc.clerk is HM-DC's clerk).
    assert _awards(client, as_user, "?on=2027-01-01")["CSTDCS"]["level"] == "province"
    r = client.get("/api/v1/awards", headers=as_user("dc.clerk"))
    assert (r.get_json()["org"], r.get_json()["on"]) == (
        "HM-DC",
        services_of(app).today().isoformat(),
    )


def test_a_bad_day_or_an_unknown_unit_is_refused_in_vietnamese(
    client: FlaskClient, as_user: Logins
) -> None:
    for query, field in (("?on=31/12/2026", "on"), ("?on=2026-02-30", "on"), ("?org=XX", "org")):
        r = client.get(f"/api/v1/awards{query}", headers=as_user("dc.clerk"))
        assert r.status_code == 422, query
        assert field in r.get_json()["error"]["fields"], r.get_json()


def test_a_regulation_must_name_known_awards_and_levels_and_belong_to_a_province(
    client: FlaskClient, as_user: Logins
) -> None:
    bad = {"overrides": [{**REGULATION["overrides"][0], "award": "NO_SUCH", "level": "moon"}]}
    r = client.put("/api/v1/orgs/HN/regulation", json=bad, headers=as_user("admin"))
    assert r.status_code == 422
    assert set(r.get_json()["error"]["fields"]) == {"overrides[0].award", "overrides[0].level"}
    r = client.put("/api/v1/orgs/HM/regulation", json=REGULATION, headers=as_user("admin"))
    assert r.status_code == 422
    assert "tỉnh" in r.get_json()["error"]["message"]


def test_a_regulation_reads_back_as_it_was_put_and_the_change_is_audited(
    client: FlaskClient, as_user: Logins
) -> None:
    _regulate(client, as_user)
    r = client.get("/api/v1/orgs/HN/regulation", headers=as_user("admin"))
    assert r.get_json() == {
        "name": REGULATION["name"],
        "overrides": [{**REGULATION["overrides"][0], "valid_to": None}],
        "eligibility": {},  # no choice of block or warn made: the rulebook's stand
        "version": 1,  # the first write
    }
    events = client.get("/api/v1/audit", headers=as_user("hn.auditor")).get_json()["items"]
    assert "regulation_changed" in {e["action"] for e in events}


def test_catalog_load_takes_a_provinces_regulation_pack(
    app: Flask, client: FlaskClient, as_user: Logins, tmp_path: Path
) -> None:
    pack = tmp_path / "hn.json"
    pack.write_text(json.dumps({"root": "HN", **REGULATION}, ensure_ascii=False), "utf-8")
    result = app.test_cli_runner().invoke(args=["catalog", "load", "--regulation", str(pack)])
    assert result.exit_code == 0, result.output
    assert "HN: 1" in result.output
    assert _awards(client, as_user, "?on=2027-06-01")["CSTDCS"]["level"] == "province"


def test_a_dossier_created_before_a_new_base_salary_but_decided_after_gets_the_new_amount(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    # docs/rulebooks.md: prize money is paid at the base salary in force when the decision is
    # signed (1 800 000 until 30/06/2024, 2 340 000 from 01/07/2024), whatever the dossier's day.
    _at(app, as_user, datetime(2024, 6, 28, 2, 0, tzinfo=UTC))
    dossier = create(client, as_user, award="GK_HUYEN", year=2024)
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    _at(app, as_user, datetime(2024, 7, 1, 2, 0, tzinfo=UTC))
    approve_at(client, as_user, "hm.approver", dossier["id"])

    text = _text(client, as_user, dossier["id"])
    assert "710.000" in text and "540.000" not in text  # 0.3 × 2 340 000 ↑, not × 1 800 000


def test_a_decision_cites_the_rulebooks_legal_bases_of_its_date_then_the_units_own(
    app: Flask, client: FlaskClient, as_user: Logins, tmp_path: Path
) -> None:
    profile = tmp_path / "hm.json"
    own = "Căn cứ Quy chế thi đua, khen thưởng của quận Hoàng Mai"
    profile.write_text(json.dumps({"legal_bases": [own]}, ensure_ascii=False), "utf-8")
    result = app.test_cli_runner().invoke(args=["org", "profile", "HM", "--file", str(profile)])
    assert result.exit_code == 0, result.output
    texts = {}
    for moment in (datetime(2025, 6, 30, 2, 0, tzinfo=UTC), datetime(2025, 7, 1, 2, 0, tzinfo=UTC)):
        _at(app, as_user, moment)
        dossier = create(client, as_user, award="GK_HUYEN", year=2025)
        submit(client, as_user, dossier["id"])
        approve_at(client, as_user, "dc.approver", dossier["id"])
        approve_at(client, as_user, "hm.approver", dossier["id"])
        texts[moment.date().isoformat()] = _text(client, as_user, dossier["id"])

    before, after = texts["2025-06-30"], texts["2025-07-01"]
    assert "98/2023/NĐ-CP" in before and "152/2025/NĐ-CP" not in before
    assert "152/2025/NĐ-CP" in after and "98/2023/NĐ-CP" not in after
    for text in (before, after):
        organisation = text.index("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6")
        law = text.index("Căn cứ Luật Thi đua, khen thưởng")
        assert organisation < law < text.index(own)


def test_the_rulebook_shows_the_provinces_overrides_of_it(
    client: FlaskClient, as_user: Logins
) -> None:
    _regulate(client, as_user)
    book = client.get("/api/v1/rulebooks/three_tier_nd98", headers=as_user("dc.clerk")).get_json()
    assert book["installed"] is True
    assert [(r["org"], r["overrides"][0]["award"]) for r in book["regulations"]] == [
        ("HN", "CSTDCS")
    ]
    other = client.get("/api/v1/rulebooks/two_tier_nd152", headers=as_user("dc.clerk")).get_json()
    assert (other["installed"], other["regulations"]) == (False, [])
