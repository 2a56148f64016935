"""A province's own regulation (quy chế): its dated overrides of the rulebook's awards.

NĐ 152/2025 hands each province its own rules (domain.md §3), so a province root may say, from a
day, that an award is decided at another level or pays another multiple of the base salary. An
override is data with dates like every rule of a rulebook; this module holds its shape, its
checks, and the award as it reads on a day once the province's overrides apply.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from service.domain.awards import Award
from service.domain.errors import Invalid
from service.domain.rulebooks import overlaps, rule_on

_KEYS = frozenset({"award", "valid_from", "valid_to", "level", "prize_multiple", "basis"})


@dataclass(frozen=True)
class AwardOverride:
    """From ``valid_from`` to ``valid_to`` (inclusive; None is open), in this province, ``award``
    is decided at ``level`` and pays ``prize_multiple`` (None: as the rulebook says)."""

    award: str
    valid_from: date
    valid_to: date | None
    basis: str
    level: str | None = None
    prize_multiple: Decimal | None = None

    def as_record(self) -> dict[str, Any]:
        return {
            "award": self.award,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "level": self.level,
            "prize_multiple": None if self.prize_multiple is None else str(self.prize_multiple),
            "basis": self.basis,
        }


@dataclass(frozen=True)
class Regulation:
    """The quy chế of one province root: its name and its overrides."""

    name: str
    overrides: tuple[AwardOverride, ...] = ()
    # Raised by every write (0: never written); a writer echoes the one it read.
    version: int = 0
    # The province's choice, per eligibility rule of its rulebook (by the rule's id), of
    # whether a failure blocks submission ("block") or only warns ("warn"); issue 14.
    eligibility: Mapping[str, str] = field(default_factory=dict)

    def as_record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "overrides": [o.as_record() for o in self.overrides],
            "eligibility": dict(self.eligibility),
        }


def regulation_basis(regulation: Regulation | None, cited: Sequence[str]) -> list[str]:
    """The căn cứ line citing the province's regulation by its name, unless a line of ``cited``
    already names it (a unit's profile may cite it in its own words)."""
    name = " ".join((regulation.name if regulation else "").split()).rstrip(" .;,")
    if not name:
        return []
    key = name.removeprefix("Căn cứ ").casefold()
    if any(key in " ".join(line.split()).casefold() for line in cited):
        return []
    return [name if name.startswith("Căn cứ ") else f"Căn cứ {name}"]


def award_on(award: Award, day: date, overrides: Iterable[AwardOverride]) -> Award | None:
    """``award`` as it reads on ``day`` in the province whose ``overrides`` these are; None when
    the award is not in force that day."""
    if not award.in_force_on(day):
        return None
    rule = rule_on(day, [o for o in overrides if o.award == award.canonical])
    if rule is None:
        return award
    return replace(
        award,
        level=rule.level or award.level,
        prize_multiple=award.prize_multiple if rule.prize_multiple is None else rule.prize_multiple,
    )


def regulation_from_record(record: Mapping[str, Any]) -> Regulation:
    """Read a regulation pack (``{"name", "overrides": [...]}``); Invalid names what is wrong."""
    raw = record.get("overrides", [])
    if not isinstance(raw, list) or not all(isinstance(o, dict) for o in raw):
        raise Invalid("overrides phải là danh sách các quy định.", {"overrides": "không hợp lệ"})
    return Regulation(
        name=str(record.get("name") or ""),
        overrides=tuple(_override(i, o) for i, o in enumerate(raw)),
        eligibility=_choices(record.get("eligibility")),
    )


def _choices(raw: object) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problem = "eligibility phải là bảng mã điều kiện → 'block' hoặc 'warn'."
        raise Invalid(problem, {"eligibility": "không hợp lệ"})
    choices = {str(k): str(v) for k, v in raw.items()}
    if wrong := sorted(k for k, v in choices.items() if v not in ("block", "warn")):
        problems = {f"eligibility.{k}": "chỉ nhận 'block' hoặc 'warn'" for k in wrong}
        raise Invalid("Lựa chọn điều kiện xét khen chỉ nhận 'block' hoặc 'warn'.", problems)
    return choices


def regulation_problems(
    regulation: Regulation, awards: Collection[str], levels: Collection[str]
) -> dict[str, str]:
    """What in ``regulation`` does not fit the catalogue, by field."""
    problems: dict[str, str] = {}
    for i, o in enumerate(regulation.overrides):
        if o.award not in awards:
            problems[f"overrides[{i}].award"] = f"không có hình thức khen thưởng '{o.award}'"
        if o.level is not None and o.level not in levels:
            problems[f"overrides[{i}].level"] = f"không có cấp '{o.level}'"
        if o.valid_to is not None and o.valid_to < o.valid_from:
            problems[f"overrides[{i}].valid_to"] = "ngày kết thúc trước ngày bắt đầu"
    for code in sorted({o.award for o in regulation.overrides}):
        if clash := overlaps([o for o in regulation.overrides if o.award == code]):
            problems[f"overrides.{code}"] = f"các quy định chồng thời gian (từ {clash[0][0]})"
    return problems


def _override(i: int, record: Mapping[str, Any]) -> AwardOverride:
    where = f"overrides[{i}]"
    if stray := sorted(set(record) - _KEYS):
        raise Invalid(f"Khóa không hợp lệ: {', '.join(stray)}.", {where: "khóa không hợp lệ"})
    try:
        multiple = record.get("prize_multiple")
        override = AwardOverride(
            award=str(record["award"]),
            valid_from=date.fromisoformat(str(record["valid_from"])),
            valid_to=None if not record.get("valid_to") else date.fromisoformat(record["valid_to"]),
            basis=str(record.get("basis") or ""),
            level=None if not record.get("level") else str(record["level"]),
            prize_multiple=None if multiple in (None, "") else Decimal(str(multiple)),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as err:
        raise Invalid(
            f"Quy định thứ {i + 1} không hợp lệ: cần award, valid_from (YYYY-MM-DD).",
            {where: "không hợp lệ"},
        ) from err
    multiple = override.prize_multiple
    if multiple is not None and not (multiple.is_finite() and Decimal(0) <= multiple < 1000):
        raise Invalid(
            "Hệ số tiền thưởng không hợp lệ.", {f"{where}.prize_multiple": "ngoài khoảng"}
        )
    if not override.basis:
        raise Invalid("Mỗi quy định phải nêu căn cứ (basis).", {f"{where}.basis": "bắt buộc"})
    return override
