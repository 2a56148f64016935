"""Logging in and out of the pages, the session cookie, CSRF, and the inbox and list pages."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import Login, create, submit, to_the_head
from tests.web.helpers import csrf, web_login


def test_pages_send_strangers_to_the_login_and_back(client: FlaskClient) -> None:
    r = client.get("/dossiers?q=abc")
    assert r.status_code == 302
    assert r.headers["Location"].startswith("/login?next=/dossiers")
    token = csrf(client)
    back = client.post(
        "/login",
        data={
            "username": "dc.clerk",
            "password": "demo-2026",
            "csrf_token": token,
            "next": "/dossiers?q=abc",
        },
    )
    assert back.headers["Location"] == "/dossiers?q=abc"


def test_the_session_cookie_is_http_only_and_same_site(client: FlaskClient) -> None:
    r = client.post(
        "/login", data={"username": "dc.clerk", "password": "demo-2026", "csrf_token": csrf(client)}
    )
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    https = client.post(
        "/login",
        base_url="https://localhost",
        data={"username": "dc.clerk", "password": "demo-2026", "csrf_token": csrf(client)},
    )
    assert "Secure" in https.headers["Set-Cookie"]


def test_a_wrong_password_shows_a_vietnamese_message(client: FlaskClient) -> None:
    r = client.post(
        "/login", data={"username": "dc.clerk", "password": "sai", "csrf_token": csrf(client)}
    )
    assert r.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in r.get_data(as_text=True)


def test_a_post_without_the_csrf_token_is_refused(client: FlaskClient) -> None:
    web_login(client, "dc.clerk")
    r = client.post("/logout")
    assert r.status_code == 403
    assert "Phiên làm việc đã hết hạn" in r.get_data(as_text=True)
    forged = client.post("/logout", data={"csrf_token": "forged"})
    assert forged.status_code == 403


def test_logging_out_ends_the_session_and_revokes_its_token(client: FlaskClient) -> None:
    web_login(client, "dc.clerk")
    assert client.get("/inbox").status_code == 200
    r = client.post("/logout", data={"csrf_token": csrf(client, "/inbox")})
    assert r.headers["Location"] == "/login"
    assert client.get("/inbox").status_code == 302


def test_login_will_not_redirect_to_another_site(client: FlaskClient) -> None:
    r = client.post(
        "/login",
        data={
            "username": "dc.clerk",
            "password": "demo-2026",
            "csrf_token": csrf(client),
            "next": "//evil.example/x",
        },
    )
    assert r.headers["Location"] == "/inbox"


def test_the_inbox_lists_tasks_with_code_award_level_and_waiting_time(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="LDTT")
    submit(client, as_user, dossier["id"])
    to_the_head(client, as_user, "dc", dossier["id"])  # the ward decides: its officer appraises
    web_login(client, "dc.approver")
    page = client.get("/inbox").get_data(as_text=True)
    assert dossier["code"] in page
    assert "Lao động tiên tiến" in page
    assert "Cấp xã" in page
    assert "1 việc đang chờ bạn" in page


def test_the_dossier_list_finds_names_without_diacritics(
    client: FlaskClient, as_user: Login
) -> None:
    found = create(client, as_user)
    web_login(client, "dc.clerk")
    page = client.get("/dossiers?q=nguyen+van+an").get_data(as_text=True)
    assert found["code"] in page
    assert "Không có hồ sơ nào phù hợp" in client.get("/dossiers?q=zzz").get_data(as_text=True)


def test_an_unknown_page_is_a_vietnamese_404(client: FlaskClient) -> None:
    r = client.get("/khong-co-trang-nay")
    assert r.status_code == 404
    assert "Không tìm thấy" in r.get_data(as_text=True)
