"""Digital signatures (PAdES) on the decision's PDF: signing with a unit's certificate, checking.

This module and ``signature_check`` (re-exported here) own everything that touches pyHanko.
``Credential`` says where a unit's signing key lives — a PKCS#12 file or a PKCS#11 token (VGCA's
USB tokens ship a PKCS#11 module) — and names the environment variable that holds its passphrase
or PIN; the secret itself is never stored and is read only when signing. ``sign_pdf`` adds a
PAdES baseline (B-B) signature as an incremental update. ``verify_pdf`` checks the last signature
of a file against the trust roots given (``load_trust_roots`` reads them from PEM or DER files).
Failures reach callers as the domain's ``Invalid`` or ``ConfigurationError``, never as pyHanko's.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from service.documents.event_loop import outside_event_loop
from service.documents.signature_check import Verification, load_trust_roots, verify_pdf
from service.domain.errors import ConfigurationError, Invalid

__all__ = ["Credential", "Verification", "load_trust_roots", "sign_pdf", "verify_pdf"]

_NOT_CONFIGURED = "Chứng thư số chưa được cấu hình đúng: "
_ENV_NAME = re.compile(r"KT_[A-Z0-9_]+")
_SIGNING_FAILED = (
    "Không ký được tệp PDF bằng chứng thư số đã cấu hình; "
    "hãy kiểm tra thiết bị ký số, nhãn khóa và chứng thư."
)


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
            signed = outside_event_loop(
                lambda: signers.PdfSigner(meta, signer=signer).sign_pdf(writer)
            )
        except Exception as exc:  # a token or key gone wrong: pyHanko, python-pkcs11, the OS
            raise ConfigurationError(_SIGNING_FAILED) from exc
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
            _NOT_CONFIGURED + f"không mở được thiết bị ký số {credential.token_label} "
            "(không thấy thiết bị, sai mã PIN hoặc mô-đun PKCS#11 không nạp được)."
        ) from exc
    try:
        yield PKCS11Signer(session, key_label=credential.key_label, cert_label=credential.key_label)
    finally:
        session.close()
