"""Checking a PAdES signature: is the file's last signature intact, whole and trusted.

This module owns the validation half of ``service.documents.signing`` (which re-exports it).
``verify_pdf`` never raises on what it is given to check — garbage, an unsigned file, a broken
signature all come back as a ``Verification`` whose ``problem`` says in Vietnamese what is wrong;
only unusable trust roots, the server's configuration, raise ``ConfigurationError``.
``load_trust_roots`` reads the roots (VGCA's in production) from PEM or DER files.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence

from asn1crypto import x509 as asn1_x509  # type: ignore[import-untyped]  # no stubs, no py.typed
from cryptography import x509 as pyca_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis.policy_api import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from service.documents.event_loop import outside_event_loop
from service.domain.errors import ConfigurationError
from service.domain.originals import SignatureCheck

# What checking found is the domain's record of it; the name is kept for this module's callers.
Verification = SignatureCheck


def verify_pdf(pdf: bytes, trust_roots: Sequence[bytes]) -> Verification:
    """Check the file's last signature: untouched, covering the whole file, chained to a root."""
    digest = hashlib.sha256(pdf).hexdigest()
    try:
        last = _last_signature(pdf)
    except Exception:  # garbage in: pyHanko's reader raises many kinds on a broken file
        return _unsigned(digest, "Tệp không phải là tệp PDF hợp lệ.")
    if last is None:
        return _unsigned(digest, "Tệp PDF chưa được ký số.")
    context = _context(trust_roots)
    try:
        status = outside_event_loop(
            lambda: validate_pdf_signature(last, context, key_usage_settings=_USAGE)
        )
    except Exception:  # a malformed signature dictionary or CMS blob
        return Verification(True, False, False, "", None, digest, "Chữ ký số trong tệp bị hỏng.")
    return _verification(status, pdf, digest)


def _last_signature(pdf: bytes) -> EmbeddedPdfSignature | None:
    """The signature of the latest revision, or None for a PDF that has none."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    signatures: list[EmbeddedPdfSignature] = reader.embedded_signatures
    if not signatures:
        return None
    return max(signatures, key=lambda signature: int(signature.signed_revision))


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
        return (
            "Chứng thư số của người ký không được tin cậy: không thuộc tổ chức chứng thực nào "
            "được tin cậy, đã hết hạn hoặc không được cấp để ký."
        )
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
