"""Emulation clusters and blocks (cụm, khối thi đua): who belongs, and who leads each year.

A cluster groups comparable units: localities (cụm) or departments, mass organisations and
other bodies (khối), of any type. A province runs its own (scope ``province``: every member lies
in the running unit's subtree); the Central Council's national clusters have provinces as
members (scope ``national``). Each year the members elect a head (trưởng cụm/khối) and a deputy,
rotating; both must be members and not the same unit (domain.md §2). Pure rules, no storage.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from service.domain.errors import Invalid

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{1,39}$")
FIRST_YEAR, LAST_YEAR = 2000, 2100
E = TypeVar("E", bound=StrEnum)


class ClusterKind(StrEnum):
    CLUSTER = "cum"  # cụm thi đua: localities
    BLOCK = "khoi"  # khối thi đua: departments, mass organisations, other bodies


class ClusterScope(StrEnum):
    PROVINCE = "province"
    NATIONAL = "national"


KIND_NAMES = {ClusterKind.CLUSTER: "Cụm thi đua", ClusterKind.BLOCK: "Khối thi đua"}


@dataclass(frozen=True)
class Leadership:
    """The year's head (trưởng) and deputy (phó) of a cluster, as member unit ids."""

    year: int
    head_id: int
    deputy_id: int | None = None


@dataclass(frozen=True)
class Cluster:
    id: int
    code: str
    name: str
    kind: ClusterKind
    scope: ClusterScope
    owner_id: int | None  # the unit that runs it (a province); None: a national cluster
    member_ids: tuple[int, ...] = ()
    leadership: Mapping[int, Leadership] = field(default_factory=dict)  # by year
    rules: str = ""  # the cluster's quy chế, as the document that adopted it is cited


def parse_code(value: object) -> str:
    code = str(value or "").strip().upper()
    if not _CODE.match(code):
        raise Invalid(
            "Mã cụm, khối gồm 2–40 chữ in hoa, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.",
            {"code": "ví dụ KHOI-MTTQ"},
        )
    return code


def parse_choice(kind: type[E], value: object, name: str) -> E:
    for choice in kind:
        if str(value or "").strip().casefold() == choice.value:
            return choice
    choices = ", ".join(c.value for c in kind)
    raise Invalid(f"Giá trị '{value}' không hợp lệ; chọn một trong: {choices}.", {name: choices})


def check_members(
    scope: ClusterScope, members: Sequence[int], within: Collection[int], roots: Collection[int]
) -> tuple[int, ...]:
    """``members`` as kept: at least two, none twice; a province's cluster only of units in its
    subtree (``within``), a national one only of provinces (``roots``)."""
    if len(members) < 2:
        raise Invalid("Một cụm, khối thi đua cần ít nhất hai đơn vị.", {"members": "ít nhất 2"})
    if len(set(members)) != len(members):
        raise Invalid("Một đơn vị chỉ được ghi một lần.", {"members": "trùng đơn vị"})
    allowed, what = (
        (roots, "chỉ gồm các tỉnh, thành phố")
        if scope is ClusterScope.NATIONAL
        else (within, "chỉ gồm các đơn vị thuộc đơn vị tổ chức cụm, khối")
    )
    if any(m not in allowed for m in members):
        raise Invalid(f"Cụm, khối này {what}.", {"members": what})
    return tuple(members)


def check_leadership(
    cluster: Cluster, year: int, head_id: int, deputy_id: int | None
) -> Leadership:
    """The year's head and deputy, both members and not the same unit."""
    problems: dict[str, str] = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        problems["year"] = f"từ {FIRST_YEAR} đến {LAST_YEAR}"
    if head_id not in cluster.member_ids:
        problems["head"] = "không phải thành viên của cụm, khối"
    if deputy_id is not None and deputy_id not in cluster.member_ids:
        problems["deputy"] = "không phải thành viên của cụm, khối"
    elif deputy_id is not None and deputy_id == head_id:
        problems["deputy"] = "trùng với đơn vị trưởng cụm, khối"
    if problems:
        raise Invalid("Trưởng, phó cụm, khối thi đua chưa đúng.", problems)
    return Leadership(year, head_id, deputy_id)


def still_leading(cluster: Cluster, members: Collection[int]) -> None:
    """A member who leads in some year cannot be removed while that year is recorded."""
    gone = set(cluster.member_ids) - set(members)
    for lead in cluster.leadership.values():
        if {lead.head_id, lead.deputy_id} & gone:
            raise Invalid(
                f"Không bỏ được đơn vị đang là trưởng hoặc phó cụm, khối năm {lead.year}.",
                {"members": f"trưởng/phó năm {lead.year}"},
            )
