"""The auditor's pages: search the audit trail, export it as CSV, and see whether its chain holds.

Dates in the filter are days in Vietnam's time, typed dd/mm/yyyy or yyyy-mm-dd; "to" includes the
whole of its day. A bad date re-shows the form with the problem beside the field (422).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from flask import Blueprint, Response, render_template, request

from service.domain.errors import Invalid
from service.domain.history import Names
from service.domain.inputs import MAX_INT, TOO_BIG_FIELD, refuse_too_big
from service.services import services
from service.usecases.audit import AuditFilter
from service.web.i18n import translate
from service.web.session import user

bp = Blueprint("audit_pages", __name__)
PAGE = 50
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def _day(raw: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def _moment(name: str, problems: dict[str, str], *, end: bool = False) -> datetime | None:
    """The start of the typed day in the service's time zone (or of the next, for an end)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    day = _day(raw)
    if day is None:
        problems[name] = translate("audit.bad_date")
        return None
    day += timedelta(days=1) if end else timedelta()
    return datetime(day.year, day.month, day.day, tzinfo=services().zone)


def _whole(name: str, problems: dict[str, str], bad: str | None) -> int | None:
    """The parameter as a whole number a database INTEGER holds; a problem (or None) otherwise."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    # isdigit alone takes "²", which int() does not.
    if not (raw.isascii() and raw.isdigit()):
        if bad is not None:
            problems[name] = bad
        return None
    if int(raw) > MAX_INT:
        problems[name] = TOO_BIG_FIELD
        return None
    return int(raw)


def _dossier_id(problems: dict[str, str]) -> int | None:
    return _whole("dossier", problems, translate("audit.bad_dossier"))


def _cursor() -> int | None:
    """Where the page starts; a garbled cursor starts from the top, one out of range is refused."""
    raw = request.args.get("after", "")
    return refuse_too_big("after", int(raw)) if raw.isascii() and raw.isdigit() else None


def audit_filter() -> AuditFilter:
    """The filter the query string asks for; Invalid, naming each bad field, if it is wrong."""
    problems: dict[str, str] = {}
    f = AuditFilter(
        dossier_id=_dossier_id(problems),
        actor=request.args.get("actor", "").strip() or None,
        since=_moment("from", problems),
        until=_moment("to", problems, end=True),
    )
    if problems:
        raise Invalid(translate("audit.bad_filter"), problems)
    return f


def action_label(action: str) -> str:
    """The Vietnamese name of an audited action; dossier actions are named in common.json."""
    for key in (f"action.{action}", f"audit.action.{action}"):
        label = translate(key)
        if label != key:
            return label
    return action


@bp.get("/audit")
def search() -> tuple[str, int]:
    actor, svc = user(), services()
    verdict = svc.verify_audit_as(actor=actor)  # also refuses non-auditors (403)
    try:
        where = audit_filter()
        after = _cursor()
    except Invalid as err:
        page = _render(
            verdict=verdict,
            links=[],
            names=Names(),
            more=False,
            errors=err.fields,
            message=err.message,
        )
        return page, 422
    found = svc.audit_page(where, after, PAGE + 1, actor=actor)
    links = found.links
    page = _render(
        verdict=verdict, links=links[:PAGE], names=found.names, more=len(links) > PAGE, errors={}
    )
    return page, 200


def _render(**values: object) -> str:
    return render_template(
        "audit/search.html", args=request.args, action_label=action_label, **values
    )


@bp.get("/audit/export.csv")
def export() -> Response:
    lines = services().export_audit_csv(audit_filter(), actor=user())
    first = next(lines)  # runs the permission check before the response starts
    return Response(
        _with_bom(first, lines),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="nhat-ky.csv"'},
    )


def _with_bom(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield "\ufeff" + first  # a BOM, so spreadsheet programs read the Vietnamese as UTF-8
    yield from rest
