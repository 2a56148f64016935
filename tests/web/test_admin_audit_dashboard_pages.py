"""The auditor's trail page, the admin page and the dashboard, driven through the forms."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import docx
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from service.settings import ROOT
from service.usecases.accounts import Operator
from tests.api.helpers import Login, approve_at, create, issue, submit
from tests.conftest import services_of
from tests.web.helpers import csrf, web_login

TEMPLATES = ROOT / "templates"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")  # the default KT_TIMEZONE


def page(client: FlaskClient, path: str) -> str:
    r = client.get(path)
    assert r.status_code == 200, r.get_data(as_text=True)[:800]
    return r.get_data(as_text=True)


def flat(html: str) -> str:
    """The page with the whitespace between tags removed, so table rows can be matched."""
    return re.sub(r">\s+<", "><", html)


def post(client: FlaskClient, path: str, **data: object) -> tuple[int, str]:
    """Post a form of the admin page (with the session's CSRF token) and follow the redirect."""
    data["csrf_token"] = csrf(client, "/admin")
    r = client.post(path, data=data, follow_redirects=True)
    return r.status_code, r.get_data(as_text=True)


def today(days: int = 0) -> datetime:
    return datetime.now(VIETNAM) + timedelta(days=days)


# The audit trail


def test_an_auditor_filters_the_trail_by_dossier_actor_and_days(
    client: FlaskClient, as_user: Login
) -> None:
    first, second = create(client, as_user), create(client, as_user)
    submit(client, as_user, first["id"])
    web_login(client, "hn.auditor")

    html = page(client, f"/audit?dossier={first['id']}")
    assert "Trình hồ sơ" in html and "Lập hồ sơ" in html
    assert f">{first['id']}<" in html and f">{second['id']}<" not in html

    by_actor = page(client, "/audit?actor=dc.approver")
    assert "Không có sự kiện nào phù hợp." in by_actor
    since_today = page(client, f"/audit?from={today():%d/%m/%Y}&dossier={second['id']}")
    assert f">{second['id']}<" in since_today
    iso_day = page(client, f"/audit?from={today():%Y-%m-%d}&dossier={second['id']}")
    assert f">{second['id']}<" in iso_day
    # Only this test's own events are surely today's: the demo world may have been seeded
    # before midnight (tests copy one seeded at the start of the run).
    until_yesterday = page(client, f"/audit?to={today(-1):%d/%m/%Y}&dossier={second['id']}")
    assert "Không có sự kiện nào phù hợp." in until_yesterday


def test_the_trail_pages_on_after_the_last_event_shown(client: FlaskClient, as_user: Login) -> None:
    for _ in range(51):
        create(client, as_user)
    web_login(client, "hn.auditor")
    first = flat(page(client, "/audit?actor=dc.clerk"))
    seqs = [int(n) for n in re.findall(r'data-label="Số thứ tự">(\d+)<', first)]
    assert len(seqs) == 50
    assert f'href="?actor=dc.clerk&amp;after={seqs[-1]}"' in first
    rest = flat(page(client, f"/audit?actor=dc.clerk&after={seqs[-1]}"))
    assert [int(n) for n in re.findall(r'data-label="Số thứ tự">(\d+)<', rest)] == [seqs[-1] + 1]
    assert "Trang sau" not in rest


def test_a_bad_date_shows_the_form_again_with_a_vietnamese_message(client: FlaskClient) -> None:
    web_login(client, "hn.auditor")
    r = client.get("/audit?from=31/02/2026&actor=dc.clerk")
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Ngày phải viết dạng dd/mm/yyyy" in html
    assert 'value="31/02/2026"' in html and 'value="dc.clerk"' in html


def test_the_csv_export_keeps_the_filters_and_opens_in_spreadsheets(
    client: FlaskClient, as_user: Login
) -> None:
    first, second = create(client, as_user), create(client, as_user)
    web_login(client, "hm.auditor")
    html = page(client, f"/audit?dossier={first['id']}")
    assert f"/audit/export.csv?dossier={first['id']}" in html
    r = client.get(f"/audit/export.csv?dossier={first['id']}")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    body = r.get_data(as_text=True)
    assert body.startswith("\ufeffseq,at,actor,action,dossier_id")
    rows = body.strip().splitlines()[1:]
    assert rows and all(f",created,{first['id']}," in row for row in rows)
    assert f",{second['id']}," not in body


def test_the_page_says_the_chain_is_intact_until_an_event_is_tampered_with(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    submit(client, as_user, dossier["id"])
    web_login(client, "hn.auditor")
    intact = re.search(r"Chuỗi nhật ký nguyên vẹn \((\d+) sự kiện\)", page(client, "/audit"))
    assert intact and int(intact.group(1)) >= 2

    with services_of(app).container.db.begin() as conn:
        target = (
            conn.execute(text("SELECT id FROM audit_events ORDER BY seq DESC")).scalars().first()
        )
        conn.execute(
            text("UPDATE audit_events SET comment = 'sửa lén' WHERE id = :id"), {"id": target}
        )
    html = page(client, "/audit")
    assert f"Chuỗi bị phá vỡ tại sự kiện #{target}: nội dung đã bị sửa" in html
    assert "nguyên vẹn" not in html


def test_people_who_are_not_auditors_get_the_forbidden_page(client: FlaskClient) -> None:
    for username in ("dc.clerk", "hm.approver", "admin"):
        client.delete_cookie("khenthuong_session")
        web_login(client, username)
        for path in ("/audit", "/audit/export.csv"):
            r = client.get(path)
            assert r.status_code == 403, (username, path)
            assert "Chỉ kiểm soát viên được xem nhật ký kiểm toán." in r.get_data(as_text=True)


# Administration


def test_an_admin_adds_an_org_unit_and_a_user_who_can_then_log_in(client: FlaskClient) -> None:
    web_login(client, "hm.admin")
    form = page(client, "/admin")
    assert all(f'name="roles" value="{role}"' in form for role in ("clerk", "auditor", "admin"))
    status, html = post(
        client, "/admin/orgs", code="hm-ys", name="Phường Yên Sở", level="ward", parent="HM"
    )
    assert status == 200
    assert "Đã thêm đơn vị HM-YS." in html
    assert "<strong>HM-YS</strong> Phường Yên Sở" in html

    status, html = post(
        client,
        "/admin/users",
        username="ys.clerk",
        full_name="Mai Văn Sở",
        password="mat-khau-moi",
        org="HM-YS",
        roles=["clerk", "auditor"],
    )
    assert status == 200 and "Đã thêm người dùng ys.clerk." in html
    unit = 'Phường Yên Sở <small class="muted tag">HM-YS</small>'
    assert f"Văn thư @ {unit}" in html and f"Kiểm soát viên @ {unit}" in html
    client.delete_cookie("khenthuong_session")
    web_login(client, "ys.clerk", "mat-khau-moi")


def test_the_org_tree_shows_each_units_type_and_where_a_merged_unit_went(
    client: FlaskClient,
) -> None:
    web_login(client, "admin")
    status, html = post(
        client,
        "/admin/orgs",
        code="HN-SNV",
        name="Sở Nội vụ",
        level="ward",
        parent="HN",
        type="department",
    )
    assert status == 200 and "Đã thêm đơn vị HN-SNV." in html
    assert "Sở, ban, ngành cấp tỉnh" in flat(html)
    services_of(client.application).merge_orgs(
        ["HM-DC"], "HM-TM", date(2025, 7, 1), by=Operator("test")
    )
    assert "Đã sáp nhập vào HM-TM từ 01/07/2025" in flat(page(client, "/admin"))


def test_a_refused_form_comes_back_with_the_problems_and_what_was_typed(
    client: FlaskClient,
) -> None:
    web_login(client, "admin")
    data = {"csrf_token": csrf(client, "/admin"), "username": "ys.clerk", "full_name": "Mai Sở"}
    r = client.post("/admin/users", data=data | {"password": "ngan", "org": "HM-DC"})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Mật khẩu phải có ít nhất 8 ký tự." in html
    assert "Người dùng cần ít nhất một vai trò." in html
    assert 'value="ys.clerk"' in html and 'value="Mai Sở"' in html
    r = client.post("/admin/orgs", data={"csrf_token": data["csrf_token"], "name": "Không mã"})
    assert r.status_code == 422
    assert "Trường này là bắt buộc." in r.get_data(as_text=True)
    org = {"code": "HM-DC", "name": "Trùng mã", "level": "ward", "parent": "HM"}
    r = client.post("/admin/orgs", data=org | {"csrf_token": data["csrf_token"]})
    assert r.status_code == 409
    html = r.get_data(as_text=True)
    assert "Mã đơn vị &#39;HM-DC&#39; đã tồn tại." in html and 'value="Trùng mã"' in html


def test_an_admin_locks_a_user_resets_a_password_and_changes_roles(client: FlaskClient) -> None:
    web_login(client, "admin")
    status, html = post(client, "/admin/users/tm.clerk/deactivate")
    assert status == 200 and "Đã khóa tài khoản tm.clerk." in html
    status, html = post(client, "/admin/users/dc.clerk/password", password="mat-khau-2027")
    assert status == 200 and "Đã đặt lại mật khẩu cho dc.clerk" in html
    status, html = post(
        client, "/admin/users/dv.clerk/grants", org="CG-DV", roles=["approver", "auditor"]
    )
    assert status == 200 and "Đã đổi vai trò của dv.clerk." in html
    row = flat(html).split(">dv.clerk</td>")[1].split("</tr>")[0]
    unit = 'Phường Dịch Vọng <small class="muted tag">CG-DV</small>'
    assert f"Lãnh đạo phê duyệt @ {unit}" in row and f"Kiểm soát viên @ {unit}" in row
    assert "Văn thư @" not in row
    locked = flat(html).split(">tm.clerk</td>")[1].split("</tr>")[0]
    assert "Đã khóa" in locked

    client.delete_cookie("khenthuong_session")
    refused = client.post(
        "/login",
        data={"username": "tm.clerk", "password": "demo-2026", "csrf_token": csrf(client)},
    )
    assert refused.status_code == 401
    web_login(client, "dc.clerk", "mat-khau-2027")


def test_an_admin_cannot_lock_or_demote_themselves_from_the_admin_page(
    client: FlaskClient,
) -> None:
    web_login(client, "hm.admin")
    status, html = post(client, "/admin/users/hm.admin/deactivate")
    assert status == 409
    assert "Bạn không thể tự khóa tài khoản của chính mình" in html
    status, html = post(client, "/admin/users/hm.admin/grants", org="HM", roles=["auditor"])
    assert status == 409
    form = flat(html).split('action="/admin/users/hm.admin/grants"')[0].rsplit("<details", 1)[1]
    assert form.startswith(" open")  # the form that was refused is shown again, with why
    assert "tự bỏ quyền quản trị của mình tại HM" in html
    assert page(client, "/admin")  # still an admin


def _template_with(words: str) -> bytes:
    d = docx.Document(str(TEMPLATES / "giay_khen.docx"))
    d.add_paragraph(words)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_a_template_with_an_unknown_variable_is_refused_naming_it(client: FlaskClient) -> None:
    web_login(client, "admin")
    token = csrf(client, "/admin")
    bad = _template_with("{{ so_quyet_dinh }}")
    r = client.post(
        "/admin/templates/giay_khen",
        data={"csrf_token": token, "file": (io.BytesIO(bad), "mau.docx")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 422
    assert "Mẫu dùng biến không có trong quyết định: so_quyet_dinh." in r.get_data(as_text=True)

    good = _template_with("Mẫu riêng: {{ issuer.place }}")
    r = client.post(
        "/admin/templates/giay_khen",
        data={"csrf_token": token, "file": (io.BytesIO(good), "mau.docx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = flat(r.get_data(as_text=True))
    assert "Đã thay mẫu quyết định giay_khen." in html
    row = html.split("giay_khen.docx")[1].split("</tr>")[0]
    assert "Đã tải lên" in row and "admin" in row


def test_the_template_section_says_which_unit_each_template_belongs_to(
    client: FlaskClient,
) -> None:
    web_login(client, "admin")
    token = csrf(client, "/admin")
    province = _template_with("Mẫu của thành phố: {{ issuer.place }}")
    r = client.post(
        "/admin/templates/bang_khen",
        data={"csrf_token": token, "org": "HN", "file": (io.BytesIO(province), "mau.docx")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302 and "org=HN" in r.headers["Location"]
    client.delete_cookie("khenthuong_session")

    web_login(client, "hm.admin")
    html = flat(page(client, "/admin"))
    assert "Mẫu quyết định đơn vị HM – Quận Hoàng Mai dùng." in html
    row = html.split("bang_khen.docx")[1].split("</tr>")[0]
    assert "Dùng mẫu của cấp trên" in row and "Mẫu của đơn vị HN" in row
    assert '<input type="hidden" name="org" value="HM">' in row

    district = _template_with("Mẫu của quận: {{ issuer.place }}")
    r = client.post(
        "/admin/templates/bang_khen",
        data={
            "csrf_token": csrf(client, "/admin"),
            "org": "HM",
            "file": (io.BytesIO(district), "mau.docx"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = flat(r.get_data(as_text=True))
    row = html.split("bang_khen.docx")[1].split("</tr>")[0]
    assert "Đã tải lên" in row and "Mẫu của đơn vị HM" in row and "hm.admin" in row
    ward = flat(page(client, "/admin?org=HM-DC"))
    assert "Mẫu quyết định đơn vị HM-DC" in ward
    assert "Mẫu của đơn vị HM" in ward.split("bang_khen.docx")[1].split("</tr>")[0]


def test_a_district_admin_can_neither_see_nor_replace_the_province_s_templates(
    client: FlaskClient,
) -> None:
    web_login(client, "hm.admin")
    assert client.get("/admin?org=HN").status_code == 403
    r = client.post(
        "/admin/templates/bang_khen",
        data={
            "csrf_token": csrf(client, "/admin"),
            "org": "HN",
            "file": (io.BytesIO(_template_with("x")), "mau.docx"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 403
    assert "Đơn vị này nằm ngoài phạm vi quản trị của bạn." in r.get_data(as_text=True)


def test_a_district_admin_cannot_add_a_unit_under_another_district(client: FlaskClient) -> None:
    web_login(client, "hm.admin")
    html = page(client, "/admin")
    assert '<option value="CG"' not in html  # only units of their own subtree are offered
    data = {"code": "CG-X", "name": "Phường X", "level": "ward", "parent": "CG"}
    r = client.post("/admin/orgs", data=data | {"csrf_token": csrf(client, "/admin")})
    assert r.status_code == 403
    assert "Đơn vị này nằm ngoài phạm vi quản trị của bạn." in r.get_data(as_text=True)


def test_people_who_are_not_admins_get_the_forbidden_page(client: FlaskClient) -> None:
    web_login(client, "hn.auditor")
    assert client.get("/admin").status_code == 403
    r = client.post("/admin/users/dc.clerk/deactivate", data={"csrf_token": csrf(client, "/inbox")})
    assert r.status_code == 403


# The dashboard


def test_the_dashboard_counts_what_the_user_may_see_and_draws_charts(
    client: FlaskClient, as_user: Login
) -> None:
    create(client, as_user)
    create(client, as_user, award="GK_XA_CN")
    decided = create(client, as_user, award="CSTDCS")
    submit(client, as_user, decided["id"])
    approve_at(client, as_user, "dc.approver", decided["id"])
    approve_at(client, as_user, "hm.approver", decided["id"])
    issue(client, as_user, decided["id"])  # an award counts once its decision is issued
    create(client, as_user, clerk="dv.clerk")  # in Cầu Giấy: not Hoàng Mai's to see

    web_login(client, "hm.approver")
    html = flat(page(client, "/dashboard"))
    # The two drafts stay at home: the district counts only the dossier that left the ward.
    assert "Số liệu trên 1 hồ sơ bạn được xem." in html
    assert '<span class="badge draft">Nháp</span></th><td class="num">0</td>' in html
    assert '<span class="badge approved">Đã phê duyệt</span></th><td class="num">1</td>' in html
    assert '<th scope="row">Cấp xã</th><td class="num">0</td>' in html
    assert '<th scope="row">Cấp huyện</th><td class="num">1</td>' in html
    # Done at the ward: a submission and an approval; at the district: its officer's appraisal,
    # its council's vote and its head's approval. Nothing open that the district may see (the
    # drafts wait for their clerk, out of its sight).
    assert re.search(
        r'Cấp xã</th><td class="num">0,0</td><td class="num">2</td><td class="num">0</td>', html
    )
    assert re.search(
        r'Cấp huyện</th><td class="num">0,0</td><td class="num">3</td><td class="num">0</td>', html
    )
    assert (
        '<th scope="row">Chiến sĩ thi đua cơ sở</th><td class="num">1</td><td class="num">1</td>'
        in html
    )
    assert html.count('<svg class="chart" role="img" aria-label=') == 4
    assert "<title>Biểu đồ số hồ sơ theo trạng thái</title>" in html
    # Every level took well under a tenth of a day: each bar is as long as the 0,0 beside it.
    timing = html.split("<title>Biểu đồ số ngày xử lý bình quân theo cấp</title>")[1]
    widths = re.findall(r'<rect class="bar"[^>]* width="([0-9.]+)%"', timing.split("</svg>")[0])
    assert widths and set(widths) == {"0.00"}

    client.delete_cookie("khenthuong_session")
    web_login(client, "dc.approver")  # the ward's own approver counts its drafts
    html = flat(page(client, "/dashboard"))
    assert "Số liệu trên 3 hồ sơ bạn được xem." in html
    assert '<span class="badge draft">Nháp</span></th><td class="num">2</td>' in html


def test_open_tasks_are_counted_at_their_level(client: FlaskClient, as_user: Login) -> None:
    waiting = create(client, as_user)
    submit(client, as_user, waiting["id"])
    web_login(client, "dc.clerk")
    html = flat(page(client, "/dashboard"))
    assert re.search(
        r'Cấp xã</th><td class="num">[0-9,]+</td><td class="num">1</td><td class="num">1</td>', html
    )
    assert "Chưa có quyết định khen thưởng nào trong năm" in html


def test_admins_without_a_dossier_role_have_no_dashboard(client: FlaskClient) -> None:
    web_login(client, "admin")
    r = client.get("/dashboard")
    assert r.status_code == 403
    assert "Trang tổng quan dành cho" in r.get_data(as_text=True)
