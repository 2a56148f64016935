"""The inbox: the tasks the user can act on now, with filters and counts."""

from __future__ import annotations

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
    wanted_level = request.args.get("level") or None
    wanted_award = request.args.get("award") or None
    page = services().inbox_page(wanted_level, wanted_award, actor=user())
    return render_template(
        "inbox.html",
        items=page.items,
        total=page.total,
        levels=page.levels,
        awards=page.awards,
        level_names=page.level_names,
        level=wanted_level,
        award=wanted_award,
    )
