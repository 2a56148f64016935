"""How the type of an org unit changes the decisions it issues (issue 12, item 4).

A People's Committee issues as "Ủy ban nhân dân phường …" and its chairman decides (the level's
defaults in ``service/catalog/decisions.json``). Any other body issues in its own name and its
head decides in their own power: "Giám đốc Sở Nội vụ" signs "GIÁM ĐỐC" (no TM.), under the
header of the province's People's Committee for a department. These defaults sit between the
level's and the unit's own profile, which still overrides everything (the head of the Youth Union
is its "Bí thư", the Front's symbol is "QĐ-MTTQ": a profile says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.domain.issuers import in_sentence, place_name
from service.domain.orgs import OrgType, OrgUnit

HEAD_TITLES = {
    OrgType.DEPARTMENT: "Giám đốc",
    OrgType.MASS_ORGANISATION: "Chủ tịch",
    OrgType.PUBLIC_SERVICE_UNIT: "Giám đốc",
    OrgType.ENTERPRISE: "Giám đốc",
}
# Words left out of a symbol's initials ("Sở Giáo dục và Đào tạo" -> "SGDĐT").
_SMALL_WORDS = frozenset({"và", "của"})


def initials(name: str) -> str:
    return "".join(w[0].upper() for w in name.split() if w.lower() not in _SMALL_WORDS)


def speaks_for_itself(unit: OrgUnit) -> bool:
    """Whether the unit's head decides in their own name, not as a People's Committee chairman."""
    return unit.type != OrgType.PEOPLE_COMMITTEE


def issuer_defaults(unit: OrgUnit, chain: Sequence[OrgUnit]) -> dict[str, Any]:
    """Decision defaults a unit's type implies, given the unit's chain (itself first)."""
    if not speaks_for_itself(unit):
        return {}
    head = HEAD_TITLES[OrgType(unit.type)]
    above = next((u for u in chain[1:] if u.type == OrgType.PEOPLE_COMMITTEE), None)
    defaults: dict[str, Any] = {
        "body": unit.name,
        "authority": f"{head} {unit.name}",
        "symbol": f"QĐ-{initials(unit.name)}",
        "on_behalf_of": "",
        "signer_title": head,
        "proposer": "Theo đề nghị của bộ phận phụ trách công tác thi đua, khen thưởng",
        "executors": ["Thủ trưởng các phòng, đơn vị có liên quan"],
    }
    if above is not None:
        defaults["place"] = place_name(above.name)
        if unit.type == OrgType.DEPARTMENT:
            defaults["parent_body"] = f"Ủy ban nhân dân {in_sentence(above.name)}"
    return defaults
