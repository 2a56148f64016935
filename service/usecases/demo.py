"""The demo world's sample dossiers (``service/catalog/demo_dossiers.json``), made for real.

``flask seed-demo`` adds them after the demo org units and users, so each demo user's first
login shows something: a draft, dossiers waiting at each level, one returned and one rejected
with a reason, approved ones with their decision issued, and state awards the province proposed,
one of them decided above. Each is created, submitted and
acted on by the demo users through the ordinary use cases, one transaction per step, so its
history, audit events, tasks and decision are exactly what the same clicks would have made.
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import Any

from service.domain.appraisal import AppraisalItem, CouncilVote, NomineeVote
from service.domain.awards import Kind
from service.domain.dossiers import Dossier, DossierFilter, Nominee
from service.domain.errors import ConfigurationError
from service.domain.permissions import Actor, Visible
from service.domain.tasks import PREPARE
from service.usecases.admin import read_catalogue
from service.usecases.dossiers import DossierDraft, create_dossier, get_dossier
from service.usecases.ports import (
    Clock,
    DecisionOffice,
    Engine,
    ObjectStore,
    UnitOfWork,
    utcnow,
)
from service.usecases.proposals import record_central_decision
from service.usecases.tasks import complete_task, my_tasks_on, submit_dossier

# A sample step that records the central decision on a proposed dossier (its comment: the number).
CENTRAL_DECISION = "central_decision"


APPRAISE, VOTE = "appraise", "vote"  # a sample's steps name these; the tasks' actions are:
STEP_ACTIONS = {APPRAISE: "approve", VOTE: "record_votes"}
MEMBERS = 9


def seed_demo_dossiers(
    samples_file: str | None,
    *,
    uow: UnitOfWork,
    engine: Engine,
    office: DecisionOffice,
    store: ObjectStore,
    clock: Clock = utcnow,
    rulebook: str = "",
    zone: tzinfo = UTC,
) -> list[Dossier]:
    """Make the sample dossiers, unless the world already has a dossier or lacks a demo user.

    Either way nothing is duplicated: a second run finds the first run's dossiers; a real
    installation that happens to share the demo's codes has no ``dc.clerk`` and is left alone.
    """
    if samples_file is None:  # a rulebook whose demo world has no sample dossiers
        return []
    samples: list[dict[str, Any]] = read_catalogue(samples_file)["dossiers"]
    people = {s["clerk"] for s in samples} | {step["by"] for s in samples for step in s["steps"]}
    with uow:
        if any(uow.users.credentials(name) is None for name in people):
            return []
        units = {unit.id for unit in uow.orgs.all()}
        if uow.dossiers.list(Visible(frozenset(units), frozenset()), DossierFilter(), None, 1):
            return []
    year = clock().astimezone(zone).year
    steps = _Steps(uow, engine, office, store, clock, rulebook, zone)
    return [steps.make(sample, year) for sample in samples]


class _Steps:
    """One sample dossier's life, each step a use case called as its demo user."""

    def __init__(
        self,
        uow: UnitOfWork,
        engine: Engine,
        office: DecisionOffice,
        store: ObjectStore,
        clock: Clock,
        rulebook: str,
        zone: tzinfo,
    ) -> None:
        self.rulebook = rulebook  # what the sample dossiers are pinned to
        self.zone = zone  # whose calendar day they are pinned to, as a clerk's would be
        self.uow = uow
        self.engine = engine
        self.office = office
        self.store = store
        self.clock = clock

    def make(self, sample: dict[str, Any], year: int) -> Dossier:
        draft = DossierDraft(
            title=sample["title"].format(year=year),
            award=sample["award"],
            year=year,
            nominees=[_nominee(n, year) for n in sample["nominees"]],
        )
        dossier = create_dossier(
            draft,
            None,
            actor=self.actor(sample["clerk"]),
            uow=self.uow,
            engine=self.engine,
            clock=self.clock,
            rulebook=self.rulebook,
            zone=self.zone,
        )
        for step in sample["steps"]:
            dossier = self.act(dossier, step["by"], step["action"], step.get("comment", ""))
        if dossier.status != sample["status"]:
            raise ConfigurationError(
                f"Hồ sơ mẫu '{draft.title}' kết thúc ở trạng thái {dossier.status}, "
                f"không phải {sample['status']} như demo_dossiers.json ghi."
            )
        return dossier

    def act(self, dossier: Dossier, username: str, action: str, comment: str) -> Dossier:
        who = self.actor(username)
        if action == CENTRAL_DECISION:
            # What the Prime Minister's office sent back, typed in by the province on the day.
            today = self.office.local_date(self.clock()).isoformat()
            record = {"number": comment, "signed_on": today}
            record_central_decision(
                dossier.id, record, actor=who, uow=self.uow, office=self.office, clock=self.clock
            )
            return get_dossier(dossier.id, actor=who, uow=self.uow)
        if action == PREPARE:
            return submit_dossier(
                dossier.id,
                comment,
                actor=who,
                uow=self.uow,
                engine=self.engine,
                office=self.office,
                store=self.store,
                clock=self.clock,
            )
        mine = my_tasks_on(dossier.id, actor=who, uow=self.uow)
        if not mine:
            raise ConfigurationError(
                f"Hồ sơ mẫu {dossier.code}: {username} không có nhiệm vụ nào để '{action}'."
            )
        inputs = self.inputs(dossier, action)
        return complete_task(
            mine[0].id,
            STEP_ACTIONS.get(action, action),
            comment,
            actor=who,
            uow=self.uow,
            engine=self.engine,
            office=self.office,
            store=self.store,
            clock=self.clock,
            **inputs,
        )

    def inputs(self, dossier: Dossier, action: str) -> dict[str, Any]:
        """What the officer's appraisal and the secretary's vote of a sample carry: everyone
        eligible; all nine members present and for, by secret ballot, that day."""
        ids = [n.id for n in dossier.nominees if n.id is not None]
        if action == APPRAISE:
            return {"appraisal": [AppraisalItem(i, True) for i in ids]}
        if action == VOTE:
            day = self.office.local_date(self.clock())
            votes = tuple(NomineeVote(i, MEMBERS, 0) for i in ids)
            return {"council": CouncilVote(MEMBERS, MEMBERS, True, day, votes)}
        return {}

    def actor(self, username: str) -> Actor:
        with self.uow:
            creds = self.uow.users.credentials(username)
            assert creds is not None  # seed_demo_dossiers checked every demo user exists
            return self.uow.users.actor(creds.user_id)


def _nominee(record: dict[str, str], year: int) -> Nominee:
    return Nominee(
        full_name=record["full_name"],
        kind=Kind(record["kind"]),
        position=record.get("position", ""),
        unit=record.get("unit", ""),
        achievements=record.get("achievements", "").format(year=year),
    )
