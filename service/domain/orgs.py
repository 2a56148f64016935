"""Org units, their levels and types: the administrative hierarchy as data.

Levels (today province, district, ward) are rows, not code: a level has a code, a Vietnamese name
and a rank (0 is the top). An org unit knows its parent; its chain runs from itself to the root.

A unit also has a type (issue 12, item 4): the People's Committee (UBND) of a territory, or a body
that proposes outside the territorial chain: a provincial department (sở), the Fatherland Front
or a mass organisation (MTTQ, đoàn thể), a public service unit, an enterprise. The level is where
a unit sits on the route, the type is what kind of body it is. A department or mass organisation
sits directly under the province root at the rulebook's lowest level (the workflow's entry lane):
it proposes to the province exactly as a ward does, and decides at that level what the law lets a
head of department or organisation decide (Giấy khen, LĐTT, CSTĐCS, TTLĐTT; Luật 06/2022 Art. 80).
So routing and permissions need nothing new: they follow the chain, and only the wording of the
decisions a unit issues depends on its type (``org_types.issuer_defaults``).

A merged unit (sáp nhập, item 5) is inactive and names the unit it was merged into and the day;
its chain runs on through that unit (``merged_into_id`` before ``parent_id``), so whoever stands
for the unit that absorbed it reads its dossiers and decisions (``home_ids``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# The longest codes and names kept (the database columns are sized to match).
MAX_ORG_CODE = 32
ORG_CODE = re.compile(rf"[A-Z0-9][A-Z0-9-]{{0,{MAX_ORG_CODE - 1}}}")
MAX_ORG_NAME = 200
MAX_LEVEL_CODE = 32


@dataclass(frozen=True)
class Level:
    code: str
    name: str
    rank: int


class OrgType(StrEnum):
    PEOPLE_COMMITTEE = "people_committee"
    DEPARTMENT = "department"
    MASS_ORGANISATION = "mass_organisation"
    PUBLIC_SERVICE_UNIT = "public_service_unit"
    ENTERPRISE = "enterprise"


ORG_TYPE_NAMES = {
    OrgType.PEOPLE_COMMITTEE: "Ủy ban nhân dân",
    OrgType.DEPARTMENT: "Sở, ban, ngành cấp tỉnh",
    OrgType.MASS_ORGANISATION: "Mặt trận Tổ quốc, đoàn thể",
    OrgType.PUBLIC_SERVICE_UNIT: "Đơn vị sự nghiệp công lập",
    OrgType.ENTERPRISE: "Doanh nghiệp",
}


@dataclass(frozen=True)
class OrgUnit:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    active: bool = True
    type: str = OrgType.PEOPLE_COMMITTEE.value
    merged_into_id: int | None = None
    merged_on: date | None = None
    # A province root's rulebook (rulebooks.Rulebook.code); None: the installation's default.
    rulebook: str | None = None

    @property
    def merged(self) -> bool:
        return self.merged_into_id is not None


Chain = Sequence[OrgUnit]
"""An org unit followed by its ancestors, nearest first."""


def unit_at_level(chain: Chain, level: str) -> OrgUnit | None:
    """The unit of the chain that sits at ``level``, if any."""
    return next((u for u in chain if u.level == level), None)


def route_problem(chain: Chain, level: Level) -> str | None:
    """Why an award decided at ``level`` cannot be proposed by the head of ``chain``: no unit of
    its chain sits there (a department directly under the province, in a three-tier rulebook,
    has no district to decide a district's award)."""
    if unit_at_level(chain, level.code) is not None:
        return None
    return (
        f"{chain[0].name} không có đơn vị {level.name.lower()} ở tuyến trên để quyết định "
        "hình thức khen thưởng này; hãy chọn hình thức khác."
    )


def chain_ids(chain: Chain) -> frozenset[int]:
    return frozenset(u.id for u in chain)


def home_ids(chain: Chain) -> frozenset[int]:
    """The unit at the head of ``chain`` and the units it was merged into, in turn: whoever
    holds a role at one of them holds it for the unit's dossiers."""
    home = [chain[0]] if chain else []
    for unit in chain[1:]:
        if home[-1].merged_into_id != unit.id:
            break
        home.append(unit)
    return frozenset(u.id for u in home)


def org_type_problem(type_: str) -> str | None:
    if type_ in {t.value for t in OrgType}:
        return None
    names = ", ".join(f"{t.value} ({ORG_TYPE_NAMES[t]})" for t in OrgType)
    return f"Loại đơn vị '{type_}' không có; chọn một trong: {names}."


def check_parent_level(levels: Sequence[Level], child: str, parent: str | None) -> str | None:
    """Why a unit of level ``child`` may not sit under one of level ``parent``; None if it may."""
    ranks = {lv.code: lv.rank for lv in levels}
    if child not in ranks:
        return f"Cấp '{child}' không tồn tại."
    if parent is None:
        return None
    if ranks[parent] >= ranks[child]:
        return "Đơn vị cấp trên phải ở cấp cao hơn."
    return None


def org_problems(code: str, name: str) -> dict[str, str]:
    """What is wrong with a new unit's code and name, by field."""
    problems = {}
    if not ORG_CODE.fullmatch(code):
        problems["code"] = (
            f"Mã đơn vị gồm tối đa {MAX_ORG_CODE} ký tự: chữ in hoa không dấu, số, dấu gạch "
            "ngang (không bắt đầu bằng gạch ngang)."
        )
    if not name.strip():
        problems["name"] = "Hãy nhập tên đơn vị."
    elif len(name) > MAX_ORG_NAME:
        problems["name"] = f"Tối đa {MAX_ORG_NAME} ký tự."
    return problems
