"""A throwaway PKI for the signing tests: a root CA, a signer under it, a PKCS#12, a small PDF."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pypdf import PdfWriter

MARKER = "KHENTHUONGMARKER"


@dataclass(frozen=True)
class Authority:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(
    subject: str, issuer: x509.Name, key: rsa.RSAPrivateKey, ends: dt.timedelta
) -> x509.CertificateBuilder:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now + ends)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )


def _usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def make_root(common_name: str = "Throwaway Root CA") -> Authority:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = (
        _builder(common_name, _name(common_name), key, dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .add_extension(_usage(signer=False), True)
        .sign(key, hashes.SHA256())
    )
    return Authority(key, certificate)


def make_signer(
    root: Authority, common_name: str = "Nguyễn Văn An", *, valid_for_days: int = 365
) -> Authority:
    """A signer under ``root``; a negative ``valid_for_days`` gives one that has expired."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ski = root.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    certificate = (
        _builder(common_name, root.certificate.subject, key, dt.timedelta(days=valid_for_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        .add_extension(_usage(signer=True), True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski.value), False
        )
        .sign(root.key, hashes.SHA256())
    )
    return Authority(key, certificate)


def write_pkcs12(path: Path, signer: Authority, root: Authority, passphrase: str) -> Path:
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer",
            signer.key,
            signer.certificate,
            [root.certificate],
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
    )
    return path


def make_pdf() -> bytes:
    """One blank A4 page; the title, stored uncompressed, holds ``MARKER`` for tampering."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"Quyet dinh khen thuong {MARKER}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
