"""The award catalogue: each award's code, Vietnamese name, the kinds of nominee it takes, how
each kind is priced, and the level whose head decides.

The catalogue is data (each rulebook's ``awards``, ``service/catalog/rulebooks/``); this module
holds its shape and checks. One form of award is one award, whoever it goes to: a Bằng khen
dossier may hold collectives, households and individuals together, as real decisions do
("tặng Bằng khen cho 03 tập thể và 05 cá nhân"). The codes of the old split per kind
(``BK_TINH_CN``, ``BK_TINH_TT``) stay as aliases: an alias is the award under another code,
restricted to the kinds the old code took.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

MAX_AWARD_CODE = 32  # award codes, e.g. "BK_TINH_CN" (the database column is sized to match)


class Kind(StrEnum):
    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    HOUSEHOLD = "household"


# The order of kinds wherever they are listed: collectives before individuals (NĐ 152 Art.
# 29(5)); households, being neither, between the two, next to the collectives they resemble.
KIND_ORDER = (Kind.COLLECTIVE, Kind.HOUSEHOLD, Kind.INDIVIDUAL)
KIND_NAMES = {Kind.COLLECTIVE: "tập thể", Kind.HOUSEHOLD: "hộ gia đình", Kind.INDIVIDUAL: "cá nhân"}


def in_order(kinds: Iterable[Kind]) -> list[Kind]:
    present = set(kinds)
    return [k for k in KIND_ORDER if k in present]


@dataclass(frozen=True)
class Award:
    code: str
    name: str
    kinds: frozenset[Kind]
    level: str
    family: str
    prize_multiple: Decimal
    verb: str = "Tặng"
    decision_title: str = ""
    # The province only proposes it; a central body decides (state awards, domain.md §1.2).
    proposes_only: bool = False
    # Who decides a proposes-only award above the province, e.g. "Thủ tướng Chính phủ" or
    # "Chủ tịch nước" (domain.md §1.2): the tờ trình asks them by name.
    decided_by: str = ""
    # In force from/to (inclusive; None is open). A rulebook fills in its own dates.
    valid_from: date | None = None
    valid_to: date | None = None
    # How many times the individual amount each kind gets (kinds not named get it once), e.g.
    # collectives 2 for Bằng khen (NĐ 152 Art. 54(2)), households 1.5 (Art. 54(3)).
    kind_factors: Mapping[Kind, Decimal] = field(default_factory=dict)
    # Set on an old code kept for API clients: the code of the award it stands for.
    alias_of: str | None = None

    def in_force_on(self, day: date) -> bool:
        starts, ends = self.valid_from, self.valid_to
        return (starts is None or starts <= day) and (ends is None or day <= ends)

    @property
    def kind(self) -> Kind | None:
        """The one kind of a single-kind award; None when it takes several."""
        return next(iter(self.kinds)) if len(self.kinds) == 1 else None

    @property
    def canonical(self) -> str:
        """The code a dossier is filed under: the award's own, never an alias."""
        return self.alias_of or self.code

    def factor(self, kind: Kind) -> Decimal:
        return self.kind_factors.get(kind, Decimal(1))

    def takes(self, kind: Kind) -> bool:
        return kind in self.kinds

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> Award:
        factors = record.get("kind_factors") or {}
        assert isinstance(factors, Mapping), record["code"]
        return cls(
            code=str(record["code"]),
            name=str(record["name"]),
            kinds=_kinds(record),
            level=str(record["level"]),
            family=str(record["family"]),
            prize_multiple=Decimal(str(record["prize_multiple"])),
            verb=str(record.get("verb", "Tặng")),
            decision_title=str(record.get("decision_title", "")),
            proposes_only=bool(record.get("proposes_only", False)),
            decided_by=str(record.get("decided_by") or ""),
            valid_from=_day(record.get("valid_from")),
            valid_to=_day(record.get("valid_to")),
            kind_factors={Kind(k): Decimal(str(v)) for k, v in factors.items()},
            alias_of=None if record.get("alias_of") is None else str(record["alias_of"]),
        )


def with_aliases(record: Mapping[str, object]) -> list[Award]:
    """The award of a catalogue record, then the old codes it keeps (``aliases``), each taking
    only the kinds listed for it."""
    award = Award.from_record(record)
    found = record.get("aliases") or []
    assert isinstance(found, list), award.code
    return [
        award,
        *(
            Award.from_record(
                {**record, "code": a["code"], "kinds": a["kinds"], "alias_of": award.code}
            )
            for a in found
        ),
    ]


def _kinds(record: Mapping[str, object]) -> frozenset[Kind]:
    listed = record.get("kinds")
    if listed is None:  # a pack written before awards took several kinds
        listed = [record["kind"]]
    assert isinstance(listed, list) and listed, record["code"]
    return frozenset(Kind(str(k)) for k in listed)


def kinds_phrase(kinds: Iterable[Kind]) -> str:
    """E.g. "tập thể, hộ gia đình hoặc cá nhân": the kinds an award takes, in order."""
    names = [KIND_NAMES[k] for k in in_order(kinds)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} hoặc {names[-1]}"


def _day(value: object) -> date | None:
    return None if value in (None, "") else date.fromisoformat(str(value))


def unknown_levels(awards: Iterable[Award], levels: Iterable[str]) -> list[str]:
    """Award codes whose deciding level is not one of ``levels``."""
    known = set(levels)
    return [a.code for a in awards if a.level not in known]
