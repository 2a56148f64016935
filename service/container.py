"""The collaborators the use cases are given, built once per application by ``bootstrap``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import IO
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from service.adapters.certificate_printer import FpdfCertificatePrinter
from service.adapters.decision_office import DecisionOffice
from service.adapters.filetypes import detect as detect_type
from service.adapters.pades import PadesSeal
from service.adapters.passwords import Passwords
from service.adapters.rulebook_files import RulebookFiles
from service.adapters.uow import SqlUnitOfWork
from service.adapters.workflow import WorkflowEngine
from service.documents import PdfConverter
from service.domain.accounts import LoginLimits
from service.domain.rulebooks import Rulebook
from service.settings import Settings
from service.usecases.ports import utcnow
from storage import ObjectStore


@dataclass
class Container:
    settings: Settings
    db: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]
    # The installation's process (KT_PROCESS_ID, else its rulebook's), and each rulebook's,
    # by rulebook code: a dossier starts on its province root's rulebook's process.
    workflow: WorkflowEngine
    passwords: Passwords
    store: ObjectStore
    office: DecisionOffice
    rulebooks: RulebookFiles
    # Where the audit chain's checkpoints go (KT_AUDIT_STORE_URL, else the attachments' store) and
    # the key that signs them (KT_AUDIT_KEY; None when unset: nothing is signed or checked).
    audit_store: ObjectStore
    audit_key: bytes | None
    # Recognises an upload's type from its bytes (adapters/filetypes.py).
    detect: Callable[[IO[bytes]], str | None] = field(default=detect_type)
    # Decisions are dated by this clock; tests move it to cross a year.
    clock: Callable[[], datetime] = field(default=utcnow)
    # Decisions as PDF through LibreOffice, a bounded number at a time (KT_PDF_*).
    pdf: PdfConverter = field(default_factory=PdfConverter)
    # Signs decisions' PDFs and checks signed ones against the roots of KT_TRUST_ROOTS, read once.
    seal: PadesSeal = field(default_factory=PadesSeal)
    # Certificates (Bằng khen, Giấy khen) as PDF for the pre-printed blanks, with fpdf2.
    printer: FpdfCertificatePrinter = field(default_factory=FpdfCertificatePrinter)
    workflows: dict[str, WorkflowEngine] = field(default_factory=dict)

    @property
    def rulebook(self) -> Rulebook:
        """This installation's rulebook (``KT_RULEBOOK``)."""
        return self.rulebooks.require(self.settings.rulebook)

    def workflow_for(self, rulebook: str) -> WorkflowEngine:
        """The process a dossier of ``rulebook`` follows (the installation's one by default)."""
        return self.workflows.get(rulebook, self.workflow)

    def engines(self) -> list[WorkflowEngine]:
        """Every process parsed at start, the installation's first."""
        rest = [w for w in self.workflows.values() if w is not self.workflow]
        return [self.workflow, *rest]

    @cached_property
    def zone(self) -> ZoneInfo:
        """Where days begin and end: pages, API date filters and decisions (``KT_TIMEZONE``)."""
        return ZoneInfo(self.settings.timezone)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions)

    def reader(self) -> SqlUnitOfWork:
        """A read-only unit of work, for pages and other reads that change nothing."""
        return SqlUnitOfWork(self.read_sessions)

    @property
    def max_upload(self) -> int:
        return self.settings.max_upload_mb * 1_000_000

    @property
    def login_limits(self) -> LoginLimits:
        s = self.settings
        return LoginLimits(
            s.login_max_failures_per_user,
            s.login_max_failures_per_address,
            timedelta(minutes=s.login_window_minutes),
        )

    @property
    def token_ttl(self) -> timedelta:
        return timedelta(hours=self.settings.token_ttl_hours)
