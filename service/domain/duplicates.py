"""The same person proposed in two open dossiers for the same award and year: a warning.

Within one dossier a repeated person is refused (``dossiers.repeated_rows``, part of the draft's
rules). Across dossiers it is only a warning: two units may propose the same person in good
faith, and the approvers who see both decide. A dossier is open while it may still be decided
(draft, in review, returned); a rejected or decided one no longer competes. A person is compared
as ``dossiers.same_person`` says: name, and unit when both give one (nominees carry no date of
birth).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from service.domain.dossiers import Dossier, Nominee, Status, same_person

OPEN = frozenset({Status.DRAFT, Status.IN_REVIEW, Status.RETURNED})
DUPLICATE_NOMINEE = "duplicate_nominee"


@dataclass(frozen=True)
class Namesake:
    """A nominee of another open dossier for the same award and year whose name matches row
    ``row`` (0-based) of this dossier; the unit is compared afterwards, by ``same_person``."""

    row: int
    nominee: Nominee
    dossier_id: int
    dossier_code: str
    org_id: int
    org_name: str
    submitted: bool = True  # the other dossier has left its unit (drafts stay at home)


@dataclass(frozen=True)
class DuplicateWarning:
    code: str
    message: str
    row: int  # 1-based, as the page numbers nominees
    dossier_id: int | None  # None when the reader may not see that dossier
    dossier_code: str | None


def duplicate_warnings(
    dossier: Dossier, namesakes: Sequence[Namesake], may_see: Callable[[Namesake], bool]
) -> list[DuplicateWarning]:
    """One warning per (row, other dossier) where the same person is proposed again.

    A reader who may not see the other dossier is told its unit, not its code or id.
    """
    if dossier.status not in OPEN:
        return []
    warnings: dict[tuple[int, int], DuplicateWarning] = {}
    for other in namesakes:
        if not 0 <= other.row < len(dossier.nominees) or other.dossier_id == dossier.id:
            continue
        mine = dossier.nominees[other.row]
        key = (other.row, other.dossier_id)
        if key in warnings or not same_person(mine, other.nominee):
            continue
        warnings[key] = _warning(dossier, mine, other, may_see(other))
    return list(warnings.values())


def _warning(dossier: Dossier, mine: Nominee, other: Namesake, visible: bool) -> DuplicateWarning:
    where = (
        f"hồ sơ {other.dossier_code} của {other.org_name}"
        if visible
        else f"một hồ sơ khác của {other.org_name}"
    )
    message = (
        f"«{mine.full_name}» (hàng {other.row + 1}) cũng đang được đề nghị "
        f"cùng hình thức khen thưởng năm {dossier.year} trong {where}; "
        "hãy kiểm tra để không khen thưởng trùng."
    )
    return DuplicateWarning(
        DUPLICATE_NOMINEE,
        message,
        other.row + 1,
        other.dossier_id if visible else None,
        other.dossier_code if visible else None,
    )
