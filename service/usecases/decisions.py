"""Drafting a decision when a route ends in approval, rendering it, and reading it back.

``draft_decision`` runs inside the approving transaction (``complete_task``): it composes and
renders the draft with the template in force at the issuing unit (its own, else the nearest
above it, else the stock one), stores the .docx and records it as a draft. It has no number and
no date: signing and issuing (``decision_lifecycle``) give them. If anything fails, the whole
approval rolls back.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from service.domain import permissions
from service.domain.awards import Award
from service.domain.content_types import DOCX
from service.domain.decision_states import Status
from service.domain.decisions import Decision
from service.domain.dossiers import Dossier
from service.domain.drafting import Draft, IssuedDecision, TemplateFile, compose
from service.domain.errors import (
    ConfigurationError,
    DecisionTemplateUnusable,
    DomainError,
    NotFound,
)
from service.domain.history import Event
from service.domain.issuers import IssuerProfile, issuer_profile
from service.domain.org_types import issuer_defaults, speaks_for_itself
from service.domain.orgs import Chain, OrgUnit, chain_ids, unit_at_level
from service.domain.permissions import Actor
from service.domain.proposal_fields import Submission
from service.domain.regulations import regulation_basis
from service.domain.signatures import SignatureBlock
from service.domain.templates import in_force
from service.usecases.appraisal import decided
from service.usecases.guards import visible_units
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


@dataclass(frozen=True)
class Rendered:
    """One rendering of a dossier's decision, stored: where, and what it was made from."""

    key: str
    sha256: str
    size: int
    template: TemplateFile
    profile: IssuerProfile
    approved: Dossier


@dataclass(frozen=True)
class Composed:
    """A dossier's decision at ``issuer`` as it would print on ``day``, and what made it."""

    decision: Decision
    facts: DecisionFacts
    approved: Dossier


def compose_decision(
    uow: UnitOfWork,
    office: DecisionOffice,
    dossier: Dossier,
    issuer: OrgUnit,
    day: date,
    sequence: int | None = None,
    signature: SignatureBlock | None = None,
) -> Composed:
    """The decision of ``issuer`` on ``dossier``, from its results. Without ``sequence`` it is
    a draft: no number and no date (the records office gives both, NĐ 30 Art. 15)."""
    f = decision_facts(uow, office, dossier, issuer, day)
    rules = office.rulebook_for(f.book)
    desk = rules.offices.get(issuer.level)
    approved = decided(uow, dossier)  # only the nominees who came out approved
    decision = compose(
        Draft(
            approved,
            f.award,
            issuer.name,
            f.profile,
            "",
            sequence,
            day,
            office.base_salary_on(day, f.book),
            speaks_for_itself(issuer),
            proposed_by=_proposed_by(uow, f.chain, issuer),
            office_head=desk.head if desk else "",
            funding=rules.funding.get(issuer.level, ""),
            office_submission=_office_submission(uow, dossier.id),
            signature=signature,
        )
    )
    return Composed(decision, f, approved)


def render_decision(
    uow: UnitOfWork,
    office: DecisionOffice,
    store: ObjectStore,
    dossier: Dossier,
    issuer: OrgUnit,
    *,
    key: str,
    day: date,
    sequence: int | None = None,
    signature: SignatureBlock | None = None,
    undone: str = "Thao tác chưa được thực hiện",
) -> Rendered:
    """Compose the decision of ``issuer`` on ``dossier`` (``compose_decision``), render it
    with the template in force there and store it under ``key``. ``undone`` tells the user,
    should the template fail, what did not happen."""
    c = compose_decision(uow, office, dossier, issuer, day, sequence, signature)
    template = current_template(uow, office, c.facts.award.family, c.facts.issuing_chain)
    try:
        content = office.render(template, c.decision)
    except DomainError as err:
        # Not the actor's doing and not theirs to fix: say so, and that nothing happened
        # (leaving the use case rolls its whole transaction back).
        owner = f" của đơn vị {template.org_code}" if template.org_code else " chuẩn"
        raise DecisionTemplateUnusable(
            f"Không tạo được quyết định từ mẫu '{template.name}'{owner}: {err.message} "
            f"{undone}; hãy báo quản trị viên thay mẫu quyết định này."
        ) from err
    info = store.put(key, io.BytesIO(content), content_type=DOCX)
    return Rendered(key, info.sha256 or "", info.size, template, c.facts.profile, c.approved)


@dataclass(frozen=True)
class DecisionFacts:
    """What every rendering of a dossier's decision at ``issuer`` starts from."""

    chain: Chain
    issuing_chain: Chain
    book: str
    award: Award
    profile: IssuerProfile


def decision_facts(
    uow: UnitOfWork, office: DecisionOffice, dossier: Dossier, issuer: OrgUnit, day: date
) -> DecisionFacts:
    chain = uow.orgs.chain(dossier.org_id)
    book = pinned_rulebook(dossier)
    award = award_in_force(uow, dossier.award, dossier.org_id, dossier.rules_day, book)
    if issuer.id not in chain_ids(chain) or award is None:
        raise ConfigurationError(f"Không xác định được đơn vị '{issuer.code}' ra quyết định.")
    issuing_chain = chain[[u.id for u in chain].index(issuer.id) :]
    profile = _profile(uow, office, issuer, issuing_chain, day, book, chain)
    return DecisionFacts(chain, issuing_chain, book, award, profile)


def _profile(
    uow: UnitOfWork,
    office: DecisionOffice,
    issuer: OrgUnit,
    issuing_chain: Chain,
    day: date,
    book: str,
    chain: Chain,
) -> IssuerProfile:
    defaults = {**office.defaults_for(issuer.level), **issuer_defaults(issuer, issuing_chain)}
    own = uow.orgs.profile(issuer.id)
    rule_bases = office.legal_bases_on(day, book)
    # The province's own quy chế, after the rulebook's căn cứ (once: the unit may cite it).
    regulation = uow.regulations.get(chain[-1].id)
    rule_bases += regulation_basis(regulation, [*rule_bases, *own.get("legal_bases", ())])
    return issuer_profile(issuer, defaults, own, rule_bases)


def register_of(issuer: OrgUnit, profile: IssuerProfile) -> str:
    """The counter scope of the register the unit's numbers come from."""
    return f"register:{profile.register}" if profile.register.strip() else f"decision:{issuer.code}"


def draft_decision(
    uow: UnitOfWork,
    office: DecisionOffice,
    store: ObjectStore,
    dossier: Dossier,
    chain: Chain,
    level: str,
    actor: Actor,
    now: datetime,
) -> str:
    """Draft the decision of ``level`` for a dossier the route just approved (in the approving
    transaction): unsigned, unnumbered, undated; return the stored draft's key."""
    issuer = unit_at_level(chain, level)
    if issuer is None:
        raise ConfigurationError(f"Không xác định được đơn vị cấp '{level}' ra quyết định.")
    day = office.local_date(now)
    key = draft_key(issuer, dossier.id)
    r = render_decision(
        uow, office, store, dossier, issuer, key=key, day=day, undone="Hồ sơ chưa được phê duyệt"
    )
    uow.decisions.add(
        IssuedDecision(
            0,
            dossier.id,
            issuer.id,
            issuer.code,
            r.profile.body,
            day.year,
            None,
            None,
            None,
            None,
            "",
            r.sha256,
            r.size,
            key,
            r.template.name,
            r.template.sha256,
            status=Status.DRAFT.value,
            register=register_of(issuer, r.profile),
            drafted_at=now,
        )
    )
    uow.events.append(
        Event.of(
            now,
            actor,
            "decision_drafted",
            dossier=dossier,
            org=issuer,
            comment="Dự thảo quyết định khen thưởng, chờ trình ký",
        )
    )
    return key


def draft_key(issuer: OrgUnit, dossier_id: int) -> str:
    """A fresh key per rendering: a draft regenerated or signed never overwrites the last."""
    return f"decisions/{issuer.code}/drafts/{dossier_id}-{uuid.uuid4().hex[:16]}.docx"


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


def decision_by_id(decision_id: int, *, actor: Actor, uow: UnitOfWork) -> IssuedDecision:
    """One decision of the register (a correction, say), for whoever may read its dossier."""
    with uow:
        decision = uow.decisions.get(decision_id)
        if decision is None:
            raise NotFound("Không có quyết định này.")
        dossier = uow.dossiers.get(decision.dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
    return decision


def open_decision_by_id(
    decision_id: int, *, actor: Actor, uow: UnitOfWork, store: ObjectStore
) -> DecisionFile:
    decision = decision_by_id(decision_id, actor=actor, uow=uow)
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
