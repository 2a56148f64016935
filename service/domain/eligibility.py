"""Eligibility of a nominee for an award, read from their registry history (issue 14, item 3).

The rules are rulebook data (``domain.eligibility_rules``); this module checks a nominee's
``History`` against those of the award and says ``ok``, ``warn`` or ``fail`` with its reasons in
Vietnamese, naming the years and awards it looked at. A failed rule fails when it blocks and
warns when the province lets it through; a rule that cannot be checked (the nominee is not in
the registry, a collective's members are not) warns. The checks of each kind of rule are in
``domain.eligibility_checks``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

from service.domain.awards import Kind
from service.domain.eligibility_checks import Check, Context, check
from service.domain.eligibility_rules import EligibilityRules, OnFail, Rule
from service.domain.errors import Invalid
from service.domain.people import History

Status = Literal["ok", "warn", "fail"]
STATUS_NAMES: dict[str, str] = {
    "ok": "Đủ điều kiện",
    "warn": "Cần lưu ý",
    "fail": "Không đủ điều kiện",
}
_WORST: dict[str, int] = {"ok": 0, "warn": 1, "fail": 2}
UNLINKED = (
    "Đối tượng chưa được liên kết với sổ theo dõi khen thưởng nên chưa kiểm tra được lịch sử "
    "thi đua, khen thưởng."
)


@dataclass(frozen=True)
class Eligibility:
    status: Status
    # What every rule looked at, in the rulebook's order ...
    reasons: tuple[str, ...] = ()
    # ... and of those, what the rules that did not pass said.
    problems: tuple[str, ...] = ()

    @property
    def blocks(self) -> bool:
        return self.status == "fail"

    def as_record(self) -> dict[str, object]:
        return {"status": self.status, "reasons": list(self.reasons)}


def evaluate(
    rules: EligibilityRules,
    award: str,
    kind: Kind,
    history: History | None,
    year: int,
    day: date,
) -> Eligibility:
    """The nominee's eligibility for ``award`` in a dossier of ``year``, evaluated on ``day``."""
    applying = rules.for_award(award, kind)
    if not applying:
        return Eligibility("ok")
    if history is None:
        return Eligibility("warn", (UNLINKED,), (UNLINKED,))
    context = Context(history, rules.aliases.get(award, award), year, day, rules)
    status: Status = "ok"
    reasons: list[str] = []
    problems: list[str] = []
    for rule in applying:
        outcome = _status(rule, check(rule.condition, context))
        # Two rules may say the same (an award given twice in one year): say it once.
        reasons.extend(r for r in outcome.reasons if r not in reasons)
        if outcome.status != "ok":
            problems.extend(r for r in outcome.reasons if r not in problems)
        status = max(status, outcome.status, key=_WORST.__getitem__)
    return Eligibility(status, tuple(reasons), tuple(problems))


class Ineligible(Invalid):
    code = "ineligible_nominee"


class Named(Protocol):
    @property
    def full_name(self) -> str: ...


def refusal(judged: Sequence[tuple[Named, Eligibility]]) -> Ineligible | None:
    """The refusal of a submission while nominees fail a blocking rule, each named with what
    the rules it did not pass said, field by nominee position; None if none does."""
    failing = [(i, n, e) for i, (n, e) in enumerate(judged) if e.blocks]
    if not failing:
        return None
    said = {f"nominees[{i}]": f"{n.full_name}: {' '.join(e.problems)}" for i, n, e in failing}
    text = "Có người được đề nghị không đủ điều kiện khen thưởng: " + " ".join(said.values())
    return Ineligible(text, said)


def _status(rule: Rule, found: Check) -> Eligibility:
    if found.passed:
        return Eligibility("ok", found.reasons)
    if found.passed is None or rule.on_fail is OnFail.WARN:
        return Eligibility("warn", found.reasons)
    return Eligibility("fail", found.reasons)
