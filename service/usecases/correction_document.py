"""Rendering a correcting decision (Quyết định đính chính) and storing it.

Its header, bases and signature block are those the issuing unit's decisions print (the
corrected decision composed anew for the correction's number, date and signer); the rest comes
from ``domain.corrections``. Printed from the stock template: units do not upload their own yet.
"""

from __future__ import annotations

import io
from datetime import date

from service.domain.content_types import DOCX
from service.domain.corrections import Corrected, correction_context
from service.domain.drafting import IssuedDecision, TemplateFile
from service.domain.errors import ConfigurationError, DecisionTemplateUnusable, DomainError
from service.domain.signatures import SignatureBlock
from service.usecases.decisions import Rendered, compose_decision
from service.usecases.ports import DecisionOffice, ObjectStore, UnitOfWork

TEMPLATE = "dinh_chinh"


def render_correction(
    uow: UnitOfWork,
    office: DecisionOffice,
    store: ObjectStore,
    correction: IssuedDecision,
    corrected: IssuedDecision,
    *,
    key: str,
    day: date,
    signature: SignatureBlock,
    sequence: int | None = None,
    undone: str,
) -> Rendered:
    """Render ``correction`` (its content in ``correction.correction``) of ``corrected`` for
    ``day``, numbered ``sequence`` (None: not yet), signed as ``signature``; store it at
    ``key``."""
    if correction.correction is None or corrected.number is None or corrected.issued_on is None:
        raise ConfigurationError("Quyết định đính chính thiếu nội dung hoặc quyết định gốc.")
    dossier = uow.dossiers.get(corrected.dossier_id)
    issuer = uow.orgs.get(corrected.issuer_org_id)
    c = compose_decision(uow, office, dossier, issuer, day, sequence, signature)
    cited = Corrected(corrected.number, corrected.issued_on, c.decision.summary)
    context = correction_context(c.decision, cited, correction.correction)
    try:
        content, template_sha256 = office.render_correction(context)
    except DomainError as err:
        raise DecisionTemplateUnusable(
            f"Không tạo được quyết định đính chính từ mẫu chuẩn: {err.message} {undone}; "
            "hãy báo quản trị viên."
        ) from err
    info = store.put(key, io.BytesIO(content), content_type=DOCX)
    template = TemplateFile(TEMPLATE, b"", template_sha256)
    return Rendered(key, info.sha256 or "", info.size, template, c.facts.profile, c.approved)
