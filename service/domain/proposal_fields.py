"""What a dossier says of its proposal, for the decision to cite (issue 13, item 2).

The proposer's tờ trình (số, ngày), the period of the achievements (thời gian đạt thành tích) and
the reason phrase ("đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026"), for the whole
list or per nominee. All are optional on a draft and checked when given; which of them a dossier
needs before it leaves its unit is rulebook data (``proposal_fields.required_on_submit``).
This module reads them as typed (strings, so that a clerk is told in Vietnamese what is wrong),
and words them as a decision prints them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

MAX_NUMBER = 50
MAX_REASON = 500
# A document's number, then optionally its code: "12", "12/TTr-UBND", "05/TTr-SNV".
_NUMBER = re.compile(r"^(\d{1,6})(/[^\s/]+(?:/[^\s/]+)*)?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The fields a rulebook may require on submit, and how a clerk reads each missing one.
REQUIRABLE = {
    "proposal": "số và ngày tờ trình đề nghị khen thưởng",
    "period": "thời gian đạt thành tích",
    "reason": "thành tích (lý do) khen thưởng",
}


@dataclass(frozen=True)
class Submission:
    """A tờ trình: its number as the proposer wrote it, and its date."""

    number: str
    on: date

    def cited(self) -> str:
        """E.g. "Tờ trình số 12/TTr-UBND ngày 20 tháng 11 năm 2026"; a number below 10 takes a
        leading 0 (NĐ 30 Phụ lục I)."""
        head, _, code = self.number.partition("/")
        number = f"{int(head):02d}" + (f"/{code}" if code else "")
        month = f"{self.on.month:02d}" if self.on.month <= 2 else str(self.on.month)
        return f"Tờ trình số {number} ngày {self.on.day:02d} tháng {month} năm {self.on.year}"


@dataclass(frozen=True)
class Period:
    """The period of the achievements, both days inclusive."""

    start: date
    end: date

    def phrase(self) -> str:
        """How Điều 1 names it: "năm 2026" for a calendar year, "từ năm 2021 đến năm 2025" for
        whole years, else "từ ngày 01/3/2026 đến ngày 31/8/2026"."""
        whole = (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)
        if whole and self.start.year == self.end.year:
            return f"năm {self.start.year}"
        if whole:
            return f"từ năm {self.start.year} đến năm {self.end.year}"
        return f"từ ngày {_short(self.start)} đến ngày {_short(self.end)}"


def _short(d: date) -> str:
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


def read_submission(
    raw: Mapping[str, str] | None, today: date, errors: dict[str, str], where: str = "proposal"
) -> Submission | None:
    """The tờ trình as typed (``{"number", "date"}``), or None when not given; what is wrong
    goes into ``errors`` by field path."""
    if raw is None:
        return None
    number = " ".join(str(raw.get("number") or "").split())
    on = _day(str(raw.get("date") or ""), f"{where}.date", errors, "ngày tờ trình")
    if not number:
        errors[f"{where}.number"] = "Hãy nhập số tờ trình."
    elif len(number) > MAX_NUMBER:
        errors[f"{where}.number"] = f"Số tờ trình tối đa {MAX_NUMBER} ký tự."
    elif not _NUMBER.match(number):
        errors[f"{where}.number"] = (
            "Số tờ trình gồm số, có thể kèm ký hiệu sau dấu «/», ví dụ 12 hoặc 12/TTr-UBND."
        )
    if on is not None and on > today:
        errors[f"{where}.date"] = "Ngày tờ trình không được sau ngày hôm nay."
    if f"{where}.number" in errors or on is None:
        return None
    return Submission(number, on)


def read_period(raw: Mapping[str, str] | None, errors: dict[str, str]) -> Period | None:
    """The period as typed (``{"from", "to"}``), or None when not given."""
    if raw is None:
        return None
    start = _day(str(raw.get("from") or ""), "period.from", errors, "ngày bắt đầu")
    end = _day(str(raw.get("to") or ""), "period.to", errors, "ngày kết thúc")
    if start is None or end is None:
        return None
    if end < start:
        errors["period.to"] = "Ngày kết thúc phải từ ngày bắt đầu trở đi."
        return None
    return Period(start, end)


def read_reason(text: str, errors: dict[str, str], where: str = "reason") -> str:
    """The reason phrase, one line, without a final full stop (Điều 1 adds its own)."""
    reason = " ".join(text.split()).rstrip(" .;,")
    if len(reason) > MAX_REASON:
        errors[where] = f"Tối đa {MAX_REASON} ký tự."
    return reason


def _day(text: str, where: str, errors: dict[str, str], name: str) -> date | None:
    if not text.strip():
        errors[where] = f"Hãy nhập {name} (năm-tháng-ngày, ví dụ 2026-11-20)."
        return None
    try:
        if not _ISO_DAY.match(text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        errors[where] = f"{name[:1].upper()}{name[1:]} không hợp lệ; nhập năm-tháng-ngày."
        return None


def with_period(reason: str, period: Period | None) -> str:
    """The reason as Điều 1 prints it: the period added unless the clerk already wrote it."""
    if period is None or not reason:
        return reason
    phrase = period.phrase()
    return reason if phrase.casefold() in reason.casefold() else f"{reason} {phrase}"


def missing_on_submit(required: Collection[str], given: Mapping[str, bool]) -> dict[str, str]:
    """The required fields not given, each with its Vietnamese message."""
    return {
        name: f"Hãy nhập {REQUIRABLE[name]} trước khi trình hồ sơ."
        for name in REQUIRABLE
        if name in required and not given.get(name)
    }
