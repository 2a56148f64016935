"""Rulebooks: the dated rules a province's commendation work follows (issue 12, item 1).

A rulebook is data (``service/catalog/rulebooks/*.json``): its levels, top first, and rules each
in force from ``valid_from`` to ``valid_to`` (inclusive; None is open). Rules change by date, not
by release: a base salary raised on 01/07 applies to decisions dated from that day and leaves
earlier ones as they were. This module holds the shape and the choice of the rule in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any, Protocol, TypeVar

from service.domain.appraisal import Base, CouncilRule
from service.domain.awards import Award, with_aliases
from service.domain.checklists import Checklist, Checklists
from service.domain.eligibility_rules import EligibilityRules, catalogue_of, read_rules
from service.domain.errors import ConfigurationError
from service.domain.orgs import Level
from service.domain.proposal_fields import REQUIRABLE
from service.domain.statistics import StatisticsRules

# The rulebook of an installation that names none (settings.Settings.rulebook's default).
DEFAULT_RULEBOOK = "three_tier_nd98"


class Dated(Protocol):
    @property
    def valid_from(self) -> date: ...
    @property
    def valid_to(self) -> date | None: ...


D = TypeVar("D", bound=Dated)


def in_force(day: date, item: Dated) -> bool:
    return item.valid_from <= day and (item.valid_to is None or day <= item.valid_to)


def rule_on(day: date, rules: Iterable[D]) -> D | None:
    """The rule in force on ``day``; of overlapping ones, the one that started last."""
    found = [r for r in rules if in_force(day, r)]
    return max(found, key=lambda r: r.valid_from) if found else None


@dataclass(frozen=True)
class BaseSalary:
    """Mức lương cơ sở: the base of prize money (NĐ 152/2025 Arts. 49–55), set by a decree."""

    amount: int
    valid_from: date
    valid_to: date | None
    basis: str


@dataclass(frozen=True)
class LegalBasis:
    """A căn cứ line a decision cites, while its text is in force."""

    text: str
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class Office:
    """The commendation office of a level (Sở Nội vụ at a province): it receives and appraises
    dossiers and submits them to the deciding head; ``head`` is its head's title."""

    name: str
    head: str


@dataclass(frozen=True)
class Rulebook:
    code: str
    name: str
    valid_from: date
    valid_to: date | None
    basis: str
    levels: tuple[Level, ...]
    base_salaries: tuple[BaseSalary, ...]
    legal_bases: tuple[LegalBasis, ...]
    # The awards decided under it (with the old codes kept as aliases), the BPMN process its
    # dossiers follow (its lanes are the levels), and the demo world ``seed-demo`` loads for it
    # (catalogue file names).
    awards: tuple[Award, ...] = ()
    process: str = "nomination"
    demo: str = "demo.json"
    demo_dossiers: str | None = None
    # Where the province sends what it only proposes (state awards): its tờ trình is addressed
    # to ``proposal_to`` through ``proposal_via`` (NĐ 152 Art. 33(10), 45(5); domain.md §1.2).
    proposal_to: str = "Thủ tướng Chính phủ"
    proposal_via: str = "Bộ Nội vụ"
    # The parts a dossier of each award must hold before it is submitted (domain.checklists).
    checklists: Checklists = field(default_factory=Checklists)

    def checklist_for(self, award: Award) -> Checklist:
        return self.checklists.for_award(award.canonical, award.family)

    # By level: its commendation office, and the fund its decisions pay prize money from (Điều 2).
    offices: Mapping[str, Office] = field(default_factory=dict)
    funding: Mapping[str, str] = field(default_factory=dict)
    # The proposal fields (domain.proposal_fields) a dossier needs before it leaves its unit.
    required_on_submit: tuple[str, ...] = ()
    # The council's vote at the deciding level: the rule of each award named (None: no vote),
    # and the one of every other award (NĐ 152 Art. 33(5); ``councils`` in the rulebook file).
    councils: tuple[tuple[str, CouncilRule | None], ...] = ()
    council_default: CouncilRule | None = None
    # The Ministry of Home Affairs' statistical forms and their circular (domain.statistics).
    statistics: StatisticsRules = field(default_factory=StatisticsRules)
    # What a nominee must already have for each award (domain.eligibility; ``eligibility``).
    eligibility: EligibilityRules = field(default_factory=EligibilityRules)

    def council_rule(self, award_code: str) -> CouncilRule | None:
        """Whether and how the council votes on a nominee for the award (None: no vote)."""
        return dict(self.councils).get(award_code, self.council_default)

    def base_salary_on(self, day: date) -> int:
        rule = rule_on(day, self.base_salaries)
        if rule is None:
            raise ConfigurationError(
                f"Bộ quy định '{self.code}' không có mức lương cơ sở áp dụng ngày "
                f"{day:%d/%m/%Y}; hãy bổ sung vào bộ quy định."
            )
        return rule.amount

    def legal_bases_on(self, day: date) -> list[str]:
        return [b.text for b in self.legal_bases if in_force(day, b)]

    @classmethod
    def from_record(cls, record: dict[str, object]) -> Rulebook:
        levels = sorted(
            (
                Level(str(lv["code"]), str(lv["name"]), int(str(lv["rank"])))
                for lv in _items(record, "levels")
            ),
            key=lambda lv: lv.rank,
        )
        valid_from, valid_to = _day(record["valid_from"]), _day_or_none(record.get("valid_to"))
        book = cls(
            code=str(record["code"]),
            name=str(record["name"]),
            valid_from=valid_from,
            valid_to=valid_to,
            basis=str(record.get("basis", "")),
            levels=tuple(levels),
            base_salaries=tuple(
                BaseSalary(
                    int(str(s["amount"])),
                    _day(s["valid_from"]),
                    _day_or_none(s.get("valid_to")),
                    str(s.get("basis", "")),
                )
                for s in _items(record, "base_salaries")
            ),
            legal_bases=tuple(
                LegalBasis(str(b["text"]), _day(b["valid_from"]), _day_or_none(b.get("valid_to")))
                for b in _items(record, "legal_bases")
            ),
            awards=tuple(
                _dated(a, valid_from, valid_to)
                for r in _items(record, "awards")
                for a in with_aliases(r)
            ),
            process=str(record.get("process", "nomination")),
            demo=str(record.get("demo", "demo.json")),
            demo_dossiers=None
            if record.get("demo_dossiers") is None
            else str(record["demo_dossiers"]),
            **_proposal_addressing(record),
            checklists=Checklists.from_record(_section(record, "checklists")),
            statistics=StatisticsRules.from_record(_section(record, "statistics")),
            offices=_offices(record),
            funding=_funding(record),
            required_on_submit=_required_on_submit(record),
        )
        councils, default = _councils(record)
        return replace(
            book, councils=councils, council_default=default, eligibility=_eligibility(record, book)
        )


def _eligibility(record: dict[str, object], book: Rulebook) -> EligibilityRules:
    catalogue = catalogue_of(
        {a.code: a.canonical for a in book.awards},
        {a.code: a.name for a in book.awards if a.alias_of is None},
        [(lv.code, lv.name) for lv in book.levels],
    )
    return read_rules(_section(record, "eligibility"), catalogue, book.code)


def _councils(
    record: dict[str, object],
) -> tuple[tuple[tuple[str, CouncilRule | None], ...], CouncilRule | None]:
    found = record.get("councils") or {}
    assert isinstance(found, dict), record["code"]
    awards = found.get("awards") or {}
    assert isinstance(awards, dict), record["code"]
    named = tuple((str(code), _council(rule)) for code, rule in awards.items() if code[0] != "_")
    return named, _council(found.get("default"))


def _council(rule: object) -> CouncilRule | None:
    if rule is None:
        return None
    assert isinstance(rule, dict), rule
    threshold = Decimal(str(rule["threshold"]))
    if not Decimal(0) < threshold <= Decimal(1):
        raise ConfigurationError(f"Ngưỡng biểu quyết '{threshold}' phải lớn hơn 0 và tối đa 1.")
    return CouncilRule(
        threshold=threshold,
        of=Base(str(rule.get("of", "present"))),
        secret_ballot=bool(rule.get("secret_ballot", False)),
        basis=str(rule.get("basis", "")),
    )


def _proposal_addressing(record: dict[str, object]) -> dict[str, Any]:
    found = record.get("proposals") or {}
    assert isinstance(found, dict), record["code"]
    names = {"to": "proposal_to", "via": "proposal_via"}
    return {names[k]: str(v) for k, v in found.items() if k in names}


def _offices(record: dict[str, object]) -> dict[str, Office]:
    found = record.get("offices") or {}
    assert isinstance(found, dict), record["code"]
    return {
        str(level): Office(str(o["name"]), str(o["head"]))
        for level, o in found.items()
        if not str(level).startswith("_")
    }


def _funding(record: dict[str, object]) -> dict[str, str]:
    found = record.get("funding") or {}
    assert isinstance(found, dict), record["code"]
    return {str(k): str(v) for k, v in found.items() if not str(k).startswith("_")}


def _required_on_submit(record: dict[str, object]) -> tuple[str, ...]:
    found = record.get("proposal_fields") or {}
    assert isinstance(found, dict), record["code"]
    required = tuple(str(f) for f in found.get("required_on_submit", ()))
    if unknown := sorted(set(required) - set(REQUIRABLE)):
        raise ConfigurationError(
            f"Bộ quy định '{record['code']}' đòi trường không có: {', '.join(unknown)}."
        )
    return required


def overlaps(rules: Sequence[Dated]) -> list[tuple[date, date | None]]:
    """Pairs of start days of rules whose periods overlap (a rulebook must not have any)."""
    ordered = sorted(rules, key=lambda r: r.valid_from)
    return [
        (a.valid_from, b.valid_from)
        for a, b in pairwise(ordered)
        if a.valid_to is None or b.valid_from <= a.valid_to
    ]


def _dated(award: Award, valid_from: date, valid_to: date | None) -> Award:
    """An award is in force while its rulebook is, unless it says otherwise."""
    return replace(
        award, valid_from=award.valid_from or valid_from, valid_to=award.valid_to or valid_to
    )


def _section(record: dict[str, object], key: str) -> dict[str, object]:
    value = record.get(key) or {}
    assert isinstance(value, dict), key
    return value


def _items(record: dict[str, object], key: str) -> list[dict[str, object]]:
    value = record.get(key, [])
    assert isinstance(value, list), key
    return value


def _day(value: object) -> date:
    return date.fromisoformat(str(value))


def _day_or_none(value: object) -> date | None:
    return None if value in (None, "") else _day(value)
