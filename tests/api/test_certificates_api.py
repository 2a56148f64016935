"""Certificates on pre-printed blanks over the API: a unit's layout, kept by its admin, places
each field where it says on the PDF of an issued decision's certificates (read back with
pypdf), one page per awardee still standing; and the delivery register."""

from __future__ import annotations

from datetime import date, timedelta

from flask.testing import FlaskClient

from service.domain.certificate_layouts import FieldBox, short_date
from tests.api.helpers import Login, approve_at, create, issue, move_decision, submit
from tests.conftest import services_of
from tests.documents.test_certificates import assert_in_box, pages, run_of

LAYOUTS = "/api/v1/orgs/HM-DC/certificate-layouts"
# Positions no default has, so that a page drawn with the default would fail every check.
BOXES = {
    "name": {"x_mm": 20, "y_mm": 40, "width_mm": 120, "font_size_pt": 18, "align": "L"},
    "unit": {"x_mm": 150, "y_mm": 60, "width_mm": 120, "font_size_pt": 12, "align": "R"},
    "achievement": {"x_mm": 30, "y_mm": 100, "width_mm": 237, "font_size_pt": 12, "align": "C"},
    "decision_number": {"x_mm": 200, "y_mm": 170, "width_mm": 60, "font_size_pt": 11},
    "decision_date": {"x_mm": 200, "y_mm": 180, "width_mm": 60, "font_size_pt": 11},
}
LAYOUT = {"page_width_mm": 297, "page_height_mm": 210, "fields": BOXES}
NOMINEES = [
    {"full_name": "Nguyễn Thị Hằng", "kind": "individual", "unit": "Tổ dân phố 3"},
    {"full_name": "Trần Văn Đức", "kind": "individual", "unit": "Trường Tiểu học Định Công"},
]


def _issued(client: FlaskClient, as_user: Login) -> dict:
    """A Giấy khen of Phường Định Công for two, issued by the ward."""
    dossier = create(client, as_user, award="GK_XA_CN", nominees=NOMINEES)
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    return issue(client, as_user, dossier["id"])


def _put(client: FlaskClient, as_user: Login, user: str = "admin", layout: dict = LAYOUT):
    return client.put(f"{LAYOUTS}/giay_khen", json=layout, headers=as_user(user))


def _nominees(client: FlaskClient, as_user: Login, decision: dict) -> dict[str, int]:
    r = client.get(f"/api/v1/decisions/{decision['id']}/deliveries", headers=as_user("dc.clerk"))
    assert r.status_code == 200, r.get_json()
    return {x["name"]: x["nominee_id"] for x in r.get_json()["items"]}


def _certificates(client: FlaskClient, as_user: Login, decision: dict):
    return client.get(
        f"/api/v1/decisions/{decision['id']}/certificates.pdf", headers=as_user("dc.records")
    )


def test_each_field_prints_where_the_units_layout_says_one_page_per_awardee(
    client: FlaskClient, as_user: Login
) -> None:
    assert _put(client, as_user).status_code == 200
    decision = _issued(client, as_user)

    r = _certificates(client, as_user, decision)

    assert r.status_code == 200 and r.mimetype == "application/pdf"
    drawn = pages(r.data)
    assert len(drawn) == 2
    boxes = {name: FieldBox(**{"align": "L", **box}) for name, box in BOXES.items()}
    for runs, nominee in zip(drawn, NOMINEES, strict=True):
        assert_in_box(run_of(runs, nominee["full_name"]), boxes["name"])
        assert_in_box(run_of(runs, nominee["unit"]), boxes["unit"])
        assert_in_box(run_of(runs, decision["number"]), boxes["decision_number"])
        issued_on = short_date(date.fromisoformat(decision["issued_on"]))
        assert_in_box(run_of(runs, issued_on), boxes["decision_date"])
        texts = [run.text for run in runs]
        assert any(t.startswith("Đã có thành tích xuất sắc") for t in texts), texts


def test_a_revoked_awardee_gets_no_certificate_and_no_delivery(
    client: FlaskClient, as_user: Login
) -> None:
    decision = _issued(client, as_user)
    ids = _nominees(client, as_user, decision)
    move_decision(
        client,
        as_user,
        "dc.signer",
        decision["id"],
        "revoke",
        reason="Khai man thành tích",
        legal_basis="Điều 93 Luật Thi đua, khen thưởng 2022",
        nominee_ids=[ids["Trần Văn Đức"]],
    )

    drawn = pages(_certificates(client, as_user, decision).data)
    assert len(drawn) == 1 and run_of(drawn[0], "Nguyễn Thị Hằng")
    refused = client.post(
        f"/api/v1/decisions/{decision['id']}/deliveries",
        json={
            "nominee_id": ids["Trần Văn Đức"],
            "received_by": "Trần Văn Đức",
            "delivered_on": decision["issued_on"],
        },
        headers=as_user("dc.records"),
    )
    assert refused.status_code == 409


def test_a_bad_layout_is_refused_field_by_field_and_only_an_admin_may_save_one(
    client: FlaskClient, as_user: Login
) -> None:
    outside = {"x_mm": 290, "y_mm": 40, "width_mm": 120, "font_size_pt": 18}
    bad = LAYOUT | {"fields": BOXES | {"name": outside, "unit": {"x_mm": "a"}}}

    r = _put(client, as_user, layout=bad)

    assert r.status_code == 422
    fields = r.get_json()["error"]["fields"]
    assert any(k.startswith("fields.unit") for k in fields), fields
    assert _put(client, as_user, "dc.clerk").status_code == 403
    assert _put(client, as_user, "dc.records").status_code == 403
    # Nothing was saved: the unit still prints with the default.
    got = client.get(f"{LAYOUTS}/giay_khen", headers=as_user("admin")).get_json()
    assert got["stored"] is False
    saved = _put(client, as_user).get_json()
    assert saved["stored"] is True and saved["layout"]["fields"]["name"]["x_mm"] == 20
    again = client.get(f"{LAYOUTS}/giay_khen", headers=as_user("admin")).get_json()
    assert again == saved


def test_the_preview_draws_a_candidate_layout_before_it_is_saved(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.post(f"{LAYOUTS}/giay_khen/preview.pdf", json=LAYOUT, headers=as_user("admin"))

    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    [runs] = pages(r.data)
    name = FieldBox(**{"align": "L", **BOXES["name"]})
    assert_in_box(run_of(runs, "Nguyễn Thị Hằng"), name)  # the preview's sample awardee
    got = client.get(f"{LAYOUTS}/giay_khen", headers=as_user("admin")).get_json()
    assert got["stored"] is False


def test_deliveries_are_recorded_once_each_and_never_in_the_future(
    client: FlaskClient, as_user: Login
) -> None:
    decision = _issued(client, as_user)
    ids = _nominees(client, as_user, decision)
    url = f"/api/v1/decisions/{decision['id']}/deliveries"
    hang = {"nominee_id": ids["Nguyễn Thị Hằng"], "received_by": "Nguyễn Thị Hằng",
            "delivered_on": decision["issued_on"], "note": "Tại hội nghị tổng kết"}  # fmt: skip

    assert client.post(url, json=hang, headers=as_user("dc.clerk")).status_code == 403
    recorded = client.post(url, json=hang, headers=as_user("dc.records"))
    assert recorded.status_code == 201, recorded.get_json()
    assert recorded.get_json()["received_by"] == "Nguyễn Thị Hằng"
    assert client.post(url, json=hang, headers=as_user("dc.records")).status_code == 409
    tomorrow = services_of(client.application).today() + timedelta(days=1)
    later = hang | {"nominee_id": ids["Trần Văn Đức"], "delivered_on": tomorrow.isoformat()}
    r = client.post(url, json=later, headers=as_user("dc.records"))
    assert r.status_code == 422 and "delivered_on" in r.get_json()["error"]["fields"]

    listed = client.get(url, headers=as_user("hm.auditor")).get_json()["items"]
    assert [(x["name"], x["delivered"]) for x in listed] == [
        ("Nguyễn Thị Hằng", True),
        ("Trần Văn Đức", False),
    ]


def test_a_decision_not_yet_issued_has_no_certificates(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user, award="GK_XA_CN", nominees=NOMINEES)
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    drafted = client.get(
        f"/api/v1/dossiers/{dossier['id']}/decision", headers=as_user("dc.clerk")
    ).get_json()

    assert _certificates(client, as_user, drafted).status_code == 409
