"""Merging org units (sáp nhập, issue 12 item 5): what a merge may join, and what it moves.

An admin merges units into an existing unit or into a new one, on a day that has come. The old
units are locked (inactive, ``merged_into_id`` and ``merged_on`` recorded) and keep their codes,
dossiers, decisions and history; their chain runs on through the unit that absorbed them, so its
people read them. Only units of one level and one type merge (two wards into a ward, two
departments into a department), and a unit with active units below it merges only once those
have been moved or merged themselves: a ward is never left under a locked district.

Dossiers still in progress are carried over to the new unit, as the provinces did in July 2025:
the dossier keeps its code and history, and each open task is seated at the unit of its level on
the new unit's chain, so the work goes on where it stood. A dossier waiting at a level that chain
lacks (a district's review, when the new ward sits directly under the province) would be
stranded: the merge is refused until it is dealt with.

Users with roles at an old unit get the same roles at the new one (``move``, the default) or not
(``deactivate``: an account with roles only at old units is locked, its roles left there for the
record; one with roles elsewhere too only loses the old ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from service.domain.orgs import Chain, OrgUnit


class UsersOnMerge(StrEnum):
    MOVE = "move"
    DEACTIVATE = "deactivate"


@dataclass(frozen=True)
class MergeSource:
    """An old unit with what the check needs to know about it."""

    unit: OrgUnit
    active_children: int


def merge_problem(
    sources: Sequence[MergeSource], target: OrgUnit, target_chain: Chain, on: date, today: date
) -> str | None:
    """Why these units may not be merged into ``target`` on ``on``; None if they may.

    ``target_chain``: the target and its ancestors, to refuse merging a unit into its own
    descendant. A target that is to be created is passed with id 0 and its future parent's chain.
    """
    if not sources:
        return "Hãy chọn ít nhất một đơn vị cần sáp nhập."
    if on > today:
        return f"Ngày sáp nhập {on:%d/%m/%Y} chưa đến; chỉ ghi nhận việc sáp nhập đã có hiệu lực."
    if target.merged:
        return f"Đơn vị {target.name} đã được sáp nhập vào đơn vị khác; hãy chọn đơn vị hiện nay."
    if not target.active:
        return f"Đơn vị {target.name} đã ngừng hoạt động."
    above = {u.id for u in target_chain}
    for source in sources:
        if problem := _source_problem(source, target, above):
            return problem
    return None


def _source_problem(source: MergeSource, target: OrgUnit, above: set[int]) -> str | None:
    unit = source.unit
    if unit.id == target.id:
        return f"Không thể sáp nhập đơn vị {unit.name} vào chính nó."
    if unit.id in above:
        return f"Không thể sáp nhập đơn vị {unit.name} vào {target.name}, đơn vị trực thuộc nó."
    if unit.merged:
        when = f" từ ngày {unit.merged_on:%d/%m/%Y}" if unit.merged_on else ""
        return f"Đơn vị {unit.name} đã được sáp nhập{when}."
    if unit.level != target.level:
        return f"Chỉ sáp nhập các đơn vị cùng cấp: {unit.name} và {target.name} khác cấp."
    if unit.type != target.type:
        return f"Chỉ sáp nhập các đơn vị cùng loại: {unit.name} và {target.name} khác loại."
    if source.active_children:
        return (
            f"Đơn vị {unit.name} còn {source.active_children} đơn vị trực thuộc đang hoạt động; "
            "hãy chuyển hoặc sáp nhập các đơn vị đó trước."
        )
    return None


def merged_message(unit: OrgUnit, into: OrgUnit) -> str:
    """What someone is told who tries to start work at a merged unit."""
    when = f" từ ngày {unit.merged_on:%d/%m/%Y}" if unit.merged_on else ""
    return (
        f"Đơn vị {unit.name} đã được sáp nhập vào {into.name} ({into.code}){when}; "
        f"hồ sơ và việc mới thực hiện tại {into.name}."
    )


def stranded_message(dossier_code: str, level_name: str, into: OrgUnit) -> str:
    """Why a dossier waiting at a level the new unit's chain lacks stops the merge."""
    return (
        f"Hồ sơ {dossier_code} đang chờ {level_name.lower()} xử lý, nhưng {into.name} không có "
        "đơn vị cấp đó ở tuyến trên; hãy xử lý xong hồ sơ này trước khi sáp nhập."
    )


def moved_grants(
    grants: Sequence[tuple[str, int]], old: set[int], into: int
) -> list[tuple[str, int]]:
    """A user's (role, org) grants with the old units' roles moved to ``into``, once each."""
    moved = [(role, into if org in old else org) for role, org in grants]
    return list(dict.fromkeys(moved))
