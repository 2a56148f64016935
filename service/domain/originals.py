"""The original of an issued decision (bản gốc): which file it is and who may record it.

An issued decision's original is either its PDF signed digitally (PAdES: signed by the service
with the signer's certificate, or signed elsewhere and uploaded after its signature is checked)
or the scanned paper copy that was signed and stamped by hand, for a unit with no certificate.
One original per decision: it is the record, so it is never replaced. These are pure rules;
signing and checking the files is the use case's, through its ports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from service.domain.content_types import JPEG, PDF, PNG
from service.domain.decision_states import Status
from service.domain.drafting import IssuedDecision
from service.domain.errors import Conflict, Forbidden, Invalid, TooLarge, UnsupportedType
from service.domain.permissions import Actor, Role


class Kind(StrEnum):
    PADES = "pades"  # a PDF signed digitally, its signature checked
    SCAN = "scan"  # the scanned paper copy, signed and stamped by hand


# A scan larger than this is a photograph of a whole archive, not one decision's pages.
MAX_SCAN_BYTES = 20_000_000
# A signed PDF of a decision is a few pages; pyHanko reads it whole to check it.
MAX_PDF_BYTES = 20_000_000

_MAGIC = (
    (b"%PDF-", PDF, "pdf"),
    (b"\xff\xd8\xff", JPEG, "jpg"),
    (b"\x89PNG\r\n\x1a\n", PNG, "png"),
)
_EXTENSIONS = {mime: ext for _, mime, ext in _MAGIC}


@dataclass(frozen=True)
class SignatureCheck:
    """What checking a signed PDF found (``problem`` is "" when all is well, in Vietnamese)."""

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


def parse_kind(value: object) -> Kind:
    try:
        return Kind(str(value or "").strip())
    except ValueError:
        raise Invalid(
            "Loại bản gốc phải là pades (PDF đã ký số) hoặc scan (bản giấy đã ký được quét).",
            {"kind": "pades hoặc scan"},
        ) from None


def require_may_sign(actor: Actor, d: IssuedDecision) -> None:
    """The person who signed the decision, or the issuing unit's records office (văn thư), who
    keeps the originals (NĐ 30/2020 Art. 15) and may run the signer's seal for them."""
    if actor.username == d.signer_username or Role.RECORDS in actor.roles_at(d.issuer_org_id):
        return
    raise Forbidden(
        "Chỉ người đã ký quyết định hoặc văn thư của đơn vị ban hành được ký số bản PDF."
    )


def require_may_upload(actor: Actor, d: IssuedDecision) -> None:
    if actor.roles_at(d.issuer_org_id) & {Role.RECORDS, Role.SIGNER}:
        return
    raise Forbidden(
        "Chỉ văn thư hoặc người ký quyết định của đơn vị ban hành được lưu bản gốc quyết định."
    )


def require_without_original(d: IssuedDecision) -> None:
    """An original may be recorded once the decision is issued, and only once."""
    if d.status not in (Status.ISSUED, Status.CORRECTED):
        raise Conflict(
            "Chỉ lưu bản gốc cho quyết định đã ban hành; quyết định này chưa được văn thư cấp "
            "số và ban hành, hoặc đã bị thu hồi."
        )
    if d.original_kind:
        raise Conflict(
            "Quyết định đã có bản gốc; bản gốc không được thay thế. Nếu bản gốc sai, hãy ban "
            "hành quyết định đính chính."
        )


def sniff(content: bytes, kind: Kind) -> tuple[str, str]:
    """The content type and extension the bytes are (not what the file's name says): a signed
    original must be a PDF; a scan a PDF, JPEG or PNG."""
    limit = MAX_PDF_BYTES if kind is Kind.PADES else MAX_SCAN_BYTES
    if not content:
        raise Invalid("Tệp tải lên rỗng.", {"file": "tệp rỗng"})
    if len(content) > limit:
        raise TooLarge(f"Tệp bản gốc quá lớn (tối đa {limit // 1_000_000} MB).")
    found = next(((mime, ext) for magic, mime, ext in _MAGIC if content.startswith(magic)), None)
    if kind is Kind.PADES and (found is None or found[0] != PDF):
        raise UnsupportedType("Bản gốc ký số phải là tệp PDF.")
    if found is None:
        raise UnsupportedType("Bản giấy quét phải là tệp PDF, JPEG hoặc PNG.")
    return found


def original_key(d: IssuedDecision, kind: Kind, token: str, content_type: str = PDF) -> str:
    """Next to the issued .docx, named by its number; ``token`` makes each attempt's key its
    own, so that a losing attempt removing what it stored never removes the winner's file."""
    ext = _EXTENSIONS[content_type]
    label = "signed" if kind is Kind.PADES else "scan"
    return f"decisions/{d.issuer_org_code}/{d.year}/{d.sequence or 0:05d}-{label}-{token}.{ext}"


def content_type_of(d: IssuedDecision) -> str:
    """The stored original's content type, read back from its key's extension."""
    ext = d.original_key.rsplit(".", 1)[-1]
    return next((mime for mime, e in _EXTENSIONS.items() if e == ext), PDF)
