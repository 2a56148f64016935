"""Correcting an issued decision (đính chính): the signer signs a correcting decision that
names what it corrects; the records office then numbers and issues it like any other
(``decision_lifecycle.issue``), which marks the corrected one ``corrected``.

The correcting decision is a row of the register of its own (``corrects_id``), made already
signed: the competent person drafts and signs it in one step, as revoking is (Luật 06/2022
Art. 93). One correction at a time waits for its number.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from service.domain.corrections import parse_correction
from service.domain.decision_states import WAITING, Status, after, require_may
from service.domain.drafting import IssuedDecision
from service.domain.errors import Conflict, Forbidden
from service.domain.permissions import Actor
from service.usecases.correction_document import TEMPLATE, render_correction
from service.usecases.decision_lifecycle import (
    forgetting,
    load_decision,
    record_event,
    save_move,
    signer_block,
)
from service.usecases.ports import DecisionOffice, ObjectStore, UnitOfWork


def correct(
    decision_id: int,
    reason: str,
    legal_basis: str,
    items: object,
    *,
    actor: Actor,
    uow: UnitOfWork,
    office: DecisionOffice,
    store: ObjectStore,
    now: datetime,
) -> IssuedDecision:
    """Sign a decision correcting ``decision_id``: ``items`` each say where, what was written
    and what it is to read. It waits for the records office's number."""
    correction = parse_correction(reason, legal_basis, items)
    with forgetting(store) as stored, uow:
        d, dossier, issuer = load_decision(uow, decision_id)
        require_may(actor, "correct", issuer.id)
        if d.corrects_id is not None:
            raise Conflict("Đây là quyết định đính chính; hãy đính chính quyết định gốc.")
        after("correct", d.status)
        # Touching the corrected row first makes two signers correcting at once queue up here,
        # so the second sees the first's correction below.
        save_move(uow, d, d)
        if any(Status(c.status) in WAITING for c in uow.decisions.corrections_of(d.id)):
            raise Conflict(
                f"Quyết định số {d.number} đã có một quyết định đính chính chờ văn thư cấp số; "
                "hãy ban hành quyết định đó trước."
            )
        seat = uow.signers.get(issuer.id, actor.user_id)
        if seat is None:
            raise Forbidden("Bạn chưa được giao ký quyết định của đơn vị này.")
        day = office.local_date(now)
        block, capacity = signer_block(uow, office, dossier, issuer, seat, actor.full_name, day)
        signed = IssuedDecision(
            0,
            d.dossier_id,
            issuer.id,
            issuer.code,
            d.issuer,
            day.year,
            None,
            None,
            None,
            None,
            actor.full_name,
            "",
            0,
            f"decisions/{issuer.code}/drafts/{d.dossier_id}-dc-{uuid.uuid4().hex[:16]}.docx",
            TEMPLATE,
            "",
            status=Status.SIGNED.value,
            register=d.register,
            drafted_at=now,
            submitted_at=now,
            signed_at=now,
            signer_username=actor.username,
            signer_title=seat.title,
            signer_capacity=capacity.value,
            signature_block=block.lines,
            corrects_id=d.id,
            correction=correction,
        )
        r = render_correction(
            uow,
            office,
            store,
            signed,
            d,
            key=signed.object_key,
            day=day,
            signature=block,
            undone="Quyết định đính chính chưa được ký",
        )
        stored.append(r.key)
        new_id = uow.decisions.add(
            replace(signed, sha256=r.sha256, size=r.size, template_sha256=r.template.sha256)
        )
        record_event(
            uow,
            now,
            actor,
            "decision_correction_signed",
            dossier,
            issuer,
            f"Ký quyết định đính chính Quyết định số {d.number}: {correction.reason}",
        )
        uow.commit()
        found = uow.decisions.get(new_id)
    assert found is not None
    return found
