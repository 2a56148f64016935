"""The demo world's sample dossiers (``service/catalog/demo_dossiers.json``), made for real.

``flask seed-demo`` adds them after the demo org units and users, so each demo user's first
login shows something: a draft, dossiers waiting at each level, one returned and one rejected
with a reason, approved ones with their decision issued, and state awards the province proposed,
one of them decided above; and, before them, a few registry entries with their history, which
the sample nominees of the same name and clerk name (``demo_people``). Each dossier is created,
given its required parts (small generated PDFs, in the object store like any upload), submitted
and acted on by the demo users through the ordinary use cases, one transaction per step, so its
history, audit events, tasks and decision are exactly what the same clicks would have made.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, timedelta, tzinfo
from typing import IO, Any

from service.domain.appraisal import AppraisalItem, CouncilVote, NomineeVote
from service.domain.awards import Kind
from service.domain.checklists import Line, checklist_lines
from service.domain.content_types import PDF
from service.domain.dossiers import Dossier, DossierFilter, Nominee, Typed, fold
from service.domain.errors import ConfigurationError
from service.domain.permissions import Actor, Visible
from service.domain.rulebooks import DEFAULT_RULEBOOK
from service.domain.tasks import PREPARE
from service.usecases import decision_lifecycle as lifecycle
from service.usecases.admin import read_catalogue
from service.usecases.attachments import add_attachment, checklist_of
from service.usecases.decisions import get_decision
from service.usecases.demo_people import Key, seed_demo_people
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
# The achievement phrase of a sample that names none (demo text; the decision adds "năm …").
DEMO_REASON = "đã có thành tích xuất sắc trong thực hiện nhiệm vụ"


APPRAISE, VOTE = "appraise", "vote"  # a sample's steps name these; the tasks' actions are:
STEP_ACTIONS = {APPRAISE: "approve", VOTE: "record_votes"}
# Steps on an approved dossier's decision (decision_lifecycle).
DECISION_STEPS = ("submit_for_signature", "sign", "issue")
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
    catalogue = read_catalogue(samples_file)
    samples: list[dict[str, Any]] = catalogue["dossiers"]
    registry: list[dict[str, Any]] = catalogue.get("people", [])
    people = {s["clerk"] for s in samples} | {step["by"] for s in samples for step in s["steps"]}
    people |= {r["by"] for r in registry}
    with uow:
        if any(uow.users.credentials(name) is None for name in people):
            return []
        units = {unit.id for unit in uow.orgs.all()}
        if uow.dossiers.list(Visible(frozenset(units), frozenset()), DossierFilter(), None, 1):
            return []
    today = clock().astimezone(zone).date()
    steps = _Steps(uow, engine, office, store, clock, rulebook, zone)
    # The registry first, so that the samples' nominees name their entries from the start.
    steps.linked = seed_demo_people(
        registry,
        uow=uow,
        actor={r["by"]: steps.actor(r["by"]) for r in registry},
        clock=clock,
        today=today,
        rulebook=rulebook or DEFAULT_RULEBOOK,
    )
    return [steps.make(sample, today.year) for sample in samples]


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
        self.linked: dict[Key, int] = {}  # the registry entries sample nominees name

    def make(self, sample: dict[str, Any], year: int) -> Dossier:
        draft = DossierDraft(
            title=sample["title"].format(year=year),
            award=sample["award"],
            year=year,
            nominees=[self.nominee(sample["clerk"], n, year) for n in sample["nominees"]],
            typed=self.typed(sample, year),
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

    def nominee(self, clerk: str, record: dict[str, str], year: int) -> Nominee:
        n = _nominee(record, year)
        return replace(n, person_id=self.linked.get((clerk, n.full_name, n.kind)))

    def typed(self, sample: dict[str, Any], year: int) -> Typed:
        """The sample's tờ trình (dated some days before today, never after) and its year."""
        proposal = sample.get("proposal") or {}
        on = self.clock().astimezone(self.zone).date() - timedelta(days=proposal.get("days_ago", 3))
        return Typed(
            proposal={"number": proposal["number"], "date": on.isoformat()} if proposal else None,
            period={"from": f"{year}-01-01", "to": f"{year}-12-31"},
            reason=sample.get("reason", DEMO_REASON),
        )

    def move_decision(self, dossier: Dossier, who: Actor, action: str) -> None:
        """Trình ký, ký, ban hành: the approved dossier's decision taken on, as the page does."""
        decision = get_decision(dossier.id, actor=who, uow=self.uow)
        now = self.clock()
        if action == "submit_for_signature":
            lifecycle.submit_for_signature(decision.id, actor=who, uow=self.uow, now=now)
        elif action == "sign":
            lifecycle.sign(
                decision.id, actor=who, uow=self.uow, office=self.office, store=self.store, now=now
            )
        else:
            lifecycle.issue(
                decision.id,
                None,
                actor=who,
                uow=self.uow,
                office=self.office,
                store=self.store,
                now=now,
            )

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
        if action in DECISION_STEPS:
            self.move_decision(dossier, who, action)
            return get_dossier(dossier.id, actor=who, uow=self.uow)
        if action == PREPARE:
            self.file_parts(dossier, who)
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

    def file_parts(self, dossier: Dossier, clerk: Actor) -> None:
        """Before a sample is submitted, its clerk uploads a small PDF for each required part it
        still lacks, as the checklist asks, through the ordinary upload."""
        for line in self.missing(dossier.id):
            content = sample_pdf(f"{dossier.code}: {line.label}")
            add_attachment(
                dossier.id,
                line.item.kind,
                f"{fold(line.label).replace(' ', '-')}.pdf",
                io.BytesIO(content),
                actor=clerk,
                uow=self.uow,
                store=self.store,
                office=self.office,
                detect=_pdf,
                max_size=len(content),
                clock=self.clock,
                nominee_id=line.nominee_id,
            )

    def missing(self, dossier_id: int) -> list[Line]:
        with self.uow:
            dossier = self.uow.dossiers.get(dossier_id)
            parts = checklist_of(self.uow, self.office, dossier)
            held = self.uow.attachments.for_dossier(dossier_id)
        lines = checklist_lines(parts, held, dossier.nominees, dossier.simplified)
        return [line for line in lines if line.needed and not line.filed]

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


def _pdf(stream: IO[bytes]) -> str:
    return PDF  # the demo's own files, made by sample_pdf


def sample_pdf(text: str) -> bytes:
    """A one-page PDF that reads ``text`` (folded to ASCII: the standard fonts have no Vietnamese
    letters), made here so the demo needs no document tool."""
    line = fold(text).replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 12 Tf 72 760 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _nominee(record: dict[str, str], year: int) -> Nominee:
    return Nominee(
        full_name=record["full_name"],
        kind=Kind(record["kind"]),
        position=record.get("position", ""),
        unit=record.get("unit", ""),
        achievements=record.get("achievements", "").format(year=year),
    )
