"""Statistics (the Ministry's forms and the office's summaries) and the public lookup."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, request
from pydantic import BaseModel

from service.api.http import answer, caller, doc, int_arg
from service.api.statistics_schemas import (
    LookupOut,
    PublicAwardOut,
    StatisticsOut,
    TableOut,
    TableRowOut,
)
from service.domain.errors import Invalid
from service.domain.statistics import Table, TableRow
from service.services import services
from service.usecases.statistics import Period

bp = Blueprint("statistics", __name__)


def date_arg(name: str) -> date | None:
    raw = request.args.get(name) or ""
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Invalid(
            f"Tham số '{name}' phải là ngày YYYY-MM-DD.", {name: "ngày YYYY-MM-DD"}
        ) from None


def period_args() -> Period:
    return Period.of(int_arg("year"), date_arg("from"), date_arg("to"), services().this_year())


def _row(r: TableRow) -> TableRowOut:
    return TableRowOut(label=r.label, code=r.code, unit=r.unit, cells=list(r.cells), total=r.total)


def table_out(t: Table) -> TableOut:
    return TableOut(
        key=t.key,
        title=t.title,
        basis=t.basis,
        available=t.available,
        note=t.note,
        header=list(t.header),
        rows=[_row(r) for r in t.rows],
        footer=_row(t.footer) if t.footer else None,
        total=t.grand_total,
    )


@bp.get("/statistics")
@doc(
    "Thống kê khen thưởng: các biểu của Bộ Nội vụ và bảng tổng hợp theo đơn vị, hình thức, "
    "cấp, giới tính, dân tộc (năm, hoặc from/to; đơn vị và cấp dưới)",
    response=StatisticsOut,
    errors=(401, 403, 422),
    query=("year", "from", "to", "org_code", "award", "form"),
)
def statistics() -> tuple[Response, int]:
    a = request.args
    s = services().statistics(
        period_args(),
        a.get("org_code") or None,
        a.get("award") or None,
        a.get("form") or None,
        actor=caller(),
    )
    circular = s.rules.circular
    out: BaseModel = StatisticsOut(
        year=s.period.year,
        start=s.period.start,
        end=s.period.end,
        org_code=s.scope_code,
        org_name=s.scope_name,
        circular=circular.name,
        circular_verified=circular.verified,
        due=s.rules.due,
        awarded=s.awarded,
        tables=[table_out(t) for t in s.tables],
    )
    return answer(out)


@bp.get("/public/awards")
@doc(
    "Tra cứu công khai khen thưởng đã quyết định theo họ tên (ít nhất 3 chữ cái, không phân "
    "biệt dấu) và đơn vị; 50 kết quả một trang; 404 khi tỉnh chưa mở tra cứu",
    response=LookupOut,
    errors=(404, 422),
    public=True,
    query=("q", "unit", "page"),
)
def public_awards() -> tuple[Response, int]:
    a = request.args
    found = services().public_lookup(a.get("q", ""), a.get("unit", ""), int_arg("page") or 1)
    return answer(
        LookupOut(
            page=found.page,
            more=found.more,
            items=[
                PublicAwardOut(
                    full_name=i.full_name,
                    unit=i.unit,
                    award=i.award,
                    decision_number=i.decision_number,
                    decision_date=i.decision_date,
                    issuer=i.issuer,
                )
                for i in found.items
            ],
        )
    )
