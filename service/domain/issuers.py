"""Who issues a decision and how their documents read: an org unit's decision profile.

Defaults come per level from the catalogue (``service/catalog/decisions.json``); an org unit's own
profile overrides any of them, except the căn cứ: a decision cites the level's own (the law that
gives the body its power), then the rulebook's in force on the decision date, then the unit's own
(its quy chế), each once. Names follow the usual forms: the unit "Quận Hoàng Mai" issues as
"Ủy ban nhân dân quận Hoàng Mai", signs at "Hoàng Mai", and its head decides as "Chủ tịch Ủy ban
nhân dân quận Hoàng Mai".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.domain.orgs import OrgUnit

UNIT_TYPES = ("Thành phố", "Tỉnh", "Thị xã", "Thị trấn", "Quận", "Huyện", "Phường", "Xã", "Đặc khu")


@dataclass(frozen=True)
class IssuerProfile:
    body: str
    authority: str
    place: str
    parent_body: str | None = None
    symbol: str = "QĐ-UBND"
    legal_bases: tuple[str, ...] = ()
    proposer: str = ""
    executors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    archive: str = "VT"
    # Read no more: the signature block follows from ``power`` and the signer's capacity
    # (domain.signatures); kept so profiles that still set it stay valid.
    signer_mode: str | None = None
    # The collective a TM./TL./TUQ. signature names, and the head's title (own capacity).
    on_behalf_of: str = "Ủy ban nhân dân"
    signer_title: str = "Chủ tịch"
    # "personal" (the head's own power, every award of NĐ 152) or "collective", or a map by
    # award family with a "default".
    power: object = "personal"
    # The records office's register the numbers come from; units naming the same register
    # share one sequence with other kinds of document. "" is the unit's own decision register.
    register: str = ""


def place_name(unit_name: str) -> str:
    """'Quận Hoàng Mai' -> 'Hoàng Mai'; a name without a known unit type stays as it is."""
    for prefix in UNIT_TYPES:
        if unit_name.startswith(prefix + " "):
            return unit_name[len(prefix) + 1 :].strip()
    return unit_name.strip()


def in_sentence(unit_name: str) -> str:
    """'Quận Hoàng Mai' -> 'quận Hoàng Mai', as the name reads inside a sentence."""
    for prefix in UNIT_TYPES:
        if unit_name.startswith(prefix + " "):
            return prefix.lower() + unit_name[len(prefix) :]
    return unit_name


_LIST_KEYS = ("legal_bases", "executors", "recipients")
_TEXT_KEYS = (
    "symbol",
    "proposer",
    "archive",
    "signer_mode",
    "on_behalf_of",
    "signer_title",
    "register",
    "parent_body",
    "body",
    "authority",
    "place",
)


# Not about decisions: a province root with false keeps its awards out of the public lookup
# (usecases.lookup), which KT_PUBLIC_LOOKUP opens.
_FLAG_KEYS = ("public_lookup",)
PROFILE_KEYS = frozenset((*_LIST_KEYS, *_TEXT_KEYS, *_FLAG_KEYS, "power"))
_POWERS = ("personal", "collective")


def profile_problems(profile: Mapping[str, Any]) -> list[str]:
    """What is wrong with an org unit's profile, as messages naming the keys."""
    problems = [f"khóa không hợp lệ: {k}" for k in sorted(set(profile) - PROFILE_KEYS)]
    problems += [
        f"{k} phải là danh sách chuỗi"
        for k in _LIST_KEYS
        if k in profile
        and not (isinstance(profile[k], list) and all(isinstance(x, str) for x in profile[k]))
    ]
    problems += [
        f"{k} phải là chuỗi" for k in _TEXT_KEYS if k in profile and not isinstance(profile[k], str)
    ]
    problems += [
        f"{k} phải là true hoặc false"
        for k in _FLAG_KEYS
        if k in profile and not isinstance(profile[k], bool)
    ]
    power = profile.get("power", "personal")
    values = list(power.values()) if isinstance(power, Mapping) else [power]
    if not values or any(v not in _POWERS for v in values):
        problems.append("power phải là personal, collective hoặc bảng theo loại quyết định")
    return problems


def issuer_profile(
    unit: OrgUnit,
    defaults: Mapping[str, Any],
    overrides: Mapping[str, Any] | None,
    rule_bases: Sequence[str] = (),
) -> IssuerProfile:
    merged = {**defaults, **(overrides or {})}
    merged["legal_bases"] = _once(
        [
            *defaults.get("legal_bases", ()),
            *rule_bases,
            *(overrides or {}).get("legal_bases", ()),
        ]
    )
    body = merged.get("body") or f"Ủy ban nhân dân {in_sentence(unit.name)}"
    values: dict[str, Any] = {
        "body": body,
        "authority": merged.get("authority") or f"Chủ tịch {body}",
        "place": merged.get("place") or place_name(unit.name),
    }
    for key in _TEXT_KEYS:
        if key not in values and key in merged:
            values[key] = merged[key]
    for key in _LIST_KEYS:
        if key in merged:
            values[key] = tuple(str(x) for x in merged[key])
    if "power" in merged:
        values["power"] = merged["power"]
    return IssuerProfile(**values)


def _once(lines: Sequence[str]) -> list[str]:
    """The lines in order, each the first time it appears."""
    return list(dict.fromkeys(str(x) for x in lines))
