"""The commendation service: ``create_app(settings)`` builds the Flask application.

Nothing is created at import time; everything the application uses is built here and kept in
``app.extensions["khenthuong"]`` (a Container).
"""

from __future__ import annotations

import logging

from flask import Flask

from service.adapters.database import make_engine, make_session_factory
from service.adapters.decision_office import DecisionOffice
from service.adapters.passwords import Passwords
from service.adapters.workflow import WorkflowEngine
from service.api import register_api
from service.cli import register_cli
from service.container import EXTENSION, Container
from service.failures import json_failure, register_error_handlers
from service.settings import Settings
from service.web import error_page, register_web
from storage import StorageUnavailable, open_store

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    # No application static folder: its /static route would shadow the pages' assets blueprint.
    app = Flask(__name__, static_folder=None)
    app.config.update(SECRET_KEY=settings.secret_key, JSON_AS_ASCII=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    db = make_engine(settings.database_url)
    store = open_store(settings.storage_url)
    try:
        store.ensure_ready()
    except StorageUnavailable as err:
        # Serve everything else; attachment requests answer 503 until the store is back.
        log.warning("object store not ready at start: %s", err)
    app.extensions[EXTENSION] = container = Container(
        settings=settings,
        db=db,
        sessions=make_session_factory(db),
        workflow=WorkflowEngine(settings.workflows_dir, settings.process_id),
        passwords=Passwords(settings.argon2_time_cost, settings.argon2_memory_cost),
        store=store,
        office=DecisionOffice.from_catalogue(
            settings.templates_dir, settings.base_salary, settings.timezone
        ),
    )
    # Multipart framing adds a little to the file itself; the store enforces the exact limit.
    app.config["MAX_CONTENT_LENGTH"] = container.max_upload + 1_000_000
    register_api(app)
    register_web(app)
    register_error_handlers(app, api=json_failure, page=error_page)
    register_cli(app)
    return app
