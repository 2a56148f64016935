"""The dossier page's checklist: each required part ticked as its file arrives, per nominee for
the reports, the upload form naming the part and the nominee, and a submission with a part
missing refused beside the button."""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient

from tests.api.files import pdf
from tests.api.helpers import Login, create
from tests.web.helpers import csrf, web_login

TWO = [
    {"full_name": "Nguyễn Văn An", "kind": "individual"},
    {"full_name": "Trần Thị Bình", "kind": "individual"},
]


def page(client: FlaskClient, dossier_id: int) -> str:
    r = client.get(f"/dossiers/{dossier_id}")
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    return r.get_data(as_text=True)


def ticks(html: str) -> dict[str, str]:
    """Each checklist line's label and its tick ("✓" or "chưa có")."""
    found = re.findall(
        r'<span class="tick">([^<]+)</span>\s*<span class="label">([^<]+)</span>', html
    )
    return {label: tick for tick, label in found}


def post_upload(client: FlaskClient, dossier_id: int, kind: str, nominee: str = "") -> int:
    r = client.post(
        f"/dossiers/{dossier_id}/attachments",
        data={
            "csrf_token": csrf(client, f"/dossiers/{dossier_id}"),
            "kind": kind,
            "nominee_id": nominee,
            "file": (io.BytesIO(pdf(f"{kind} {nominee}")), f"{kind}.pdf"),
        },
        content_type="multipart/form-data",
    )
    return r.status_code


def test_the_checklist_ticks_each_part_as_its_file_arrives_per_nominee(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, nominees=TWO)
    an = dossier["nominees"][0]["id"]
    web_login(client, "dc.clerk")
    before = ticks(page(client, dossier["id"]))
    assert before == {
        "Tờ trình đề nghị khen thưởng (kèm danh sách)": "chưa có",
        "Báo cáo thành tích của Nguyễn Văn An": "chưa có",
        "Báo cáo thành tích của Trần Thị Bình": "chưa có",
        "Biên bản họp Hội đồng Thi đua – Khen thưởng (xét khen thưởng)": "chưa có",
        "Xác nhận thành tích đột xuất": "chưa có",
        "Tài liệu khác": "chưa có",
    }

    assert post_upload(client, dossier["id"], "bao_cao_thanh_tich", str(an)) == 302
    assert post_upload(client, dossier["id"], "proposal") == 302

    html = page(client, dossier["id"])
    after = ticks(html)
    assert after["Báo cáo thành tích của Nguyễn Văn An"] == "✓"
    assert after["Tờ trình đề nghị khen thưởng (kèm danh sách)"] == "✓"
    assert after["Báo cáo thành tích của Trần Thị Bình"] == "chưa có"
    assert '<option value="bao_cao_thanh_tich"' in html
    assert f'<option value="{an}"' in html  # the nominee a report is for
    assert "(không bắt buộc)" in html  # "Tài liệu khác" is offered, not demanded


def test_a_report_sent_without_its_nominee_is_refused_beside_the_upload_form(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")
    status = post_upload(client, dossier["id"], "bao_cao_thanh_tich")
    assert status == 422
    r = client.get(f"/dossiers/{dossier['id']}")
    assert "chưa có" in r.get_data(as_text=True)


def test_submitting_from_the_page_with_a_part_missing_says_which_beside_the_button(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    web_login(client, "dc.clerk")
    assert post_upload(client, dossier["id"], "to_trinh") == 302
    r = client.post(
        f"/dossiers/{dossier['id']}/submit",
        data={"csrf_token": csrf(client, f"/dossiers/{dossier['id']}")},
    )
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    error = re.search(r'<p class="field-error" id="submit-error">([^<]+)</p>', html)
    assert error, html[:2000]
    assert "Báo cáo thành tích của Nguyễn Văn An" in error.group(1)
    assert "Biên bản họp Hội đồng" in error.group(1)
    assert ticks(html)["Tờ trình đề nghị khen thưởng (kèm danh sách)"] == "✓"  # nothing lost
    assert '<span class="badge draft">' in html  # still with its clerk


def test_the_form_makes_a_simplified_dossier_which_asks_for_the_summary(
    client: FlaskClient, as_user: Login
) -> None:
    web_login(client, "dc.clerk")
    token = csrf(client, "/dossiers/new")
    data = {
        "csrf_token": token,
        "title": "Đề nghị Lao động tiên tiến 2026",
        "year": "2026",
        "award": "LDTT",
        "nominees-0-full_name": "Nguyễn Văn An",
        "nominees-0-kind": "individual",
        "simplified": "1",
        "simplified_reason": "Người lao động trực tiếp",
    }
    r = client.post("/dossiers/new", data=data)
    assert r.status_code == 302, r.get_data(as_text=True)[:1000]
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    lines = ticks(html)
    assert lines["Tóm tắt thành tích (hồ sơ đơn giản)"] == "chưa có"
    assert not any(label.startswith("Báo cáo thành tích") for label in lines)
    assert "Người lao động trực tiếp" in html
