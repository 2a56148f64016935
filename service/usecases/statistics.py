"""Statistics of the awards given, for the people who may see the dossiers behind them.

``statistics`` answers the Ministry of Home Affairs' forms of the scope's rulebook and the
office's summaries for one period (a calendar year, or the days from ``start`` to ``end``) and
one unit's subtree, counting only what the actor could open (``guards.visible_units``): one
read-only transaction, one grouped query per register (decisions issued here, decisions recorded
from above), the tables built from its few rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from service.domain.awards import Kind
from service.domain.drafting import prize_for
from service.domain.errors import Forbidden, Invalid
from service.domain.orgs import OrgUnit
from service.domain.permissions import DOSSIER_ROLES, Actor
from service.domain.statistics import (
    Awarded,
    Prized,
    StatisticsRules,
    Table,
    form_table,
    prize_table,
    summaries,
)
from service.usecases.guards import visible_units
from service.usecases.ports import RulebookLibrary, UnitOfWork
from service.usecases.rules import rulebook_of

# The register holds nothing before the service existed; a year far outside this is a typo.
MIN_YEAR, MAX_YEAR = 1945, 2100


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    year: int | None  # set when the period is a calendar year

    @classmethod
    def of(cls, year: int | None, start: date | None, end: date | None, this_year: int) -> Period:
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise Invalid("Năm thống kê không hợp lệ.", {"year": f"từ {MIN_YEAR} đến {MAX_YEAR}"})
        if start is None and end is None:
            y = year or this_year
            return cls(date(y, 1, 1), date(y, 12, 31), y)
        first, last = start or date(end.year if end else this_year, 1, 1), end or date.max
        if first > last:
            raise Invalid(
                "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.",
                {"from": "phải trước hoặc bằng 'to'", "to": "phải sau hoặc bằng 'from'"},
            )
        return cls(first, last, None)


@dataclass(frozen=True)
class Statistics:
    period: Period
    scope_code: str
    scope_name: str
    rules: StatisticsRules
    tables: list[Table]
    awarded: int  # awarded nominees in the register for the period and scope
    # The units one may narrow the figures to, (code, name), the actor's highest first.
    units: list[tuple[str, str]]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def statistics(
    period: Period,
    org_code: str | None,
    award: str | None,
    form: str | None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    rulebooks: RulebookLibrary,
    default_rulebook: str,
) -> Statistics:
    if not actor.units_with(DOSSIER_ROLES):
        raise Forbidden("Thống kê dành cho người lập, phê duyệt hoặc kiểm soát hồ sơ.")
    with uow:
        visible = visible_units(uow, actor)
        units = {u.id: u for u in uow.orgs.all()}
        root = _scope(uow, org_code, actor, units)
        scope = uow.orgs.subtree_ids([root.id]) if org_code else None
        groups = uow.stats.awarded(visible, scope, period.start, period.end, award)
        prized = uow.stats.prized(visible, scope, period.start, period.end)
        wanted = [p for p in prized if award in (None, p.award)]
        prizes = _prizes(uow, rulebooks, default_rulebook, wanted)
        level_names = {lv.code: lv.name for lv in uow.orgs.levels()}
        top = _scope(uow, None, actor, units)
        choices = _choices(uow.orgs.subtree_ids([top.id]), units)
        book = rulebooks.get(rulebook_of(uow, root.id, default_rulebook))
    rules = book.statistics if book else StatisticsRules()
    tables = [form_table(f, rules, groups) for f in rules.forms]
    tables += summaries(groups, _rows_by_unit(groups, root, units), level_names)
    tables.append(prize_table(prizes))
    if form is not None:
        tables = [t for t in tables if t.key == form]
        if not tables:
            raise Invalid(
                f"Không có bảng thống kê '{form}'.", {"form": "mã biểu hoặc tên bảng không có"}
            )
    total = sum(g.count for g in groups)
    return Statistics(period, root.code, root.name, rules, tables, total, choices)


def _choices(ids: Iterable[int], units: Mapping[int, OrgUnit]) -> list[tuple[str, str]]:
    found = [units[i] for i in ids if i in units and units[i].active]
    found.sort(key=lambda u: (len(_ancestors(u, units)), u.name))
    return [(u.code, u.name) for u in found]


def _prizes(
    uow: UnitOfWork, rulebooks: RulebookLibrary, default: str, found: Iterable[Prized]
) -> dict[str, tuple[int, int]]:
    """By award name: awarded nominees and their prize money, each at the amount of its
    decision's day (the award as its dossier's rulebook reads it, and that day's base salary)."""
    amounts: dict[str, tuple[int, int]] = {}
    for p in found:
        code = p.rulebook or default
        award, book = uow.awards.get(p.award, code), rulebooks.get(code)
        if award is None or book is None:
            continue
        each = prize_for(award, Kind(p.kind), book.base_salary_on(p.day))
        n, money = amounts.get(award.name, (0, 0))
        amounts[award.name] = (n + p.count, money + each * p.count)
    return amounts


def _scope(
    uow: UnitOfWork, org_code: str | None, actor: Actor, units: Mapping[int, OrgUnit]
) -> OrgUnit:
    """The unit whose subtree is counted: the one named, else the actor's highest unit."""
    if org_code:
        unit = uow.orgs.by_code(org_code)
        if unit is None:
            raise Invalid(f"Không có đơn vị mã '{org_code}'.", {"org_code": "không có đơn vị này"})
        if not visible_units(uow, actor).sees(unit.id, True):
            raise Forbidden("Đơn vị này nằm ngoài phạm vi bạn được xem.")
        return unit
    granted = [units[i] for i in actor.units_with(DOSSIER_ROLES) if i in units]
    return min(granted, key=lambda u: (len(_ancestors(u, units)), u.id))


def _ancestors(unit: OrgUnit, units: Mapping[int, OrgUnit]) -> list[int]:
    chain, at = [], unit.parent_id
    while at is not None and at in units:
        chain.append(at)
        at = units[at].parent_id
    return chain


def _rows_by_unit(
    groups: Iterable[Awarded], root: OrgUnit, units: Mapping[int, OrgUnit]
) -> dict[int, str]:
    """The row of the by-unit table each dossier's unit counts in: the root's child it sits
    under (a ward in its district), the root itself for its own dossiers."""
    rows: dict[int, str] = {}
    for org_id in {g.org_id for g in groups}:
        unit = units[org_id]
        if unit.id == root.id:
            rows[org_id] = f"{root.name} (trực tiếp)"
            continue
        path = [unit.id, *_ancestors(unit, units)]
        below = path.index(root.id) - 1 if root.id in path else -1
        rows[org_id] = units[path[below]].name if below >= 0 else unit.name
    return rows
