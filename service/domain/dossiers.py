"""Nomination dossiers (hồ sơ đề nghị khen thưởng): their fields, status rules and validation."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from service.domain.awards import Award, Kind, kinds_phrase
from service.domain.errors import Invalid
from service.domain.proposal_fields import (
    Period,
    Submission,
    read_period,
    read_reason,
    read_submission,
)


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    APPROVED = "approved"
    REJECTED = "rejected"
    # An award the province only proposes: sent up (its route has ended here), then decided
    # above (domain.proposals).
    PROPOSED = "proposed"
    DECIDED = "decided"


MAX_NOMINEES = 5000
# The longest text each field keeps (the database columns are sized to match).
LIMITS = {
    "title": 500,
    "full_name": 200,
    "position": 300,
    "unit": 300,
    "achievements": 5000,
    "simplified_reason": 2000,
}
NOMINEE_TEXT = ("full_name", "position", "unit", "achievements")


@dataclass(frozen=True)
class Nominee:
    full_name: str
    kind: Kind
    position: str = ""
    unit: str = ""
    achievements: str = ""
    # This nominee's reason phrase, when it is not the dossier's (domain.proposal_fields).
    reason: str = ""
    # The nominee's row, stable while the dossier lives: an edit that repeats it keeps the
    # nominee (and what hangs on it: their reports, their appraisal); None until first saved.
    id: int | None = None
    # The registry entry (domain.people.Person) this nominee is; None until someone links one.
    person_id: int | None = None


@dataclass
class Dossier:
    id: int
    code: str
    org_id: int
    org_code: str
    award: str
    year: int
    title: str
    status: Status
    level: str
    created_at: datetime
    version: int
    nominees: list[Nominee] = field(default_factory=list)
    org_name: str = ""  # the unit's name, for what people read (the code is for machines)
    # Pinned at creation (NĐ 152 Art. 60(3)): the rulebook and the day whose rule versions the
    # dossier follows to its decision, whatever changes after.
    rulebook: str = ""
    rules_on: date | None = None
    # Why the clerk sends a simplified dossier (hồ sơ đơn giản, NĐ 152 Art. 33(8)); None: full.
    simplified_reason: str | None = None
    # What the decision cites (domain.proposal_fields): the proposer's tờ trình, the period of
    # the achievements and the reason phrase for the whole list.
    proposal: Submission | None = None
    period: Period | None = None
    reason: str = ""

    @property
    def simplified(self) -> bool:
        return self.simplified_reason is not None

    @property
    def rules_day(self) -> date:
        """The day the dossier's rules are read on (its creation day if never pinned)."""
        return self.rules_on or self.created_at.date()

    @property
    def submitted(self) -> bool:
        """Submitted at least once: only a draft never was (a returned dossier has been)."""
        return self.status is not Status.DRAFT


@dataclass(frozen=True)
class DossierFilter:
    status: str | None = None
    level: str | None = None
    year: int | None = None
    award: str | None = None
    text: str | None = None  # matched against code, title and nominees, ignoring diacritics


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(plain.lower().split())


def search_text(code: str, title: str, nominees: Sequence[Nominee]) -> str:
    """What a dossier is found by, folded once when it is saved."""
    return fold(" | ".join([code, title, *(n.full_name for n in nominees)]))


def status_after(action: str, outcome: str | None) -> Status:
    """The status a dossier takes after a task is completed with ``action``.

    ``outcome`` is what the workflow's end event says when the route has finished.
    """
    if outcome is not None:
        return Status(outcome)
    if action == "return":
        return Status.RETURNED
    return Status.IN_REVIEW


def nfc(text: str) -> str:
    """Vietnamese text arrives composed or decomposed; use one form, NFC, so that search, sort and
    print agree. The service's one NFC rule: decisions add to it, drafts trim it."""
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Typed:
    """The proposal fields as a clerk typed them: ``proposal`` {"number", "date"}, ``period``
    {"from", "to"} (ISO days), ``reason``; None or "" when not given."""

    proposal: Mapping[str, str] | None = None
    period: Mapping[str, str] | None = None
    reason: str = ""


@dataclass(frozen=True)
class Cleaned:
    title: str
    nominees: list[Nominee]
    proposal: Submission | None = None
    period: Period | None = None
    reason: str = ""


def clean_draft(
    title: str, year: int, award: Award | None, nominees: Sequence[Nominee], *, this_year: int
) -> tuple[str, list[Nominee]]:
    """Check a dossier's content against the rules; return it normalised or raise Invalid."""
    title, cleaned, errors = _checked(title, year, award, nominees, this_year)
    _refuse(cleaned, errors)
    return title, cleaned


def clean_dossier(
    title: str,
    year: int,
    award: Award | None,
    nominees: Sequence[Nominee],
    typed: Typed,
    *,
    today: date,
) -> Cleaned:
    """``clean_draft`` plus the proposal fields, each checked when given; one Invalid for all."""
    title, cleaned, errors = _checked(title, year, award, nominees, today.year)
    proposal = read_submission(typed.proposal, today, errors)
    period = read_period(typed.period, errors)
    reason = read_reason(nfc(typed.reason), errors)
    _refuse(cleaned, errors)
    return Cleaned(title, cleaned, proposal, period, reason)


def _checked(
    title: str, year: int, award: Award | None, nominees: Sequence[Nominee], this_year: int
) -> tuple[str, list[Nominee], dict[str, str]]:
    errors: dict[str, str] = {}
    title = nfc(title).strip()
    if not title:
        errors["title"] = "Hãy nhập tên hồ sơ."
    if not 2000 <= year <= this_year + 1:
        errors["year"] = f"Năm khen thưởng phải từ 2000 đến {this_year + 1}."
    if award is None:
        errors["award"] = (
            "Hình thức khen thưởng không có trong danh mục đang áp dụng (chưa có hoặc đã hết "
            "hiệu lực)."
        )
    if not nominees:
        errors["nominees"] = "Hồ sơ phải có ít nhất một đối tượng đề nghị khen thưởng."
    elif len(nominees) > MAX_NOMINEES:
        errors["nominees"] = f"Một hồ sơ có tối đa {MAX_NOMINEES} đối tượng."
    cleaned = [_clean_nominee(i, n, award, errors) for i, n in enumerate(nominees)]
    errors.update(too_long(title, cleaned))
    return title, cleaned, errors


def _refuse(cleaned: Sequence[Nominee], errors: dict[str, str]) -> None:
    repeats = repeated_rows(cleaned)
    for first, again in repeats:
        errors.setdefault(f"nominees[{again}].full_name", f"Trùng với hàng {first + 1}.")
    if errors:
        message = "Hồ sơ chưa hợp lệ; hãy sửa các trường được đánh dấu."
        raise Invalid(f"{message} {repeats_message(cleaned, repeats)}".strip(), errors)


def clean_simplified(reason: str | None) -> str | None:
    """The reason a simplified dossier gives, trimmed (None: a full dossier); it must say one."""
    if reason is None:
        return None
    cleaned = nfc(reason).strip()
    if not cleaned:
        problem = "Hãy ghi lý do lập hồ sơ đơn giản."
        raise Invalid(problem, {"simplified.reason": problem})
    if len(cleaned) > LIMITS["simplified_reason"]:
        raise Invalid(
            _limit("simplified_reason"), {"simplified.reason": _limit("simplified_reason")}
        )
    return cleaned


def too_long(title: str, nominees: Sequence[Nominee]) -> dict[str, str]:
    """The fields longer than LIMITS allows, by field path, with what the limit is."""
    problems = {}
    if len(title) > LIMITS["title"]:
        problems["title"] = _limit("title")
    for i, n in enumerate(nominees):
        for field_name in NOMINEE_TEXT:
            if len(getattr(n, field_name)) > LIMITS[field_name]:
                problems[f"nominees[{i}].{field_name}"] = _limit(field_name)
    return problems


def _limit(field_name: str) -> str:
    return f"Tối đa {LIMITS[field_name]} ký tự."


def _clean_nominee(i: int, n: Nominee, award: Award | None, errors: dict[str, str]) -> Nominee:
    cleaned = Nominee(
        full_name=nfc(n.full_name).strip(),
        kind=n.kind,
        position=nfc(n.position).strip(),
        unit=nfc(n.unit).strip(),
        achievements=nfc(n.achievements).strip(),
        id=n.id,
        reason=read_reason(nfc(n.reason), errors, f"nominees[{i}].reason"),
        person_id=n.person_id,
    )
    if not cleaned.full_name:
        errors[f"nominees[{i}].full_name"] = "Hãy nhập họ tên hoặc tên tập thể."
    if award is not None and not award.takes(n.kind):
        errors[f"nominees[{i}].kind"] = f"{award.name} chỉ dành cho {kinds_phrase(award.kinds)}."
    return cleaned


def stray_nominee_ids(nominees: Sequence[Nominee], kept: Iterable[int | None]) -> dict[str, str]:
    """Edited nominees naming an id this dossier does not hold, or one id twice, by field path."""
    known, seen, problems = set(kept), set(), {}
    for i, n in enumerate(nominees):
        if n.id is None:
            continue
        if n.id not in known:
            problems[f"nominees[{i}].id"] = "Hồ sơ không có người được đề nghị với mã này."
        elif n.id in seen:
            problems[f"nominees[{i}].id"] = "Mỗi người được đề nghị chỉ ghi một lần."
        seen.add(n.id)
    return problems


def name_key(text: str) -> str:
    """A name as compared to find the same person twice: NFC, case- and whitespace-insensitive.
    Diacritics count: "Nguyễn Văn An" and "Nguyen Van An" are different names."""
    return " ".join(nfc(text).casefold().split())


def same_person(a: Nominee, b: Nominee) -> bool:
    """Nominees carry no date of birth, so a person is a name plus, when both rows give one, a
    unit: "Nguyễn Văn An" of UBND phường Định Công is not "Nguyễn Văn An" of Trường THCS Lĩnh
    Nam. Positions are not compared: one person's is often written two ways."""
    if name_key(a.full_name) != name_key(b.full_name):
        return False
    unit_a, unit_b = name_key(a.unit), name_key(b.unit)
    return not unit_a or not unit_b or unit_a == unit_b


def repeated_rows(nominees: Sequence[Nominee]) -> list[tuple[int, int]]:
    """(first row, later row) for every row repeating an earlier person, 0-based, in row order."""
    seen: dict[str, list[int]] = {}
    repeats = []
    for i, n in enumerate(nominees):
        earlier = seen.setdefault(name_key(n.full_name), [])
        first = next((j for j in earlier if same_person(nominees[j], n)), None)
        if first is not None:
            repeats.append((first, i))
        earlier.append(i)
    return repeats


def repeats_message(nominees: Sequence[Nominee], repeats: Sequence[tuple[int, int]]) -> str:
    """The sentence naming the rows that repeat a person ("" when none do)."""
    if not repeats:
        return ""
    shown = [f"hàng {a + 1} và hàng {b + 1} cùng là «{nominees[a].full_name}»" for a, b in repeats]
    more = "…" if len(shown) > 3 else ""
    listed = "; ".join(shown[:3]) + more
    return f"Một người chỉ được đề nghị một lần trong hồ sơ: {listed}."


def dossier_code(org_code: str, year: int, sequence: int) -> str:
    """A human-readable unique code, e.g. ``HM-DC-2026-00042``: sequential per unit and year."""
    return f"{org_code}-{year}-{sequence:05d}"
