"""The women-first preference when candidates tie (NĐ 152/2025 Art. 4(6)).

When nominees tie (the same share of the council's votes, the same score), a woman, or a
collective at least 70 % of whose members are women, goes first. This module ranks and says
which nominees the preference moved, with the note the page shows beside them.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from service.domain.awards import Kind
from service.domain.people import Gender, Person

WOMEN_SHARE = Decimal("0.7")
NOTE = "Ưu tiên nữ khi bằng nhau (Nghị định 152/2025/NĐ-CP, Điều 4 khoản 6)"

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Ranked(Generic[K]):
    key: K
    score: Decimal | None
    preferred: bool
    # Set when the preference decided the order within a tie: the note to show.
    note: str = ""


def preferred(person: Person | None, share: Decimal = WOMEN_SHARE) -> bool:
    """A woman, or a collective with ``share`` or more of women among its members."""
    if person is None:
        return False
    if person.kind is Kind.COLLECTIVE:
        members, women = person.members_count, person.women_count
        if not members or women is None:
            return False
        return Decimal(women) / Decimal(members) >= share
    return person.gender is Gender.FEMALE


def rank(
    candidates: Sequence[tuple[K, Decimal | None, Person | None]],
    share: Decimal = WOMEN_SHARE,
) -> list[Ranked[K]]:
    """Candidates by score, highest first; within a tie, the preferred first (otherwise in the
    order given). A candidate without a score ranks last and never ties."""
    marked = [(key, score, preferred(p, share)) for key, score, p in candidates]
    order = sorted(
        range(len(marked)),
        key=lambda i: (marked[i][1] is None, -(marked[i][1] or 0), not marked[i][2], i),
    )
    ranked = []
    for i in order:
        key, score, pref = marked[i]
        ties = [m for m in marked if score is not None and m[1] == score]
        decided = pref and any(not m[2] for m in ties)
        ranked.append(Ranked(key, score, pref, NOTE if decided else ""))
    return ranked
