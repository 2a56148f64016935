"""The decision as PDF from the dossier page: offered where LibreOffice is, and a failure shown
on the page (a stand-in ``soffice`` on PATH plays LibreOffice)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.api.helpers import Login, approve_at, create, submit
from tests.web.helpers import web_login

WRITES_PDF = (
    'while [ $# -gt 0 ]; do case "$1" in --outdir) out="$2"; shift;; esac; shift; done\n'
    'mkdir -p "$out" && printf "%%PDF-1.4 fake" > "$out/decision.pdf"'
)


def soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "soffice").write_text(f"#!/bin/sh\nPATH=/usr/bin:/bin\n{script}\n")
    (bin_dir / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))


def decided(client: FlaskClient, as_user: Login) -> int:
    dossier = create(client, as_user, award="GK_XA_CN")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    web_login(client, "dc.clerk")
    return int(dossier["id"])


def test_the_page_offers_the_pdf_beside_the_docx_where_libreoffice_is(
    client: FlaskClient, as_user: Login, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dossier_id = decided(client, as_user)
    soffice(tmp_path, monkeypatch, WRITES_PDF)
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert f'href="/dossiers/{dossier_id}/decision.pdf">Tải bản PDF</a>' in html
    got = client.get(f"/dossiers/{dossier_id}/decision.pdf")
    assert got.status_code == 200 and got.mimetype == "application/pdf"
    assert got.data == b"%PDF-1.4 fake"
    assert ".pdf" in got.headers["Content-Disposition"]

    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "/decision.pdf" not in html and "/decision.docx" in html


def test_a_failed_conversion_shows_its_message_on_the_dossier_page(
    client: FlaskClient, as_user: Login, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dossier_id = decided(client, as_user)
    soffice(tmp_path, monkeypatch, "echo broken >&2")
    r = client.get(f"/dossiers/{dossier_id}/decision.pdf")
    assert r.status_code == 503
    assert r.mimetype == "text/html"
    assert "Retry-After" in r.headers
    html = r.get_data(as_text=True)
    assert '<p class="alert" role="alert">Không chuyển được quyết định sang PDF' in html
    assert "Quyết định khen thưởng" in html  # the dossier page itself, with its .docx link
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    missing = client.get(f"/dossiers/{dossier_id}/decision.pdf")
    assert missing.status_code == 503
    assert "chưa cài LibreOffice" in missing.get_data(as_text=True)
