"""The biên bản of the Council of Emulation and Commendation's meeting on a dossier: what it says.

NĐ 152/2025 Art. 33(5) asks for the result and the percentage in the minutes (domain.md §1.4):
each nominee the council voted on with votes for and against, the share against the rule's base
and whether it passes; those the appraisal did not send to the council are listed with their
result too, so the minutes account for every nominee of the dossier. Pure: the template's
variables from the meeting, the dossier and the issuing unit's profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.domain.appraisal import (
    RESULT_NAMES,
    Base,
    CouncilMeeting,
    Outcome,
    Result,
    percent,
)
from service.domain.awards import KIND_NAMES
from service.domain.dossiers import Dossier
from service.domain.issuers import IssuerProfile

BASE_NAMES = {
    Base.PRESENT: "số thành viên Hội đồng có mặt",
    Base.TOTAL: "tổng số thành viên Hội đồng",
}


def council_name(body: str) -> str:
    """'Ủy ban nhân dân quận Hoàng Mai' -> 'Hội đồng Thi đua – Khen thưởng quận Hoàng Mai'."""
    own = body.removeprefix("Ủy ban nhân dân ").removeprefix("UBND ")
    return f"Hội đồng Thi đua – Khen thưởng {own}"


def minutes_context(
    dossier: Dossier,
    award_name: str,
    meeting: CouncilMeeting,
    outcomes: Mapping[int, Outcome],
    issuer: IssuerProfile,
    secretary: str,
) -> dict[str, Any]:
    vote, rule = meeting.vote, meeting.rule
    rows = []
    for no, n in enumerate(dossier.nominees, start=1):
        o = outcomes.get(n.id) if n.id is not None else None
        result = o.result if o is not None else Result.PENDING
        voted = o is not None and o.votes_for is not None and o.share is not None
        rows.append(
            {
                "no": no,
                "full_name": n.full_name,
                "kind": KIND_NAMES[n.kind],
                "unit": n.unit,
                "votes_for": o.votes_for if voted and o else "",
                "votes_against": o.votes_against if voted and o else "",
                "percent": percent(o.share) if voted and o and o.share is not None else "",
                "result": RESULT_NAMES[result],
                "note": (o.note if o else "") or ("" if voted else "Không đưa ra Hội đồng xét"),
            }
        )
    held = vote.held_on
    approved = sum(1 for r in outcomes.values() if r.result == Result.APPROVED)
    return {
        "body": issuer.body,
        "parent_body": issuer.parent_body or "",
        "council": council_name(issuer.body),
        "place": issuer.place,
        "held_on": f"ngày {held.day:02d} tháng {held.month:02d} năm {held.year}",
        "dossier_code": dossier.code,
        "dossier_title": dossier.title,
        "award": award_name,
        "members_total": vote.members_total,
        "members_present": vote.members_present,
        "members_absent": vote.members_total - vote.members_present,
        "ballot": "bỏ phiếu kín" if vote.secret_ballot else "biểu quyết công khai (giơ tay)",
        "threshold": percent(rule.threshold),
        "base": BASE_NAMES[rule.of],
        "basis": rule.basis,
        "rows": rows,
        "approved": approved,
        "total": len(dossier.nominees),
        "secretary": secretary,
    }
