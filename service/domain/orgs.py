"""Org units and levels: the administrative hierarchy as data.

Levels (today province, district, ward) are rows, not code: a level has a code, a Vietnamese name
and a rank (0 is the top). An org unit knows its parent; its chain runs from itself to the root.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class OrgUnit:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    active: bool = True


Chain = Sequence[OrgUnit]
"""An org unit followed by its ancestors, nearest first."""


def unit_at_level(chain: Chain, level: str) -> OrgUnit | None:
    """The unit of the chain that sits at ``level``, if any."""
    return next((u for u in chain if u.level == level), None)


def chain_ids(chain: Chain) -> frozenset[int]:
    return frozenset(u.id for u in chain)


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
