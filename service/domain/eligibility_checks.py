"""The checks behind eligibility (``domain.eligibility``), one per kind of rule.

Each reads a nominee's ``History`` in a ``Context`` (the award, the dossier's year, the day) and
says whether it passed (None: it could not be checked) with its reasons in Vietnamese, naming
the years, awards and initiatives it looked at. Revoked awards never count, nor do thematic or
ad-hoc ones (NĐ 152 Art. 4(3)).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from service.domain.eligibility_rules import (
    Alternatives,
    Condition,
    EligibilityRules,
    Initiatives,
    NoHold,
    Ratings,
    Ratios,
    SinceLast,
    Titles,
)
from service.domain.people import (
    HOLD_NAMES,
    RATING_NAMES,
    AwardRecord,
    Basis,
    History,
    HoldKind,
    Rating,
)

# Better ratings first: "good or better" reads this order.
_RATING_ORDER = (Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED, Rating.NOT_COMPLETED)


# None: the check could not be made (it warns whatever the rule's on_fail).
@dataclass(frozen=True)
class Check:
    passed: bool | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Context:
    history: History
    award: str
    year: int
    day: date
    book: EligibilityRules

    def name(self, code: str) -> str:
        return self.book.names.get(code, code)

    def names(self, codes: Iterable[str]) -> str:
        return " hoặc ".join(self.name(c) for c in codes)

    def code(self, record: AwardRecord) -> str:
        return self.book.aliases.get(record.award, record.award)

    def records(self, codes: Iterable[str], history: History | None = None) -> list[AwardRecord]:
        """The awards that count (not revoked, not thematic or ad-hoc) of ``codes``."""
        wanted = set(codes)
        found = (history or self.history).awards
        return [
            a for a in found if a.counts and a.basis is Basis.REGULAR and self.code(a) in wanted
        ]


def check(condition: Condition, c: Context) -> Check:
    match condition:
        case Titles():
            return _titles(condition, c)
        case Ratings():
            return _ratings(condition, c)
        case Initiatives():
            return _initiatives(condition, c)
        case Alternatives():
            return _alternatives(condition, c)
        case Ratios():
            return _ratios(condition, c)
        case SinceLast():
            return _since_last(condition, c)
        case NoHold():
            return _no_hold(condition, c)


def _window(year: int, offset: int, count: int) -> list[int]:
    last = year - offset
    return list(range(last - count + 1, last + 1))


def _years(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years)


def _span(years: Sequence[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _chain(what: str, count: int, window: list[int], held: set[int]) -> Check:
    have = [y for y in window if y in held]
    missing = [y for y in window if y not in held]
    if not missing:
        return Check(True, (f"Đủ {count:02d} năm liên tục {what}: {_years(have)}.",))
    had = f"có {_years(have)}" if have else "chưa có năm nào"
    text = f"Chưa đủ {count:02d} năm liên tục {what}: {had}; thiếu {_years(missing)}."
    return Check(False, (text,))


def _titles(rule: Titles, c: Context) -> Check:
    window = _window(c.year, rule.offset, rule.count)
    held = {a.year for a in c.records(rule.awards)}
    return _chain(f"đạt {c.names(rule.awards)}", rule.count, window, held)


def _rating_phrase(rating: Rating) -> str:
    text = RATING_NAMES[rating].lower()
    return text if rating is Rating.EXCELLENT else f"{text} trở lên"


def _at_least(found: Rating | None, wanted: Rating) -> bool:
    return found is not None and _RATING_ORDER.index(found) <= _RATING_ORDER.index(wanted)


def _ratings(rule: Ratings, c: Context) -> Check:
    window = _window(c.year, rule.offset, rule.count)
    held = {y for y in window if _at_least(c.history.rating_in(y), rule.rating)}
    if rule.count > 1:
        return _chain(_rating_phrase(rule.rating), rule.count, window, held)
    (year,) = window
    found = c.history.rating_in(year)
    if year in held:
        return Check(True, (f"Năm {year}: {_rating_phrase(rule.rating)}.",))
    said = RATING_NAMES[found].lower() if found else "chưa có đánh giá"
    return Check(False, (f"Năm {year} chưa đạt {_rating_phrase(rule.rating)} ({said}).",))


def _initiatives(rule: Initiatives, c: Context) -> Check:
    window = _window(c.year, rule.offset, rule.years)
    scopes = c.book.scopes
    floor = scopes.index(rule.scope)
    found = [
        i
        for i in c.history.initiatives
        if i.year in window
        and i.scope in scopes
        and scopes.index(i.scope) <= floor
        and (i.applied or not rule.applied)
    ]
    scope = c.book.scope_names.get(rule.scope, rule.scope)
    what = f"sáng kiến {'được áp dụng ' if rule.applied else ''}phạm vi {scope}"
    if rule.scope != scopes[0]:
        what += " trở lên"
    where = f"trong {'năm' if len(window) == 1 else 'các năm'} {_span(window)}"
    if len(found) >= rule.count:
        listed = "; ".join(f"{i.title} ({i.year})" for i in found)
        return Check(True, (f"Có {rule.count:02d} {what} {where}: {listed}.",))
    had = f"mới có {len(found):02d}" if found else "chưa có sáng kiến nào"
    return Check(False, (f"Chưa đủ {rule.count:02d} {what} {where}: {had}.",))


def _alternatives(rule: Alternatives, c: Context) -> Check:
    tried: list[str] = []
    unknown = False
    for number, group in enumerate(rule.groups, start=1):
        checks = [check(cond, c) for cond in group]
        if all(k.passed for k in checks):
            return Check(True, tuple(r for k in checks for r in k.reasons))
        unknown = unknown or any(k.passed is None for k in checks)
        failing = " ".join(r for k in checks if not k.passed for r in k.reasons)
        tried.append(f"({number}) {failing}")
    text = "Chưa đạt điều kiện nào trong các trường hợp: " + " ".join(tried)
    return Check(None if unknown else False, (text,))


def _share(part: int, whole: int) -> Decimal:
    return Decimal(part) / Decimal(whole)


def _percent(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal(1))}%"


def _ratios(rule: Ratios, c: Context) -> Check:
    (year,) = _window(c.year, rule.offset, 1)
    members = c.history.members
    if not members:
        text = (
            f"Chưa có thành viên của tập thể trong sổ theo dõi khen thưởng nên chưa kiểm tra "
            f"được tỷ lệ thành viên năm {year}."
        )
        return Check(None, (text,))
    whole = len(members)
    done = sum(_at_least(m.rating_in(year), Rating.COMPLETED) for m in members)
    ldtt = sum(any(a.year == year for a in c.records(rule.ldtt_awards, m)) for m in members)
    cstd = sum(any(a.year == year for a in c.records(rule.cstdcs_awards, m)) for m in members)
    failed = []
    said = [
        f"hoàn thành nhiệm vụ {done}/{whole} (cần {_percent(rule.completed)})",
        f"{c.names(rule.ldtt_awards)} {ldtt}/{whole} (cần {_percent(rule.ldtt)})",
        f"{c.names(rule.cstdcs_awards)} {cstd} (cần {rule.cstdcs})",
    ]
    failed = [
        _share(done, whole) < rule.completed,
        _share(ldtt, whole) < rule.ldtt,
        cstd < rule.cstdcs,
    ]
    if rule.no_discipline:
        punished = sum(
            any(h.kind is HoldKind.DISCIPLINE and h.opened_on.year == year for h in m.holds)
            for m in members
        )
        said.append(f"bị xem xét kỷ luật {punished}")
        failed.append(punished > 0)
    text = f"Năm {year}, {whole} thành viên trong sổ: " + "; ".join(said) + "."
    return Check(not any(failed), (text,))


def _since_last(rule: SinceLast, c: Context) -> Check:
    codes = rule.previous or (c.award,)
    records = c.records(codes)
    same = [a for a in records if a.year == c.year and c.code(a) == c.award]
    if same:
        return Check(False, (f"Đã được tặng {c.name(c.award)} năm {c.year}{_cited(same[0])}.",))
    earlier = [a for a in records if a.year < c.year]
    if not earlier or rule.years == 0:
        return Check(True, ())
    last = max(earlier, key=_counted_from)
    start = _counted_from(last)
    passed = c.year - start.year
    said = (
        f"Lần khen trước: {c.name(c.code(last))} năm {last.year}{_cited(last)}, tính từ "
        f"{start:%d/%m/%Y}; đến hết năm {c.year} được {passed:02d} năm (cần {rule.years:02d} năm)."
    )
    return Check(passed >= rule.years, (said,))


def _counted_from(record: AwardRecord) -> date:
    """Where the next award counts from (NĐ 152 Art. 33(7)): the period the decision stated,
    else its date, else the end of the year it was for."""
    return record.period_to or record.decision_date or date(record.year, 12, 31)


def _cited(record: AwardRecord) -> str:
    return f" (Quyết định số {record.decision_number})" if record.decision_number else ""


def _no_hold(rule: NoHold, c: Context) -> Check:
    found = [h for h in c.history.open_holds(c.day) if h.kind in rule.kinds]
    if not found:
        return Check(True, ())
    said = "; ".join(f"{HOLD_NAMES[h.kind]} từ {h.opened_on:%d/%m/%Y}" for h in found)
    text = f"Tạm dừng xét khen thưởng (Nghị định 152/2025/NĐ-CP, Điều 4 khoản 4): {said}."
    return Check(False, (text,))
