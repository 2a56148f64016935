"""GET /api/v1/rulebooks and /rulebooks/{code}: the shipped rulebooks and their dated rules."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import Login


def test_the_rulebooks_are_listed_with_their_levels_top_first(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.get("/api/v1/rulebooks", headers=as_user("dc.clerk"))
    assert r.status_code == 200
    books = {b["code"]: b for b in r.get_json()["items"]}
    assert set(books) == {"three_tier_nd98", "two_tier_nd152"}
    assert [lv["code"] for lv in books["three_tier_nd98"]["levels"]] == [
        "province",
        "district",
        "ward",
    ]
    assert [lv["rank"] for lv in books["two_tier_nd152"]["levels"]] == [0, 1]
    assert books["two_tier_nd152"]["valid_from"] == "2025-07-01"


def test_a_rulebook_shows_its_dated_base_salaries_and_legal_bases(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.get("/api/v1/rulebooks/three_tier_nd98", headers=as_user("hn.auditor"))
    assert r.status_code == 200
    book = r.get_json()
    assert [(s["amount"], s["valid_from"], s["valid_to"]) for s in book["base_salaries"]] == [
        (1_800_000, "2023-07-01", "2024-06-30"),
        (2_340_000, "2024-07-01", None),
    ]
    nd152 = [b for b in book["legal_bases"] if "152/2025" in b["text"]]
    assert [b["valid_to"] for b in nd152] == ["2027-02-28"]


def test_an_unknown_rulebook_is_a_404_in_vietnamese(client: FlaskClient, as_user: Login) -> None:
    r = client.get("/api/v1/rulebooks/nd_2030", headers=as_user("dc.clerk"))
    assert r.status_code == 404
    assert "Không có bộ quy định" in r.get_json()["error"]["message"]


def test_rulebooks_need_a_signed_in_user(client: FlaskClient) -> None:
    assert client.get("/api/v1/rulebooks").status_code == 401


def test_a_rulebook_shows_each_level_s_office_and_fund_and_what_a_submit_needs(
    client: FlaskClient, as_user: Login
) -> None:
    for code, levels in (
        ("three_tier_nd98", {"province", "district", "ward"}),
        ("two_tier_nd152", {"province", "ward"}),
    ):
        book = client.get(f"/api/v1/rulebooks/{code}", headers=as_user("dc.clerk")).get_json()
        assert set(book["offices"]) == levels == set(book["funding"]), code
        assert book["offices"]["province"] == {
            "name": "Sở Nội vụ",
            "head": "Giám đốc Sở Nội vụ",
        }
        assert book["required_on_submit"] == ["proposal", "period"]
