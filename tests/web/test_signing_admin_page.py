"""The administrator's page for a unit's signers and certificate layouts: set a signer's title
and capacity, edit a layout field by field, preview it, save it; others are refused."""

from __future__ import annotations

from flask.testing import FlaskClient

from service.domain.certificate_layouts import FIELDS, default_layouts
from tests.api.helpers import Login
from tests.web.helpers import csrf, web_login

PAGE = "/admin/signing?org=HM"


def _layout_form(token: str, **changed: str) -> dict[str, str]:
    lay = default_layouts()["giay_khen"]
    form = {"csrf_token": token, "page_width_mm": "297", "page_height_mm": "210"}
    for name in FIELDS:
        box = lay.fields.get(name)
        if box is None:
            continue
        form |= {
            f"{name}.printed": "1",
            f"{name}.x_mm": str(box.x_mm),
            f"{name}.y_mm": str(box.y_mm),
            f"{name}.width_mm": str(box.width_mm),
            f"{name}.font_size_pt": str(box.font_size_pt),
            f"{name}.align": box.align,
        }
    return form | changed


def test_an_admin_sets_a_signers_capacity_and_it_prints_so(
    client: FlaskClient, as_user: Login
) -> None:
    web_login(client, "admin")
    html = client.get(PAGE).get_data(as_text=True)
    assert "Ngô Đức Thành" in html and "KT. (ký thay)" in html

    r = client.post(
        "/admin/signing/HM/signers",
        data={
            "csrf_token": csrf(client, PAGE),
            "username": "hm.signer",
            "title": "Chủ tịch",
            "capacity": "own",
        },
    )

    assert r.status_code == 302
    seats = client.get("/api/v1/orgs/HM/signers", headers=as_user("admin")).get_json()["items"]
    assert [(s["username"], s["title"], s["capacity"]) for s in seats] == [
        ("hm.signer", "Chủ tịch", "own")
    ]


def test_a_layout_is_previewed_refused_with_its_fields_named_and_saved(
    client: FlaskClient, as_user: Login
) -> None:
    web_login(client, "admin")
    token = csrf(client, PAGE)
    url = "/admin/signing/HM/layouts/giay_khen"

    preview = client.post(url, data=_layout_form(token, preview="1"))
    assert preview.status_code == 200 and preview.data.startswith(b"%PDF")
    bad = client.post(url, data=_layout_form(token, **{"name.x_mm": "abc"}))
    assert bad.status_code == 422
    assert 'class="field-error"' in bad.get_data(as_text=True)
    stored = client.get("/api/v1/orgs/HM/certificate-layouts/giay_khen", headers=as_user("admin"))
    assert stored.get_json()["stored"] is False

    saved = client.post(url, data=_layout_form(token, **{"name.x_mm": "25,5"}))

    assert saved.status_code == 302
    got = client.get("/api/v1/orgs/HM/certificate-layouts/giay_khen", headers=as_user("admin"))
    assert got.get_json()["stored"] is True
    assert got.get_json()["layout"]["fields"]["name"]["x_mm"] == 25.5


def test_only_an_admin_reaches_the_page(client: FlaskClient) -> None:
    web_login(client, "dc.clerk")
    assert client.get(PAGE).status_code == 403
