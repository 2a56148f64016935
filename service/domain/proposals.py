"""What the province sends up for an award it only proposes, and what comes back.

State awards (Bằng khen Thủ tướng, Huân chương, Cờ thi đua Chính phủ, CSTĐ toàn quốc) are decided
above the province (domain.md §1.2): the province's route ends with its tờ trình and list to the
Prime Minister through the Ministry of Home Affairs, and the central decision is recorded here
when it arrives. Pure: the tờ trình is the decision the province would have drafted, addressed
upward instead of issued, and a central decision is checked before it is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from service.domain.awards import Award
from service.domain.decisions import Decision, template_context
from service.domain.errors import Invalid

MAX_NUMBER, MAX_AUTHORITY, MAX_NOTE = 64, 200, 2000


class CentralOutcome(StrEnum):
    AWARDED = "awarded"
    DECLINED = "declined"


OUTCOME_NAMES = {
    CentralOutcome.AWARDED: "khen thưởng",
    CentralOutcome.DECLINED: "không khen thưởng",
}


def proposal_symbol(decision_symbol: str) -> str:
    """The tờ trình's code from the unit's decision code: "QĐ-UBND" → "TTr-UBND" (NĐ 30 Phụ
    lục III abbreviates Tờ trình "TTr")."""
    _, _, body = decision_symbol.partition("-")
    return f"TTr-{body.strip() or 'UBND'}"


@dataclass(frozen=True)
class Addressing:
    """Whom the tờ trình asks, and through whom it goes (rulebook data)."""

    to: str
    via: str


def proposal_context(draft: Decision, award: Award, addressing: Addressing) -> dict[str, Any]:
    """The tờ trình's template variables: the decision's (issuer, counts, list, signer) plus
    whom it asks for what. ``draft`` is composed as the province's own, unnumbered."""
    context = template_context(draft)
    # "TTr" keeps its small r, which the decision numbering would upper-case.
    number = context["number"].replace(f"/{draft.symbol.upper()}", f"/{draft.symbol}")
    counts, name = context["counts"]["text"], context["award"]["name"]
    verb = award.verb.lower()
    decider = award.decided_by or addressing.to
    # The President decides on the Prime Minister's submission (domain.md §1.2).
    asks = (
        f"xem xét, {verb} {name}"
        if decider == addressing.to
        else f"xem xét, trình {decider} {verb} {name}"
    )
    to = addressing.to
    context.update(
        {
            "number": number,
            "proposer": draft.issuer.body,
            "summary": f"Về việc đề nghị {verb} {name}",
            "addressee": f"{to} (qua {addressing.via})" if addressing.via else to,
            "request": (
                f"{draft.issuer.body} đề nghị {to} {asks} cho {counts} (có danh sách kèm "
                "theo), đã có thành tích xuất sắc (báo cáo thành tích gửi kèm)."
            ),
            "closing": f"Kính trình {to} xem xét, quyết định./.",
            "annex_title": f"DANH SÁCH {context['counts']['who']} ĐỀ NGHỊ {verb} {name}".upper(),
            # Sent to the addressee only; the decision's executors do not apply (NĐ 30 PL I).
            "recipients": ["- Như trên;", context["recipients"][-1]],
        }
    )
    return context


@dataclass(frozen=True)
class CentralDecision:
    """The decision of the body above the province, recorded by the province."""

    dossier_id: int
    outcome: CentralOutcome
    number: str
    signed_on: date
    authority: str
    note: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class CentralDecisionInput:
    outcome: CentralOutcome
    number: str
    signed_on: date
    authority: str
    note: str


def central_decision_input(
    record: Mapping[str, Any], *, award: Award, proposed_on: date, today: date
) -> CentralDecisionInput:
    """Check what a province officer typed from the central decision; raise Invalid naming
    every field that is wrong."""
    errors: dict[str, str] = {}
    outcome = _outcome(record.get("outcome", CentralOutcome.AWARDED.value), errors)
    number = _text(
        record, "number", MAX_NUMBER, errors, "Hãy nhập số quyết định, ví dụ 123/QĐ-TTg."
    )
    authority = (
        _text(record, "authority", MAX_AUTHORITY, errors, "") or award.decided_by or "Cấp trên"
    )
    note = _text(record, "note", MAX_NOTE, errors, "")
    if outcome is CentralOutcome.DECLINED and not note and "note" not in errors:
        errors["note"] = "Hãy ghi lý do cấp trên không khen thưởng."
    signed_on = _signed_on(record.get("signed_on"), proposed_on, today, errors)
    if errors:
        raise Invalid("Thông tin quyết định của cấp trên chưa hợp lệ.", errors)
    assert outcome is not None and signed_on is not None
    return CentralDecisionInput(outcome, number, signed_on, authority, note)


def _outcome(value: object, errors: dict[str, str]) -> CentralOutcome | None:
    try:
        return CentralOutcome(str(value))
    except ValueError:
        errors["outcome"] = "Chọn 'awarded' (khen thưởng) hoặc 'declined' (không khen thưởng)."
        return None


def _text(
    record: Mapping[str, Any], field: str, limit: int, errors: dict[str, str], missing: str
) -> str:
    value = record.get(field)
    if value is not None and not isinstance(value, str):
        errors[field] = "Phải là chuỗi ký tự."
        return ""
    text = (value or "").strip()
    if not text and missing:
        errors[field] = missing
    elif len(text) > limit:
        errors[field] = f"Dài quá {limit} ký tự."
    return text


def _signed_on(
    value: object, proposed_on: date, today: date, errors: dict[str, str]
) -> date | None:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        errors["signed_on"] = "Ngày ký phải có dạng YYYY-MM-DD."
        return None
    if day > today:
        errors["signed_on"] = "Ngày ký không được sau hôm nay."
    elif day < proposed_on:
        errors["signed_on"] = f"Ngày ký không được trước ngày trình ({proposed_on:%d/%m/%Y})."
    return day
