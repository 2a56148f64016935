"""Eligibility rules as rulebook data (issue 14, item 3): their shapes and how they are read.

Each rulebook's ``eligibility`` section lists rules; a rule names its kind, its parameters, the
awards it applies to and ``on_fail`` ("block": a failure stops submission; "warn": it is shown
and the dossier goes on). A province may switch a rule between the two (its regulation's
``eligibility`` choices). The checks themselves are in ``domain.eligibility``; this module holds
the shapes and refuses, when the rulebook loads, a kind, an award code, a rating or a scope it
does not know, naming the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from service.domain.awards import Kind
from service.domain.errors import ConfigurationError
from service.domain.people import NATIONAL, HoldKind, Rating


class OnFail(StrEnum):
    BLOCK = "block"
    WARN = "warn"


@dataclass(frozen=True)
class Titles:
    """``count`` consecutive years holding one of ``awards``, ending ``offset`` years before the
    dossier's year (1: the year before, as CSTĐ cấp tỉnh counts its CSTĐCS)."""

    awards: tuple[str, ...]
    count: int
    offset: int = 1


@dataclass(frozen=True)
class Ratings:
    """``count`` consecutive years rated ``rating`` or better, ending ``offset`` years before."""

    rating: Rating
    count: int = 1
    offset: int = 1


@dataclass(frozen=True)
class Initiatives:
    """``count`` initiatives recognised at ``scope`` or above within the ``years`` years ending
    ``offset`` years before the dossier's year (applied ones only, when ``applied``)."""

    scope: str
    count: int = 1
    years: int = 1
    offset: int = 1
    applied: bool = False


@dataclass(frozen=True)
class Alternatives:
    """Any one group whose conditions all hold (CSTĐCS: excellent, or good plus an initiative)."""

    groups: tuple[tuple[Condition, ...], ...]


@dataclass(frozen=True)
class Ratios:
    """A collective's members in the year: shares completing their duties and holding LĐTT, a
    number of CSTĐCS, and none disciplined (TTLĐXS, TTLĐTT)."""

    completed: Decimal
    ldtt: Decimal
    cstdcs: int
    ldtt_awards: tuple[str, ...] = ("LDTT",)
    cstdcs_awards: tuple[str, ...] = ("CSTDCS",)
    no_discipline: bool = True
    offset: int = 0


@dataclass(frozen=True)
class SinceLast:
    """The next award counts from the previous one's stated period, else its decision date
    (NĐ 152 Art. 33(7)): ``years`` whole years must have passed by the end of the dossier's year.
    ``previous`` None: the award's own code. One already given for the same year always fails."""

    years: int
    previous: tuple[str, ...] | None = None


@dataclass(frozen=True)
class NoHold:
    """No discipline, inspection or complaint open on the day (NĐ 152 Art. 4(4))."""

    kinds: tuple[HoldKind, ...] = tuple(HoldKind)


Condition = Titles | Ratings | Initiatives | Alternatives | Ratios | SinceLast | NoHold


@dataclass(frozen=True)
class Rule:
    id: str
    condition: Condition
    # The award codes it applies to (canonical); None: every award.
    awards: frozenset[str] | None
    on_fail: OnFail
    kinds: frozenset[Kind] | None = None
    basis: str = ""
    unverified: bool = False

    def applies(self, award: str, kind: Kind) -> bool:
        in_awards = self.awards is None or award in self.awards
        return in_awards and (self.kinds is None or kind in self.kinds)


@dataclass(frozen=True)
class EligibilityRules:
    rules: tuple[Rule, ...] = ()
    # Short names the reasons use ("CSTĐCS"), by canonical code; others read the catalogue name.
    names: Mapping[str, str] = field(default_factory=dict)
    # Old codes (aliases) read as the award they stand for, when a history names one.
    aliases: Mapping[str, str] = field(default_factory=dict)
    # Scope codes, highest first: "national", then the rulebook's levels top down.
    scopes: tuple[str, ...] = ()
    scope_names: Mapping[str, str] = field(default_factory=dict)

    def for_award(self, award: str, kind: Kind) -> list[Rule]:
        code = self.aliases.get(award, award)
        return [r for r in self.rules if r.applies(code, kind)]

    def with_choices(self, choices: Mapping[str, str]) -> EligibilityRules:
        """These rules with a province's choice of block or warn for the rules it names."""
        return replace(
            self,
            rules=tuple(
                replace(r, on_fail=OnFail(choices[r.id])) if r.id in choices else r
                for r in self.rules
            ),
        )


@dataclass(frozen=True)
class Catalogue:
    """What the rules may name: award codes (old codes mapped to theirs) and levels, top first."""

    awards: Mapping[str, str]
    award_names: Mapping[str, str]
    levels: tuple[tuple[str, str], ...]


def read_rules(record: Mapping[str, Any], catalogue: Catalogue, book: str) -> EligibilityRules:
    """A rulebook's ``eligibility`` section; ConfigurationError names what does not fit."""
    reader = _Reader(catalogue, book)
    rules = tuple(reader.rule(r) for r in record.get("rules") or ())
    if dupes := sorted({r.id for r in rules if [x.id for x in rules].count(r.id) > 1}):
        raise ConfigurationError(f"Bộ quy định '{book}': trùng mã điều kiện {', '.join(dupes)}.")
    names = {**catalogue.award_names, **_strings(record.get("names"))}
    scope_names = {NATIONAL: "toàn quốc", **{c: n.lower() for c, n in catalogue.levels}}
    return EligibilityRules(
        rules=rules,
        names={reader.award(k, "names"): v for k, v in names.items()},
        aliases=dict(catalogue.awards),
        scopes=(NATIONAL, *(c for c, _ in catalogue.levels)),
        scope_names=scope_names,
    )


def rule_problems(choices: Mapping[str, str], rules: EligibilityRules) -> dict[str, str]:
    """What in a province's choices does not fit: an unknown rule, a value not block/warn."""
    known = {r.id for r in rules.rules}
    problems = {}
    for rule_id, value in choices.items():
        if rule_id not in known:
            problems[f"eligibility.{rule_id}"] = f"không có điều kiện '{rule_id}'"
        elif value not in tuple(OnFail):
            problems[f"eligibility.{rule_id}"] = "chỉ nhận 'block' hoặc 'warn'"
    return problems


class _Reader:
    def __init__(self, catalogue: Catalogue, book: str) -> None:
        self.catalogue = catalogue
        self.book = book
        self.where = ""

    def fail(self, problem: str) -> ConfigurationError:
        return ConfigurationError(
            f"Bộ quy định '{self.book}', điều kiện xét khen '{self.where}': {problem}."
        )

    def rule(self, raw: Mapping[str, Any]) -> Rule:
        self.where = str(raw.get("id") or "?")
        awards = raw.get("awards", "*")
        kinds = raw.get("kinds")
        try:
            on_fail = OnFail(str(raw.get("on_fail", "block")))
            kind_set = None if kinds is None else frozenset(Kind(str(k)) for k in kinds)
        except ValueError as err:
            raise self.fail(f"giá trị không hợp lệ ({err})") from err
        return Rule(
            id=self.where,
            condition=self.condition(raw),
            awards=None if awards == "*" else frozenset(self.award(a, "awards") for a in awards),
            on_fail=on_fail,
            kinds=kind_set,
            basis=str(raw.get("basis", "")),
            unverified=bool(raw.get("unverified", False)),
        )

    def award(self, code: object, key: str) -> str:
        found = self.catalogue.awards.get(str(code))
        if found is None:
            raise self.fail(f"{key} nêu hình thức khen thưởng không có '{code}'")
        return found

    def awards(self, raw: object, key: str) -> tuple[str, ...]:
        codes = [raw] if isinstance(raw, str) else list(raw or ())  # type: ignore[call-overload]
        if not codes:
            raise self.fail(f"thiếu {key}")
        return tuple(self.award(c, key) for c in codes)

    def scope(self, raw: object) -> str:
        if raw != NATIONAL and raw not in {c for c, _ in self.catalogue.levels}:
            raise self.fail(f"phạm vi sáng kiến không có '{raw}'")
        return str(raw)

    def rating(self, raw: object) -> Rating:
        try:
            return Rating(str(raw))
        except ValueError as err:
            raise self.fail(f"mức đánh giá không có '{raw}'") from err

    def condition(self, raw: Mapping[str, Any]) -> Condition:
        kind = str(raw.get("kind"))
        reader = _KINDS.get(kind)
        if reader is None:
            raise self.fail(f"loại điều kiện không có '{kind}' (có: {', '.join(_KINDS)})")
        try:
            return reader(self, raw)
        except (KeyError, TypeError, ValueError, ArithmeticError) as err:
            if isinstance(err, ConfigurationError):
                raise
            raise self.fail(f"tham số không hợp lệ ({err!r})") from err


def _titles(r: _Reader, raw: Mapping[str, Any]) -> Titles:
    return Titles(r.awards(raw.get("award"), "award"), int(raw["count"]), int(raw.get("offset", 1)))


def _ratings(r: _Reader, raw: Mapping[str, Any]) -> Ratings:
    return Ratings(r.rating(raw.get("rating")), int(raw.get("count", 1)), int(raw.get("offset", 1)))


def _initiatives(r: _Reader, raw: Mapping[str, Any]) -> Initiatives:
    return Initiatives(
        scope=r.scope(raw.get("scope")),
        count=int(raw.get("count", 1)),
        years=int(raw.get("years", 1)),
        offset=int(raw.get("offset", 1)),
        applied=bool(raw.get("applied", False)),
    )


def _alternatives(r: _Reader, raw: Mapping[str, Any]) -> Alternatives:
    groups = raw["any"]
    if not groups:
        raise r.fail("'any' cần ít nhất một nhóm điều kiện")
    return Alternatives(tuple(tuple(r.condition(c) for c in group) for group in groups))


def _ratios(r: _Reader, raw: Mapping[str, Any]) -> Ratios:
    return Ratios(
        completed=Decimal(str(raw.get("completed", "1"))),
        ldtt=Decimal(str(raw["ldtt"])),
        cstdcs=int(raw.get("cstdcs", 0)),
        ldtt_awards=r.awards(raw.get("ldtt_awards", ["LDTT"]), "ldtt_awards"),
        cstdcs_awards=r.awards(raw.get("cstdcs_awards", ["CSTDCS"]), "cstdcs_awards"),
        no_discipline=bool(raw.get("no_discipline", True)),
        offset=int(raw.get("offset", 0)),
    )


def _since_last(r: _Reader, raw: Mapping[str, Any]) -> SinceLast:
    previous = raw.get("previous")
    return SinceLast(
        int(raw.get("years", 1)), None if previous is None else r.awards(previous, "previous")
    )


def _no_hold(r: _Reader, raw: Mapping[str, Any]) -> NoHold:
    return NoHold(tuple(HoldKind(str(k)) for k in raw.get("holds", list(HoldKind))))


_KINDS: dict[str, Callable[[_Reader, Mapping[str, Any]], Condition]] = {
    "consecutive_titles": _titles,
    "consecutive_ratings": _ratings,
    "initiatives": _initiatives,
    "alternatives": _alternatives,
    "collective_ratios": _ratios,
    "since_last": _since_last,
    "open_hold": _no_hold,
}


def _strings(raw: object) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        return {}
    return {str(k): str(v) for k, v in raw.items() if not str(k).startswith("_")}


def catalogue_of(
    award_codes: Mapping[str, str],
    award_names: Mapping[str, str],
    levels: Collection[tuple[str, str]],
) -> Catalogue:
    return Catalogue(dict(award_codes), dict(award_names), tuple(levels))
