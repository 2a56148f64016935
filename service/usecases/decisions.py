"""Issuing decisions when a route ends in approval, and reading them back.

``issue_decision`` runs inside the approving transaction (``complete_task``): it takes the next
number of the issuing unit for the year, composes and renders the decision with the template in
force at the issuing unit (its own, else the nearest above it, else the stock one), stores the
.docx and records it. If anything fails, the whole approval rolls back; the number is not consumed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from service.domain import permissions
from service.domain.content_types import DOCX
from service.domain.decisions import format_number
from service.domain.dossiers import Dossier
from service.domain.drafting import Draft, IssuedDecision, TemplateFile, compose
from service.domain.errors import (
    ConfigurationError,
    DecisionTemplateUnusable,
    DomainError,
    NotFound,
)
from service.domain.history import Event
from service.domain.issuers import issuer_profile
from service.domain.org_types import issuer_defaults, speaks_for_itself
from service.domain.orgs import Chain, OrgUnit, chain_ids, unit_at_level
from service.domain.permissions import Actor
from service.domain.proposal_fields import Submission
from service.domain.regulations import regulation_basis
from service.domain.templates import in_force
from service.usecases.appraisal import decided
from service.usecases.guards import visible_units
from service.usecases.nominee_links import record_issued_awards
from service.usecases.ports import DecisionOffice, ObjectStore, ObjectStream, UnitOfWork
from service.usecases.rules import award_in_force, pinned_rulebook


def current_template(
    uow: UnitOfWork, office: DecisionOffice, name: str, chain: Chain
) -> TemplateFile:
    """The template of ``name`` that the first unit of ``chain`` issues with: its own upload,
    else the nearest one above it, else the stock one."""
    upload = in_force(name, chain, uow.templates.uploaded(chain_ids(chain)))
    found = uow.templates.get(name, upload.org_id) if upload is not None else None
    if upload is not None and found is not None:
        return TemplateFile(name, *found, org_code=upload.org_code)
    return office.stock_template(name)


def issue_decision(
    uow: UnitOfWork,
    office: DecisionOffice,
    store: ObjectStore,
    dossier: Dossier,
    chain: Chain,
    level: str,
    actor: Actor,
    now: datetime,
) -> str:
    """Issue the decision of ``level`` for an approved dossier; return the stored object's key."""
    issuer = unit_at_level(chain, level)
    book = pinned_rulebook(dossier)
    award = award_in_force(uow, dossier.award, dossier.org_id, dossier.rules_day, book)
    if issuer is None or award is None:
        raise ConfigurationError(f"Không xác định được đơn vị cấp '{level}' ra quyết định.")
    issuing_chain = chain[[u.id for u in chain].index(issuer.id) :]
    defaults = {**office.defaults_for(level), **issuer_defaults(issuer, issuing_chain)}
    issued_on = office.local_date(now)
    own = uow.orgs.profile(issuer.id)
    rule_bases = office.legal_bases_on(issued_on, book)
    # The province's own quy chế, after the rulebook's căn cứ (once: the unit may cite it).
    regulation = uow.regulations.get(chain[-1].id)
    rule_bases += regulation_basis(regulation, [*rule_bases, *own.get("legal_bases", ())])
    profile = issuer_profile(issuer, defaults, own, rule_bases)
    rules = office.rulebook_for(book)
    desk = rules.offices.get(level)
    sequence = uow.counters.next(f"decision:{issuer.code}", issued_on.year)
    approved = decided(uow, dossier)  # only the nominees who came out approved
    decision = compose(
        Draft(
            approved,
            award,
            issuer.name,
            profile,
            actor.full_name,
            sequence,
            issued_on,
            office.base_salary_on(issued_on, book),
            speaks_for_itself(issuer),
            proposed_by=_proposed_by(uow, chain, issuer),
            office_head=desk.head if desk else "",
            funding=rules.funding.get(level, ""),
            office_submission=_office_submission(uow, dossier.id),
        )
    )
    template = current_template(uow, office, award.family, issuing_chain)
    try:
        content = office.render(template, decision)
    except DomainError as err:
        # Not the approver's doing and not theirs to fix: say so, and that nothing happened
        # (leaving this function rolls the whole approval back).
        owner = f" của đơn vị {template.org_code}" if template.org_code else " chuẩn"
        raise DecisionTemplateUnusable(
            f"Không tạo được quyết định từ mẫu '{template.name}'{owner}: {err.message} "
            "Hồ sơ chưa được phê duyệt; hãy báo quản trị viên thay mẫu quyết định này."
        ) from err
    key = f"decisions/{issuer.code}/{issued_on.year}/{sequence:05d}.docx"
    info = store.put(key, io.BytesIO(content), content_type=DOCX)
    number = format_number(sequence, profile.symbol)
    uow.decisions.add(
        IssuedDecision(
            0,
            dossier.id,
            issuer.id,
            issuer.code,
            profile.body,
            issued_on.year,
            sequence,
            number,
            issued_on,
            now,
            actor.full_name,
            info.sha256 or "",
            info.size,
            key,
            template.name,
            template.sha256,
        )
    )
    stored = uow.decisions.for_dossier(dossier.id)
    assert stored is not None  # added just above, in this transaction
    record_issued_awards(uow, approved, stored, now)
    uow.events.append(
        Event.of(
            now,
            actor,
            "decision_issued",
            dossier=dossier,
            org=issuer,
            comment=f"Quyết định số {number} ngày {issued_on:%d/%m/%Y}",
        )
    )
    return key


def _proposed_by(uow: UnitOfWork, chain: Chain, issuer: OrgUnit) -> str:
    """The head of the dossier's unit as its tờ trình is signed ("Chủ tịch Ủy ban nhân dân
    phường Định Công"); "" when that unit issues the decision itself."""
    unit = chain[0]
    if unit.id == issuer.id:
        return ""
    return issuer_profile(unit, issuer_defaults(unit, chain), uow.orgs.profile(unit.id)).authority


def get_decision(dossier_id: int, *, actor: Actor, uow: UnitOfWork) -> IssuedDecision:
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
        decision = uow.decisions.for_dossier(dossier_id)
    if decision is None:
        raise NotFound("Hồ sơ chưa có quyết định khen thưởng.")
    return decision


@dataclass(frozen=True)
class DecisionFile:
    decision: IssuedDecision
    stream: ObjectStream


def open_decision(
    dossier_id: int, *, actor: Actor, uow: UnitOfWork, store: ObjectStore
) -> DecisionFile:
    decision = get_decision(dossier_id, actor=actor, uow=uow)
    return DecisionFile(decision, store.open(decision.object_key))


def decision_register(
    issuer_code: str | None, year: int | None, *, actor: Actor, uow: UnitOfWork
) -> list[IssuedDecision]:
    """Decisions on dossiers the actor may see, by issuing unit and year."""
    with uow:
        visible = visible_units(uow, actor)
        # Decided dossiers were all submitted: every unit with a visible dossier counts.
        return uow.decisions.register(set(visible.units), issuer_code, year) if visible else []


def _office_submission(uow: UnitOfWork, dossier_id: int) -> Submission | None:
    """The deciding level's office's own tờ trình, when its officer gave one at the appraisal."""
    appraisal = uow.appraisals.appraisal(dossier_id)
    return appraisal.submission if appraisal is not None else None
