"""The decision's original on the dossier page: which it is, the button to sign the PDF where
the signer has a certificate, the upload of a signed PDF or a scan, and its refusals."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from service.documents.signing import Credential, sign_pdf
from service.settings import Settings
from tests.api import files
from tests.api.helpers import Login, approve_at, create, issue, submit
from tests.documents.pki import Authority, make_pdf, make_root, make_signer, write_pkcs12
from tests.web.helpers import csrf, web_login

PASSPHRASE = "mật-khẩu-trang"
SECRET_ENV = "KT_TEST_PAGE_SIGNING_PASSPHRASE"


@pytest.fixture(scope="session")
def page_pki(tmp_path_factory: pytest.TempPathFactory) -> tuple[Authority, Path, Path]:
    where = tmp_path_factory.mktemp("page-pki")
    root = make_root("Page Test Root CA")
    (where / "roots.pem").write_bytes(root.pem)
    p12 = write_pkcs12(where / "signer.p12", make_signer(root, "Hoàng Văn Sơn"), root, PASSPHRASE)
    return root, where / "roots.pem", p12


@pytest.fixture
def settings(settings: Settings, page_pki: tuple[Authority, Path, Path]) -> Settings:
    return replace(settings, trust_roots=str(page_pki[1]))


def issued_dossier(client: FlaskClient, as_user: Login) -> tuple[int, int]:
    dossier = create(client, as_user, award="GK_XA_CN")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    d = issue(client, as_user, dossier["id"])
    return int(dossier["id"]), int(d["id"])


def post_original(
    client: FlaskClient, dossier_id: int, content: bytes, kind: str
) -> tuple[int, str]:
    r = client.post(
        f"/dossiers/{dossier_id}/decision/original",
        data={
            "csrf_token": csrf(client, f"/dossiers/{dossier_id}"),
            "kind": kind,
            "file": (io.BytesIO(content), "ban-goc"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    return r.status_code, r.get_data(as_text=True)


def test_the_records_office_sees_no_sign_button_without_a_certificate_but_the_upload_form(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, _ = issued_dossier(client, as_user)
    web_login(client, "dc.records")

    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)

    assert "Chưa có bản gốc điện tử" in html
    assert "Ký số bản PDF" not in html
    assert f'action="/dossiers/{dossier_id}/decision/original"' in html
    assert 'enctype="multipart/form-data"' in html


def test_with_a_certificate_configured_the_signer_is_offered_to_sign_the_pdf(
    client: FlaskClient, as_user: Login, page_pki: tuple[Authority, Path, Path]
) -> None:
    dossier_id, _ = issued_dossier(client, as_user)
    credential = {"kind": "pkcs12", "path": str(page_pki[2]), "passphrase_env": SECRET_ENV}
    put = client.put(
        "/api/v1/orgs/HM-DC/signers/dc.signer",
        json={"title": "Chủ tịch", "capacity": "own", "credential": credential},
        headers=as_user("admin"),
    )
    assert put.status_code == 200
    web_login(client, "dc.signer")

    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)

    assert "Ký số bản PDF" in html
    assert f'action="/dossiers/{dossier_id}/decision/original/sign"' in html
    web_login(client, "dc.clerk")
    assert "Ký số bản PDF" not in client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_signing_from_the_page_keeps_the_signed_pdf_and_the_page_names_the_signer(
    client: FlaskClient,
    as_user: Login,
    page_pki: tuple[Authority, Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SECRET_ENV, PASSPHRASE)
    dossier_id, _ = issued_dossier(client, as_user)
    credential = {"kind": "pkcs12", "path": str(page_pki[2]), "passphrase_env": SECRET_ENV}
    client.put(
        "/api/v1/orgs/HM-DC/signers/dc.signer",
        json={"title": "Chủ tịch", "capacity": "own", "credential": credential},
        headers=as_user("admin"),
    )
    web_login(client, "dc.records")

    r = client.post(
        f"/dossiers/{dossier_id}/decision/original/sign",
        data={"csrf_token": csrf(client, f"/dossiers/{dossier_id}")},
        follow_redirects=True,
    )

    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Đã ký số bản PDF và lưu làm bản gốc" in html
    assert "PDF ký số — chữ ký hợp lệ, người ký: " in html and "Hoàng Văn Sơn" in html
    got = client.get(f"/dossiers/{dossier_id}/decision/original")
    assert got.mimetype == "application/pdf" and got.headers["X-Signature-Valid"] == "true"


def test_a_signed_pdf_uploaded_from_the_page_is_checked_and_kept(
    client: FlaskClient, as_user: Login, page_pki: tuple[Authority, Path, Path]
) -> None:
    dossier_id, _ = issued_dossier(client, as_user)
    signed = sign_pdf(
        make_pdf(),
        Credential(pkcs12_path=str(page_pki[2]), passphrase=PASSPHRASE),
        reason="Ký ban hành quyết định",
        location="Hà Nội",
        signer_name="Hoàng Văn Sơn",
    )
    web_login(client, "dc.records")

    status, html = post_original(client, dossier_id, signed, "pades")

    assert status == 200
    assert "Đã lưu bản gốc của quyết định." in html
    assert "chữ ký hợp lệ" in html
    assert client.get(f"/dossiers/{dossier_id}/decision/original").data == signed


def test_an_unsigned_pdf_offered_as_signed_is_refused_beside_the_card(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, _ = issued_dossier(client, as_user)
    web_login(client, "dc.records")

    status, html = post_original(client, dossier_id, make_pdf(), "pades")

    assert status == 422
    assert "Tệp PDF không được nhận làm bản gốc: Tệp PDF chưa được ký số." in html
    assert "Chưa có bản gốc điện tử" in html


def test_a_scan_uploaded_from_the_page_makes_the_paper_copy_the_original(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id, _ = issued_dossier(client, as_user)
    web_login(client, "dc.signer")

    status, html = post_original(client, dossier_id, files.jpeg(), "scan")

    assert status == 200
    assert "Bản giấy quét" in html
    assert f'action="/dossiers/{dossier_id}/decision/original"' not in html  # kept once
    got = client.get(f"/dossiers/{dossier_id}/decision/original")
    assert got.mimetype == "image/jpeg" and got.data == files.jpeg()
