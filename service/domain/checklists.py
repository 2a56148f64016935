"""Checklists: the parts a dossier must hold before it is submitted (issue 13, item 1).

Which parts an award needs is rulebook data (each rulebook's ``checklists``; Luật Thi đua, khen
thưởng 06/2022 Art. 84, domain.md §1.3): a tờ trình, the achievement reports (one per nominee),
the council's minutes, for CSTĐ titles the confirmation of the initiative. A simplified dossier
(NĐ 152 Art. 33(8)) swaps the per-nominee reports for one short summary. This module holds the
shape, which kind an upload may name, and the rule that says what is still missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from service.domain.errors import ConfigurationError, Invalid

# The kinds the API took before checklists (its old enum ``proposal``, ``council_minutes``,
# ``achievement_report``, ``other``): an API contract, so still accepted, stored as the kind each
# stands for, and counted as that kind when an older row still carries one.
LEGACY_KINDS = {
    "proposal": "to_trinh",
    "council_minutes": "bien_ban_hoi_dong",
    "achievement_report": "bao_cao_thanh_tich",
}
OTHER = "other"
MAX_KIND = 32  # attachments.kind is sized to match


@dataclass(frozen=True)
class ChecklistItem:
    kind: str
    name: str
    required: bool
    per_nominee: bool
    # Still demanded of a simplified dossier (False: the summary replaces it) ...
    simplified: bool = True
    # ... or demanded only of one (the short summary itself).
    simplified_only: bool = False

    def needed(self, simplified: bool) -> bool:
        if not self.required:
            return False
        if simplified:
            return self.simplified or self.simplified_only
        return not self.simplified_only


Checklist = tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Checklists:
    """A rulebook's checklists: named sets, and which set each award (or family) takes."""

    sets: Mapping[str, Checklist] = field(default_factory=dict)
    families: Mapping[str, str] = field(default_factory=dict)
    awards: Mapping[str, str] = field(default_factory=dict)

    def for_award(self, code: str, family: str) -> Checklist:
        name = self.awards.get(code) or self.families.get(family)
        return self.sets.get(name, ()) if name else ()

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> Checklists:
        sets = record.get("sets") or {}
        assert isinstance(sets, dict)
        found = cls(
            sets={name: tuple(_item(i) for i in items) for name, items in sets.items()},
            families=_names(record.get("families")),
            awards=_names(record.get("awards")),
        )
        unknown = sorted({*found.families.values(), *found.awards.values()} - set(found.sets))
        if unknown:
            raise ConfigurationError(
                f"Danh mục thành phần hồ sơ không có bộ: {', '.join(unknown)}."
            )
        return found


def _item(raw: Mapping[str, object]) -> ChecklistItem:
    kind = str(raw["kind"])
    if len(kind) > MAX_KIND or kind in LEGACY_KINDS:
        raise ConfigurationError(f"Loại thành phần hồ sơ '{kind}' không dùng được.")
    return ChecklistItem(
        kind=kind,
        name=str(raw["name"]),
        required=bool(raw.get("required", True)),
        per_nominee=bool(raw.get("per_nominee", False)),
        simplified=bool(raw.get("simplified", True)),
        simplified_only=bool(raw.get("simplified_only", False)),
    )


def _names(raw: object) -> dict[str, str]:
    if raw is None:
        return {}
    assert isinstance(raw, dict)
    return {str(k): str(v) for k, v in raw.items() if not str(k).startswith("_")}


class Named(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def full_name(self) -> str: ...


class Filed(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def nominee_id(self) -> int | None: ...


class IncompleteDossier(Invalid):
    code = "incomplete_dossier"


def canonical_kind(kind: str) -> str:
    return LEGACY_KINDS.get(kind, kind)


@dataclass(frozen=True)
class Line:
    """One line of a dossier's checklist as its page shows it: an item, for one nominee when it
    is filed per nominee, whether it is demanded of this dossier and whether it is filed."""

    item: ChecklistItem
    label: str
    needed: bool
    filed: bool
    nominee_id: int | None = None


def checklist_lines(
    checklist: Iterable[ChecklistItem],
    attachments: Iterable[Filed],
    nominees: Sequence[Named],
    simplified: bool,
) -> list[Line]:
    """The dossier's checklist, in checklist and nominee order. A required item this kind of
    dossier does not take (the summary of a full one, the reports of a simplified one) is left
    out; an optional one is listed as not needed."""
    filed = [(canonical_kind(a.kind), a.nominee_id) for a in attachments]
    kinds = {k for k, _ in filed}
    lines = []
    for item in checklist:
        needed = item.needed(simplified)
        if item.required and not needed:
            continue
        if not item.per_nominee:
            lines.append(Line(item, item.name, needed, item.kind in kinds))
            continue
        alone = len(nominees) == 1
        for n in nominees:
            done = _filed_for(item.kind, n, filed, alone)
            lines.append(Line(item, f"{item.name} của {n.full_name}", needed, done, n.id))
    return lines


def missing_items(
    checklist: Iterable[ChecklistItem],
    attachments: Iterable[Filed],
    nominees: Sequence[Named],
    simplified: bool,
) -> list[str]:
    """The names of the required parts not yet filed, per-nominee ones named with the nominee
    ("Báo cáo thành tích của Nguyễn Văn An"), in checklist and nominee order."""
    lines = checklist_lines(checklist, attachments, nominees, simplified)
    return [line.label for line in lines if line.needed and not line.filed]


def _filed_for(kind: str, n: Named, filed: list[tuple[str, int | None]], alone: bool) -> bool:
    # A file filed for no one (an upload older than nominee ids) covers a dossier's only nominee.
    return any(k == kind and (i == n.id or (i is None and alone)) for k, i in filed)


def missing_message(missing: Sequence[str]) -> str:
    return "Hồ sơ còn thiếu thành phần bắt buộc: " + "; ".join(missing) + "."


def require_complete(
    checklist: Iterable[ChecklistItem],
    attachments: Iterable[Filed],
    nominees: Sequence[Named],
    simplified: bool,
) -> None:
    """Refuse a submission while a required part is missing, naming every one."""
    missing = missing_items(checklist, attachments, nominees, simplified)
    if missing:
        text = missing_message(missing)
        raise IncompleteDossier(text, {"attachments": text})


def parse_part(
    raw_kind: str | None,
    raw_nominee: str | int | None,
    checklist: Checklist,
    nominees: Sequence[Named],
) -> tuple[str, int | None]:
    """The checklist kind an upload names (an old kind read as the one it stands for) and the
    nominee it is filed for: required for a per-nominee kind, refused for a per-dossier one."""
    kind = canonical_kind((raw_kind or "").strip())
    items = {i.kind: i for i in checklist}
    if kind not in items and kind != OTHER:
        allowed = [f"{i.kind} ({i.name})" for i in checklist]
        if OTHER not in items:
            allowed.append(f"{OTHER} (Tài liệu khác)")
        problem = "Chọn một trong: " + ", ".join(allowed) + "."
        raise Invalid("Loại tài liệu không có trong thành phần hồ sơ.", {"kind": problem})
    item = items.get(kind)
    nominee = _nominee(raw_nominee, nominees)
    if item is not None and item.per_nominee and nominee is None:
        problem = f"{item.name} nộp riêng cho từng đối tượng: hãy chọn đối tượng."
        raise Invalid(problem, {"nominee_id": problem})
    if nominee is not None and (item is None or not item.per_nominee):
        problem = "Tài liệu này nộp chung cho cả hồ sơ, không gắn với một đối tượng."
        raise Invalid(problem, {"nominee_id": problem})
    return kind, nominee


def _nominee(raw: str | int | None, nominees: Sequence[Named]) -> int | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        wanted = int(str(raw).strip())
    except ValueError:
        wanted = None
    if wanted is None or all(n.id != wanted for n in nominees):
        problem = "Không phải đối tượng của hồ sơ này."
        raise Invalid(problem, {"nominee_id": problem})
    return wanted
