"""Digital signatures (PAdES) on the decision's PDF: signing with a unit's certificate, checking.

This module owns everything that touches pyHanko. ``Credential`` says where a unit's signing key
lives — a PKCS#12 file or a PKCS#11 token (VGCA's USB tokens ship a PKCS#11 module) — and names
the environment variable that holds its passphrase or PIN; the secret itself is never stored and
is read only when signing. ``sign_pdf`` adds a PAdES baseline (B-B) signature as an incremental
update. ``verify_pdf`` checks the last signature of a file against the trust roots given
(``load_trust_roots`` reads them from PEM or DER files) and reports, in Vietnamese, what is wrong.
Failures reach callers as the domain's ``Invalid`` or ``ConfigurationError``, never as pyHanko's.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]  # no stubs, no py.typed
from cryptography import x509 as pyca_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis.policy_api import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import (
    PdfSignatureStatus,
    SignatureCoverageLevel,
)
from pyhanko_certvalidator import ValidationContext

from service.domain.errors import ConfigurationError, Invalid

_NOT_CONFIGURED = "Chứng thư số chưa được cấu hình đúng: "
_ENV_NAME = re.compile(r"KT_[A-Z0-9_]+")


@dataclass(frozen=True)
class Credential:
    """A unit's signing key: a PKCS#12 file, or a key on a PKCS#11 token.

    The secret (passphrase, PIN) is either given directly (``passphrase``, ``pin``; never shown in
    ``repr``) or named by ``secret_env``, the environment variable read when signing.
    """

    pkcs12_path: str = ""
    passphrase: str | None = field(default=None, repr=False)
    pkcs11_module: str = ""
    token_label: str = ""
    key_label: str = ""
    pin: str | None = field(default=None, repr=False)
    secret_env: str | None = None

    def __post_init__(self) -> None:
        if bool(self.pkcs12_path) == bool(self.pkcs11_module):
            raise Invalid(_NOT_CONFIGURED + "cần đúng một tệp PKCS#12 hoặc một thiết bị PKCS#11.")
        if self.pkcs11_module and not (self.token_label and self.key_label):
            raise Invalid(_NOT_CONFIGURED + "thiếu nhãn thiết bị hoặc nhãn khóa PKCS#11.")

    @property
    def kind(self) -> str:
        return "pkcs12" if self.pkcs12_path else "pkcs11"

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Credential:
        """Read a stored configuration; it names the secret's variable, never holds the secret."""
        kind = data.get("kind")
        secret_key = {"pkcs12": "passphrase_env", "pkcs11": "pin_env"}.get(str(kind))
        if secret_key is None:
            raise Invalid(_NOT_CONFIGURED + "loại chứng thư phải là pkcs12 hoặc pkcs11.")
        secret_env = _env_name(data.get(secret_key))
        if kind == "pkcs12":
            path = _required(data, "path", "thiếu đường dẫn tệp PKCS#12.")
            return cls(pkcs12_path=path, secret_env=secret_env)
        return cls(
            pkcs11_module=_required(data, "module", "thiếu đường dẫn mô-đun PKCS#11."),
            token_label=_required(data, "token", "thiếu nhãn thiết bị PKCS#11."),
            key_label=_required(data, "key", "thiếu nhãn khóa PKCS#11."),
            secret_env=secret_env,
        )

    def secret(self, environ: Mapping[str, str]) -> str | None:
        """The passphrase or PIN: given directly, else read now from the named variable."""
        direct = self.passphrase if self.kind == "pkcs12" else self.pin
        if direct is not None or self.secret_env is None:
            return direct
        value = environ.get(self.secret_env)
        if not value:
            raise ConfigurationError(
                _NOT_CONFIGURED + f"biến môi trường {self.secret_env} chưa được đặt."
            )
        return value


def _required(data: Mapping[str, object], key: str, missing: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise Invalid(_NOT_CONFIGURED + missing, fields={key: missing})
    return value.strip()


def _env_name(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _ENV_NAME.fullmatch(value):
        raise Invalid(
            _NOT_CONFIGURED + "tên biến môi trường chứa mật khẩu phải có dạng KT_TEN_BIEN."
        )
    return value


def sign_pdf(
    pdf: bytes,
    credential: Credential,
    *,
    reason: str,
    location: str,
    signer_name: str,
    environ: Mapping[str, str] | None = None,
) -> bytes:
    """The PDF with one more PAdES B-B signature (ETSI.CAdES.detached, SHA-256), appended."""
    secret = credential.secret(os.environ if environ is None else environ)
    writer = _incremental_writer(pdf)
    meta = signers.PdfSignatureMetadata(
        field_name=_new_field_name(writer),
        reason=reason,
        location=location,
        name=signer_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    with _signer(credential, secret) as signer:
        try:
            signed = signers.PdfSigner(meta, signer=signer).sign_pdf(writer)
        except Exception as exc:  # a token or key gone wrong: pyHanko, python-pkcs11, the OS
            raise ConfigurationError(f"Không ký được tệp PDF: {exc}") from exc
    return bytes(signed.getvalue())


def _incremental_writer(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception as exc:  # pyHanko's reader raises many kinds on a broken file
        raise Invalid("Tệp cần ký không phải là tệp PDF hợp lệ.") from exc


def _new_field_name(writer: IncrementalPdfFileWriter) -> str:
    """``Signature<n+1>`` after the file's n signature fields, so an earlier one is never reused."""
    try:
        existing = list(fields.enumerate_sig_fields(writer.prev))
    except Exception as exc:  # a broken AcroForm
        raise Invalid("Tệp cần ký không phải là tệp PDF hợp lệ.") from exc
    return f"Signature{len(existing) + 1}"


@contextmanager
def _signer(credential: Credential, secret: str | None) -> Iterator[signers.Signer]:
    if credential.kind == "pkcs12":
        yield _pkcs12_signer(credential.pkcs12_path, secret)
    else:
        with _pkcs11_signer(credential, secret) as signer:
            yield signer


def _pkcs12_signer(path: str, passphrase: str | None) -> signers.Signer:
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as exc:
        raise ConfigurationError(_NOT_CONFIGURED + f"không đọc được tệp PKCS#12 {path}.") from exc
    secret = passphrase.encode() if passphrase is not None else None
    try:
        signer: signers.Signer = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=secret
        )
    except (ValueError, TypeError) as exc:
        raise Invalid(
            _NOT_CONFIGURED + "mật khẩu tệp PKCS#12 không đúng hoặc tệp bị hỏng."
        ) from exc
    return signer


@contextmanager
def _pkcs11_signer(credential: Credential, pin: str | None) -> Iterator[signers.Signer]:
    try:  # pyHanko's PKCS#11 helpers need python-pkcs11, which only token hosts install
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    except ImportError as exc:
        raise ConfigurationError(
            "Máy chủ chưa cài python-pkcs11 (pip install 'pyHanko[pkcs11]'); "
            "chưa ký được bằng thiết bị ký số."
        ) from exc
    try:
        session = open_pkcs11_session(
            credential.pkcs11_module,
            token_criteria=TokenCriteria(label=credential.token_label),
            user_pin=pin,
        )
    except Exception as exc:  # python-pkcs11 has an exception class per PKCS#11 return code
        raise ConfigurationError(
            _NOT_CONFIGURED + f"không mở được thiết bị ký số {credential.token_label}: {exc}"
        ) from exc
    try:
        yield PKCS11Signer(session, key_label=credential.key_label, cert_label=credential.key_label)
    finally:
        session.close()


@dataclass(frozen=True)
class Verification:
    """What ``verify_pdf`` found about a file's last signature; ``problem`` is "" when all good."""

    signed: bool
    intact: bool
    trusted: bool
    signer_subject: str
    signed_at: datetime | None
    sha256: str
    problem: str

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.trusted


def verify_pdf(pdf: bytes, trust_roots: Sequence[bytes]) -> Verification:
    """Check the file's last signature: untouched, covering the whole file, chained to a root."""
    digest = hashlib.sha256(pdf).hexdigest()
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception:  # garbage in: pyHanko's reader raises many kinds on a broken file
        return _unsigned(digest, "Tệp không phải là tệp PDF hợp lệ.")
    if not signatures:
        return _unsigned(digest, "Tệp PDF chưa được ký số.")
    last = max(signatures, key=lambda signature: signature.signed_revision)
    context = _context(trust_roots)
    try:
        status = validate_pdf_signature(last, context, key_usage_settings=_USAGE)
    except Exception:  # a malformed signature dictionary or CMS blob
        return Verification(True, False, False, "", None, digest, "Chữ ký số trong tệp bị hỏng.")
    return _verification(status, pdf, digest)


_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})


def _context(trust_roots: Sequence[bytes]) -> ValidationContext:
    try:
        ders = [der for root in trust_roots for der in _certificates(root)]
    except ValueError as exc:
        raise ConfigurationError(
            "Chứng thư gốc tin cậy không hợp lệ: phải là chứng thư X.509 dạng PEM hoặc DER."
        ) from exc
    anchors = [asn1_x509.Certificate.load(der) for der in ders]
    return ValidationContext(trust_roots=anchors, allow_fetching=False)


def _unsigned(digest: str, problem: str) -> Verification:
    return Verification(False, False, False, "", None, digest, problem)


def _verification(status: PdfSignatureStatus, pdf: bytes, digest: str) -> Verification:
    intact = status.intact and status.valid and _covers_whole_file(status, pdf)
    trusted = status.trusted
    return Verification(
        signed=True,
        intact=intact,
        trusted=trusted,
        signer_subject=status.signing_cert.subject.human_friendly,
        signed_at=status.signer_reported_dt,
        sha256=digest,
        problem=_problem(status, intact, trusted),
    )


def _covers_whole_file(status: PdfSignatureStatus, pdf: bytes) -> bool:
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    # After the signed revision the file may only gain validation data (DSS, document
    # timestamps) in further revisions; loose bytes after the last %%EOF are refused.
    return (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level == ModificationLevel.LTA_UPDATES
        and pdf.rstrip().endswith(b"%%EOF")
    )


def _problem(status: PdfSignatureStatus, intact: bool, trusted: bool) -> str:
    if not (status.intact and status.valid):
        return "Nội dung tệp đã bị thay đổi sau khi ký: chữ ký số không còn khớp."
    if not intact:
        return "Chữ ký số không bao trùm toàn bộ tệp: có nội dung được thêm vào sau khi ký."
    if status.revoked:
        return "Chứng thư số của người ký đã bị thu hồi."
    if not trusted:
        return "Chứng thư số của người ký không thuộc tổ chức chứng thực nào được tin cậy."
    return ""


def load_trust_roots(paths: Sequence[str]) -> list[bytes]:
    """The DER of every certificate in the given PEM or DER files (a PEM file may hold several)."""
    return [root for path in paths for root in _certificates_in(path)]


def _certificates_in(path: str) -> list[bytes]:
    try:
        with open(path, "rb") as file:
            return _certificates(file.read())
    except (OSError, ValueError) as exc:
        raise ConfigurationError(
            f"Không đọc được chứng thư gốc tin cậy trong tệp {path}: "
            "tệp phải là chứng thư X.509 dạng PEM hoặc DER."
        ) from exc


def _certificates(data: bytes) -> list[bytes]:
    """The DER of each certificate in PEM (one or more) or DER bytes; ValueError if none."""
    if b"-----BEGIN" in data:
        certificates = pyca_x509.load_pem_x509_certificates(data)
    else:
        certificates = [pyca_x509.load_der_x509_certificate(data)]
    return [c.public_bytes(serialization.Encoding.DER) for c in certificates]
