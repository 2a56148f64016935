"""An issued decision's original over the API: its PDF signed with the signer's certificate
(real pyHanko, real LibreOffice), a PDF signed elsewhere checked against the trust roots, the
scanned paper copy; refusals change nothing. The certificates come from a CA made here."""

from __future__ import annotations

import hashlib
import io
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]
from flask import Flask
from flask.testing import FlaskClient
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from werkzeug.test import TestResponse

from service.adapters.pades import PadesSeal
from service.documents.signing import Credential, sign_pdf
from service.settings import Settings
from tests.api import files
from tests.api.helpers import Login, approve_at, create, decision_of, issue, submit
from tests.conftest import services_of
from tests.documents.pki import MARKER, Authority, make_pdf, make_root, make_signer, write_pkcs12
from tests.web.helpers import web_login

PASSPHRASE = "mật-khẩu-đơn-vị"
SECRET_ENV = "KT_TEST_SIGNING_PASSPHRASE_HM_DC"
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed"
)


@dataclass(frozen=True)
class Pki:
    root: Authority
    roots_file: Path
    p12: Path  # the signer's, under ``root``
    stranger_p12: Path  # a signer under a CA nobody configured


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    # One PKI for the session: the trust roots are part of the settings, and the demo world is
    # seeded once per distinct settings.
    where = tmp_path_factory.mktemp("originals-pki")
    root, other = make_root("Test Root CA"), make_root("Other Root CA")
    roots_file = where / "roots.pem"
    roots_file.write_bytes(root.pem)
    return Pki(
        root,
        roots_file,
        write_pkcs12(where / "signer.p12", make_signer(root, "Hoàng Văn Sơn"), root, PASSPHRASE),
        write_pkcs12(where / "stranger.p12", make_signer(other, "Người Lạ"), other, PASSPHRASE),
    )


@pytest.fixture
def settings(settings: Settings, pki: Pki) -> Settings:
    return replace(settings, trust_roots=str(pki.roots_file))


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SECRET_ENV, PASSPHRASE)


def issued(client: FlaskClient, as_user: Login) -> dict:
    """A ward's Giấy khen, decided by HM-DC and issued there (signed by dc.signer)."""
    dossier = create(client, as_user, award="GK_XA_CN")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    return issue(client, as_user, dossier["id"])


def give_certificate(client: FlaskClient, as_user: Login, p12: Path) -> None:
    credential = {"kind": "pkcs12", "path": str(p12), "passphrase_env": SECRET_ENV}
    r = client.put(
        "/api/v1/orgs/HM-DC/signers/dc.signer",
        json={"title": "Chủ tịch", "capacity": "own", "credential": credential},
        headers=as_user("admin"),
    )
    assert r.status_code == 200, r.get_json()


def signed_elsewhere(p12: Path, pdf: bytes | None = None) -> bytes:
    """A PDF signed as the unit's e-office system would, with a certificate from ``p12``."""
    return sign_pdf(
        pdf or make_pdf(),
        Credential(pkcs12_path=str(p12), passphrase=PASSPHRASE),
        reason="Ký ban hành quyết định",
        location="Hà Nội",
        signer_name="Hoàng Văn Sơn",
    )


def upload(
    client: FlaskClient, as_user: Login, user: str, decision_id: int, content: bytes, kind: str
) -> TestResponse:
    return client.post(
        f"/api/v1/decisions/{decision_id}/original",
        data={"kind": kind, "file": (io.BytesIO(content), "ban-goc.pdf")},
        headers=as_user(user),
        content_type="multipart/form-data",
    )


def sign(client: FlaskClient, as_user: Login, user: str, decision_id: int) -> TestResponse:
    return client.post(f"/api/v1/decisions/{decision_id}/original/sign", headers=as_user(user))


def verification(client: FlaskClient, as_user: Login, decision_id: int) -> dict:
    r = client.get(
        f"/api/v1/decisions/{decision_id}/original/verification", headers=as_user("dc.clerk")
    )
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def stored_original(app: Flask, decision_id: int) -> Path:
    """The file the folder store keeps the decision's original in."""
    container = services_of(app).container
    with container.uow() as uow:
        found = uow.decisions.get(decision_id)
    assert found is not None and found.original_key
    return Path(container.settings.storage_url.removeprefix("file://")) / found.original_key


def originals_stored(app: Flask, org: str) -> list[str]:
    store = services_of(app).container.store
    return [o.key for o in store.list(f"decisions/{org}/") if "-signed-" in o.key]


def history_kinds(client: FlaskClient, as_user: Login, dossier_id: int) -> list[str]:
    r = client.get(f"/api/v1/dossiers/{dossier_id}/history", headers=as_user("dc.clerk"))
    return [e["action"] for e in r.get_json()["items"]]


@needs_soffice
def test_the_signer_signs_the_issued_pdf_and_pyhanko_finds_it_intact_and_trusted(
    app: Flask, client: FlaskClient, as_user: Login, pki: Pki
) -> None:
    d = issued(client, as_user)
    give_certificate(client, as_user, pki.p12)

    r = sign(client, as_user, "dc.signer", d["id"])

    assert r.status_code == 200, r.get_json()
    signed = r.get_json()
    assert signed["original"] == "pades" and len(signed["original_sha256"]) == 64
    got = client.get(f"/api/v1/decisions/{d['id']}/original", headers=as_user("hm.approver"))
    assert got.status_code == 200 and got.mimetype == "application/pdf"
    assert hashlib.sha256(got.data).hexdigest() == signed["original_sha256"]
    assert got.headers["ETag"] == f'"{signed["original_sha256"]}"'
    assert got.headers["X-Signature-Valid"] == "true"
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(pki.root.der)])
    embedded = PdfFileReader(io.BytesIO(got.data)).embedded_signatures
    status = validate_pdf_signature(embedded[-1], context)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert "Hoàng Văn Sơn" in status.signing_cert.subject.human_friendly
    check = verification(client, as_user, d["id"])
    assert check | {"signed_at": None} == {
        "kind": "pades",
        "sha256": signed["original_sha256"],
        "signed": True,
        "intact": True,
        "trusted": True,
        "signer_subject": check["signer_subject"],
        "signed_at": None,
        "problem": "",
    }
    assert "decision_original_signed" in history_kinds(client, as_user, d["dossier_id"])
    again = sign(client, as_user, "dc.records", d["id"])
    assert again.status_code == 409, again.get_json()

    # One byte changed inside what the signature covers: the store is not trusted to keep it.
    path = stored_original(app, d["id"])
    content = bytearray(path.read_bytes())
    content[12] ^= 0x01
    path.write_bytes(bytes(content))
    tampered = verification(client, as_user, d["id"])
    assert tampered["intact"] is False and tampered["problem"]
    served = client.get(f"/api/v1/decisions/{d['id']}/original", headers=as_user("dc.clerk"))
    assert served.headers["X-Signature-Valid"] == "false"
    assert served.headers["X-Signature-Problem"].startswith("UTF-8''")


def test_without_a_certificate_signing_is_refused_saying_to_configure_one_or_upload(
    client: FlaskClient, as_user: Login
) -> None:
    d = issued(client, as_user)

    r = sign(client, as_user, "dc.records", d["id"])

    assert r.status_code == 409
    message = r.get_json()["error"]["message"]
    assert "chưa được cấu hình chứng thư số" in message and "tải lên" in message
    assert decision_of(client, as_user, d["dossier_id"])["original"] == ""


def test_an_original_waits_for_the_issue_and_only_the_unit_s_records_or_signer_keep_it(
    client: FlaskClient, as_user: Login, pki: Pki
) -> None:
    dossier = create(client, as_user, award="GK_XA_CN")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    draft = decision_of(client, as_user, dossier["id"])
    assert sign(client, as_user, "dc.records", draft["id"]).status_code == 409
    early = upload(client, as_user, "dc.records", draft["id"], files.png(), "scan")
    assert early.status_code == 409 and "đã ban hành" in early.get_json()["error"]["message"]

    d = issue(client, as_user, dossier["id"])
    for user in ("dc.clerk", "dc.officer", "dc.approver", "hm.records"):
        assert sign(client, as_user, user, d["id"]).status_code == 403, user
        refused = upload(client, as_user, user, d["id"], signed_elsewhere(pki.p12), "pades")
        assert refused.status_code == 403, user
    assert decision_of(client, as_user, d["dossier_id"])["original"] == ""


def test_a_pdf_signed_elsewhere_under_a_trusted_root_is_kept_as_the_original(
    client: FlaskClient, as_user: Login, pki: Pki
) -> None:
    d = issued(client, as_user)
    content = signed_elsewhere(pki.p12)

    r = upload(client, as_user, "dc.records", d["id"], content, "pades")

    assert r.status_code == 201, r.get_json()
    assert r.get_json()["original"] == "pades"
    assert r.get_json()["original_sha256"] == hashlib.sha256(content).hexdigest()
    check = verification(client, as_user, d["id"])
    assert check["signed"] and check["intact"] and check["trusted"], check
    assert "Hoàng Văn Sơn" in check["signer_subject"]
    got = client.get(f"/api/v1/decisions/{d['id']}/original", headers=as_user("dc.clerk"))
    assert got.data == content and got.headers["X-Signature-Valid"] == "true"
    assert "decision_original_uploaded" in history_kinds(client, as_user, d["dossier_id"])
    second = upload(client, as_user, "dc.signer", d["id"], files.png(), "scan")
    assert second.status_code == 409


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (lambda pdf: pdf.replace(MARKER.encode(), MARKER.encode().lower(), 1), "thay đổi"),
        (lambda pdf: pdf + b"\n% appended after signing\n", "toàn bộ tệp"),
        (lambda pdf: make_pdf(), "chưa được ký số"),
    ],
    ids=["one byte changed", "bytes appended", "never signed"],
)
def test_a_tampered_or_unsigned_pdf_is_refused_and_nothing_is_kept(
    app: Flask, client: FlaskClient, as_user: Login, pki: Pki, spoil: object, says: str
) -> None:
    d = issued(client, as_user)
    assert callable(spoil)
    bad = spoil(signed_elsewhere(pki.p12))

    r = upload(client, as_user, "dc.records", d["id"], bad, "pades")

    assert r.status_code == 422, r.get_json()
    assert says in r.get_json()["error"]["message"]
    after = decision_of(client, as_user, d["dossier_id"])
    assert after["original"] == "" and after["original_sha256"] == ""
    assert originals_stored(app, "HM-DC") == []
    gone = client.get(f"/api/v1/decisions/{d['id']}/original", headers=as_user("dc.clerk"))
    assert gone.status_code == 404


def test_a_pdf_signed_under_a_ca_nobody_trusts_is_refused(
    client: FlaskClient, as_user: Login, pki: Pki
) -> None:
    d = issued(client, as_user)

    r = upload(client, as_user, "dc.records", d["id"], signed_elsewhere(pki.stranger_p12), "pades")

    assert r.status_code == 422
    assert "không được tin cậy" in r.get_json()["error"]["message"]
    assert decision_of(client, as_user, d["dossier_id"])["original"] == ""


def test_with_no_trust_roots_configured_a_signed_pdf_is_refused_as_unverifiable(
    app: Flask, client: FlaskClient, as_user: Login, pki: Pki
) -> None:
    services_of(app).container.seal = PadesSeal()  # as if KT_TRUST_ROOTS were unset
    d = issued(client, as_user)

    r = upload(client, as_user, "dc.records", d["id"], signed_elsewhere(pki.p12), "pades")

    assert r.status_code == 422
    assert "KT_TRUST_ROOTS" in r.get_json()["error"]["message"]


def test_the_scanned_paper_copy_is_kept_and_the_page_says_the_original_is_paper(
    client: FlaskClient, as_user: Login
) -> None:
    d = issued(client, as_user)
    scan = files.png()

    r = upload(client, as_user, "dc.signer", d["id"], scan, "scan")

    assert r.status_code == 201, r.get_json()
    assert r.get_json()["original"] == "scan"
    got = client.get(f"/api/v1/decisions/{d['id']}/original", headers=as_user("hn.approver"))
    assert got.mimetype == "image/png" and got.data == scan
    assert "X-Signature-Valid" not in got.headers
    check = verification(client, as_user, d["id"])
    assert (check["kind"], check["signed"], check["intact"]) == ("scan", False, True)
    web_login(client, "dc.clerk")
    html = client.get(f"/dossiers/{d['dossier_id']}").get_data(as_text=True)
    assert "bản giấy quét" in html.lower()
    assert f'href="/dossiers/{d["dossier_id"]}/decision/original"' in html


def test_a_scan_must_be_a_pdf_jpeg_or_png_by_its_bytes(client: FlaskClient, as_user: Login) -> None:
    d = issued(client, as_user)

    r = upload(client, as_user, "dc.records", d["id"], b"GIF89a not a scan", "scan")
    wrong_kind = upload(client, as_user, "dc.records", d["id"], files.png(), "photo")

    assert r.status_code == 415
    assert wrong_kind.status_code == 422 and "kind" in wrong_kind.get_json()["error"]["fields"]
