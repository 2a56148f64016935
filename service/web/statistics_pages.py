"""The statistics page (/thong-ke): the Ministry's forms and the office's summaries with their bar
charts, filtered by year, unit and table, each table downloadable as .xlsx; and the public lookup
(/tra-cuu), which needs no login and exists only where a province opened it."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from service.documents.statistics_xlsx import table_xlsx
from service.domain.content_types import XLSX
from service.domain.errors import Invalid
from service.domain.lookup import MIN_QUERY
from service.domain.statistics import Table
from service.downloads import made_response
from service.services import services
from service.usecases.statistics import Period, Statistics
from service.web.dashboard_pages import Bar
from service.web.formatting import vn_number
from service.web.session import user

bp = Blueprint("statistics_pages", __name__)


def _year() -> int | None:
    raw = request.args.get("year", "")
    if not raw:
        return None
    if not raw.isdigit() or not 1900 <= int(raw) <= 9999:
        raise Invalid("Năm phải là số có bốn chữ số.", {"year": "năm có bốn chữ số"})
    return int(raw)


def _figures(form: str | None) -> Statistics:
    svc = services()
    period = Period.of(_year(), None, None, svc.this_year())
    return svc.statistics(
        period, request.args.get("org_code") or None, None, form or None, actor=user()
    )


def bars(table: Table) -> list[Bar]:
    """A form charts its Tổng số row by column; a summary charts each row's total."""
    if table.form:
        first = table.rows[0] if table.rows else None
        titles = table.header[4:]
        return [
            Bar(t, v, str(v)) for t, v in zip(titles, first.cells if first else (), strict=False)
        ]
    # Money (no row total) is charted by its last cell, the amount.
    shown = [(r.label, r.total if r.total is not None else r.cells[-1]) for r in table.rows]
    return [Bar(label, value, vn_number(value)) for label, value in shown]


@bp.get("/thong-ke")
def statistics() -> str:
    wanted = request.args.get("form") or None
    s = _figures(wanted)
    every = _figures(None).tables if wanted else s.tables
    return render_template(
        "statistics/index.html", s=s, bars=bars, choices=[(t.key, t.title) for t in every]
    )


@bp.get("/thong-ke/excel")
def download() -> Response:
    key = request.args.get("form", "")
    if not key:
        raise Invalid("Hãy chọn bảng cần tải.", {"form": "bắt buộc"})
    s = _figures(key)
    [table] = s.tables
    period = f"Năm {s.period.year}" if s.period.year else f"{s.period.start} – {s.period.end}"
    content = table_xlsx(table, [f"{period} · Đơn vị: {s.scope_name}"])
    slug = "".join(c if c.isalnum() else "-" for c in key)
    return made_response(
        content, name=f"thong-ke-{slug}-{s.period.year or s.period.start.year}.xlsx", mimetype=XLSX
    )


@bp.get("/tra-cuu")
def lookup() -> str:
    svc = services()
    q, unit = request.args.get("q", "").strip(), request.args.get("unit", "").strip()
    if not q:
        svc.require_lookup_open()
        return render_template(
            "statistics/lookup.html", found=None, q="", unit=unit, least=MIN_QUERY
        )
    raw_page = request.args.get("page", "1")
    page = int(raw_page) if raw_page.isdigit() and len(raw_page) < 6 else 1
    found = svc.public_lookup(q, unit, page)
    return render_template("statistics/lookup.html", found=found, q=q, unit=unit, least=MIN_QUERY)
