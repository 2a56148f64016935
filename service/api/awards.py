"""GET /awards: the awards in force on a day for a unit, with the level whose head decides each.

``on`` (default: today here) and ``org`` (default: the caller's unit) pick the rule versions:
the rulebook's awards with the overrides of that unit's province in force that day.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, request

from service.api.appraisal_schemas import CouncilRuleOut
from service.api.http import answer, caller, doc
from service.api.schemas import AwardList, AwardOut, ChecklistItemOut
from service.domain.appraisal import CouncilRule
from service.domain.awards import Award, in_order
from service.domain.checklists import Checklist, ChecklistItem
from service.domain.errors import Invalid
from service.services import services

bp = Blueprint("awards", __name__)


def item_out(i: ChecklistItem) -> ChecklistItemOut:
    return ChecklistItemOut(
        kind=i.kind,
        name=i.name,
        required=i.required,
        per_nominee=i.per_nominee,
        simplified=i.simplified,
        simplified_only=i.simplified_only,
    )


def award_out(a: Award, checklist: Checklist = (), rule: CouncilRule | None = None) -> AwardOut:
    return AwardOut(
        code=a.code,
        name=a.name,
        level=a.level,
        kind=a.kind.value if a.kind else None,
        kinds=[k.value for k in in_order(a.kinds)],
        prize_multiple=float(a.prize_multiple),
        proposes_only=a.proposes_only,
        decided_by=a.decided_by,
        valid_from=a.valid_from,
        valid_to=a.valid_to,
        checklist=[item_out(i) for i in checklist],
        council=None
        if rule is None
        else CouncilRuleOut(
            threshold=str(rule.threshold), of=rule.of.value, secret_ballot=rule.secret_ballot
        ),
    )


def _day(name: str) -> date | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else _refuse(name)
    except ValueError:
        return _refuse(name)


def _refuse(name: str) -> date:
    raise Invalid(f"'{name}' phải là ngày dạng YYYY-MM-DD.", {name: "không đúng định dạng"})


@bp.get("/awards")
@doc(
    "Các hình thức khen thưởng có hiệu lực vào một ngày, theo bộ quy định và quy chế của tỉnh",
    response=AwardList,
    errors=(401, 422),
    query=("on", "org"),
)
def awards() -> tuple[Response, int]:
    day = _day("on")
    s = services()
    org = request.args.get("org") or None
    unit, items = s.awards_with_checklists(day, org, actor=caller())
    rules = s.council_rules(org, [a for a, _ in items], actor=caller())
    return answer(
        AwardList(
            items=[award_out(a, checklist, rules.get(a.code)) for a, checklist in items],
            on=day or s.today(),
            org=unit.code if unit else None,
        )
    )
