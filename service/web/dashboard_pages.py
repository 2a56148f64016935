"""The dashboard page: the figures of ``usecases.dashboard`` as bar charts (SVG) and tables."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template

from service.services import services
from service.web.i18n import translate
from service.web.session import user

bp = Blueprint("dashboard_pages", __name__)


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its length and the text written after it."""

    label: str
    value: float
    shown: str


def days(value: float | None) -> str:
    """Days with one decimal and a Vietnamese decimal comma, e.g. "2,5"."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


@bp.get("/dashboard")
def dashboard() -> str:
    svc = services()
    d = svc.dashboard(svc.this_year(), actor=user())
    names = svc.level_names()
    charts = {
        "status": [Bar(translate(f"status.{n.key}"), n.value, str(n.value)) for n in d.by_status],
        "level": [Bar(names.get(n.key, n.key), n.value, str(n.value)) for n in d.by_level],
        "timing": [
            # Sized by the figure it shows: 0,0 days is no bar, not a full one beside 0,0.
            Bar(names.get(x.level, x.level), round(x.average_days or 0, 1), days(x.average_days))
            for x in d.timings
        ],
        "awards": [Bar(a.name, a.decisions, str(a.decisions)) for a in d.awards],
    }
    return render_template("dashboard/index.html", d=d, charts=charts, days=days)
