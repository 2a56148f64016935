"""What the pages show, each read in one read-only transaction (cosmicpython's ``views.py``).

A page does not chain write-side use cases, each opening a transaction of its own: it asks the
page queries for exactly what it shows, checks the same permission rules, and gets back one value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from service.domain import permissions
from service.domain.appraisal import CouncilMeeting, CouncilRule, Outcome
from service.domain.attachments import Attachment
from service.domain.awards import Award
from service.domain.checklists import Checklist, Line, checklist_lines
from service.domain.dossiers import Dossier, DossierFilter, Status
from service.domain.drafting import IssuedDecision
from service.domain.duplicates import OPEN, DuplicateWarning, duplicate_warnings
from service.domain.eligibility import Eligibility
from service.domain.history import Event, Names
from service.domain.orgs import OrgUnit, unit_at_level
from service.domain.permissions import Actor, Role, TaskSeat, Visible
from service.domain.preference import rank
from service.domain.proposals import CentralDecision
from service.domain.tasks import InboxItem, Task
from service.usecases.appraisal import council_rule
from service.usecases.dossiers import visible_to
from service.usecases.eligibility import judged
from service.usecases.ports import Clock, DecisionOffice, PageQueries, PageReader, utcnow
from service.usecases.rules import pinned_rulebook

INBOX_LIMIT = 500


@dataclass(frozen=True)
class DossierPage:
    dossier: Dossier
    award: Award | None
    tasks: list[Task]  # the open tasks this user may act on now
    attachments: list[Attachment]
    history: list[Event]
    decision: IssuedDecision | None
    level_names: dict[str, str]
    names: Names  # of the people and units in the history
    warnings: list[DuplicateWarning] = field(default_factory=list)
    # A state award the province proposed: the decision taken above, once recorded, and
    # whether this user may record it now.
    central: CentralDecision | None = None
    may_record_central: bool = False
    # The parts the dossier must hold, each ticked once filed (domain.checklists).
    checklist: list[Line] = field(default_factory=list)
    parts: Checklist = ()  # the award's checklist, whatever this dossier takes of it
    # The deciding level's steps: each nominee's result so far (by nominee id), the council's
    # meeting once it voted, and the rule its vote is held to (None: the award needs no vote).
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    meeting: CouncilMeeting | None = None
    council: CouncilRule | None = None
    # Each nominee's eligibility from the registry (by nominee id), and the women-first note
    # of those the preference put first within a tie of the council's share (NĐ 152 Art. 4(6)).
    eligibility: dict[int, Eligibility] = field(default_factory=dict)
    preference: dict[int, str] = field(default_factory=dict)
    # The decisions correcting the dossier's decision (đính chính), oldest first.
    corrections: list[IssuedDecision] = field(default_factory=list)


def dossier_page(
    dossier_id: int,
    *,
    actor: Actor,
    uow: PageReader,
    office: DecisionOffice,
    clock: Clock = utcnow,
) -> DossierPage:
    with uow:
        q = uow.pages
        dossier, award = q.dossier_with_award(dossier_id)
        chain = q.chain(dossier.org_id)
        permissions.require_can_see(actor, chain, submitted=dossier.submitted)
        history = q.history(dossier_id)
        proposer = unit_at_level(chain, dossier.level)
        # Only a state award's dossier can have a decision taken above: ask for no other.
        sent_up = award is not None and award.proposes_only
        attachments = q.attachments(dossier_id)
        parts = office.checklist_for(award, pinned_rulebook(dossier)) if award else ()
        outcomes = q.outcomes(dossier_id)
        day = office.local_date(clock())
        decision = q.decision(dossier_id)
        return DossierPage(
            dossier=dossier,
            award=award,
            tasks=[t for t in q.open_tasks(dossier_id) if permissions.can_act(actor, t.seat)],
            attachments=attachments,
            history=history,
            decision=decision,
            corrections=q.corrections(decision.id) if decision and decision.corrected_by else [],
            level_names=q.level_names(),
            names=q.names(history),
            warnings=_warnings(q, dossier, actor),
            central=q.central_decision(dossier_id) if sent_up else None,
            may_record_central=dossier.status is Status.PROPOSED
            and proposer is not None
            and permissions.can_act(actor, TaskSeat(Role.APPROVER.value, proposer.id)),
            checklist=checklist_lines(parts, attachments, dossier.nominees, dossier.simplified),
            parts=parts,
            outcomes=outcomes,
            meeting=q.council_meeting(dossier_id),
            council=council_rule(office, dossier),
            **_registry(q, office, dossier, chain, outcomes, day),
        )


def _registry(
    q: PageQueries,
    office: DecisionOffice,
    dossier: Dossier,
    chain: list[OrgUnit],
    outcomes: dict[int, Outcome],
    day: date,
) -> dict[str, Any]:
    """What the registry says of the nominees: eligibility, and the women-first marks."""
    rules = office.rulebook_for(pinned_rulebook(dossier)).eligibility
    linked = [n.person_id for n in dossier.nominees if n.person_id is not None]
    # Unlinked nominees only warn, whatever the province chose: ask for its choices only when
    # some history will be read.
    if linked:
        rules = rules.with_choices(q.eligibility_choices(chain[-1].id))
    histories = q.histories(linked)
    people = {i: h.person for i, h in histories.items()}
    ranked = rank(
        [
            (
                n.id,
                o.share if (o := outcomes.get(n.id or 0)) else None,
                people.get(n.person_id or 0),
            )
            for n in dossier.nominees
        ]
    )
    return {
        "eligibility": {n.id: e for n, e in judged(rules, dossier, histories, day) if n.id},
        "preference": {r.key: r.note for r in ranked if r.note and r.key is not None},
    }


def _warnings(q: PageQueries, dossier: Dossier, actor: Actor) -> list[DuplicateWarning]:
    if dossier.status not in OPEN:
        return []
    return duplicate_warnings(dossier, q.namesakes(dossier.id, OPEN), visible_to(actor, q.chain))


@dataclass(frozen=True)
class InboxPage:
    items: list[InboxItem]  # narrowed to the level and award asked for
    total: int  # every task waiting for the user
    levels: dict[str, int]  # tasks waiting per level
    awards: dict[str, Award]
    level_names: dict[str, str]


def inbox_page(level: str | None, award: str | None, *, actor: Actor, uow: PageReader) -> InboxPage:
    seats = [(g.role.value, g.org_id) for g in actor.grants]
    with uow:
        q = uow.pages
        levels = q.inbox_levels(seats)
        return InboxPage(
            items=q.inbox(seats, level, award, INBOX_LIMIT),
            total=sum(levels.values()),
            levels=levels,
            awards=_by_code(q.awards()),
            level_names=q.level_names(),
        )


@dataclass(frozen=True)
class DossierListPage:
    items: list[Dossier]
    next: int | None  # the ``after`` of the next page, if there is one
    awards: dict[str, Award]
    level_names: dict[str, str]


def dossier_list_page(
    where: DossierFilter, after: int | None, limit: int, *, actor: Actor, uow: PageReader
) -> DossierListPage:
    with uow:
        q = uow.pages
        visible = _visible_units(q, actor)
        items = q.dossiers(visible, where, after, limit + 1) if visible else []
        more = len(items) > limit
        items = items[:limit]
        return DossierListPage(
            items=items,
            next=items[-1].id if more else None,
            awards=_by_code(q.awards()),
            level_names=q.level_names(),
        )


def _visible_units(q: PageQueries, actor: Actor) -> Visible:
    reach = permissions.dossier_reach(actor)
    reach = reach.absorbing(q.absorbed_ids(reach.units))
    return Visible.of(reach, q.subtree_ids(reach.subtrees), q.subtree_ids(reach.submitted_subtrees))


def _by_code(awards: list[Award]) -> dict[str, Award]:
    return {a.code: a for a in awards}
