"""Awards the province only proposes: its tờ trình and list, and the decision that comes back.

A dossier for a state award ends its route at the province with status "proposed"
(``complete_task`` records a "proposed" event then). Whoever may read the dossier may download
the proposal package; an approver of the proposing unit records the central decision once, which
closes the dossier as "decided" (or "rejected" when the body above declined).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from service.domain import permissions
from service.domain.dossiers import Dossier, Status
from service.domain.drafting import Draft, compose
from service.domain.errors import ConfigurationError, Conflict, Forbidden
from service.domain.history import Event
from service.domain.issuers import issuer_profile
from service.domain.org_types import issuer_defaults
from service.domain.orgs import Chain, unit_at_level
from service.domain.permissions import Actor, Role, TaskSeat
from service.domain.proposals import (
    OUTCOME_NAMES,
    CentralDecision,
    CentralOutcome,
    central_decision_input,
    proposal_context,
    proposal_symbol,
)
from service.usecases.appraisal import decided
from service.usecases.nominee_links import Cited, record_awards
from service.usecases.ports import Clock, DecisionOffice, UnitOfWork, utcnow
from service.usecases.rules import award_in_force, pinned_rulebook

SENT_UP = frozenset({Status.PROPOSED, Status.DECIDED})
PROPOSED_EVENT = "proposed"


@dataclass(frozen=True)
class ProposalFile:
    name: str
    content: bytes


def proposal_document(
    dossier_id: int, *, actor: Actor, uow: UnitOfWork, office: DecisionOffice
) -> ProposalFile:
    """The province's tờ trình with its list, as .docx, for a dossier it has proposed."""
    with uow:
        dossier, chain = _readable(uow, dossier_id, actor)
        # A dossier the body above declined was sent up too: its tờ trình stays readable.
        if dossier.status not in SENT_UP and uow.decisions.central_for(dossier.id) is None:
            raise Conflict("Hồ sơ chưa được trình lên cấp trên; chưa có tờ trình đề nghị.")
        context = _context(uow, office, dossier, chain)
    content = office.render_proposal(context)
    return ProposalFile(f"to-trinh-{dossier.code}.docx", content)


def record_central_decision(
    dossier_id: int,
    record: Mapping[str, Any],
    *,
    actor: Actor,
    uow: UnitOfWork,
    office: DecisionOffice,
    clock: Clock = utcnow,
) -> CentralDecision:
    """An approver of the proposing unit records the decision taken above, once."""
    with uow:
        dossier = uow.dossiers.get(dossier_id, lock=True)
        chain = uow.orgs.chain(dossier.org_id)
        permissions.require_can_see(actor, chain, submitted=dossier.submitted)
        proposer = unit_at_level(chain, dossier.level)
        seat = TaskSeat(Role.APPROVER.value, proposer.id) if proposer else None
        if seat is None or not permissions.can_act(actor, seat):
            raise Forbidden("Chỉ lãnh đạo đơn vị đã trình mới ghi nhận quyết định của cấp trên.")
        if uow.decisions.central_for(dossier_id) is not None:
            raise Conflict("Quyết định của cấp trên cho hồ sơ này đã được ghi nhận.")
        if dossier.status is not Status.PROPOSED:
            raise Conflict("Hồ sơ không ở trạng thái đã trình cấp trên.")
        award = award_in_force(
            uow, dossier.award, dossier.org_id, dossier.rules_day, pinned_rulebook(dossier)
        )
        if award is None:
            raise ConfigurationError(f"Không có hình thức khen thưởng '{dossier.award}'.")
        now = clock()
        typed = central_decision_input(
            record,
            award=award,
            proposed_on=_sent_up(uow, dossier, office)[0],
            today=office.local_date(now),
        )
        decision = CentralDecision(
            dossier.id,
            typed.outcome,
            typed.number,
            typed.signed_on,
            typed.authority,
            typed.note,
            actor.full_name,
            now,
        )
        uow.decisions.add_central(decision)
        awarded = typed.outcome is CentralOutcome.AWARDED
        dossier.status = Status.DECIDED if awarded else Status.REJECTED
        uow.dossiers.save(dossier, now)
        if awarded:  # the nominees the province proposed, in their registry entries' history
            cited = Cited(typed.number, typed.signed_on, typed.authority)
            record_awards(uow, decided(uow, dossier), cited, now)
        comment = (
            f"{typed.authority}: Quyết định số {typed.number} ngày {typed.signed_on:%d/%m/%Y}, "
            f"{OUTCOME_NAMES[typed.outcome]}" + (f" ({typed.note})" if typed.note else "")
        )
        uow.events.append(
            Event.of(now, actor, "central_decision", dossier=dossier, org=proposer, comment=comment)
        )
        uow.commit()
        return decision


def get_central_decision(
    dossier_id: int, *, actor: Actor, uow: UnitOfWork
) -> CentralDecision | None:
    with uow:
        _readable(uow, dossier_id, actor)
        return uow.decisions.central_for(dossier_id)


def _readable(uow: UnitOfWork, dossier_id: int, actor: Actor) -> tuple[Dossier, Chain]:
    dossier = uow.dossiers.get(dossier_id)
    chain = uow.orgs.chain(dossier.org_id)
    permissions.require_can_see(actor, chain, submitted=dossier.submitted)
    return dossier, chain


def _sent_up(uow: UnitOfWork, dossier: Dossier, office: DecisionOffice) -> tuple[date, str]:
    """When the province sent the dossier up, and who approved it (who signs the tờ trình)."""
    sent = [e for e in uow.events.for_dossier(dossier.id) if e.action == PROPOSED_EVENT]
    if not sent:
        return office.local_date(dossier.created_at), ""
    last = sent[-1]
    signer = uow.users.account(last.actor).full_name if uow.users.exists(last.actor) else ""
    return office.local_date(last.at), signer


def _context(
    uow: UnitOfWork, office: DecisionOffice, dossier: Dossier, chain: Chain
) -> dict[str, Any]:
    on, signer = _sent_up(uow, dossier, office)
    proposer = unit_at_level(chain, dossier.level)
    book = pinned_rulebook(dossier)
    award = award_in_force(uow, dossier.award, dossier.org_id, dossier.rules_day, book)
    if proposer is None or award is None:
        raise ConfigurationError(f"Không xác định được đơn vị cấp '{dossier.level}' đã trình.")
    own_chain = chain[[u.id for u in chain].index(proposer.id) :]
    defaults = {**office.defaults_for(dossier.level), **issuer_defaults(proposer, own_chain)}
    profile = issuer_profile(
        proposer, defaults, uow.orgs.profile(proposer.id), office.legal_bases_on(on, book)
    )
    draft = compose(
        Draft(
            decided(uow, dossier),
            award,
            proposer.name,
            profile,
            signer,
            1,
            on,
            office.base_salary_on(on, book),
        )
    )
    # Unnumbered: the records office numbers the tờ trình when it is signed.
    unsigned = replace(draft, number=None, symbol=proposal_symbol(profile.symbol))
    return proposal_context(unsigned, award, office.proposal_addressing(book))
