"""Moving a drafted decision to its issue and after: trình ký, signing, the records office's
number and date, revocation (domain.decision_states holds the rules).

Each move is one transaction: it checks who acts and the state the decision is in, writes the
new state only if nobody moved it meanwhile (``DecisionRepository.move``), re-renders the
document where what it prints changed (the signer's block; the number and date), appends the
audit event and commits. A rendering stored by a move that then fails is removed again.
Issuing a correcting decision (made by ``decision_corrections``) renders it as one and marks the
decision it corrects ``corrected`` in the same transaction. ``load_decision``, ``save_move``,
``record_event``, ``forgetting`` and ``signer_block`` are shared with the modules that move a
decision on after its issue (``decision_originals``, ``decision_corrections``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime

from service.domain.decision_states import SignerSeat, Status, after, require_may
from service.domain.decisions import format_number
from service.domain.dossiers import Dossier
from service.domain.drafting import IssuedDecision, Revocation
from service.domain.errors import Conflict, Forbidden, Invalid, NotFound
from service.domain.history import Event
from service.domain.orgs import OrgUnit
from service.domain.permissions import Actor
from service.domain.signatures import Capacity, SignatureBlock, decision_power, signature_block
from service.usecases.attachments import forget_object
from service.usecases.correction_document import render_correction
from service.usecases.decisions import decision_facts, draft_key, render_decision
from service.usecases.nominee_links import record_issued_awards
from service.usecases.ports import DecisionOffice, ObjectStore, UnitOfWork


@contextmanager
def forgetting(store: ObjectStore) -> Iterator[list[str]]:
    """Keys stored inside the block are removed again if the block fails."""
    keys: list[str] = []
    try:
        yield keys
    except BaseException:
        for key in keys:
            forget_object(store, key)
        raise


def load_decision(uow: UnitOfWork, decision_id: int) -> tuple[IssuedDecision, Dossier, OrgUnit]:
    """The decision, its dossier and its issuing unit, or NotFound."""
    d = uow.decisions.get(decision_id)
    if d is None:
        raise NotFound("Không có quyết định này.")
    return d, uow.dossiers.get(d.dossier_id), uow.orgs.get(d.issuer_org_id)


def save_move(uow: UnitOfWork, moved: IssuedDecision, before: IssuedDecision) -> None:
    """Write ``moved`` if nobody moved ``before`` meanwhile; else Conflict, telling the user."""
    if not uow.decisions.move(moved, before.status):
        raise Conflict("Quyết định vừa được người khác xử lý; hãy tải lại trang.")


def record_event(
    uow: UnitOfWork,
    now: datetime,
    actor: Actor,
    kind: str,
    dossier: Dossier,
    issuer: OrgUnit,
    comment: str,
) -> None:
    """The audit event of a decision's move, at its issuing unit."""
    uow.events.append(Event.of(now, actor, kind, dossier=dossier, org=issuer, comment=comment))


def submit_for_signature(
    decision_id: int, *, actor: Actor, uow: UnitOfWork, now: datetime
) -> IssuedDecision:
    """The office puts the draft before the signer (trình ký)."""
    with uow:
        d, dossier, issuer = load_decision(uow, decision_id)
        require_may(actor, "submit", issuer.id)
        moved = replace(d, status=after("submit", d.status).value, submitted_at=now)
        save_move(uow, moved, d)
        record_event(
            uow,
            now,
            actor,
            "decision_submitted_for_signature",
            dossier,
            issuer,
            "Trình ký dự thảo quyết định",
        )
        uow.commit()
    return moved


def signer_block(
    uow: UnitOfWork,
    office: DecisionOffice,
    dossier: Dossier,
    issuer: OrgUnit,
    seat: SignerSeat,
    name: str,
    day: date,
) -> tuple[SignatureBlock, Capacity]:
    """The signer's block: their capacity for this kind of decision under the unit's power."""
    f = decision_facts(uow, office, dossier, issuer, day)
    capacity = seat.capacity_for(f.award.family)
    block = signature_block(
        decision_power(f.profile.power, f.award.family),
        capacity,
        signer_title=seat.title,
        signer_name=name,
        head_title=f.profile.signer_title,
        collective=f.profile.on_behalf_of or "Ủy ban nhân dân",
    )
    return block, capacity


def sign(
    decision_id: int,
    *,
    actor: Actor,
    uow: UnitOfWork,
    office: DecisionOffice,
    store: ObjectStore,
    now: datetime,
) -> IssuedDecision:
    """A signer of the issuing unit signs in the capacity held for them; the decision is
    rendered again with their block and name."""
    with forgetting(store) as stored, uow:
        d, dossier, issuer = load_decision(uow, decision_id)
        require_may(actor, "sign", issuer.id)
        seat = uow.signers.get(issuer.id, actor.user_id)
        if seat is None:
            raise Forbidden(
                "Bạn chưa được giao ký quyết định của đơn vị này; quản trị viên giao người ký "
                "(flask org signer hoặc trang quản trị)."
            )
        status = after("sign", d.status)
        day = office.local_date(now)
        block, capacity = signer_block(uow, office, dossier, issuer, seat, actor.full_name, day)
        key = draft_key(issuer, dossier.id)
        r = render_decision(
            uow,
            office,
            store,
            dossier,
            issuer,
            key=key,
            day=day,
            signature=block,
            undone="Quyết định chưa được ký",
        )
        stored.append(key)
        moved = replace(
            d,
            status=status.value,
            signed_at=now,
            signer=actor.full_name,
            signer_username=actor.username,
            signer_title=seat.title,
            signer_capacity=capacity.value,
            signature_block=block.lines,
            object_key=key,
            sha256=r.sha256,
            size=r.size,
            template=r.template.name,
            template_sha256=r.template.sha256,
        )
        save_move(uow, moved, d)
        record_event(uow, now, actor, "decision_signed", dossier, issuer, " / ".join(block.lines))
        uow.commit()
    return moved


_TYPED = re.compile(r"^\s*0*(\d{1,6})\s*(?:/\s*(\S.*))?$")


def _typed_sequence(number: str) -> int:
    m = _TYPED.match(number)
    if m is None or int(m.group(1)) < 1:
        raise Invalid(
            f"Số '{number}' không đúng dạng số văn bản (ví dụ 125 hoặc 125/QĐ-UBND).",
            {"number": "số thứ tự, có thể kèm /ký hiệu"},
        )
    return int(m.group(1))


def _stored_block(d: IssuedDecision) -> SignatureBlock:
    lines = d.signature_block
    return SignatureBlock(tuple(lines[:-2]), lines[-2], lines[-1])


def issue(
    decision_id: int,
    number: str | None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    office: DecisionOffice,
    store: ObjectStore,
    now: datetime,
) -> IssuedDecision:
    """The records office numbers and dates the signed decision and issues it: the next number
    of the unit's register, or the one its e-office system gave (refused if the register has
    it). The date printed is the issue date. Its awards enter the nominees' histories."""
    with forgetting(store) as stored, uow:
        d, dossier, issuer = load_decision(uow, decision_id)
        require_may(actor, "issue", issuer.id)
        status = after("issue", d.status)
        day = office.local_date(now)
        if number is not None and number.strip():
            sequence = _typed_sequence(number)
            if uow.decisions.number_taken(d.register, day.year, sequence):
                raise Conflict(
                    f"Số {sequence:02d} năm {day.year} đã có trong sổ đăng ký văn bản của đơn "
                    "vị; hãy kiểm tra lại số do hệ thống quản lý văn bản cấp.",
                )
            uow.counters.raise_to(d.register, day.year, sequence)
        else:
            sequence = uow.counters.next(d.register, day.year)
        key = f"decisions/{issuer.code}/{day.year}/{sequence:05d}.docx"
        corrected = uow.decisions.get(d.corrects_id) if d.corrects_id is not None else None
        undone = "Quyết định chưa được ban hành, chưa lấy số"
        if corrected is None:
            r = render_decision(
                uow,
                office,
                store,
                dossier,
                issuer,
                key=key,
                day=day,
                sequence=sequence,
                signature=_stored_block(d),
                undone=undone,
            )
        else:
            r = render_correction(
                uow,
                office,
                store,
                d,
                corrected,
                key=key,
                day=day,
                sequence=sequence,
                signature=_stored_block(d),
                undone=undone,
            )
        stored.append(key)
        printed = format_number(sequence, r.profile.symbol)
        moved = replace(
            d,
            status=status.value,
            year=day.year,
            sequence=sequence,
            number=printed,
            issued_on=day,
            issued_at=now,
            object_key=key,
            sha256=r.sha256,
            size=r.size,
            template=r.template.name,
            template_sha256=r.template.sha256,
        )
        save_move(uow, moved, d)
        said = f"Quyết định số {printed} ngày {day:%d/%m/%Y}"
        if corrected is None:
            record_issued_awards(uow, r.approved, moved, now)
        else:
            # The corrected decision stays readable and its awards keep counting.
            save_move(
                uow, replace(corrected, status=after("correct", corrected.status).value), corrected
            )
            said += f" đính chính Quyết định số {corrected.number}"
        record_event(uow, now, actor, "decision_issued", dossier, issuer, said)
        uow.commit()
    return moved


def revoke(
    decision_id: int,
    reason: str,
    legal_basis: str,
    nominee_ids: Collection[int] | None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    now: datetime,
) -> IssuedDecision:
    """Revoke an issued decision, wholly or for the given awardees (Luật 06/2022 Art. 93): the
    decision stays readable; the revoked awards stop counting in anyone's history."""
    missing = {
        k: "bắt buộc"
        for k, v in (("reason", reason), ("legal_basis", legal_basis))
        if not v.strip()
    }
    if missing:
        raise Invalid("Thu hồi quyết định cần lý do và căn cứ pháp lý.", missing)
    with uow:
        d, dossier, issuer = load_decision(uow, decision_id)
        require_may(actor, "revoke", issuer.id)
        whole = not nominee_ids
        status = after("revoke", d.status) if whole else Status(d.status)
        if not whole:
            after("revoke", d.status)  # partial revocation needs an issued decision too
            _require_awardees(uow, dossier, nominee_ids or ())
        targets: list[int | None] = [None] if whole else list(nominee_ids or ())
        for nominee in targets:
            uow.decisions.add_revocation(
                d.id, Revocation(nominee, reason.strip(), legal_basis.strip(), actor.username, now)
            )
        moved = replace(d, status=status.value)
        if whole:
            save_move(uow, moved, d)
        uow.people.revoke_awards(d.id, None if whole else list(nominee_ids or ()), now)
        who = "toàn bộ" if whole else f"{len(targets)} người/tập thể"
        record_event(
            uow,
            now,
            actor,
            "decision_revoked",
            dossier,
            issuer,
            f"Thu hồi {who} quyết định số {d.number}: {reason.strip()} ({legal_basis.strip()})",
        )
        uow.commit()
        found = uow.decisions.get(d.id)
    assert found is not None
    return found


def _require_awardees(uow: UnitOfWork, dossier: Dossier, nominee_ids: Collection[int]) -> None:
    ids = {n.id for n in dossier.nominees}
    stray = sorted(set(nominee_ids) - ids)
    if stray:
        raise Invalid(
            "Người được thu hồi không có trong quyết định.",
            {"nominee_ids": ", ".join(str(i) for i in stray)},
        )
