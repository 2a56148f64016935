"""Registry entries that are likely the same person, proposed to an admin, and what a merge keeps.

Two entries are proposed as a pair when their folded names match (``dossiers.fold``: no case,
no diacritics, single spaces) and either their dates of birth are the same, or they are of the
same unit and at least one of them has no date of birth. Entries of different kinds (an
individual and a collective), with two different identity numbers, or with two different dates
of birth are never proposed. The same identity number cannot occur twice (the registry keeps it
unique). A pair an admin dismissed as "not the same person" is not proposed again.

Nothing here merges: an admin merges one entry into the other explicitly
(``usecases.people_merge``). The target keeps its own identity and takes from the source only
what it lacks (``filled_from``); a year rated differently on both sides is a conflict the admin
settles first (``rating_conflicts``), since which rating is right is a fact no rule can know.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from service.domain.dossiers import fold
from service.domain.people import Person


def pair_key(a: int, b: int) -> tuple[int, int]:
    """A pair's key, the same whichever entry is named first."""
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class DuplicatePair:
    """Two entries likely the same; ``first`` is the older one (the proposed target)."""

    first: Person
    second: Person
    reasons: tuple[str, ...]

    @property
    def key(self) -> tuple[int, int]:
        return pair_key(self.first.id, self.second.id)


def duplicate_pairs(
    people: Iterable[Person], dismissed: Collection[tuple[int, int]] = ()
) -> list[DuplicatePair]:
    """The pairs among ``people`` likely to be the same entry, oldest first.

    Merged entries are skipped (they are no longer anyone); ``dismissed`` holds the
    ``pair_key`` of the pairs an admin said are different people.
    """
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        if person.merged_into is None:
            by_name[fold(person.full_name)].append(person)
    pairs: list[DuplicatePair] = []
    for namesakes in by_name.values():
        namesakes.sort(key=lambda p: p.id)
        for i, first in enumerate(namesakes):
            for second in namesakes[i + 1 :]:
                if pair_key(first.id, second.id) in dismissed:
                    continue
                reasons = likely_same(first, second)
                if reasons:
                    pairs.append(DuplicatePair(first, second, reasons))
    pairs.sort(key=lambda p: p.key)
    return pairs


def likely_same(a: Person, b: Person) -> tuple[str, ...]:
    """Why ``a`` and ``b`` look like one entry (Vietnamese, for the admin); () if they do not."""
    if a.id == b.id or a.kind != b.kind or fold(a.full_name) != fold(b.full_name):
        return ()
    if a.identity_number and b.identity_number and a.identity_number != b.identity_number:
        return ()
    name = f"Cùng họ tên «{b.full_name}»" if a.full_name == b.full_name else _names(a, b)
    if a.date_of_birth is not None and a.date_of_birth == b.date_of_birth:
        return (name, f"cùng ngày sinh {_day(a.date_of_birth)}")
    if a.date_of_birth is not None and b.date_of_birth is not None:
        return ()  # two dates of birth, not the same: two people
    if not a.org_code or a.org_code != b.org_code:
        return ()
    missing = (
        "cả hai mục đều chưa có ngày sinh"
        if a.date_of_birth is None and b.date_of_birth is None
        else f"mục #{(b if b.date_of_birth is None else a).id} chưa có ngày sinh"
    )
    return (name, f"cùng đơn vị {a.org_code}", missing)


def _names(a: Person, b: Person) -> str:
    return f"Họ tên trùng nhau khi bỏ dấu: «{a.full_name}» và «{b.full_name}»"


def _day(day: date) -> str:
    return f"{day:%d/%m/%Y}"


# The identity fields a target without them takes from the source it absorbs.
FILLED = ("date_of_birth", "gender", "ethnicity", "identity_number", "position")
FIELD_NAMES = {
    "date_of_birth": "ngày sinh",
    "gender": "giới tính",
    "ethnicity": "dân tộc",
    "identity_number": "số định danh",
    "position": "chức vụ",
    "members_count": "số thành viên",
    "women_count": "số nữ",
    "member_of": "tập thể",
}


def filled_from(target: Person, source: Person) -> tuple[Person, tuple[str, ...]]:
    """The target with the fields it lacks taken from ``source``, and those fields' names."""
    taken: dict[str, object] = {}
    for name in (*FILLED, "members_count", "women_count", "member_of"):
        mine, theirs = getattr(target, name), getattr(source, name)
        if mine in (None, "") and theirs not in (None, "") and theirs != target.id:
            taken[name] = theirs
    return replace(target, **taken), tuple(FIELD_NAMES[n] for n in taken)  # type: ignore[arg-type]


def merge_problem(source: Person, target: Person) -> str | None:
    """Why ``source`` may not be merged into ``target``; None if it may."""
    if source.id == target.id:
        return "Không thể gộp một mục vào chính nó."
    if source.merged_into is not None:
        return f"Mục #{source.id} đã được gộp vào mục #{source.merged_into}."
    if target.merged_into is not None:
        return (
            f"Mục #{target.id} đã được gộp vào mục #{target.merged_into}; "
            "hãy gộp vào mục còn hiệu lực."
        )
    if source.kind != target.kind:
        return "Không thể gộp một cá nhân với một tập thể."
    if (
        source.identity_number
        and target.identity_number
        and source.identity_number != target.identity_number
    ):
        return "Hai mục có số định danh khác nhau: đây là hai người khác nhau."
    return None


def rating_conflicts(source: Mapping[int, str], target: Mapping[int, str]) -> list[int]:
    """The years rated on both sides with different ratings (same ratings merge into one)."""
    return sorted(y for y, r in source.items() if y in target and target[y] != r)


def rating_conflict_message(years: Collection[int]) -> str:
    listed = ", ".join(str(y) for y in sorted(years))
    return (
        f"Hai mục có xếp loại khác nhau cho năm {listed}; hãy sửa xếp loại của một trong hai "
        "mục cho đúng rồi gộp lại (hệ thống không tự chọn xếp loại nào đúng)."
    )


@dataclass(frozen=True)
class Moved:
    """What a merge moved from the source to the target, for the admin and the audit trail."""

    awards: int = 0
    ratings: int = 0
    initiatives: int = 0
    holds: int = 0
    postings: int = 0
    nominees: int = 0
    members: int = 0

    def summary(self) -> str:
        parts = [
            (self.awards, "khen thưởng"),
            (self.ratings, "xếp loại năm"),
            (self.initiatives, "sáng kiến"),
            (self.holds, "vụ việc tạm hoãn"),
            (self.postings, "quá trình công tác"),
            (self.nominees, "người được đề nghị trong hồ sơ"),
            (self.members, "thành viên tập thể"),
        ]
        said = [f"{n} {what}" for n, what in parts if n]
        return ", ".join(said) if said else "không có lịch sử nào"
