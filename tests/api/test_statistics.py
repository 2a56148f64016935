"""Statistics over the API: a year of decisions seeded through the API, then every table's
total checked against the register (the decisions' approved nominees and the awarded central
decisions)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pytest
from flask.testing import FlaskClient

from tests.api.helpers import (
    Login,
    act,
    appraise,
    approve_at,
    create,
    issue,
    nominee_ids,
    submit,
    tasks_of,
    vote,
)
from tests.conftest import services_of

PEOPLE = [
    {"full_name": "Trường THCS Định Công", "kind": "collective", "unit": "Phường Định Công"},
    {"full_name": "Hộ ông Lê Văn Bình", "kind": "household", "unit": "Tổ dân phố 5"},
    {"full_name": "Nguyễn Thị Hoa", "kind": "individual", "position": "Giáo viên"},
    {"full_name": "Trần Văn Cường", "kind": "individual", "position": "Công chức"},
]
SUMMARIES = ("by_unit", "by_award", "by_level", "by_gender", "by_ethnicity")


def _bang_khen_with_one_voted_down(client: FlaskClient, as_user: Login, people: list[dict]) -> int:
    """A provincial Bằng khen for four nominees; the council votes one of them down."""
    dossier_id = create(client, as_user, award="BK_TINH", nominees=people)["id"]
    submit(client, as_user, dossier_id)
    approve_at(client, as_user, "dc.approver", dossier_id)
    approve_at(client, as_user, "hm.approver", dossier_id)
    appraise(client, as_user, "hn.officer", dossier_id)
    last = nominee_ids(client, as_user, "hn.secretary", dossier_id)[-1]
    if tasks_of(client, as_user, "hn.secretary", dossier_id):
        vote(client, as_user, "hn.secretary", dossier_id, votes_for={last: 3})
    act(client, as_user, "hn.approver", dossier_id, "approve")
    issue(client, as_user, dossier_id)
    return dossier_id


def _decided(
    client: FlaskClient,
    as_user: Login,
    award: str,
    approvers: list[str],
    people: list[dict],
    *,
    issued: bool = True,
) -> int:
    """Approved up the chain and, unless only proposed above, issued by the deciding level."""
    dossier_id = create(client, as_user, award=award, nominees=people[2:])["id"]
    submit(client, as_user, dossier_id)
    for approver in approvers:
        approve_at(client, as_user, approver, dossier_id)
    if issued:
        issue(client, as_user, dossier_id)
    return dossier_id


def _central(client: FlaskClient, as_user: Login, people: list[dict]) -> int:
    """CSTĐ toàn quốc proposed by the province and awarded by the Prime Minister."""
    chain = ["dc.approver", "hm.approver", "hn.approver"]
    dossier_id = _decided(client, as_user, "CSTD_TQ", chain, people, issued=False)
    signed = services_of(client.application).today().isoformat()
    r = client.post(
        f"/api/v1/dossiers/{dossier_id}/central-decision",
        json={"number": "1234/QĐ-TTg", "signed_on": signed},
        headers=as_user("hn.approver"),
    )
    assert r.status_code == 201, r.get_json()
    return dossier_id


def _register(client: FlaskClient, as_user: Login, year: int, central: list[int]) -> Counter[str]:
    """Awarded nominees by award code, read from the register as a clerk of the office would:
    each decision's dossier and its approved nominees, and the awarded central decisions."""
    headers = as_user("hn.auditor")
    found: Counter[str] = Counter()
    decisions = client.get(f"/api/v1/decisions?year={year}", headers=headers).get_json()["items"]
    issued = [d["dossier_id"] for d in decisions if d["status"] == "issued"]
    for dossier_id in issued + central:
        dossier = client.get(f"/api/v1/dossiers/{dossier_id}", headers=headers).get_json()
        results = [n["result"] for n in dossier["nominees"]]
        found[dossier["award"]] += sum(r == "approved" for r in results)
    return found


def seed_year(
    client: FlaskClient, as_user: Login, linked: Mapping[str, int] | None = None
) -> tuple[int, Counter[str]]:
    """This year's decisions of four awards (one nominee voted down, one central decision);
    the year and the register's count of awarded nominees by award. ``linked``: registry
    entries (by name) the nominees of that name are linked to."""
    links = linked or {}
    people = [p | ({"person_id": links[p["full_name"]]} if p["full_name"] in links else {})
              for p in PEOPLE]  # fmt: skip
    year = services_of(client.application).this_year()
    _bang_khen_with_one_voted_down(client, as_user, people)
    _decided(client, as_user, "GK_HUYEN", ["dc.approver", "hm.approver"], people)
    _decided(client, as_user, "GK_XA", ["dc.approver"], people)
    central = _central(client, as_user, people)
    return year, _register(client, as_user, year, [central])


@pytest.fixture
def seeded(client: FlaskClient, as_user: Login) -> tuple[int, Counter[str]]:
    return seed_year(client, as_user)


def _statistics(client: FlaskClient, as_user: Login, user: str, query: str) -> dict:
    r = client.get(f"/api/v1/statistics?{query}", headers=as_user(user))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def test_every_table_of_a_seeded_year_adds_up_to_the_register(
    client: FlaskClient, as_user: Login, seeded: tuple[int, Counter[str]]
) -> None:
    year, register = seeded
    assert register == {"BK_TINH": 3, "GK_HUYEN": 2, "GK_XA": 2, "CSTD_TQ": 2}

    s = _statistics(client, as_user, "hn.approver", f"year={year}")

    assert s["awarded"] == register.total() == 9
    tables = {t["key"]: t for t in s["tables"]}
    for key in SUMMARIES:
        assert tables[key]["total"] == 9, key
        assert sum(r["total"] for r in tables[key]["rows"]) == 9, key
    by_award = {r["label"]: r["total"] for r in tables["by_award"]["rows"]}
    assert by_award["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"] == 3
    assert tables["0603.N/BNV-TĐKT"]["total"] == register["BK_TINH"]
    assert tables["0602.N/BNV-TĐKT"]["total"] == register["CSTD_TQ"]
    assert tables["0601.N/BNV-TĐKT"]["available"] is False


def test_the_prize_money_of_the_decisions_issued_here_is_summed_at_each_decisions_amount(
    client: FlaskClient, as_user: Login, seeded: tuple[int, Counter[str]]
) -> None:
    year, _ = seeded
    s = _statistics(client, as_user, "hn.approver", f"year={year}&form=prize")

    [table] = s["tables"]
    money = {r["label"]: r["cells"] for r in table["rows"]}
    # 2 340 000 đ base: Bằng khen 1.5× for the individual (3 510 000), 2× for the collective,
    # 1.5× for the household (5 265 000, rounded up to 5 270 000); Giấy khen 0.3× (710 000).
    assert money["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"] == [3, 15_800_000]
    assert money["Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện"] == [2, 1_420_000]
    assert table["footer"]["cells"] == [7, 18_640_000]  # the central award is not paid here


def test_the_forms_split_the_awarded_by_kind_and_name_their_circular(
    client: FlaskClient, as_user: Login, seeded: tuple[int, Counter[str]]
) -> None:
    year, _ = seeded
    s = _statistics(client, as_user, "hn.approver", f"year={year}&form=0603.N/BNV-TĐKT")

    [form] = s["tables"]
    rows = {r["code"]: r for r in form["rows"]}
    # The council voted the last individual down: a collective, a household, one individual.
    assert [rows[c]["total"] for c in ("01", "02", "03", "04")] == [3, 1, 1, 1]
    assert rows["01"]["cells"] == [3, 0, 0, 0]  # all in the Bằng khen column
    assert "18/2025/TT-BNV" in form["basis"] and "chưa xác minh" in form["basis"]
    assert s["circular_verified"] is False


def test_the_nominees_no_registry_entry_names_are_counted_as_unknown_gender(
    client: FlaskClient, as_user: Login, seeded: tuple[int, Counter[str]]
) -> None:
    year, _ = seeded
    s = _statistics(client, as_user, "hn.approver", f"year={year}&form=by_gender")

    [table] = s["tables"]
    assert [(r["label"], r["total"]) for r in table["rows"]] == [("Chưa rõ", 9)]


def test_a_unit_and_its_subtree_count_only_their_own_dossiers(
    client: FlaskClient, as_user: Login, seeded: tuple[int, Counter[str]]
) -> None:
    year, _ = seeded
    district = _statistics(client, as_user, "hn.approver", f"year={year}&org_code=HM")
    assert district["awarded"] == 9
    [units] = [t for t in district["tables"] if t["key"] == "by_unit"]
    assert [r["label"] for r in units["rows"]] == ["Phường Định Công"]
    other = _statistics(client, as_user, "hn.approver", f"year={year}&org_code=CG")
    assert other["awarded"] == 0
    outsider = _statistics(client, as_user, "cg.approver", f"year={year}")
    assert outsider["awarded"] == 0
    last_year = _statistics(client, as_user, "hn.approver", f"year={year - 1}")
    assert last_year["awarded"] == 0
    in_days = _statistics(client, as_user, "hn.approver", f"from={year}-01-01&to={year}-12-31")
    assert in_days["awarded"] == 9


def test_a_unit_outside_ones_reach_or_a_wrong_parameter_is_refused(
    client: FlaskClient, as_user: Login
) -> None:
    outside = client.get("/api/v1/statistics?org_code=HM", headers=as_user("cg.approver"))
    assert outside.status_code == 403
    unknown = client.get("/api/v1/statistics?org_code=NOPE", headers=as_user("hn.approver"))
    assert (unknown.status_code, list(unknown.get_json()["error"]["fields"])) == (422, ["org_code"])
    backwards = client.get(
        "/api/v1/statistics?from=2026-05-01&to=2026-01-01", headers=as_user("hn.approver")
    )
    assert backwards.status_code == 422
    assert set(backwards.get_json()["error"]["fields"]) == {"from", "to"}
    form = client.get("/api/v1/statistics?form=0999", headers=as_user("hn.approver"))
    assert (form.status_code, list(form.get_json()["error"]["fields"])) == (422, ["form"])
    admin = client.get("/api/v1/statistics", headers=as_user("admin"))
    assert admin.status_code == 403
    # Found by the fuzzer: a year no calendar holds was a server error.
    far = client.get("/api/v1/statistics?year=2147483646", headers=as_user("hn.approver"))
    assert (far.status_code, list(far.get_json()["error"]["fields"])) == (422, ["year"])
