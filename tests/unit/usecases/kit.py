"""What the fast use-case tests share: the fakes wired together, and steps of a dossier's life.

The tests call the use cases themselves, with their collaborators as keyword arguments; the kit
only saves repeating them. It imports no adapter but the workflow engine, which is pure.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from service.domain.appraisal import AppraisalItem, CouncilVote, NomineeVote, Result
from service.domain.attachments import Attachment
from service.domain.awards import Kind
from service.domain.checklists import Line, checklist_lines
from service.domain.dossiers import Dossier, Nominee, Typed
from service.domain.drafting import IssuedDecision
from service.domain.history import Event
from service.domain.orgs import OrgUnit
from service.domain.permissions import Actor, can_act
from service.domain.tasks import Task
from service.usecases import accounts, attachments, dossiers, tasks
from service.usecases import decision_lifecycle as lifecycle
from service.usecases.dossiers import DossierDraft
from service.usecases.ports import Engine, utcnow
from service.usecases.rules import pinned_rulebook
from tests.fakes import (
    FakeClock,
    FakeDecisionOffice,
    FakeObjectStore,
    FakePasswords,
    FakeUnitOfWork,
    fake_detect,
)

PDF_BYTES = b"%PDF-1.7\n" + b"x" * 1000
MAX_UPLOAD = 10_000


def nominee(name: str = "Nguyễn Văn An", kind: Kind = Kind.INDIVIDUAL) -> Nominee:
    return Nominee(name, kind, "Chuyên viên", "Văn phòng", "Hoàn thành xuất sắc nhiệm vụ")


def draft(
    award: str = "GK_XA_CN",
    title: str = "Đề nghị tặng Giấy khen năm nay",
    nominees: Sequence[Nominee] | None = None,
    year: int | None = None,
) -> DossierDraft:
    kind = Kind.COLLECTIVE if award in COLLECTIVE_AWARDS else Kind.INDIVIDUAL
    return DossierDraft(
        title=title,
        award=award,
        year=year if year is not None else utcnow().year,
        nominees=list(nominees) if nominees is not None else [nominee(kind=kind)],
        typed=typed(),
    )


def typed(year: int | None = None) -> Typed:
    """The proposal fields a dossier needs to submit: a tờ trình of yesterday, a whole year."""
    on = utcnow().date() - timedelta(days=1)
    year = year if year is not None else on.year
    return Typed(
        proposal={"number": "12/TTr-UBND", "date": on.isoformat()},
        period={"from": f"{year}-01-01", "to": f"{year}-12-31"},
        reason="đã có thành tích xuất sắc trong thực hiện nhiệm vụ",
    )


COLLECTIVE_AWARDS = frozenset({"GK_XA_TT", "GK_HUYEN_TT", "TTLDTT", "BK_TINH_TT", "TTLDXS"})


@dataclass
class Kit:
    uow: FakeUnitOfWork
    engine: Engine
    office: FakeDecisionOffice = field(default_factory=FakeDecisionOffice)
    clock: FakeClock = field(default_factory=FakeClock)
    passwords: FakePasswords = field(default_factory=FakePasswords)
    store: FakeObjectStore = field(init=False)

    def __post_init__(self) -> None:
        self.store = FakeObjectStore(clock=self.clock)

    # Who is who

    def actor(self, username: str) -> Actor:
        with self.uow:
            creds = self.uow.users.credentials(username)
            assert creds is not None, username
            return self.uow.users.actor(creds.user_id)

    # A dossier's life

    def create(
        self,
        clerk: str = "dc.clerk",
        award: str = "GK_XA_CN",
        *,
        title: str = "Đề nghị tặng Giấy khen năm nay",
        nominees: Sequence[Nominee] | None = None,
    ) -> Dossier:
        return dossiers.create_dossier(
            draft(award, title, nominees),
            None,
            actor=self.actor(clerk),
            uow=self.uow,
            engine=self.engine,
        )

    def submit(
        self, dossier_id: int, clerk: str = "dc.clerk", comment: str = "", *, parts: bool = True
    ) -> Dossier:
        """Submit as ``clerk``, first filing the required parts (``parts``) as a clerk would."""
        if parts:
            self.file_parts(dossier_id, clerk)
        return tasks.submit_dossier(
            dossier_id,
            comment,
            actor=self.actor(clerk),
            uow=self.uow,
            engine=self.engine,
            office=self.office,
            store=self.store,
            clock=self.clock,
        )

    def task_for(self, dossier_id: int, username: str) -> Task:
        """The one open task of the dossier that ``username`` may act on."""
        actor = self.actor(username)
        mine = [t for t in self.open_tasks(dossier_id) if can_act(actor, t.seat)]
        assert len(mine) == 1, (username, self.open_tasks(dossier_id))
        return mine[0]

    def complete(self, task_id: str, action: str, username: str, comment: str = "") -> Dossier:
        return tasks.complete_task(
            task_id,
            action,
            comment,
            actor=self.actor(username),
            uow=self.uow,
            engine=self.engine,
            office=self.office,
            store=self.store,
            clock=self.clock,
        )

    def act(self, dossier_id: int, action: str, username: str, comment: str = "") -> Dossier:
        task = self.task_for(dossier_id, username)
        return self.complete(task.id, action, username, comment)

    def approve_up_to(self, dossier_id: int, *approvers: str) -> Dossier:
        d = self.submit(dossier_id)
        for approver in approvers:
            d = self.approve(dossier_id, approver)
        return d

    def issue(
        self,
        dossier_id: int,
        unit: str,
        number: str | None = None,
        *,
        submitter: str | None = None,
        signer: str | None = None,
        records: str | None = None,
    ) -> IssuedDecision:
        """Take the dossier's drafted decision to its issue, as the issuing unit does it
        (``unit``: its users' prefix, "dc"): its officer submits it for signature, its signer
        (a SignerSeat of the demo world) signs, its records office numbers (the register's next
        number, or ``number``), dates and issues it."""
        with self.uow:
            drafted = self.uow.decisions.for_dossier(dossier_id)
        assert drafted is not None, dossier_id
        lifecycle.submit_for_signature(
            drafted.id,
            actor=self.actor(submitter or f"{unit}.officer"),
            uow=self.uow,
            now=self.clock(),
        )
        lifecycle.sign(
            drafted.id,
            actor=self.actor(signer or f"{unit}.signer"),
            uow=self.uow,
            office=self.office,
            store=self.store,
            now=self.clock(),
        )
        return lifecycle.issue(
            drafted.id,
            number,
            actor=self.actor(records or f"{unit}.records"),
            uow=self.uow,
            office=self.office,
            store=self.store,
            now=self.clock(),
        )

    def mine(self, dossier_id: int, username: str) -> list[Task]:
        actor = self.actor(username)
        return [t for t in self.open_tasks(dossier_id) if can_act(actor, t.seat)]

    def appraise(self, dossier_id: int, officer: str) -> Dossier:
        """The officer finds every nominee eligible and sends the dossier on."""
        ids = [n.id for n in self.dossier(dossier_id).nominees if n.id is not None]
        task = self.task_for(dossier_id, officer)
        return tasks.complete_task(
            task.id,
            "approve",
            "",
            actor=self.actor(officer),
            uow=self.uow,
            engine=self.engine,
            office=self.office,
            store=self.store,
            clock=self.clock,
            appraisal=[AppraisalItem(i, True) for i in ids],
        )

    def vote(self, dossier_id: int, secretary: str, members: int = 9) -> Dossier:
        """Every member present, everyone for, by secret ballot, held the day it came."""
        task = self.task_for(dossier_id, secretary)
        with self.uow:
            pending = [
                o.nominee_id
                for o in self.uow.appraisals.outcomes(dossier_id).values()
                if o.result == Result.PENDING
            ]
        votes = tuple(NomineeVote(i, members, 0) for i in pending)
        held_on = self.office.local_date(task.created_at)
        return tasks.complete_task(
            task.id,
            "record_votes",
            "",
            actor=self.actor(secretary),
            uow=self.uow,
            engine=self.engine,
            office=self.office,
            store=self.store,
            clock=self.clock,
            council=CouncilVote(members, members, True, held_on, votes),
        )

    def to_the_head(self, dossier_id: int, unit: str) -> None:
        """The deciding level's steps before its head's (``unit``: its users' prefix, "dc"):
        the officer's appraisal (everyone eligible), the council's vote where it votes."""
        self.appraise(dossier_id, f"{unit}.officer")
        if self.mine(dossier_id, f"{unit}.secretary"):
            self.vote(dossier_id, f"{unit}.secretary")

    def approve(self, dossier_id: int, approver: str, comment: str = "") -> Dossier:
        """``approver`` approves at their level; where it decides, ``to_the_head`` first."""
        unit = approver.removesuffix(".approver")
        if not self.mine(dossier_id, approver) and self.mine(dossier_id, f"{unit}.officer"):
            self.to_the_head(dossier_id, unit)
        return self.act(dossier_id, "approve", approver, comment)

    def attach(
        self,
        dossier_id: int,
        content: bytes = PDF_BYTES,
        clerk: str = "dc.clerk",
        kind: str = "proposal",
        nominee_id: int | None = None,
    ) -> Attachment:
        return attachments.add_attachment(
            dossier_id,
            kind,
            "Tờ trình đề nghị.pdf",
            io.BytesIO(content),
            actor=self.actor(clerk),
            uow=self.uow,
            store=self.store,
            office=self.office,
            detect=fake_detect,
            max_size=MAX_UPLOAD,
            nominee_id=nominee_id,
        )

    def missing_lines(self, dossier_id: int) -> list[Line]:
        """The required parts the dossier still lacks, as its checklist reads them."""
        with self.uow:
            d = self.uow.dossiers.get(dossier_id)
            book = pinned_rulebook(d)
            award = self.uow.awards.get(d.award, book)
            assert award is not None, d.award
            items = self.office.checklist_for(award, book)
            held = self.uow.attachments.for_dossier(dossier_id)
        lines = checklist_lines(items, held, d.nominees, d.simplified)
        return [line for line in lines if line.needed and not line.filed]

    def file_parts(self, dossier_id: int, clerk: str = "dc.clerk") -> list[Attachment]:
        """A small PDF, as ``clerk``, for every required part the dossier still lacks."""
        return [
            self.attach(
                dossier_id,
                PDF_BYTES + f" {line.label} {uuid.uuid4()}".encode(),
                clerk,
                line.item.kind,
                line.nominee_id,
            )
            for line in self.missing_lines(dossier_id)
        ]

    # What the world now holds (committed state)

    def unit(self, code: str) -> OrgUnit:
        with self.uow:
            found = self.uow.orgs.by_code(code)
        assert found is not None, code
        return found

    def dossier(self, dossier_id: int) -> Dossier:
        with self.uow:
            return self.uow.dossiers.get(dossier_id)

    def open_tasks(self, dossier_id: int) -> list[Task]:
        with self.uow:
            return self.uow.tasks.open_for_dossier(dossier_id)

    def events(self, dossier_id: int | None = None) -> list[Event]:
        return [
            link.event
            for link in self.uow.world.events
            if dossier_id is None or link.event.dossier_id == dossier_id
        ]

    def actions(self, dossier_id: int) -> list[str]:
        return [e.action for e in self.events(dossier_id)]

    def later(self, days: float = 0, hours: float = 0) -> datetime:
        return self.clock.advance(timedelta(days=days, hours=hours))


def add_user(kit: Kit, username: str, *grants: tuple[str, str]) -> Actor:
    """A user made by the command line (the SYSTEM operator), e.g. a clerk at a district."""
    accounts.add_user(
        username,
        "mat-khau-2026",
        "",
        list(grants),
        by=accounts.SYSTEM,
        uow=kit.uow,
        passwords=kit.passwords,
    )
    return kit.actor(username)
