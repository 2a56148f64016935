"""The unit of work: one database transaction and the repositories that work inside it."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from service.adapters.appraisal_repository import AppraisalRepository
from service.adapters.attachment_repository import AttachmentRepository
from service.adapters.audit_repository import EventRepository
from service.adapters.certificate_repository import CertificateRepository
from service.adapters.cluster_repository import ClusterRepository
from service.adapters.decision_repository import DecisionRepository, TemplateRepository
from service.adapters.page_queries import PageQueries
from service.adapters.people_repository import PeopleRepository
from service.adapters.person_merge_repository import PersonMergeRepository
from service.adapters.regulation_repository import RegulationRepository
from service.adapters.repositories import (
    AwardRepository,
    CounterRepository,
    DossierRepository,
    OrgRepository,
    TaskRepository,
    WorkflowRepository,
)
from service.adapters.signer_repository import SignerRepository
from service.adapters.stats_repository import StatsRepository
from service.adapters.user_repository import UserRepository
from service.domain.errors import Conflict


class SqlUnitOfWork:
    """``with uow:`` opens a transaction; ``commit()`` ends it; leaving without it rolls back.

    A stale versioned row or a unique-key race at commit becomes a Conflict: someone else won.
    Built from the read-only session factory (``database.make_session_factory(read_only=True)``)
    it reads without taking SQLite's write lock and PostgreSQL refuses any write in it.
    """

    session: Session
    orgs: OrgRepository
    users: UserRepository
    awards: AwardRepository
    dossiers: DossierRepository
    counters: CounterRepository
    workflows: WorkflowRepository
    tasks: TaskRepository
    events: EventRepository
    attachments: AttachmentRepository
    decisions: DecisionRepository
    templates: TemplateRepository
    stats: StatsRepository
    regulations: RegulationRepository
    appraisals: AppraisalRepository
    person_merges: PersonMergeRepository
    people: PeopleRepository
    signers: SignerRepository
    certificates: CertificateRepository
    clusters: ClusterRepository
    pages: PageQueries

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> SqlUnitOfWork:
        self.session = s = self._factory()
        self.orgs, self.users, self.awards = OrgRepository(s), UserRepository(s), AwardRepository(s)
        self.dossiers, self.counters = DossierRepository(s), CounterRepository(s)
        self.workflows, self.tasks = WorkflowRepository(s), TaskRepository(s)
        self.events, self.attachments = EventRepository(s), AttachmentRepository(s)
        self.decisions, self.templates = DecisionRepository(s), TemplateRepository(s)
        self.stats, self.regulations = StatsRepository(s), RegulationRepository(s)
        self.appraisals, self.people = AppraisalRepository(s), PeopleRepository(s)
        self.person_merges, self.signers = PersonMergeRepository(s), SignerRepository(s)
        self.pages, self.certificates = PageQueries(s), CertificateRepository(s)
        self.clusters = ClusterRepository(s)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        try:
            self.session.commit()
        except (StaleDataError, IntegrityError) as err:
            self.session.rollback()
            raise Conflict() from err

    def flush(self) -> None:
        """Write pending changes now, so that a lost race shows up as Conflict here."""
        try:
            self.session.flush()
        except (StaleDataError, IntegrityError) as err:
            raise Conflict() from err
