"""The award catalogue: each award's code, Vietnamese name, kind and the level whose head decides.

The catalogue is data (each rulebook's ``awards``, ``service/catalog/rulebooks/``); this module
holds its shape and checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

MAX_AWARD_CODE = 32  # award codes, e.g. "BK_TINH_CN" (the database column is sized to match)


class Kind(StrEnum):
    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"


@dataclass(frozen=True)
class Award:
    code: str
    name: str
    kind: Kind
    level: str
    family: str
    prize_multiple: Decimal
    verb: str = "Tặng"
    decision_title: str = ""
    # The province only proposes it; a central body decides (state awards, domain.md §1.2).
    proposes_only: bool = False
    # In force from/to (inclusive; None is open). A rulebook fills in its own dates.
    valid_from: date | None = None
    valid_to: date | None = None

    def in_force_on(self, day: date) -> bool:
        starts, ends = self.valid_from, self.valid_to
        return (starts is None or starts <= day) and (ends is None or day <= ends)

    @classmethod
    def from_record(cls, record: dict[str, object]) -> Award:
        return cls(
            code=str(record["code"]),
            name=str(record["name"]),
            kind=Kind(str(record["kind"])),
            level=str(record["level"]),
            family=str(record["family"]),
            prize_multiple=Decimal(str(record["prize_multiple"])),
            verb=str(record.get("verb", "Tặng")),
            decision_title=str(record.get("decision_title", "")),
            proposes_only=bool(record.get("proposes_only", False)),
            valid_from=_day(record.get("valid_from")),
            valid_to=_day(record.get("valid_to")),
        )


def _day(value: object) -> date | None:
    return None if value in (None, "") else date.fromisoformat(str(value))


def unknown_levels(awards: Iterable[Award], levels: Iterable[str]) -> list[str]:
    """Award codes whose deciding level is not one of ``levels``."""
    known = set(levels)
    return [a.code for a in awards if a.level not in known]
