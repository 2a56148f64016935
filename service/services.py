"""The use cases, ready to call: each method binds one use case to the collaborators it needs.

Built once by ``bootstrap``. The methods take what a caller knows (ids, typed values, the actor)
and nothing else; the unit of work, the engine, the store, the decision office, the password
hasher and the clock come from the Container. ``services()`` finds the Services of the application
handling the current request or CLI command.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import IO, Any
from zoneinfo import ZoneInfo

from flask import current_app

from service.certificate_services import CertificateDesk
from service.cluster_services import ClusterDesk
from service.container import Container
from service.decision_services import DecisionDesk
from service.domain.accounts import UserAccount
from service.domain.appraisal import AppraisalItem, CouncilRule, CouncilVote
from service.domain.attachments import Attachment
from service.domain.audit import Link, Verdict
from service.domain.awards import Award, Kind
from service.domain.checklists import Checklist
from service.domain.dossiers import Dossier, DossierFilter
from service.domain.drafting import IssuedDecision
from service.domain.duplicates import DuplicateWarning
from service.domain.eligibility import Eligibility
from service.domain.history import Event
from service.domain.lookup import LookupPage
from service.domain.orgs import OrgUnit
from service.domain.people import History, Person
from service.domain.people_duplicates import DuplicatePair
from service.domain.permissions import Actor
from service.domain.proposal_fields import Submission
from service.domain.proposals import CentralDecision
from service.domain.regulations import Regulation
from service.domain.rulebooks import Rulebook
from service.domain.tasks import InboxItem, Task
from service.usecases import (
    accounts,
    admin,
    appraisal,
    attachments,
    audit,
    auth,
    catalogue,
    dashboard,
    decisions,
    demo,
    dossiers,
    eligibility,
    lookup,
    merges,
    minutes,
    nominee_import,
    pages,
    people,
    people_import,
    people_merge,
    people_pages,
    proposals,
    rules,
    statistics,
    tasks,
    templates,
)
from service.usecases.dashboard import Dashboard

SERVICES = "khenthuong.services"
log = logging.getLogger(__name__)
PRESIGNED_FOR = timedelta(minutes=5)


class Services:
    def __init__(self, container: Container) -> None:
        self.container = c = container
        self._uow, self._read = c.uow, c.reader
        self._engine, self._office, self._store = c.workflow, c.office, c.store
        self.desk = DecisionDesk(container)
        self.certificates = CertificateDesk(container)
        self.clusters = ClusterDesk(container)
        self._checkpointing = threading.Lock()
        self._last_checkpoint_try: datetime | None = None

    # Pages (read models: one read-only transaction each)

    def dossier_page(self, dossier_id: int, *, actor: Actor) -> pages.DossierPage:
        return pages.dossier_page(
            dossier_id,
            actor=actor,
            uow=self._read(),
            office=self._office,
            clock=self.container.clock,
        )

    def inbox_page(self, level: str | None, award: str | None, *, actor: Actor) -> pages.InboxPage:
        return pages.inbox_page(level, award, actor=actor, uow=self._read())

    def dossier_list_page(
        self, where: DossierFilter, after: int | None, limit: int, *, actor: Actor
    ) -> pages.DossierListPage:
        return pages.dossier_list_page(where, after, limit, actor=actor, uow=self._read())

    # The registry of people and collectives (issue 14)

    def create_person(self, fields: dict[str, Any], *, actor: Actor) -> Person:
        return people.create_person(
            fields, actor=actor, uow=self._uow(), clock=self.container.clock
        )

    def update_person(
        self, person_id: int, fields: dict[str, Any], expected: int | None, *, actor: Actor
    ) -> Person:
        return people.update_person(
            person_id, fields, expected, actor=actor, uow=self._uow(), clock=self.container.clock
        )

    def add_person_history(
        self, person_id: int, entry: dict[str, Any], *, actor: Actor
    ) -> people.Entry:
        return people.add_history(
            person_id,
            entry,
            actor=actor,
            uow=self._uow(),
            clock=self.container.clock,
            rulebook=self.container.rulebook.code,
        )

    def person_history(self, person_id: int, *, actor: Actor) -> History:
        return people.person_history(person_id, actor=actor, uow=self._read())

    def search_people(
        self, q: str, *, kind: Kind | None = None, limit: int = 20, actor: Actor
    ) -> list[Person]:
        return people.search_people(q, kind=kind, limit=limit, actor=actor, uow=self._read())

    def import_people(
        self, rows: Sequence[tuple[int, Sequence[Any]]], *, dry_run: bool, actor: Actor
    ) -> nominee_import.ImportReport:
        return people_import.import_people(
            rows,
            dry_run=dry_run,
            actor=actor,
            uow=self._uow(),
            clock=self.container.clock,
            rulebook=self.container.rulebook.code,
        )

    # Dossiers and their route

    def create_dossier(
        self, draft: dossiers.DossierDraft, org_code: str | None, *, actor: Actor
    ) -> Dossier:
        return dossiers.create_dossier(
            draft,
            org_code,
            actor=actor,
            uow=self._uow(),
            engine=self._engine,
            clock=self.container.clock,
            rulebook=self.container.rulebook.code,
            zone=self.container.zone,
            engines=self.container.workflows,
        )

    def update_dossier(
        self,
        dossier_id: int,
        draft: dossiers.DossierDraft,
        expected_version: int | None,
        *,
        actor: Actor,
    ) -> Dossier:
        return dossiers.update_dossier(
            dossier_id,
            draft,
            expected_version,
            actor=actor,
            uow=self._uow(),
            engine=self._engine,
            clock=self.container.clock,
            zone=self.container.zone,
        )

    def import_nominees(
        self,
        dossier_id: int,
        rows: Sequence[tuple[int, Sequence[Any]]],
        chosen: set[int] | None,
        *,
        dry_run: bool,
        actor: Actor,
    ) -> nominee_import.ImportReport:
        return nominee_import.import_nominees(
            dossier_id,
            rows,
            chosen,
            dry_run=dry_run,
            actor=actor,
            uow=self._uow(),
            engine=self._engine,
            clock=self.container.clock,
            zone=self.container.zone,
        )

    def get_dossier(self, dossier_id: int, *, actor: Actor) -> Dossier:
        return dossiers.get_dossier(dossier_id, actor=actor, uow=self._read())

    def dossier_history(self, dossier_id: int, *, actor: Actor) -> list[Event]:
        return dossiers.dossier_history(dossier_id, actor=actor, uow=self._read())

    def dossier_warnings(self, dossier_id: int, *, actor: Actor) -> list[DuplicateWarning]:
        return dossiers.dossier_warnings(dossier_id, actor=actor, uow=self._read())

    def list_dossiers(
        self, where: DossierFilter, after: int | None, limit: int, *, actor: Actor
    ) -> dossiers.Page:
        return dossiers.list_dossiers(where, after, limit, actor=actor, uow=self._read())

    def inbox(self, *, actor: Actor) -> list[InboxItem]:
        return tasks.inbox(actor=actor, uow=self._read())

    def my_tasks_on(self, dossier_id: int, *, actor: Actor) -> list[Task]:
        return tasks.my_tasks_on(dossier_id, actor=actor, uow=self._read())

    def complete_task(
        self,
        task_id: str,
        action: str,
        comment: str,
        *,
        actor: Actor,
        appraisal: Sequence[AppraisalItem] | None = None,
        council: CouncilVote | None = None,
        submission: Submission | None = None,
    ) -> Dossier:
        return tasks.complete_task(
            task_id,
            action,
            comment,
            actor=actor,
            uow=self._uow(),
            engine=self._engine,
            office=self._office,
            store=self._store,
            clock=self.container.clock,
            appraisal=appraisal,
            council=council,
            submission=submission,
        )

    def dossier_results(self, dossier_id: int, *, actor: Actor) -> appraisal.Results:
        return appraisal.dossier_results(dossier_id, actor=actor, uow=self._read())

    def dossier_eligibility(self, dossier_id: int, *, actor: Actor) -> dict[int, Eligibility]:
        """Each nominee's eligibility (by nominee id) on today's local date."""
        return eligibility.dossier_eligibility(
            dossier_id,
            actor=actor,
            uow=self._read(),
            office=self._office,
            clock=self.container.clock,
        )

    def council_minutes(self, dossier_id: int, *, actor: Actor) -> tuple[str, bytes]:
        return minutes.council_minutes(
            dossier_id, actor=actor, uow=self._read(), office=self._office
        )

    def submit_dossier(self, dossier_id: int, comment: str, *, actor: Actor) -> Dossier:
        return tasks.submit_dossier(
            dossier_id,
            comment,
            actor=actor,
            uow=self._uow(),
            engine=self._engine,
            office=self._office,
            store=self._store,
            clock=self.container.clock,
        )

    # Attachments

    def add_attachment(
        self,
        dossier_id: int,
        kind: str | None,
        filename: str | None,
        stream: IO[bytes],
        *,
        actor: Actor,
        nominee_id: str | int | None = None,
    ) -> Attachment:
        return attachments.add_attachment(
            dossier_id,
            kind,
            filename,
            stream,
            actor=actor,
            uow=self._uow(),
            store=self._store,
            office=self._office,
            nominee_id=nominee_id,
            detect=self.container.detect,
            max_size=self.container.max_upload,
            clock=self.container.clock,
        )

    def require_can_attach(self, dossier_id: int, *, actor: Actor) -> None:
        attachments.require_can_attach(dossier_id, actor=actor, uow=self._uow())

    def list_attachments(self, dossier_id: int, *, actor: Actor) -> list[Attachment]:
        return attachments.list_attachments(dossier_id, actor=actor, uow=self._read())

    def open_attachment(
        self, dossier_id: int, attachment_id: str, *, actor: Actor
    ) -> attachments.Download:
        redirect = self.container.settings.storage_redirect
        return attachments.open_attachment(
            dossier_id,
            attachment_id,
            actor=actor,
            uow=self._read(),
            store=self._store,
            presign_for=PRESIGNED_FOR if redirect else None,
        )

    def delete_attachment(self, dossier_id: int, attachment_id: str, *, actor: Actor) -> None:
        attachments.delete_attachment(
            dossier_id,
            attachment_id,
            actor=actor,
            uow=self._uow(),
            store=self._store,
            clock=self.container.clock,
        )

    def collect_garbage(self, older_than: timedelta) -> list[str]:
        return attachments.collect_garbage(
            uow=self._uow(), store=self._store, older_than=older_than, clock=self.container.clock
        )

    def collect_incomplete_uploads(self, older_than: timedelta) -> list[str]:
        return attachments.collect_incomplete_uploads(
            store=self._store, older_than=older_than, clock=self.container.clock
        )

    def verify_objects(self) -> tuple[int, list[attachments.Problem]]:
        return attachments.verify_objects(uow=self._read(), store=self._store)

    # Decisions and templates

    def get_decision(self, dossier_id: int, *, actor: Actor) -> IssuedDecision:
        return decisions.get_decision(dossier_id, actor=actor, uow=self._read())

    def open_decision(self, dossier_id: int, *, actor: Actor) -> decisions.DecisionFile:
        return decisions.open_decision(dossier_id, actor=actor, uow=self._read(), store=self._store)

    def proposal_document(self, dossier_id: int, *, actor: Actor) -> proposals.ProposalFile:
        return proposals.proposal_document(
            dossier_id, actor=actor, uow=self._read(), office=self._office
        )

    def record_central_decision(
        self, dossier_id: int, record: dict[str, Any], *, actor: Actor
    ) -> CentralDecision:
        return proposals.record_central_decision(
            dossier_id,
            record,
            actor=actor,
            uow=self._uow(),
            office=self._office,
            clock=self.container.clock,
        )

    def central_decision(self, dossier_id: int, *, actor: Actor) -> CentralDecision | None:
        return proposals.get_central_decision(dossier_id, actor=actor, uow=self._read())

    def decision_register(
        self, issuer_code: str | None, year: int | None, *, actor: Actor
    ) -> list[IssuedDecision]:
        return decisions.decision_register(issuer_code, year, actor=actor, uow=self._read())

    def list_templates(
        self, org: str | None = None, *, actor: Actor
    ) -> list[templates.TemplateInfo]:
        return templates.list_templates(org, actor=actor, uow=self._read(), office=self._office)

    def read_template(self, name: str, org: str | None = None, *, actor: Actor) -> bytes:
        return templates.read_template(
            name, org, actor=actor, uow=self._read(), office=self._office
        )

    def replace_template(
        self, name: str, content: bytes, org: str | None = None, *, actor: Actor
    ) -> templates.TemplateInfo:
        return templates.replace_template(
            name, content, org, actor=actor, uow=self._uow(), office=self._office
        )

    # Accounts, org units, catalogue

    def list_orgs(self, *, actor: accounts.By) -> list[OrgUnit]:
        return accounts.list_orgs(actor=actor, uow=self._read())

    def add_org(
        self,
        code: str,
        name: str,
        level: str,
        parent_code: str | None,
        *,
        by: accounts.By,
        type_: str = "people_committee",
        rulebook: str | None = None,
    ) -> OrgUnit:
        return accounts.add_org(
            code,
            name,
            level,
            parent_code,
            by=by,
            uow=self._uow(),
            type_=type_,
            rulebook=rulebook,
            default_rulebook=self.container.rulebook.code,
            rulebooks=self._rulebook_codes(),
        )

    def set_org_rulebook(self, code: str, rulebook: str, *, by: accounts.By) -> OrgUnit:
        return accounts.set_org_rulebook(
            code, rulebook, by=by, uow=self._uow(), rulebooks=self._rulebook_codes()
        )

    def _rulebook_codes(self) -> set[str]:
        return {b.code for b in self.container.rulebooks.all()}

    def merge_orgs(
        self,
        sources: Sequence[str],
        into: str,
        on: date,
        *,
        by: accounts.By,
        new: merges.NewUnit | None = None,
        users: str = "move",
    ) -> merges.MergeOutcome:
        return merges.merge_orgs(sources, into, on, by=by, uow=self._uow(), new=new, users=users)

    def deactivate_org(self, code: str, *, by: accounts.By) -> None:
        accounts.deactivate_org(code, by=by, uow=self._uow())

    def add_user(
        self,
        username: str,
        password: str,
        full_name: str,
        grants: Sequence[tuple[str, str]],
        *,
        by: accounts.By,
    ) -> UserAccount:
        return accounts.add_user(
            username,
            password,
            full_name,
            grants,
            by=by,
            uow=self._uow(),
            passwords=self.container.passwords,
        )

    def list_users(self, *, actor: accounts.By) -> list[UserAccount]:
        return accounts.list_users(actor=actor, uow=self._read())

    def deactivate_user(self, username: str, *, by: accounts.By, force: bool = False) -> None:
        accounts.deactivate_user(username, by=by, uow=self._uow(), force=force)

    def set_grants(
        self,
        username: str,
        grants: Sequence[tuple[str, str]],
        *,
        by: accounts.By,
        force: bool = False,
    ) -> UserAccount:
        return accounts.set_grants(username, grants, by=by, uow=self._uow(), force=force)

    def reset_password(self, username: str, password: str, *, by: accounts.By) -> None:
        accounts.reset_password(
            username, password, by=by, uow=self._uow(), passwords=self.container.passwords
        )

    def list_awards(self, *, actor: Actor) -> list[Award]:
        return catalogue.list_awards(
            actor=actor, uow=self._read(), rulebook=self.container.rulebook.code
        )

    def award_filed_under(self, code: str, rulebook: str | None = None) -> str:
        book = rulebook or self.container.rulebook.code
        return catalogue.filed_under(code, book, uow=self._read())

    def awards_on(
        self, day: date | None, org_code: str | None, *, actor: Actor
    ) -> tuple[OrgUnit | None, list[Award]]:
        """The awards in force on ``day`` (default: today here) for a unit's province."""
        return rules.list_awards_on(
            day or self.today(),
            org_code,
            actor=actor,
            uow=self._read(),
            default_rulebook=self.container.rulebook.code,
        )

    def awards_with_checklists(
        self, day: date | None, org_code: str | None, *, actor: Actor
    ) -> tuple[OrgUnit | None, list[tuple[Award, Checklist]]]:
        """``awards_on``, each award with the parts its dossiers must hold."""
        return rules.list_awards_with_checklists(
            day or self.today(),
            org_code,
            actor=actor,
            uow=self._read(),
            office=self._office,
            default_rulebook=self.container.rulebook.code,
        )

    def council_rules(
        self, org_code: str | None, awards: Sequence[Award], *, actor: Actor
    ) -> dict[str, CouncilRule | None]:
        """How the deciding level's council votes on each award, by the unit's rulebook."""
        book = rules.rulebook_for(
            org_code, actor=actor, uow=self._read(), default_rulebook=self.container.rulebook.code
        )
        return {a.code: self._office.council_rule(a.code, book) for a in awards}

    def regulation(self, root_code: str, *, actor: Actor | None) -> Regulation:
        return rules.get_regulation(root_code, actor=actor, uow=self._read())

    def set_regulation(
        self,
        root_code: str,
        record: dict[str, Any],
        *,
        actor: Actor | None,
        by_name: str = "",
        expected_version: int | None = None,
    ) -> Regulation:
        return rules.set_regulation(
            root_code,
            record,
            actor=actor,
            by_name=by_name,
            uow=self._uow(),
            clock=self.container.clock,
            default_rulebook=self.container.rulebook.code,
            expected_version=expected_version,
            office=self._office,
        )

    def installed_rulebook(self) -> str:
        """The code of the rulebook province roots follow (``KT_RULEBOOK``)."""
        return self.container.rulebook.code

    def regulations_over(self, rulebook: str) -> list[tuple[str, Regulation]]:
        """The province roots' regulations (by root code) that override ``rulebook``."""
        return rules.regulations(rulebook, self.installed_rulebook(), uow=self._read())

    def list_rulebooks(self, *, actor: Actor) -> list[Rulebook]:
        return catalogue.list_rulebooks(actor=actor, rulebooks=self.container.rulebooks)

    def rulebook(self, code: str, *, actor: Actor) -> Rulebook:
        return catalogue.get_rulebook(code, actor=actor, rulebooks=self.container.rulebooks)

    def level_names(self) -> dict[str, str]:
        return catalogue.level_names(uow=self._read())

    def levels(self) -> list[str]:
        """The levels a dossier's route climbs, in the workflow's order (its lanes)."""
        lanes = list(self._engine.lanes)
        for engine in self.container.engines():  # then the levels only another rulebook has
            lanes += [lane for lane in engine.lanes if lane not in lanes]
        return lanes

    def load_catalogue(self, rulebook: str | None = None, *, named_by: str = "--rulebook") -> int:
        """Load ``rulebook`` (default: this installation's, ``KT_RULEBOOK``) into the database;
        an unknown code is refused naming ``named_by``, where the caller took it from."""
        c = self.container
        book = c.rulebooks.require(rulebook, named_by=named_by) if rulebook else c.rulebook
        return admin.load_catalogue(book, c.workflow_for(book.code).lanes, uow=self._uow())

    def set_org_profile(self, code: str, profile: dict[str, Any], *, actor: str) -> None:
        admin.set_org_profile(code, profile, actor=actor, uow=self._uow())

    def seed_demo(self) -> list[admin.DemoLogin]:
        return admin.seed_demo(
            self.container.rulebook,
            self._engine.lanes,
            uow=self._uow(),
            passwords=self.container.passwords,
        )

    def seed_demo_dossiers(self) -> list[Dossier]:
        return demo.seed_demo_dossiers(
            self.container.rulebook.demo_dossiers,
            uow=self._uow(),
            engine=self._engine,
            office=self._office,
            store=self._store,
            clock=self.container.clock,
            rulebook=self.container.rulebook.code,
            zone=self.container.zone,
        )

    # Logins

    def issue_token(self, username: str, password: str, address: str) -> str:
        c = self.container
        return auth.issue_token(
            username,
            password,
            address,
            uow=self._uow(),
            passwords=c.passwords,
            ttl=c.token_ttl,
            limits=c.login_limits,
            clock=self.container.clock,
        )

    def actor_for_token(self, token: str) -> Actor:
        return auth.actor_for_token(token, uow=self._read(), clock=self.container.clock)

    def revoke_token(self, token: str, *, actor: Actor) -> None:
        auth.revoke_token(token, actor=actor, uow=self._uow(), clock=self.container.clock)

    # Audit and figures

    def search_audit(
        self, f: audit.AuditFilter, after_seq: int | None, limit: int, *, actor: Actor
    ) -> list[Link]:
        return audit.search_audit(f, after_seq, limit, actor=actor, uow=self._read())

    def audit_page(
        self, f: audit.AuditFilter, after_seq: int | None, limit: int, *, actor: Actor
    ) -> audit.AuditPage:
        return audit.audit_page(f, after_seq, limit, actor=actor, uow=self._read())

    def export_audit_csv(self, f: audit.AuditFilter, *, actor: Actor) -> Iterator[str]:
        return audit.export_audit_csv(f, actor=actor, uow=self._read())

    def verify_audit(self, window: int = audit.WINDOW) -> Verdict:
        c = self.container
        return audit.verify_audit(
            uow=self._read(), store=c.audit_store, key=c.audit_key, zone=c.zone, window=window
        )

    def verify_audit_as(self, *, actor: Actor) -> Verdict:
        c = self.container
        return audit.verify_audit_as(
            actor=actor, uow=self._read(), store=c.audit_store, key=c.audit_key, zone=c.zone
        )

    def write_audit_checkpoint(self) -> audit.CheckpointOutcome:
        c = self.container
        return audit.write_checkpoint(
            uow=self._read(), store=c.audit_store, key=c.audit_key, clock=c.clock
        )

    def checkpoint_if_due(self) -> None:
        """After a state-changing request: write a checkpoint if the chain moved, at most once per
        ``KT_AUDIT_CHECKPOINT_SECONDS`` per process. Never fails the request it follows."""
        c = self.container
        every = c.settings.audit_checkpoint_seconds
        if every <= 0 or c.audit_key is None or not self._checkpointing.acquire(blocking=False):
            return  # another thread of this process is writing one now
        try:
            now = c.clock()
            if self._last_checkpoint_try and now - self._last_checkpoint_try < timedelta(
                seconds=every
            ):
                return
            self._last_checkpoint_try = now
            outcome = self.write_audit_checkpoint()
            if outcome.refused:
                log.error("audit checkpoint refused: %s", outcome.note)
        except Exception:
            log.exception("audit checkpoint failed")
        finally:
            self._checkpointing.release()

    def dashboard(self, year: int, *, actor: Actor) -> Dashboard:
        return dashboard.dashboard(year, actor=actor, uow=self._read())

    def statistics(
        self,
        period: statistics.Period,
        org_code: str | None,
        award: str | None,
        form: str | None,
        *,
        actor: Actor,
    ) -> statistics.Statistics:
        c = self.container
        return statistics.statistics(
            period,
            org_code,
            award,
            form,
            actor=actor,
            uow=self._read(),
            rulebooks=c.rulebooks,
            default_rulebook=c.rulebook.code,
        )

    def public_lookup(self, q: str, unit: str, page: int) -> LookupPage:
        enabled = self.container.settings.public_lookup
        return lookup.public_lookup(q, unit, page, uow=self._read(), enabled=enabled)

    def require_lookup_open(self) -> None:
        enabled = self.container.settings.public_lookup
        lookup.require_lookup_open(uow=self._read(), enabled=enabled)

    @property
    def zone(self) -> ZoneInfo:
        return self.container.zone

    def today(self) -> date:
        """Today where decisions are dated (``KT_TIMEZONE``), by the service's clock."""
        c = self.container
        return c.office.local_date(c.clock())

    def this_year(self) -> int:
        """The calendar year now, where decisions are dated (``KT_TIMEZONE``)."""
        c = self.container
        return c.office.local_date(c.clock()).year

    # Registry duplicates (an admin merges or dismisses them; nothing merges by itself)

    def people_list_page(
        self, q: str, page: int, size: int, *, actor: Actor
    ) -> people_pages.PeopleListPage:
        return people_pages.people_list_page(q, page, size, actor=actor, uow=self._read())

    def person_duplicates(self, *, actor: Actor) -> list[DuplicatePair]:
        return people_merge.duplicates(actor=actor, uow=self._read())

    def merge_person(
        self, person_id: int, into_id: int, *, actor: Actor
    ) -> people_merge.MergeOutcome:
        return people_merge.merge_person(
            person_id, into_id, actor=actor, uow=self._uow(), clock=self.container.clock
        )

    def mark_people_distinct(self, person_id: int, from_id: int, *, actor: Actor) -> bool:
        return people_merge.mark_distinct(
            person_id, from_id, actor=actor, uow=self._uow(), clock=self.container.clock
        )


def services() -> Services:
    """The Services of the application handling this request or CLI command."""
    found: Services = current_app.extensions[SERVICES]
    return found
