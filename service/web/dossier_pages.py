"""Dossier pages: the list with search and filters (the form and the dossier page join later)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from service.container import current
from service.domain.dossiers import DossierFilter, Status
from service.domain.errors import Invalid
from service.usecases.catalogue import list_awards
from service.usecases.dossiers import list_dossiers
from service.web.session import user

bp = Blueprint("dossier_pages", __name__)
PAGE = 25


def _int(name: str) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Invalid(f"'{name}' phải là số.", {name: "phải là số"})
    return int(raw)


@bp.get("/dossiers")
def index() -> str:
    actor, c = user(), current()
    where = DossierFilter(
        status=request.args.get("status") or None,
        level=request.args.get("level") or None,
        year=_int("year"),
        award=request.args.get("award") or None,
        text=request.args.get("q", "").strip() or None,
    )
    page = list_dossiers(where, _int("after"), PAGE, actor=actor, uow=c.uow())
    awards = {a.code: a for a in list_awards(actor=actor, uow=c.uow())}
    return render_template(
        "dossiers/list.html",
        page=page,
        where=where,
        awards=awards,
        statuses=list(Status),
        levels=c.workflow.lanes,
        args=request.args,
    )
