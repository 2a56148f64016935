"""Which decision template a unit issues with: its own, else the nearest ancestor's, else stock.

Templates belong to org units. An admin uploads one for their unit or a unit below it; it prints
the decisions that unit issues, and those of every unit below it that has none of its own. A
unit with no upload on its chain issues with the stock template of ``templates/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from service.domain.awards import KIND_NAMES, KIND_ORDER, Kind
from service.domain.decisions import AwardFamily
from service.domain.orgs import Chain

# The list each kind of awardee is printed from, by the annex's part for that kind
# (``template_context``: collectives, then households, then individuals).
PART_VARIABLES = {
    Kind.COLLECTIVE: "collectives",
    Kind.HOUSEHOLD: "households",
    Kind.INDIVIDUAL: "individuals",
}


@dataclass(frozen=True)
class UploadedTemplate:
    """An upload on record (without its bytes): which family, for which unit, by whom."""

    name: str
    org_id: int
    org_code: str
    sha256: str
    uploaded_by: str
    uploaded_at: datetime


def in_force(
    name: str, chain: Chain, uploads: Iterable[UploadedTemplate]
) -> UploadedTemplate | None:
    """The upload of ``name`` nearest the unit along ``chain`` (the unit first), or None."""
    by_unit = {u.org_id: u for u in uploads if u.name == name}
    return next((by_unit[unit.id] for unit in chain if unit.id in by_unit), None)


def missing_parts(family: AwardFamily, names: Iterable[str]) -> list[Kind]:
    """The kinds a decision of ``family`` may list whose part of the annex a template using
    ``names`` (its top-level variables) never prints, in the annex's order.

    A unit's Word template made before households could be nominated has no households part; it
    would issue a decision whose Điều 1 counts "02 hộ gia đình" and whose list leaves them out.
    """
    used = set(names)
    return [k for k in KIND_ORDER if k in family.kinds and PART_VARIABLES[k] not in used]


def missing_parts_message(kinds: Iterable[Kind]) -> str:
    """Why an upload lacking those parts is refused, saying what to add, in Vietnamese."""
    found = list(kinds)
    names = [KIND_NAMES[k] for k in found]
    loops = ", ".join(f"{{%tr for row in {PART_VARIABLES[k]} %}}" for k in found)
    either = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} hoặc {names[-1]}"
    return (
        f"Mẫu thiếu phần {', '.join(names)} trong danh sách kèm theo: quyết định có {either} "
        f"sẽ không in tên họ. Hãy thêm bảng có dòng {loops} (xem mẫu gốc)."
    )
