"""The inbox: the tasks the user can act on now, with filters and counts."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from service.services import services
from service.web.session import user

bp = Blueprint("inbox_pages", __name__)


@bp.get("/")
def home() -> Response:
    return redirect(url_for("inbox_pages.inbox"))


@bp.get("/inbox")
def inbox() -> str:
    actor, svc = user(), services()
    items = svc.inbox(actor=actor)
    levels = Counter(i.task.level for i in items)
    wanted_level = request.args.get("level") or None
    wanted_award = request.args.get("award") or None
    shown = [
        i
        for i in items
        if (wanted_level is None or i.task.level == wanted_level)
        and (wanted_award is None or i.award == wanted_award)
    ]
    awards = {a.code: a for a in svc.list_awards(actor=actor)}
    return render_template(
        "inbox.html",
        items=shown,
        total=len(items),
        levels=levels,
        awards=awards,
        level=wanted_level,
        award=wanted_award,
    )
