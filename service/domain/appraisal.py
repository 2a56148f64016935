"""The deciding level's appraisal and its council's vote: what each nominee comes out with.

At the level whose head decides, the commendation office's officer (chuyên viên) appraises the
dossier nominee by nominee (thẩm định: eligible or not, with a note, or moved to another form of
award), and where the rulebook says the award needs it the Council of Emulation and Commendation
(Hội đồng Thi đua – Khen thưởng) votes on those found eligible (NĐ 152/2025 Art. 33(5);
domain.md §1.4). The result of each nominee is computed from the appraisal and the votes against
the rulebook's threshold, never typed: only nominees approved here are in the decision.

Pure: the thresholds come from the rulebook (``CouncilRule``), the inputs from the officer's and
the secretary's forms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from service.domain.errors import Invalid
from service.domain.proposal_fields import Submission

MAX_NOTE = 2000
MAX_MEMBERS = 1000


class Result(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    NOT_PROPOSED = "not_proposed"
    MOVED = "moved"


RESULT_NAMES = {
    Result.PENDING: "Chưa có kết quả",
    Result.APPROVED: "Đề nghị khen thưởng",
    Result.NOT_PROPOSED: "Không đề nghị",
    Result.MOVED: "Chuyển hình thức khen thưởng khác",
}


class Base(StrEnum):
    """What a council's threshold is a share of."""

    PRESENT = "present"  # the members present at the meeting
    TOTAL = "total"  # all members of the council in office


@dataclass(frozen=True)
class CouncilRule:
    """When an award needs its council's vote, and what passes: e.g. 80 % of all members, by
    secret ballot, for Cờ thi đua của Chính phủ (NĐ 152 Art. 33(5)); provinces set their own."""

    threshold: Decimal  # a share, 0 < threshold <= 1
    of: Base = Base.PRESENT
    secret_ballot: bool = False
    basis: str = ""


@dataclass(frozen=True)
class AppraisalItem:
    """The officer's finding on one nominee; ``moved_to`` names the award they are moved to."""

    nominee_id: int
    eligible: bool
    note: str = ""
    moved_to: str = ""


@dataclass(frozen=True)
class NomineeVote:
    nominee_id: int
    votes_for: int
    votes_against: int


@dataclass(frozen=True)
class CouncilVote:
    """The council's meeting as its secretary enters it."""

    members_total: int
    members_present: int
    secret_ballot: bool
    held_on: date
    votes: tuple[NomineeVote, ...]


@dataclass(frozen=True)
class Outcome:
    """One nominee's result, with the votes and share it rests on when a council voted."""

    nominee_id: int
    result: Result
    note: str = ""
    moved_to: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    share: Decimal | None = None  # votes for over the rule's base, e.g. Decimal("0.8571")


def share_of(votes_for: int, vote: CouncilVote, rule: CouncilRule) -> Decimal:
    base = vote.members_total if rule.of is Base.TOTAL else vote.members_present
    return (Decimal(votes_for) / Decimal(base)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def percent(share: Decimal) -> str:
    """A share as the minutes print it: "85,71%"."""
    return f"{(share * 100).quantize(Decimal('0.01'), ROUND_HALF_UP):.2f}".replace(".", ",") + "%"


def appraisal_problems(
    items: Sequence[AppraisalItem], nominee_ids: Iterable[int]
) -> dict[str, str]:
    """What is wrong with an appraisal: every nominee exactly once, nobody else, notes where
    the finding needs its reason, by field path."""
    wanted, seen, problems = set(nominee_ids), set(), {}
    for i, item in enumerate(items):
        where = f"appraisal[{i}]"
        if item.nominee_id not in wanted:
            problems[f"{where}.nominee_id"] = "Hồ sơ không có người được đề nghị với mã này."
        elif item.nominee_id in seen:
            problems[f"{where}.nominee_id"] = "Mỗi người được đề nghị chỉ thẩm định một lần."
        seen.add(item.nominee_id)
        if len(item.note) > MAX_NOTE:
            problems[f"{where}.note"] = f"Ý kiến tối đa {MAX_NOTE} ký tự."
        elif (not item.eligible or item.moved_to) and not item.note.strip():
            problems[f"{where}.note"] = "Hãy ghi rõ lý do không đề nghị hoặc chuyển hình thức."
    if missing := wanted - seen:
        problems["appraisal"] = f"Còn {len(missing)} người được đề nghị chưa được thẩm định."
    return problems


def appraised(items: Sequence[AppraisalItem], council: bool) -> list[Outcome]:
    """Results after the appraisal: the eligible wait for the council if it votes."""
    out = []
    for item in items:
        if item.moved_to:
            result = Result.MOVED
        elif not item.eligible:
            result = Result.NOT_PROPOSED
        else:
            result = Result.PENDING if council else Result.APPROVED
        out.append(Outcome(item.nominee_id, result, item.note.strip(), item.moved_to))
    return out


def vote_problems(vote: CouncilVote, rule: CouncilRule, eligible: Iterable[int]) -> dict[str, str]:
    """A vote that does not add up, by field path (e.g. more votes than members present)."""
    problems: dict[str, str] = {}
    if not 1 <= vote.members_total <= MAX_MEMBERS:
        problems["council.members_total"] = f"Số thành viên Hội đồng từ 1 đến {MAX_MEMBERS}."
    if not 1 <= vote.members_present <= vote.members_total:
        problems["council.members_present"] = (
            "Số thành viên có mặt phải từ 1 đến số thành viên Hội đồng."
        )
    if rule.secret_ballot and not vote.secret_ballot:
        problems["council.secret_ballot"] = "Hình thức khen thưởng này phải bỏ phiếu kín."
    wanted, seen = set(eligible), set()
    for i, v in enumerate(vote.votes):
        where = f"council.votes[{i}]"
        if v.nominee_id not in wanted:
            problems[f"{where}.nominee_id"] = "Người này không thuộc danh sách Hội đồng xét."
        elif v.nominee_id in seen:
            problems[f"{where}.nominee_id"] = "Mỗi người được đề nghị chỉ ghi một kết quả."
        seen.add(v.nominee_id)
        if v.votes_for < 0 or v.votes_against < 0:
            problems[f"{where}.for"] = "Số phiếu không được âm."
        elif v.votes_for + v.votes_against > vote.members_present:
            problems[f"{where}.for"] = (
                f"Tổng số phiếu ({v.votes_for + v.votes_against}) vượt số thành viên có mặt "
                f"({vote.members_present})."
            )
    if missing := wanted - seen:
        problems["council.votes"] = f"Còn {len(missing)} người chưa có kết quả biểu quyết."
    return problems


def voted(vote: CouncilVote, rule: CouncilRule, before: Sequence[Outcome]) -> list[Outcome]:
    """Results after the council: those it voted on pass at the rule's threshold or not."""
    ballots = {v.nominee_id: v for v in vote.votes}
    out = []
    for o in before:
        v = ballots.get(o.nominee_id)
        if v is None:
            out.append(o)
            continue
        share = share_of(v.votes_for, vote, rule)
        result = Result.APPROVED if share >= rule.threshold else Result.NOT_PROPOSED
        out.append(
            Outcome(o.nominee_id, result, o.note, o.moved_to, v.votes_for, v.votes_against, share)
        )
    return out


def require_valid(problems: dict[str, str], message: str) -> None:
    if problems:
        raise Invalid(message, problems)


@dataclass(frozen=True)
class Appraisal:
    """Who appraised the dossier at which level, with the office's tờ trình when given."""

    dossier_id: int
    level: str
    appraised_by: int
    appraised_at: datetime
    submission: Submission | None = None


@dataclass(frozen=True)
class CouncilMeeting:
    """The council's meeting on a dossier as recorded, with the rule as it was applied."""

    dossier_id: int
    level: str
    vote: CouncilVote
    rule: CouncilRule
    recorded_by: int
    recorded_at: datetime


def summary(outcomes: Iterable[Outcome]) -> str:
    """How the history sums a step up: "2 đề nghị khen thưởng, 1 không đề nghị"."""
    counts: dict[Result, int] = {}
    for o in outcomes:
        counts[o.result] = counts.get(o.result, 0) + 1
    words = {
        Result.APPROVED: "đề nghị khen thưởng",
        Result.PENDING: "trình Hội đồng xét",
        Result.NOT_PROPOSED: "không đề nghị",
        Result.MOVED: "chuyển hình thức khác",
    }
    return ", ".join(f"{counts[r]} {words[r]}" for r in Result if counts.get(r))
