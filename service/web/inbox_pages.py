"""The inbox: the tasks the user can act on now, with filters and counts."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from service.container import current
from service.usecases.catalogue import list_awards
from service.usecases.tasks import inbox as inbox_items
from service.web.session import user

bp = Blueprint("inbox_pages", __name__)


@bp.get("/")
def home() -> Response:
    return redirect(url_for("inbox_pages.inbox"))


@bp.get("/inbox")
def inbox() -> str:
    actor = user()
    items = inbox_items(actor=actor, uow=current().uow())
    levels = Counter(i.task.level for i in items)
    wanted_level = request.args.get("level") or None
    wanted_award = request.args.get("award") or None
    shown = [
        i
        for i in items
        if (wanted_level is None or i.task.level == wanted_level)
        and (wanted_award is None or i.award == wanted_award)
    ]
    awards = {a.code: a for a in list_awards(actor=actor, uow=current().uow())}
    return render_template(
        "inbox.html",
        items=shown,
        total=len(items),
        levels=levels,
        awards=awards,
        level=wanted_level,
        award=wanted_award,
    )
