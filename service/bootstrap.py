"""Wiring in one place: build the adapters from settings, bind them into ready-to-call use cases.

``bootstrap(settings)`` is the only code that decides which adapter serves which port. It returns
the Services: the use cases with their collaborators bound, so that a view, a CLI command or a
test calls ``services.complete_task(task_id, action, comment, actor=actor)`` and never passes a
unit of work, an engine or a store itself. ``services.container`` keeps the adapters for the few
outer-layer needs that are not use cases (migrations, settings, disposing of the pool).
"""

from __future__ import annotations

import logging

from service.adapters.database import make_engine, make_session_factory
from service.adapters.decision_office import Budget, DecisionOffice
from service.adapters.filetypes import detect
from service.adapters.pades import PadesSeal
from service.adapters.passwords import Passwords
from service.adapters.rulebook_files import RulebookFiles
from service.adapters.workflow import WorkflowEngine
from service.container import Container
from service.documents import PdfConverter
from service.domain.checkpoints import key_from
from service.services import Services
from service.settings import Settings
from storage import ObjectStore, StorageUnavailable, open_store

log = logging.getLogger(__name__)


def bootstrap(settings: Settings) -> Services:
    audit_key = key_from(settings.audit_key)  # a short key fails here, before anything is built
    if audit_key is None:
        log.warning("KT_AUDIT_KEY is not set: the audit chain is not anchored outside the database")
    db = make_engine(settings.database_url)
    store = _ready(open_store(settings.storage_url))
    audit_url = settings.audit_store_url
    audit_store = _ready(open_store(audit_url)) if audit_url else store
    rulebooks = RulebookFiles.packaged()
    rulebook = rulebooks.require(settings.rulebook)
    workflow = WorkflowEngine(settings.workflows_dir, settings.process_id or rulebook.process)
    # Every rulebook's process, parsed once: a province root may follow another rulebook.
    workflows = {rulebook.code: workflow}
    for book in rulebooks.all():
        if book.code not in workflows:
            workflows[book.code] = WorkflowEngine(settings.workflows_dir, book.process)
    container = Container(
        settings=settings,
        db=db,
        sessions=make_session_factory(db),
        read_sessions=make_session_factory(db, read_only=True),
        workflow=workflow,
        workflows=workflows,
        passwords=Passwords(settings.argon2_time_cost, settings.argon2_memory_cost),
        store=store,
        office=DecisionOffice.from_catalogue(
            settings.templates_dir,
            rulebook,
            settings.timezone,
            Budget(settings.template_seconds, settings.template_memory_mb * 1_000_000),
            rulebooks.all(),
        ),
        rulebooks=rulebooks,
        audit_store=audit_store,
        audit_key=audit_key,
        detect=detect,
        pdf=PdfConverter(
            concurrency=settings.pdf_concurrency,
            wait=settings.pdf_wait_seconds,
            timeout=settings.pdf_timeout_seconds,
        ),
        # A root file that is not a certificate stops the start, naming the file.
        seal=PadesSeal.from_setting(settings.trust_roots),
    )
    return Services(container)


def _ready(store: ObjectStore) -> ObjectStore:
    try:
        store.ensure_ready()
    except StorageUnavailable as err:
        # Serve everything else; attachment requests answer 503 until the store is back.
        log.warning("object store not ready at start: %s", err)
    return store
