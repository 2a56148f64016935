"""The original (bản gốc) of an issued decision: signing its PDF digitally, receiving one
signed elsewhere or the scanned paper copy, and reading it back with its signature checked.

``sign_original`` renders the issued .docx to PDF, signs it with the certificate or token of
the decision's signer (their seat's credential), checks the result and keeps it as the
original with its SHA-256. ``upload_original`` takes a PDF signed elsewhere (a VGCA token in
the unit's e-office system) only if its signature is intact and chains to a trusted root, or the
scanned paper copy where the unit has no certificate. Each is one transaction that records the
original only if none is recorded yet (``DecisionRepository.set_original``) and appends the
audit event; a file stored by a move that then fails is removed again. ``open_original`` checks
a signed original again each time it is served: the store is not trusted to keep it unchanged.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from service.domain import permissions
from service.domain.content_types import PDF
from service.domain.decision_states import Status
from service.domain.drafting import IssuedDecision
from service.domain.errors import Conflict, DomainError, Invalid, NotFound
from service.domain.originals import (
    Kind,
    SignatureCheck,
    content_type_of,
    original_key,
    parse_kind,
    require_may_sign,
    require_may_upload,
    require_without_original,
    sniff,
)
from service.domain.permissions import Actor
from service.usecases.decision_lifecycle import forgetting, load_decision, record_event
from service.usecases.decisions import decision_facts
from service.usecases.ports import (
    DecisionOffice,
    ObjectStore,
    PdfRenderer,
    PdfSeal,
    UnitOfWork,
)
from storage.contract import StorageError

REASON = "Ký ban hành quyết định"
_NO_CREDENTIAL = (
    "Người ký {name} chưa được cấu hình chứng thư số (tệp PKCS#12 hoặc thiết bị ký số) nên "
    "chưa ký số được bản PDF. Hãy nhờ quản trị viên cấu hình chứng thư số cho người ký, hoặc "
    "tải lên bản PDF đã ký số ở nơi khác hay bản giấy đã ký được quét."
)
_NO_ROOTS = (
    "Máy chủ chưa được cấu hình chứng thư gốc tin cậy (KT_TRUST_ROOTS) nên không xác nhận được "
    "chữ ký số của tệp; tệp chưa được lưu. Hãy báo quản trị viên, hoặc tải lên bản giấy quét."
)
_CHANGED = "Tệp bản gốc trong kho lưu trữ không còn khớp mã SHA-256 ghi nhận khi lưu."


def _credential(uow: UnitOfWork, d: IssuedDecision) -> Mapping[str, object]:
    """The credential of the seat the decision was signed from."""
    account = uow.users.account(d.signer_username)
    seat = uow.signers.get(d.issuer_org_id, account.id)
    if seat is None or not seat.credential:
        raise Conflict(_NO_CREDENTIAL.format(name=d.signer))
    return seat.credential


def _record(uow: UnitOfWork, recorded: IssuedDecision) -> None:
    if not uow.decisions.set_original(recorded):
        raise Conflict("Quyết định vừa được người khác lưu bản gốc; hãy tải lại trang.")


def _token() -> str:
    return uuid.uuid4().hex[:12]


def sign_original(
    decision_id: int,
    *,
    actor: Actor,
    uow: UnitOfWork,
    office: DecisionOffice,
    store: ObjectStore,
    pdf: PdfRenderer,
    seal: PdfSeal,
    now: datetime,
) -> IssuedDecision:
    """The issued decision's PDF, signed with its signer's certificate, kept as the original."""
    with forgetting(store) as stored, uow:
        d, dossier, issuer = load_decision(uow, decision_id)
        require_may_sign(actor, d)
        require_without_original(d)
        credential = _credential(uow, d)
        place = decision_facts(uow, office, dossier, issuer, office.local_date(now)).profile.place
        with store.open(d.object_key) as issued:
            rendered = pdf.convert(issued.read_all())
        signed = seal.sign(
            rendered, credential, reason=REASON, location=place, signer_name=d.signer
        )
        check = seal.verify(signed)
        # Without trust roots there is nothing to chain to: the self-check asks only that the
        # signature is whole and covers the file; with them, the certificate must chain too.
        if not (check.intact and (check.trusted or not seal.has_trust_roots)):
            raise Invalid(f"Bản PDF vừa ký không qua được bước kiểm tra chữ ký: {check.problem}")
        key = original_key(d, Kind.PADES, _token())
        store.put(key, io.BytesIO(signed), content_type=PDF)
        stored.append(key)
        recorded = replace(
            d, original_kind=Kind.PADES.value, original_key=key, original_sha256=check.sha256
        )
        _record(uow, recorded)
        record_event(
            uow,
            now,
            actor,
            "decision_original_signed",
            dossier,
            issuer,
            f"Ký số bản PDF quyết định số {d.number} ({check.signer_subject}), SHA-256 "
            f"{check.sha256}",
        )
        uow.commit()
    return recorded


def upload_original(
    decision_id: int,
    content: bytes,
    filename: str,
    kind: object,
    *,
    actor: Actor,
    uow: UnitOfWork,
    store: ObjectStore,
    seal: PdfSeal,
    now: datetime,
) -> IssuedDecision:
    """Keep as the original a PDF signed elsewhere (``pades``: its signature must be intact and
    trusted) or the scanned paper copy (``scan``: a PDF, JPEG or PNG)."""
    wanted = parse_kind(kind)
    with forgetting(store) as stored, uow:
        d, dossier, issuer = load_decision(uow, decision_id)
        require_may_upload(actor, d)
        require_without_original(d)
        content_type, _ = sniff(content, wanted)
        sha256 = hashlib.sha256(content).hexdigest()
        if wanted is Kind.PADES:
            if not seal.has_trust_roots:
                raise Invalid(_NO_ROOTS, {"file": "chưa cấu hình KT_TRUST_ROOTS"})
            check = seal.verify(content)
            if not check.ok:
                raise Invalid(
                    f"Tệp PDF không được nhận làm bản gốc: {check.problem}",
                    {"file": check.problem},
                )
            what = f"PDF ký số do {check.signer_subject} ký"
        else:
            what = "bản giấy đã ký được quét"
        key = original_key(d, wanted, _token(), content_type)
        store.put(key, io.BytesIO(content), content_type=content_type)
        stored.append(key)
        recorded = replace(d, original_kind=wanted.value, original_key=key, original_sha256=sha256)
        _record(uow, recorded)
        name = filename.strip() or "(không tên)"
        record_event(
            uow,
            now,
            actor,
            "decision_original_uploaded",
            dossier,
            issuer,
            f"Lưu bản gốc quyết định số {d.number}: {what}, tệp {name}, SHA-256 {sha256}",
        )
        uow.commit()
    return recorded


@dataclass(frozen=True)
class OriginalFile:
    """The original as stored, and what checking it now found: for a signed PDF its signature
    and hash; for a scan only whether its hash is still the one recorded."""

    decision: IssuedDecision
    content: bytes
    content_type: str
    check: SignatureCheck


def _readable(uow: UnitOfWork, decision_id: int, actor: Actor) -> IssuedDecision:
    """The decision, to whoever may read its dossier's (``decisions.get_decision``'s rule)."""
    with uow:
        d = uow.decisions.get(decision_id)
        if d is None:
            raise NotFound("Không có quyết định này.")
        dossier = uow.dossiers.get(d.dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
    return d


def check_original(d: IssuedDecision, content: bytes, seal: PdfSeal) -> SignatureCheck:
    sha256 = hashlib.sha256(content).hexdigest()
    same = sha256 == d.original_sha256
    if d.original_kind != Kind.PADES:
        return SignatureCheck(False, same, False, "", None, sha256, "" if same else _CHANGED)
    check = seal.verify(content)
    if same or not check.intact:
        return check
    # The signature may still verify over a file whose unsigned bytes (the padding inside
    # /Contents) changed: it is then no longer byte for byte the original kept.
    return replace(check, intact=False, problem=_CHANGED)


def open_original(
    decision_id: int, *, actor: Actor, uow: UnitOfWork, store: ObjectStore, seal: PdfSeal
) -> OriginalFile:
    d = _readable(uow, decision_id, actor)
    if not d.original_kind:
        raise NotFound("Quyết định chưa có bản gốc điện tử (bản ký số hoặc bản giấy quét).")
    with store.open(d.original_key) as stored:
        content = stored.read_all()
    return OriginalFile(d, content, content_type_of(d), check_original(d, content, seal))


@dataclass(frozen=True)
class OriginalView:
    """What the decision's card on the dossier page says and offers about its original."""

    kind: str
    check: SignatureCheck | None
    unreadable: bool  # the store did not answer, or lost the file
    may_sign: bool
    may_upload: bool


def original_view(
    d: IssuedDecision, *, actor: Actor, uow: UnitOfWork, store: ObjectStore, seal: PdfSeal
) -> OriginalView:
    """For the page that already showed ``d`` to ``actor``: the original checked, and which
    of signing and uploading they may do now."""
    check, unreadable = None, False
    if d.original_kind:
        try:
            with store.open(d.original_key) as stored:
                check = check_original(d, stored.read_all(), seal)
        except StorageError:  # the page still shows; the download will say what is wrong
            unreadable = True
    open_ = d.status in (Status.ISSUED, Status.CORRECTED) and not d.original_kind
    return OriginalView(
        d.original_kind,
        check,
        unreadable,
        open_ and _may(lambda: _may_sign(uow, actor, d)),
        open_ and _may(lambda: require_may_upload(actor, d)),
    )


def _may_sign(uow: UnitOfWork, actor: Actor, d: IssuedDecision) -> None:
    require_may_sign(actor, d)
    with uow:
        _credential(uow, d)


def _may(check: Callable[[], None]) -> bool:
    try:
        check()
    except DomainError:
        return False
    return True
