"""Creating, editing, reading and listing nomination dossiers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, tzinfo

from service.domain import permissions
from service.domain.dossiers import (
    Dossier,
    DossierFilter,
    Nominee,
    Status,
    Typed,
    clean_dossier,
    clean_simplified,
    dossier_code,
    stray_nominee_ids,
)
from service.domain.duplicates import OPEN, DuplicateWarning, Namesake, duplicate_warnings
from service.domain.errors import ConfigurationError, Conflict, Forbidden, Invalid, UnitMerged
from service.domain.history import Event
from service.domain.merges import merged_message
from service.domain.orgs import Chain, route_problem
from service.domain.permissions import Actor
from service.domain.rulebooks import DEFAULT_RULEBOOK
from service.usecases.guards import require_editable, visible_units
from service.usecases.nominee_links import linked_nominees
from service.usecases.ports import Clock, Engine, UnitOfWork, utcnow
from service.usecases.routing import route_data, sync_tasks
from service.usecases.rules import award_in_force, pinned_rulebook, rulebook_of


@dataclass(frozen=True)
class DossierDraft:
    title: str
    award: str
    year: int
    nominees: Sequence[Nominee]
    # The proposal fields as typed (domain.dossiers.Typed): optional on a draft.
    typed: Typed = field(default_factory=Typed)
    # Set for a simplified dossier (NĐ 152 Art. 33(8)): why; None for a full one.
    simplified_reason: str | None = None


@dataclass(frozen=True)
class Page:
    items: list[Dossier]
    next: int | None


def create_dossier(
    draft: DossierDraft,
    org_code: str | None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    engine: Engine,
    clock: Clock = utcnow,
    rulebook: str = DEFAULT_RULEBOOK,
    zone: tzinfo = UTC,
    engines: Mapping[str, Engine] | None = None,
) -> Dossier:
    """A clerk opens a dossier, pinned to its province root's rulebook (``rulebook``, the
    installation's, if the root names none) and to today's rule versions (the day in ``zone``):
    its award's deciding level and multiple are read on that day from then on, and it follows
    that rulebook's process (``engines`` by rulebook; ``engine`` when none is given)."""
    with uow:
        named = uow.orgs.by_code(org_code) if org_code is not None else None
        if named is not None and named.merged_into_id is not None:
            # Clerks were moved to the new unit; one still asking for the old one is told where.
            raise UnitMerged(merged_message(named, uow.orgs.get(named.merged_into_id)))
        # Locked: a merge of this unit waits for the dossier (and carries it) or goes first.
        org = uow.orgs.get(permissions.clerk_unit(actor, org_code), lock=True)
        if org.merged_into_id is not None:
            raise UnitMerged(merged_message(org, uow.orgs.get(org.merged_into_id)))
        if not org.active:
            raise Conflict(f"Đơn vị {org.name} đã ngừng hoạt động; không lập được hồ sơ mới.")
        rulebook = rulebook_of(uow, org.id, rulebook)
        engine = _engine_for(rulebook, engine, engines)
        if org.level != engine.entry_lane:
            raise Forbidden("Hồ sơ đề nghị được lập ở đơn vị cấp cơ sở.")
        now = clock()
        today = now.astimezone(zone).date()
        award = award_in_force(uow, draft.award, org.id, today, rulebook)
        clean = clean_dossier(
            draft.title, draft.year, award, draft.nominees, draft.typed, today=today
        )
        assert award is not None  # clean_dossier refuses an unknown award
        nominees = linked_nominees(uow, actor, clean.nominees)
        simplified = clean_simplified(draft.simplified_reason)
        chain = uow.orgs.chain(org.id)
        _require_route(uow, chain, award.level)
        sequence = uow.counters.next(f"dossier:{org.code}", draft.year)
        dossier = uow.dossiers.add(
            Dossier(
                0,
                dossier_code(org.code, draft.year, sequence),
                org.id,
                org.code,
                # An old code (BK_TINH_CN) files the dossier under its award (BK_TINH).
                award.canonical,
                draft.year,
                clean.title,
                Status.DRAFT,
                org.level,
                now,
                0,
                nominees,
                rulebook=rulebook,
                rules_on=today,
                simplified_reason=simplified,
                proposal=clean.proposal,
                period=clean.period,
                reason=clean.reason,
            ),
            created_by=actor.user_id,
        )
        wf = engine.start(route_data(award))
        uow.workflows.add(dossier.id, engine.process_id, engine.dump(wf), now)
        sync_tasks(uow, engine, wf, dossier.id, chain, "", now)
        uow.events.append(Event.of(now, actor, "created", dossier=dossier, org=org))
        uow.commit()
        return dossier


def _engine_for(rulebook: str, engine: Engine, engines: Mapping[str, Engine] | None) -> Engine:
    if engines is None:
        return engine
    found = engines.get(rulebook)
    if found is None:
        raise ConfigurationError(f"Không có quy trình cho bộ quy định '{rulebook}'.")
    return found


def update_dossier(
    dossier_id: int,
    draft: DossierDraft,
    expected_version: int | None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    engine: Engine,
    clock: Clock = utcnow,
    zone: tzinfo = UTC,
) -> Dossier:
    """A clerk of the dossier's unit edits it while it is in their hands (draft or returned)."""
    with uow:
        dossier = uow.dossiers.get(dossier_id, lock=True)
        require_editable(uow, actor, dossier)
        if expected_version is not None and expected_version != dossier.version:
            raise Conflict()
        now = clock()
        award = award_in_force(
            uow, draft.award, dossier.org_id, dossier.rules_day, pinned_rulebook(dossier)
        )
        today = now.astimezone(zone).date()
        clean = clean_dossier(
            draft.title, draft.year, award, draft.nominees, draft.typed, today=today
        )
        if problems := stray_nominee_ids(clean.nominees, (n.id for n in dossier.nominees)):
            raise Invalid("Danh sách người được đề nghị không khớp với hồ sơ.", problems)
        assert award is not None
        kept = {n.id: n.person_id for n in dossier.nominees if n.id is not None}
        nominees = linked_nominees(uow, actor, clean.nominees, kept)
        simplified = clean_simplified(draft.simplified_reason)
        _require_route(uow, uow.orgs.chain(dossier.org_id), award.level)
        wf = engine.load(uow.workflows.state(dossier_id))
        engine.update_data(wf, route_data(award))
        uow.workflows.save(dossier_id, engine.dump(wf), now)
        changed = replace(
            dossier,
            title=clean.title,
            year=draft.year,
            award=award.canonical,
            nominees=nominees,
            proposal=clean.proposal,
            period=clean.period,
            reason=clean.reason,
            simplified_reason=simplified,
        )
        saved = uow.dossiers.save(changed, now)
        uow.events.append(Event.of(now, actor, "edited", dossier=dossier))
        uow.commit()
        return saved


def _require_route(uow: UnitOfWork, chain: Chain, level: str) -> None:
    known = next((lv for lv in uow.orgs.levels() if lv.code == level), None)
    if known is not None and (problem := route_problem(chain, known)):
        raise Invalid(problem, {"award": problem})


def get_dossier(dossier_id: int, *, actor: Actor, uow: UnitOfWork) -> Dossier:
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
        return dossier


def dossier_warnings(dossier_id: int, *, actor: Actor, uow: UnitOfWork) -> list[DuplicateWarning]:
    """What the reader should check before going on: the same person proposed in another open
    dossier for the same award and year (none once this dossier is decided or rejected)."""
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
        if dossier.status not in OPEN:
            return []
        found = uow.dossiers.namesakes(dossier.id, OPEN)
        return duplicate_warnings(dossier, found, visible_to(actor, uow.orgs.chain))


def visible_to(actor: Actor, chain: Callable[[int], Chain]) -> Callable[[Namesake], bool]:
    """Whether ``actor`` may see a namesake's dossier, asking for each unit's chain once."""
    seen: dict[tuple[int, bool], bool] = {}

    def may_see(other: Namesake) -> bool:
        key = (other.org_id, other.submitted)
        if key not in seen:
            seen[key] = permissions.can_see_dossier(
                actor, chain(other.org_id), submitted=other.submitted
            )
        return seen[key]

    return may_see


def dossier_history(dossier_id: int, *, actor: Actor, uow: UnitOfWork) -> list[Event]:
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
        return uow.events.for_dossier(dossier_id)


def list_dossiers(
    where: DossierFilter, after: int | None, limit: int, *, actor: Actor, uow: UnitOfWork
) -> Page:
    with uow:
        # An old code (BK_TINH_CN) finds what it files now: the dossiers of its award.
        if where.award and (award := uow.awards.named(where.award)) is not None:
            where = replace(where, award=award.canonical)
        visible = visible_units(uow, actor)
        items = uow.dossiers.list(visible, where, after, limit + 1) if visible else []
        more = len(items) > limit
        items = items[:limit]
        return Page(items, items[-1].id if more else None)
