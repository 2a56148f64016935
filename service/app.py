"""The Flask application: ``create_app(settings)`` builds it around the bound use cases.

Nothing is created at import time. ``service.bootstrap`` builds the adapters and binds the use
cases; the application keeps the result in ``app.extensions`` (``services()`` finds it there)
and registers the API, the pages, the error handlers and the CLI around it.
"""

from __future__ import annotations

from flask import Flask, Response, request

from service import boundary, headers
from service.api import register_api
from service.bootstrap import bootstrap
from service.cli import register_cli
from service.failures import json_failure, register_error_handlers
from service.services import SERVICES, services
from service.settings import Settings
from service.web import error_page, register_web

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    # No application static folder: its /static route would shadow the pages' assets blueprint.
    app = Flask(__name__, static_folder=None)
    app.config.update(SECRET_KEY=settings.secret_key, JSON_AS_ASCII=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    services = bootstrap(settings)
    app.extensions[SERVICES] = services
    # Multipart framing adds a little to the file itself; the store enforces the exact limit.
    app.config["MAX_CONTENT_LENGTH"] = services.container.max_upload + 1_000_000
    boundary.install(app)  # before the blueprints: their routes take its converter
    register_api(app)
    register_web(app)
    register_error_handlers(app, api=json_failure, page=error_page)
    headers.install(app)
    register_cli(app)
    app.after_request(_checkpoint_after_change)
    return app


def _checkpoint_after_change(response: Response) -> Response:
    """Anchor the audit chain soon after it moves, without waiting for cron (throttled)."""
    if request.method not in SAFE_METHODS:
        services().checkpoint_if_due()
    return response
