"""Correcting an issued decision (đính chính): what a correction says and how it prints.

A correction is a decision of its own (Luật 06/2022 Art. 93; NĐ 30/2020 Phụ lục III): signed
by the competent person, numbered from the same register, naming the decision it corrects and,
item by item, what was written and what it is to read ("đã ghi … nay sửa lại …"). The corrected
decision stays readable and its awards keep counting. Pure rules, no storage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.domain.decisions import Decision, printable, recipient_lines, template_context
from service.domain.errors import Invalid

MAX_ITEMS = 50
MAX_TEXT = 2000


@dataclass(frozen=True)
class CorrectionItem:
    """One thing corrected: where it stands ("Tại số thứ tự 3 của danh sách kèm theo", may be
    empty), what the decision wrote and what it is to read."""

    where: str
    was: str
    now: str


@dataclass(frozen=True)
class Correction:
    reason: str
    legal_basis: str
    items: tuple[CorrectionItem, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "legal_basis": self.legal_basis,
            "items": [{"where": i.where, "was": i.was, "now": i.now} for i in self.items],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Correction:
        return cls(
            str(data.get("reason", "")),
            str(data.get("legal_basis", "")),
            tuple(
                CorrectionItem(str(i.get("where", "")), str(i["was"]), str(i["now"]))
                for i in data.get("items", ())
            ),
        )


def _clean(value: object) -> str:
    return printable(str(value or "")).strip()


def parse_correction(reason: object, legal_basis: object, items: object) -> Correction:
    """A correction as a clerk typed it, or Invalid naming each field that is wrong."""
    problems: dict[str, str] = {}
    why, basis = _clean(reason), _clean(legal_basis)
    for name, value in (("reason", why), ("legal_basis", basis)):
        if not value:
            problems[name] = "bắt buộc"
        elif len(value) > MAX_TEXT:
            problems[name] = f"tối đa {MAX_TEXT} ký tự"
    parsed: list[CorrectionItem] = []
    if not isinstance(items, Sequence) or isinstance(items, str) or not items:
        problems["items"] = "cần ít nhất một nội dung đính chính (đã ghi … nay sửa lại …)"
    elif len(items) > MAX_ITEMS:
        problems["items"] = f"tối đa {MAX_ITEMS} nội dung"
    else:
        for n, item in enumerate(items):
            parsed.append(_item(item, n, problems))
    if problems:
        raise Invalid("Nội dung đính chính chưa đủ hoặc chưa đúng.", problems)
    return Correction(why, basis, tuple(parsed))


def _item(item: object, n: int, problems: dict[str, str]) -> CorrectionItem:
    if not isinstance(item, Mapping):
        problems[f"items[{n}]"] = "cần các trường where, was, now"
        return CorrectionItem("", "", "")
    where, was, now = (_clean(item.get(k)) for k in ("where", "was", "now"))
    for key, value in (("was", was), ("now", now)):
        if not value:
            problems[f"items[{n}].{key}"] = "bắt buộc"
        elif len(value) > MAX_TEXT:
            problems[f"items[{n}].{key}"] = f"tối đa {MAX_TEXT} ký tự"
    if was and was == now:
        problems[f"items[{n}].now"] = "giống nội dung đã ghi"
    return CorrectionItem(where, was, now)


@dataclass(frozen=True)
class Corrected:
    """The decision a correction names, as its summary line and Điều 1 cite it."""

    number: str
    issued_on: date
    summary: str


def correction_context(
    decision: Decision, corrected: Corrected, correction: Correction
) -> dict[str, Any]:
    """The variables of the stock correction template: the issuing unit's header, bases and
    signature block as its decisions print them (``decision`` is the corrected one composed
    anew with the correction's number, date and signer), and the correction itself."""
    base = template_context(decision)
    authority = base["issuer"]["authority_title"]
    cited = f"Quyết định số {corrected.number} ngày {corrected.issued_on:%d/%m/%Y}"
    basis = correction.legal_basis.rstrip(" .;")
    if not basis.casefold().startswith("căn cứ"):
        basis = f"Căn cứ {basis}"
    summary = corrected.summary.strip() or base["summary"]
    about = summary[:1].lower() + summary[1:] if summary else ""
    heads = ", ".join(e.strip().rstrip(",;.") for e in decision.executors if e.strip())
    named = f"các {base['counts']['who']} có tên tại {cited}"
    # The office proposes the correction too, but not by the tờ trình of the corrected decision.
    proposer = decision.proposer.strip().rstrip(".,;:").rstrip()
    return {
        **base,
        "proposer": f"{proposer}." if proposer else "",
        "summary": f"Về việc đính chính {cited} của {authority}",
        "legal_bases": [*base["legal_bases"], f"{basis};"],
        "corrected": {"cited": cited, "authority": authority, "about": about},
        "reason": correction.reason.rstrip(" ."),
        "items": [
            {
                "where": _where(i.where),
                "was": i.was,
                "now": i.now,
            }
            for i in correction.items
        ],
        "execution": f"{heads} và {named}" if heads else named[:1].upper() + named[1:],
        "recipients": recipient_lines(decision.recipients, decision.archive, 3),
    }


def _where(text: str) -> str:
    """ "Tại dòng 3" with its leading word capitalised, ending in a comma before "đã ghi"."""
    core = text.strip().rstrip(" ,.;:")
    return f"{core[:1].upper()}{core[1:]}, đã ghi" if core else "Đã ghi"
