"""The JSON API under /api/v1: auth, awards, dossiers, attachments, tasks, the OpenAPI document."""

from __future__ import annotations

from flask import Flask, current_app, g, request

from service.api import (
    admin,
    attachments,
    audit,
    auth,
    awards,
    certificates,
    clusters,
    council,
    decisions,
    dossiers,
    openapi,
    originals,
    people,
    people_merge,
    proposals,
    regulations,
    rulebooks,
    sheets,
    signers,
    statistics,
    tasks,
    templates,
)
from service.api.http import bearer_token
from service.domain.errors import NotAuthenticated
from service.services import services

BLUEPRINTS = (
    auth.bp,
    awards.bp,
    rulebooks.bp,
    dossiers.bp,
    sheets.bp,
    attachments.bp,
    tasks.bp,
    decisions.bp,
    originals.bp,
    proposals.bp,
    council.bp,
    templates.bp,
    admin.bp,
    signers.bp,
    certificates.bp,
    clusters.bp,
    regulations.bp,
    audit.bp,
    statistics.bp,
    people.bp,
    people_merge.bp,
    openapi.bp,
)
PREFIX = "/api/v1"


def register_api(app: Flask) -> None:
    for bp in BLUEPRINTS:
        app.register_blueprint(bp, url_prefix=PREFIX)


def _authenticate() -> None:
    """Resolve the bearer token of every API request except the few public endpoints."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "openapi", {}).get("public"):
        return
    token = bearer_token()
    if token is None:
        raise NotAuthenticated("Thiếu mã truy cập (Authorization: Bearer …).")
    g.actor = services().actor_for_token(token)


# On the API's own blueprints: the pages and their assets never see a bearer-token check.
for _bp in BLUEPRINTS:
    _bp.before_request(_authenticate)
