"""Every answer carries the security headers (service/headers.py); no template needs inline script.

The pages' policy allows only the service's own script files, so a template with an inline
``<script>``, an ``on…=`` handler, a ``javascript:`` link or a ``style=`` attribute would break
in the browser; the scan below finds them before a browser has to.
"""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from service.settings import ROOT
from tests.web.helpers import web_login

TEMPLATES = ROOT / "service" / "web" / "templates"
# A value for each route variable: enough to reach the view (which may still say 403 or 404).
SAMPLES = {
    "dossier_id": "1",
    "decision_id": "1",
    "correction_id": "2",
    "year": "2026",
    "move": "sign",
    "form": "giay_khen",
    "org": "HM",
    "person_id": "1",
    "task_id": "x",
    "attachment_id": "x",
    "code": "HM",
    "username": "tm.clerk",
    "name": "giay_khen",
    "filename": "css/base.css",
}
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=|javascript:|\sstyle\s*=", re.IGNORECASE)


def _urls(app: Flask, api: bool) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") != api:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", SAMPLES[name], url)
        methods = rule.methods or set()
        found.append(("GET" if "GET" in methods else "POST", url))
    return found


def _has_page_headers(headers: dict[str, str]) -> None:
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_every_page_endpoint_sends_the_security_headers(app: Flask, client: FlaskClient) -> None:
    web_login(client, "dc.clerk")
    urls = _urls(app, api=False)
    assert len(urls) > 20
    for method, url in urls:
        # Posts go without their CSRF token: refused (403), changing nothing, headers all the same.
        r = client.open(url, method=method)
        r.close()  # the static files are streamed from open files
        assert r.status_code < 500, (method, url, r.status_code)
        _has_page_headers(dict(r.headers))


def test_pages_for_addresses_that_match_no_route_send_them_too(client: FlaskClient) -> None:
    for url in ("/no-such-page", "/dossiers/99999999999999999999", "/login?next=//evil"):
        _has_page_headers(dict(client.get(url).headers))


def test_every_api_answer_is_never_sniffed(app: Flask, client: FlaskClient) -> None:
    for method, url in [*_urls(app, api=True), ("GET", "/api/v1/no-such-thing")]:
        r = client.open(url, method=method)  # no token: 401 for most, the same header
        assert r.headers["X-Content-Type-Options"] == "nosniff", url
        assert "default-src 'none'" in r.headers["Content-Security-Policy"]


def test_no_template_has_inline_script_handlers_or_styles() -> None:
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in INLINE.finditer(path.read_text("utf-8"))
    ]
    assert offenders == []
