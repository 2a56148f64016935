"""The boundary corpus: hostile input in every kind of place, on both front ends, on both databases.

NUL characters (which PostgreSQL refuses in text), integers beyond a database INTEGER, JSON nested
deep enough to exhaust the parser's recursion, and login redirects to other sites or with header
breaks. Every case must be answered with the 4xx it names and a Vietnamese message, never a 5xx.

The requests change nothing once refused, so one application per database serves the whole module
(a fresh one per case would cost a demo world each): the corpus runs in a few seconds.
"""

from __future__ import annotations

import html
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.settings import Settings
from tests.api import files
from tests.api.helpers import dossier_body
from tests.conftest import FAST_HASHING, Logins, _empty, services_of
from tests.web.helpers import csrf, web_login

NUL = "\x00"
HUGE = "99999999999999999999999"
BEYOND_BIGINT = "9223372036854775808"
BEYOND_INTEGER = "2147483648"
DEEP = 100_000
VIETNAMESE = re.compile(
    "[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.IGNORECASE
)
# What the answer says, by kind of input.
SAYS_NUL = "ký tự NUL"
SAYS_NOT_FOUND = "Không tìm thấy"
SAYS_TOO_BIG = "quá lớn"
SAYS_DEEP = "lồng nhau quá sâu"


@dataclass(frozen=True)
class Case:
    """One request and what it must be answered with. ``{d}`` in a path is the module's dossier."""

    name: str
    method: str
    path: str
    user: str | None
    says: str
    status: tuple[int, ...] = (422,)
    json: Any = None
    raw: bytes | None = None
    form: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    app: Flask
    api: FlaskClient
    tokens: Logins
    dossier: int
    pages: dict[str, FlaskClient] = field(default_factory=dict)

    def page_client(self, username: str) -> tuple[FlaskClient, str]:
        if username not in self.pages:
            client = self.app.test_client()
            if username != "-":
                web_login(client, username)
            self.pages[username] = client
        client = self.pages[username]
        return client, csrf(client)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("boundary")
    if request.param == "sqlite":
        path = folder / "test.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
        _empty(url)
    settings = Settings(
        database_url=url,
        secret_key="test-secret",
        storage_url=f"file://{Path(folder) / 'objects'}",
        **FAST_HASHING,  # type: ignore[arg-type]
    )
    app = create_app(settings)
    app.config["TESTING"] = True
    services_of(app).seed_demo()
    api = app.test_client()
    tokens = Logins(api)
    r = api.post("/api/v1/dossiers", json=dossier_body(), headers=tokens("dc.clerk"))
    assert r.status_code == 201, r.get_json()
    yield World(app, api, tokens, r.get_json()["id"])
    services_of(app).container.db.dispose()
    if request.param == "postgresql":
        _empty(url)


def _deep(opener: bytes, closer: bytes, depth: int = DEEP) -> bytes:
    return opener * depth + closer * depth


def _title(text: str) -> dict[str, Any]:
    return dossier_body(title=text)


API_CASES = [
    # NUL in a JSON body: the public login first, then every kind of field.
    Case("login username", "POST", "/auth/token", None, SAYS_NUL,
         json={"username": f"dc{NUL}clerk", "password": "demo-2026"}),
    Case("login password", "POST", "/auth/token", None, SAYS_NUL,
         json={"username": "dc.clerk", "password": f"demo{NUL}2026"}),
    Case("login key", "POST", "/auth/token", None, SAYS_NUL,
         json={"username": "dc.clerk", "password": "demo-2026", f"x{NUL}": 1}),
    Case("dossier title", "POST", "/dossiers", "dc.clerk", SAYS_NUL, json=_title(f"A{NUL}")),
    Case("dossier award", "POST", "/dossiers", "dc.clerk", SAYS_NUL,
         json=dossier_body(award=f"BK_TINH_CN{NUL}")),
    Case("dossier org code", "POST", "/dossiers", "dc.clerk", SAYS_NUL,
         json=dossier_body(org_code=f"HM-DC{NUL}")),
    Case("nominee name", "POST", "/dossiers", "dc.clerk", SAYS_NUL,
         json=dossier_body(nominees=[{"full_name": f"An{NUL}", "kind": "individual"}])),
    Case("edited title", "PUT", "/dossiers/{d}", "dc.clerk", SAYS_NUL, json=_title(f"B{NUL}")),
    Case("submit comment", "POST", "/dossiers/{d}/submit", "dc.clerk", SAYS_NUL,
         json={"comment": f"x{NUL}"}),
    Case("org code", "POST", "/orgs", "hm.admin", SAYS_NUL,
         json={"code": f"HM-X{NUL}", "name": "Phường X", "level": "ward", "parent": "HM"}),
    Case("org parent", "POST", "/orgs", "hm.admin", SAYS_NUL,
         json={"code": "HM-X", "name": "Phường X", "level": "ward", "parent": f"HM{NUL}"}),
    Case("new username", "POST", "/users", "hm.admin", SAYS_NUL,
         json={"username": f"x{NUL}y", "password": "mat-khau-2026",
               "grants": [{"org": "HM-DC", "role": "clerk"}]}),
    Case("grant org", "PUT", "/users/tm.clerk/grants", "hm.admin", SAYS_NUL,
         json={"grants": [{"org": f"HM-TM{NUL}", "role": "clerk"}]}),
    Case("new password", "POST", "/users/tm.clerk/password", "hm.admin", SAYS_NUL,
         json={"password": f"mat-khau{NUL}-2026"}),
    # NUL in a query parameter.
    Case("search q", "GET", "/dossiers?q=%00", "dc.clerk", SAYS_NUL),
    Case("status filter", "GET", "/dossiers?status=draft%00", "dc.clerk", SAYS_NUL),
    Case("award filter", "GET", "/dossiers?award=GK%00", "dc.clerk", SAYS_NUL),
    Case("level filter", "GET", "/dossiers?level=ward%00", "dc.clerk", SAYS_NUL),
    Case("query key", "GET", "/dossiers?q%00=x", "dc.clerk", SAYS_NUL),
    Case("audit actor", "GET", "/audit?actor=dc%00", "hn.auditor", SAYS_NUL),
    Case("audit export actor", "GET", "/audit.csv?actor=dc%00", "hn.auditor", SAYS_NUL),
    Case("register org", "GET", "/decisions?org=HM%00", "hn.approver", SAYS_NUL),
    # NUL in a path segment.
    Case("task id", "POST", "/tasks/%00/complete", "dc.approver", SAYS_NUL,
         json={"action": "approve"}),
    Case("template name", "GET", "/templates/%00", "admin", SAYS_NUL),
    Case("username in path", "POST", "/users/tm%00/deactivate", "hm.admin", SAYS_NUL),
    Case("org code in path", "POST", "/orgs/HM%00/deactivate", "hm.admin", SAYS_NUL),
    Case("attachment id", "GET", "/dossiers/{d}/attachments/%00/content", "dc.clerk", SAYS_NUL),
    Case("attachment id, delete", "DELETE", "/dossiers/{d}/attachments/%00", "dc.clerk",
         SAYS_NUL),
    # NUL in a form field.
    Case("upload kind", "POST", "/dossiers/{d}/attachments", "dc.clerk", SAYS_NUL,
         form={"kind": f"proposal{NUL}"}),
    # Integers beyond the database's: in paths (no such dossier) and in queries (refused).
    Case("dossier id", "GET", f"/dossiers/{HUGE}", "dc.clerk", SAYS_NOT_FOUND, status=(404,)),
    Case("dossier id, bigint+1", "GET", f"/dossiers/{BEYOND_BIGINT}", "dc.clerk",
         SAYS_NOT_FOUND, status=(404,)),
    Case("dossier id, integer+1", "GET", f"/dossiers/{BEYOND_INTEGER}/history", "dc.clerk",
         SAYS_NOT_FOUND, status=(404,)),
    Case("edited dossier id", "PUT", f"/dossiers/{BEYOND_INTEGER}", "dc.clerk", SAYS_NOT_FOUND,
         status=(404,), json=dossier_body()),
    Case("submitted dossier id", "POST", f"/dossiers/{BEYOND_BIGINT}/submit", "dc.clerk",
         SAYS_NOT_FOUND, status=(404,), json={}),
    Case("attachments' dossier id", "GET", f"/dossiers/{BEYOND_INTEGER}/attachments",
         "dc.clerk", SAYS_NOT_FOUND, status=(404,)),
    Case("decision's dossier id", "GET", f"/dossiers/{BEYOND_INTEGER}/decision", "dc.clerk",
         SAYS_NOT_FOUND, status=(404,)),
    Case("after", "GET", f"/dossiers?after={BEYOND_BIGINT}", "dc.clerk", SAYS_TOO_BIG),
    Case("after, integer+1", "GET", f"/dossiers?after={BEYOND_INTEGER}", "dc.clerk",
         SAYS_TOO_BIG),
    Case("year", "GET", f"/dossiers?year={HUGE}", "dc.clerk", SAYS_TOO_BIG),
    Case("limit", "GET", f"/dossiers?limit={HUGE}", "dc.clerk", SAYS_TOO_BIG),
    Case("register year", "GET", f"/decisions?year={BEYOND_INTEGER}", "hn.approver",
         SAYS_TOO_BIG),
    Case("audit dossier", "GET", f"/audit?dossier={BEYOND_BIGINT}", "hn.auditor", SAYS_TOO_BIG),
    Case("audit after", "GET", f"/audit?after={BEYOND_INTEGER}", "hn.auditor", SAYS_TOO_BIG),
    Case("audit limit", "GET", f"/audit?limit={HUGE}", "hn.auditor", SAYS_TOO_BIG),
    Case("audit export dossier", "GET", f"/audit.csv?dossier={HUGE}", "hn.auditor",
         SAYS_TOO_BIG),
    # Integers out of range in a JSON body.
    Case("year in a body", "POST", "/dossiers", "dc.clerk", "year",
         json=dossier_body(year=10**20)),
    Case("negative year in a body", "POST", "/dossiers", "dc.clerk", "year",
         json=dossier_body(year=-1)),
    Case("version in a body", "PUT", "/dossiers/{d}", "dc.clerk", "version",
         json=dossier_body(version=10**20)),
    Case("negative version in a body", "PUT", "/dossiers/{d}", "dc.clerk", "version",
         json=dossier_body(version=-5)),
    # JSON nested deeper than any body the API takes, before the parser recurses into it.
    Case("deep login", "POST", "/auth/token", None, SAYS_DEEP, raw=_deep(b"[", b"]")),
    Case("deep objects", "POST", "/auth/token", None, SAYS_DEEP,
         raw=_deep(b'{"a":', b"}")),
    Case("deep dossier", "POST", "/dossiers", "dc.clerk", SAYS_DEEP, raw=_deep(b"[", b"]")),
    Case("deep, unclosed", "POST", "/auth/token", None, SAYS_DEEP, raw=b"[" * DEEP),
]  # fmt: skip

PAGE_CASES = [
    # NUL in a query parameter, a form field, a path segment.
    Case("search q", "GET", "/dossiers?q=%00", "dc.clerk", SAYS_NUL),
    Case("status filter", "GET", "/dossiers?status=draft%00", "dc.clerk", SAYS_NUL),
    Case("award filter", "GET", "/dossiers?award=GK%00&level=ward", "dc.clerk", SAYS_NUL),
    Case("audit actor", "GET", "/audit?actor=%00", "hn.auditor", SAYS_NUL),
    Case("audit export actor", "GET", "/audit/export.csv?actor=%00", "hn.auditor", SAYS_NUL),
    Case("login username", "POST", "/login", "-", SAYS_NUL,
         form={"username": f"dc{NUL}clerk", "password": "demo-2026"}),
    Case("login password", "POST", "/login", "-", SAYS_NUL,
         form={"username": "dc.clerk", "password": f"demo{NUL}"}),
    Case("dossier title", "POST", "/dossiers/new", "dc.clerk", SAYS_NUL,
         form={"title": f"A{NUL}", "year": "2026", "award": "GK_XA_CN",
               "nominees-0-full_name": "An", "nominees-0-kind": "individual"}),
    Case("nominee name", "POST", "/dossiers/{d}/edit", "dc.clerk", SAYS_NUL,
         form={"title": "A", "year": "2026", "award": "BK_TINH_CN",
               "nominees-0-full_name": f"An{NUL}", "nominees-0-kind": "individual"}),
    Case("reason", "POST", "/dossiers/{d}/submit", "dc.clerk", SAYS_NUL,
         form={"comment": f"x{NUL}"}),
    Case("new org", "POST", "/admin/orgs", "hm.admin", SAYS_NUL,
         form={"code": f"HM-X{NUL}", "name": "Phường X", "level": "ward", "parent": "HM"}),
    Case("new user", "POST", "/admin/users", "hm.admin", SAYS_NUL,
         form={"username": "xy", "full_name": f"X{NUL}", "password": "mat-khau-2026",
               "org": "HM-DC", "roles": "clerk"}),
    Case("grant org", "POST", "/admin/users/tm.clerk/grants", "hm.admin", SAYS_NUL,
         form={"org": f"HM{NUL}", "roles": "clerk"}),
    Case("username in path", "POST", "/admin/users/tm%00/deactivate", "hm.admin", SAYS_NUL),
    Case("org code in path", "POST", "/admin/orgs/HM%00/deactivate", "hm.admin", SAYS_NUL),
    Case("task id in path", "POST", "/dossiers/{d}/tasks/%00", "dc.approver", SAYS_NUL,
         form={"action": "approve"}),
    Case("attachment id in path", "GET", "/dossiers/{d}/attachments/%00", "dc.clerk", SAYS_NUL),
    Case("static file name", "GET", "/static/css/base%00.css", "-", SAYS_NUL),
    Case("login's next", "GET", "/login?next=/inbox%00", "-", SAYS_NUL),
    # Integers beyond the database's.
    Case("dossier page", "GET", f"/dossiers/{HUGE}", "dc.clerk", SAYS_NOT_FOUND, status=(404,)),
    Case("dossier page, integer+1", "GET", f"/dossiers/{BEYOND_INTEGER}", "dc.clerk",
         SAYS_NOT_FOUND, status=(404,)),
    Case("edit form", "GET", f"/dossiers/{BEYOND_BIGINT}/edit", "dc.clerk", SAYS_NOT_FOUND,
         status=(404,)),
    Case("submit", "POST", f"/dossiers/{BEYOND_INTEGER}/submit", "dc.clerk", SAYS_NOT_FOUND,
         status=(404,)),
    Case("year filter", "GET", f"/dossiers?year={HUGE}", "dc.clerk", SAYS_TOO_BIG),
    Case("year filter, integer+1", "GET", f"/dossiers?year={BEYOND_INTEGER}", "dc.clerk",
         SAYS_TOO_BIG),
    Case("year filter, a superscript digit", "GET", "/dossiers?year=%C2%B2", "dc.clerk", "số"),
    Case("after", "GET", f"/dossiers?after={BEYOND_BIGINT}", "dc.clerk", SAYS_TOO_BIG),
    Case("audit dossier", "GET", f"/audit?dossier={BEYOND_BIGINT}", "hn.auditor", SAYS_TOO_BIG),
    Case("audit after", "GET", f"/audit?after={BEYOND_INTEGER}", "hn.auditor", SAYS_TOO_BIG),
    Case("audit export dossier", "GET", f"/audit/export.csv?dossier={HUGE}", "hn.auditor",
         SAYS_TOO_BIG),
]  # fmt: skip


def _path(case: Case, world: World) -> str:
    return case.path.replace("{d}", str(world.dossier))


@pytest.mark.parametrize("case", API_CASES, ids=lambda c: c.name)
def test_the_api_refuses_hostile_input_with_a_4xx_in_vietnamese(world: World, case: Case) -> None:
    headers = world.tokens(case.user) if case.user else {}
    kwargs: dict[str, Any] = {"headers": headers}
    if case.raw is not None:
        kwargs.update(data=case.raw, content_type="application/json")
    elif case.form:
        upload = (io.BytesIO(files.pdf("Tờ trình")), "to-trinh.pdf")
        kwargs.update(data={**case.form, "file": upload}, content_type="multipart/form-data")
    elif case.json is not None:
        kwargs["json"] = case.json
    r = world.api.open(f"/api/v1{_path(case, world)}", method=case.method, **kwargs)

    assert r.status_code in case.status, (r.status_code, r.get_data(as_text=True)[:300])
    message = r.get_json()["error"]["message"]
    described = message + " " + " ".join(r.get_json()["error"].get("fields", {}))
    assert VIETNAMESE.search(message), message
    assert case.says in described, r.get_json()


@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: c.name)
def test_the_pages_refuse_hostile_input_with_a_4xx_page_in_vietnamese(
    world: World, case: Case
) -> None:
    assert case.user is not None
    client, token = world.page_client(case.user)
    path = _path(case, world)
    if case.method == "GET":
        r = client.get(path)
    else:
        r = client.post(path, data={**case.form, "csrf_token": token})

    page = html.unescape(r.get_data(as_text=True))
    assert r.status_code in case.status, (r.status_code, page[:300])
    assert r.mimetype == "text/html"
    alert = re.search(r'role="alert">([^<]+)<', page)
    assert alert and VIETNAMESE.search(alert.group(1)), page[:500]
    assert case.says in page


UNSAFE_NEXT = [
    "/inbox\r\nSet-Cookie: stolen=1",
    "/\nLocation: https://evil.example",
    "//evil.example",
    "https://evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "evil.example",
    "/%0d%0aSet-Cookie:x=1",  # only looks like a header break: it stays a path on this site
]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_a_login_with_an_unsafe_next_lands_on_this_sites_pages(world: World, target: str) -> None:
    client = world.app.test_client()
    shown = client.get("/login", query_string={"next": target})
    assert shown.status_code == 200

    r = client.post(
        "/login",
        data={
            "username": "dc.clerk",
            "password": "demo-2026",
            "next": target,
            "csrf_token": csrf(client),
        },
    )

    assert r.status_code == 302
    location = r.headers["Location"]
    assert "\r" not in location and "\n" not in location
    assert location == ("/%0d%0aSet-Cookie:x=1" if target.startswith("/%0d") else "/inbox")


@pytest.mark.parametrize(
    "target", ["/dossiers?status=draft", "/dossiers/1", "/audit?actor=dc.clerk&from=01/01/2026"]
)
def test_a_login_with_a_next_on_this_site_goes_there(world: World, target: str) -> None:
    client = world.app.test_client()
    r = client.post(
        "/login",
        data={
            "username": "dc.clerk",
            "password": "demo-2026",
            "next": target,
            "csrf_token": csrf(client),
        },
    )
    assert (r.status_code, r.headers["Location"]) == (302, target)


# A part whose Content-Disposition name cannot be read (a quote escaped away): Werkzeug names
# it None, which the NUL check could not look into (500 before; found by schemathesis).
NAMELESS = (
    b'--XYZ\r\nContent-Disposition: form-data; name="&@\\"\r\n\r\n1\r\n'
    b'--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n'
    b"--XYZ--\r\n"
)


@pytest.mark.parametrize(
    "method, path, user",
    [
        ("POST", "/api/v1/dossiers/{d}/attachments", "dc.clerk"),
        ("PUT", "/api/v1/templates/Giấy khen", "admin"),
    ],
)
def test_a_multipart_part_without_a_readable_name_is_refused_with_a_422(
    world: World, method: str, path: str, user: str
) -> None:
    r = world.api.open(
        path.replace("{d}", str(world.dossier)),
        method=method,
        data=NAMELESS,
        content_type="multipart/form-data; boundary=XYZ",
        headers=world.tokens(user),
    )
    assert r.status_code == 422, r.get_data(as_text=True)[:300]
    assert "không có tên" in r.get_json()["error"]["message"]
