"""The delivery register of certificates: who received an awardee's Bằng khen or Giấy khen of
an issued decision, and when; and what such a record may say."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from service.domain.errors import Invalid


@dataclass(frozen=True)
class Delivery:
    decision_id: int
    nominee_id: int
    received_by: str
    delivered_on: date
    note: str
    recorded_by: str
    recorded_at: datetime


def check_delivery(received_by: str, delivered_on: date, issued_on: date, today: date) -> None:
    """Invalid unless someone is named and the day lies between the issue and today."""
    problems: dict[str, str] = {}
    if not received_by.strip():
        problems["received_by"] = "Hãy ghi họ tên người nhận bằng."
    if delivered_on > today:
        problems["delivered_on"] = "Ngày giao không được sau hôm nay."
    elif delivered_on < issued_on:
        problems["delivered_on"] = (
            f"Ngày giao không được trước ngày ban hành quyết định ({issued_on:%d/%m/%Y})."
        )
    if problems:
        raise Invalid(" ".join(problems.values()), problems)
