"""Commendation decisions (Quyết định khen thưởng): what one decision says, and its text rules.

Owns the dataclasses describing a decision, the NĐ 30/2020 text conventions (number, place and
date line, "đồng" amounts), prize computation (NĐ 152/2025 Arts. 49–54) and
``template_context``: the plain dict of ready-to-print strings a .docx template sees. Layout and
rendering belong to ``service.documents``; this module stays pure Python so both the API and the
document layer can depend on it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_CEILING, Decimal
from enum import Enum, StrEnum
from typing import Any, Literal

from service.domain.awards import KIND_NAMES, KIND_ORDER, Kind
from service.domain.dossiers import nfc
from service.domain.proposal_fields import Period, Submission, with_period

PRIZE_STEP = 10_000
COLLECTIVE_FACTOR = Decimal(2)
"""NĐ 152 Art. 54(2): collectives get twice the individual Bằng khen / Giấy khen amount."""
HOUSEHOLD_FACTOR = Decimal("1.5")
"""NĐ 152 Art. 54(3): households get 1.5 times the individual amount."""

SignerMode = Literal["TM", "KT", "Q", "TL", "TUQ"]

# docxtpl turns \t, \a and \f in values into tabs, paragraphs and page breaks, and XML 1.0 forbids
# the other C0 controls: user text must not be able to restructure the document.
_CONTROLS = {c: " " for c in [*range(0x20), 0x7F] if c != 0x0A}
# Header lines conventionally break after the organ's name ("ỦY BAN NHÂN DÂN / PHƯỜNG …").
_ORGAN_PREFIXES = ("Ủy ban nhân dân ", "Uỷ ban nhân dân ", "Hội đồng nhân dân ")
_NUMERALS = ("I", "II", "III")
# "Như Điều 3" in a level's recipients: those named in the article that carries the decision out.
_AS_ARTICLE = re.compile(r"^Như Điều \d+$", re.IGNORECASE)


def printable(text: str) -> str:
    """NFC form with control characters (other than line feeds) turned into spaces."""
    return nfc(text).translate(_CONTROLS)


class AwardFamily(StrEnum):
    """Which template family prints a decision; values match the catalogue's ``family``."""

    BANG_KHEN = "bang_khen"
    GIAY_KHEN = "giay_khen"
    DANH_HIEU_CA_NHAN = "danh_hieu_ca_nhan"
    DANH_HIEU_TAP_THE = "danh_hieu_tap_the"

    @property
    def kinds(self) -> frozenset[Kind]:
        if self is AwardFamily.DANH_HIEU_CA_NHAN:
            return frozenset({Kind.INDIVIDUAL})
        if self is AwardFamily.DANH_HIEU_TAP_THE:
            # Titles of a group: collectives', and the household's "Gia đình văn hóa".
            return frozenset({Kind.COLLECTIVE, Kind.HOUSEHOLD})
        return frozenset(Kind)


def _normalise_fields(obj: Any) -> None:
    """NFC every str field and freeze sequences into tuples, in place on a frozen dataclass."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str) and not isinstance(value, Enum):
            object.__setattr__(obj, f.name, printable(value))
        elif isinstance(value, list | tuple):
            items = (printable(v) if isinstance(v, str) else v for v in value)
            object.__setattr__(obj, f.name, tuple(items))


@dataclass(frozen=True, slots=True)
class Issuer:
    """The issuing body. Names in natural case: the templates print capitals where NĐ 30 says so.

    ``authority`` is the deciding office, e.g. "Chủ tịch Ủy ban nhân dân phường Định Công"; it
    is printed in capitals above the legal bases and as written in the annex reference.
    """

    body: str
    authority: str
    place: str
    parent_body: str | None = None

    def __post_init__(self) -> None:
        _normalise_fields(self)


@dataclass(frozen=True, slots=True)
class PrintedAward:
    """``name`` follows ``verb`` in Điều 1: "Tặng" + "Bằng khen của Chủ tịch …", or
    "Công nhận" + 'danh hiệu “Lao động tiên tiến” năm 2026'."""

    family: AwardFamily
    name: str
    verb: str = "Tặng"

    def __post_init__(self) -> None:
        object.__setattr__(self, "family", AwardFamily(self.family))
        _normalise_fields(self)


@dataclass(frozen=True, slots=True)
class Awardee:
    """One row of the annex. Same fields as a dossier nominee, plus the prize in VND."""

    kind: Kind
    full_name: str
    position: str = ""
    unit: str = ""
    achievements: str = ""
    prize: int = 0
    # The awardee's own reason phrase; "" when the decision's applies.
    reason: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", Kind(self.kind))
        _normalise_fields(self)
        if self.prize < 0:
            raise ValueError(f"negative prize for {self.full_name!r}")


@dataclass(frozen=True, slots=True)
class Signer:
    """``mode`` "TM" signs for a collective (``on_behalf_of`` "Ủy ban nhân dân"), "KT" for the
    head (``on_behalf_of`` "Chủ tịch", ``title`` "Phó Chủ tịch"); None when the head signs."""

    name: str
    title: str
    mode: SignerMode | None = None
    on_behalf_of: str = ""
    # The lines above the title as domain.signatures composes them; they win over ``mode``.
    authority_lines: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _normalise_fields(self)
        if self.mode and not self.on_behalf_of.strip():
            raise ValueError(f"signing mode {self.mode}. needs on_behalf_of")


@dataclass(frozen=True, slots=True)
class Decision:
    """Everything one decision prints. ``number`` stays None while drafting: NĐ 30 Art. 15
    numbers a decision only once it is signed."""

    issuer: Issuer
    award: PrintedAward
    issued_on: date
    awardees: Sequence[Awardee]
    signer: Signer
    number: int | None = None
    symbol: str = "QĐ-UBND"
    summary: str = ""
    legal_bases: Sequence[str] = ()
    proposer: str = ""
    proposer_end: str = "."
    reason: str = ""
    executors: Sequence[str] = ()
    recipients: Sequence[str] = ()
    archive: str = "VT"
    funding_source: str = ""
    # "Xét đề nghị của <proposed_by> tại <proposal>": the proposing head and its tờ trình; and
    # the deciding level's office's own tờ trình, cited in the proposer line when it has one.
    proposed_by: str = ""
    proposal: Submission | None = None
    office_submission: Submission | None = None
    # The period of the achievements, added to each reason phrase in Điều 1 (or the annex).
    period: Period | None = None

    def __post_init__(self) -> None:
        _normalise_fields(self)
        if not self.awardees:
            raise ValueError("a decision needs at least one awardee")
        stray = {a.kind for a in self.awardees} - self.award.family.kinds
        if stray:
            kinds = ", ".join(sorted(stray))
            raise ValueError(f"{self.award.family} decisions cannot award kind(s): {kinds}")


def format_number(n: int, symbol: str = "QĐ-UBND") -> str:
    """Number and code, e.g. "05/QĐ-UBND": two digits at least, code in capitals (NĐ 30 PL I)."""
    if n < 1:
        raise ValueError(f"decision numbers start at 1, got {n}")
    return f"{n:02d}/{_symbol(symbol)}"


def draft_number(symbol: str = "QĐ-UBND") -> str:
    """The number line of an unsigned draft: blank before the slash, filled in after signing."""
    return f"{' ' * 8}/{_symbol(symbol)}"


def _symbol(symbol: str) -> str:
    code = printable(symbol).strip().upper()
    if not code or "/" in code or any(ch.isspace() for ch in code):
        raise ValueError(f"bad document code {symbol!r}")
    return code


def date_phrase(d: date) -> str:
    """E.g. "ngày 05 tháng 01 năm 2027"; months from 3 on take no leading zero (NĐ 30 PL I)."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def place_date_line(place: str, d: date) -> str:
    return f"{printable(place).strip()}, {date_phrase(d)}"


def format_money(amount: int) -> str:
    """E.g. "1.580.000": Vietnamese groups thousands with dots."""
    return f"{amount:,}".replace(",", ".")


def prize_amount(multiple: Decimal, base_salary: int, factor: Decimal | int = 1) -> int:
    """Prize in VND for ``multiple`` × base salary, rounded up to 10,000 (NĐ 152 Art. 49(2)).

    Art. 49(2) rounds "sau khi nhân với hệ số mức lương cơ sở", and Art. 54(2) gives collectives
    twice "mức tiền thưởng đối với cá nhân", so the individual amount is rounded first and
    ``factor`` (COLLECTIVE_FACTOR, HOUSEHOLD_FACTOR) applies to it: 0.3 × 2,340,000 → 710,000,
    collective 1,420,000 — not 0.6 × 2,340,000 → 1,410,000.
    """
    if isinstance(multiple, float) or isinstance(factor, float):
        raise TypeError("pass Decimal: binary floats turn 0.3 into 0.29999…")
    if multiple < 0 or base_salary < 0 or factor < 0:
        raise ValueError("prize inputs must not be negative")
    individual = _round_up(Decimal(multiple) * base_salary)
    return _round_up(Decimal(individual) * Decimal(factor))


def _round_up(amount: Decimal) -> int:
    steps = (amount / PRIZE_STEP).to_integral_value(rounding=ROUND_CEILING)
    return int(steps) * PRIZE_STEP


def template_context(decision: Decision) -> dict[str, Any]:
    """The variables every decision template may use: plain dicts, lists and ready strings.

    Collectives come first, then households, then individuals (KIND_ORDER), in the counts
    sentence ("cho 03 tập thể và 05 cá nhân") as in the annex (NĐ 152 Art. 29(5)).
    """
    groups = {k: [a for a in decision.awardees if a.kind is k] for k in KIND_ORDER}
    has_prize = any(a.prize for a in decision.awardees)
    counts = _counts({k: len(g) for k, g in groups.items()})
    execution = 3 if has_prize else 2
    return {
        "issuer": _issuer_context(decision.issuer),
        "number": _number(decision),
        "place_date": _place_date(decision),
        "date_text": _date_text(decision),
        "summary": decision.summary.strip() or _default_summary(decision.award),
        "legal_bases": [_terminate(b, ";") for b in decision.legal_bases if b.strip()],
        "considering": _considering(decision),
        "proposer": _terminate(_proposer_line(decision), decision.proposer_end),
        "award": {"name": decision.award.name, "verb": decision.award.verb},
        "reason": _shared_reason(decision),
        "counts": counts,
        "prize": _prize_context(decision, groups),
        "articles": {"prize": 2 if has_prize else None, "execution": execution},
        "execution": _execution(decision.executors, counts["who"]),
        "recipients": recipient_lines(decision.recipients, decision.archive, execution),
        "signer": _signer_context(decision.signer),
        "annex": _annex_context(decision.award, counts, groups),
        "collectives": _rows(groups[Kind.COLLECTIVE], decision),
        "households": _rows(groups[Kind.HOUSEHOLD], decision),
        "individuals": _rows(groups[Kind.INDIVIDUAL], decision),
    }


# Điều 1 when the awardees' reasons differ: each is printed with its row of the annex.
REASONS_IN_ANNEX = "đã có thành tích như nêu tại danh sách kèm theo"


def _considering(decision: Decision) -> str:
    """The proposer's tờ trình: "Xét đề nghị của … tại Tờ trình số … ngày …;" ("" if none)."""
    if decision.proposal is None or not decision.proposed_by.strip():
        return ""
    return f"Xét đề nghị của {decision.proposed_by.strip()} tại {decision.proposal.cited()};"


def _proposer_line(decision: Decision) -> str:
    """The office's line, with its own tờ trình when it submitted one."""
    line = decision.proposer.strip().rstrip(".,;:").rstrip()
    if line and decision.office_submission is not None:
        return f"{line} tại {decision.office_submission.cited()}"
    return line


def _reasons(decision: Decision) -> list[str]:
    return [
        with_period((a.reason or decision.reason).strip(), decision.period)
        for a in decision.awardees
    ]


def _shared_reason(decision: Decision) -> str:
    """Điều 1's reason: the one every awardee shares, else a pointer to the annex."""
    reasons = set(_reasons(decision))
    return reasons.pop() if len(reasons) == 1 else REASONS_IN_ANNEX


def _place_date(decision: Decision) -> str:
    if decision.number is None:  # the records office dates it when it issues (NĐ 30 Art. 15)
        return f"{printable(decision.issuer.place).strip()}, {_BLANK_DATE}{decision.issued_on.year}"
    return place_date_line(decision.issuer.place, decision.issued_on)


def _date_text(decision: Decision) -> str:
    if decision.number is None:
        return f"{_BLANK_DATE}{decision.issued_on.year}"
    return date_phrase(decision.issued_on)


_BLANK_DATE = "ngày      tháng      năm "


def _number(decision: Decision) -> str:
    if decision.number is None:
        return draft_number(decision.symbol)
    return format_number(decision.number, decision.symbol)


def _issuer_context(issuer: Issuer) -> dict[str, str]:
    return {
        "parent_body": (issuer.parent_body or "").strip().upper(),
        "body": _header_lines(issuer.body).upper(),
        "authority": issuer.authority.strip().upper(),
        "authority_title": issuer.authority.strip(),
        "place": issuer.place.strip(),
    }


def _header_lines(body: str) -> str:
    body = body.strip()
    if "\n" in body:
        return body
    for prefix in _ORGAN_PREFIXES:
        if body.lower().startswith(prefix.lower()) and len(body) > len(prefix):
            return f"{body[: len(prefix) - 1]}\n{body[len(prefix) :]}"
    return body


def _default_summary(award: PrintedAward) -> str:
    verb = award.verb.strip()
    return f"Về việc {verb[:1].lower()}{verb[1:]} {award.name.strip()}"


def _terminate(text: str, mark: str) -> str:
    """Legal bases end with ";" and the proposer line with "." whatever the clerk typed."""
    core = text.strip().rstrip(".,;:").rstrip()
    return f"{core}{mark}" if core else ""


def _counts(sizes: dict[Kind, int]) -> dict[str, Any]:
    present = [f"{n:02d} {KIND_NAMES[k]}" for k, n in sizes.items() if n]
    text = present[0] if len(present) == 1 else f"{', '.join(present[:-1])} và {present[-1]}"
    return {
        "collectives": sizes[Kind.COLLECTIVE],
        "households": sizes[Kind.HOUSEHOLD],
        "individuals": sizes[Kind.INDIVIDUAL],
        "text": text,
        "who": ", ".join(KIND_NAMES[k] for k, n in sizes.items() if n),
    }


def _prize_context(decision: Decision, groups: dict[Kind, list[Awardee]]) -> dict[str, Any]:
    rates = [_rate(group, KIND_NAMES[k]) for k, group in groups.items() if group]
    totals = {k: sum(a.prize for a in group) for k, group in groups.items()}
    return {
        "rates": ", ".join(rates),
        "total": format_money(sum(totals.values())),
        "total_amount": sum(totals.values()),
        "collective_total": format_money(totals[Kind.COLLECTIVE]),
        "household_total": format_money(totals[Kind.HOUSEHOLD]),
        "individual_total": format_money(totals[Kind.INDIVIDUAL]),
        "source": decision.funding_source.strip(),
    }


def _rate(group: list[Awardee], label: str) -> str:
    amounts = {a.prize for a in group}
    if len(amounts) == 1:
        return f"mỗi {label} {format_money(amounts.pop())} đồng"
    return f"mỗi {label} theo mức tại danh sách kèm theo"


def _execution(executors: Sequence[str], who: str) -> str:
    named = f"các {who} có tên tại Điều 1"
    heads = ", ".join(e.strip().rstrip(",;.") for e in executors if e.strip())
    subject = f"{heads} và {named}" if heads else named[:1].upper() + named[1:]
    return f"{subject} chịu trách nhiệm thi hành Quyết định này."


def recipient_lines(recipients: Sequence[str], archive: str, execution: int) -> list[str]:
    """NĐ 30 Phụ lục I: each entry "- …;", the last "- Lưu: VT, …."; "Như Điều N" names the
    article that says who carries the decision out (Điều 2 when there is no prize money)."""
    cores = (r.strip().lstrip("-–• ").rstrip(" ;.,") for r in recipients)
    lines = [f"- {_AS_ARTICLE.sub(f'Như Điều {execution}', core)};" for core in cores if core]
    kept = archive.strip().removeprefix("Lưu:").strip().rstrip(" ;.,") or "VT"
    return [*lines, f"- Lưu: {kept}."]


def _signer_context(signer: Signer) -> dict[str, str]:
    authority = f"{signer.mode}. {signer.on_behalf_of.strip()}".upper() if signer.mode else ""
    if signer.authority_lines:
        authority = "\n".join(line.strip().upper() for line in signer.authority_lines)
    return {
        "authority": authority,
        "title": signer.title.strip().upper(),
        "name": signer.name.strip(),
    }


def _annex_context(
    award: PrintedAward, counts: dict[str, Any], groups: dict[Kind, list[Awardee]]
) -> dict[str, str]:
    numerals = iter(_NUMERALS)
    title = f"DANH SÁCH {counts['who']} ĐƯỢC {award.verb} {award.name}".upper()
    # A list of one kind is one table under the title: "I." would announce parts there are not.
    parts = sum(1 for group in groups.values() if group)
    headings = {
        k: f"{next(numerals)}. {KIND_NAMES[k].upper()}" if group and parts > 1 else ""
        for k, group in groups.items()
    }
    return {
        "title": title,
        "collective_heading": headings[Kind.COLLECTIVE],
        "household_heading": headings[Kind.HOUSEHOLD],
        "individual_heading": headings[Kind.INDIVIDUAL],
    }


def _rows(awardees: list[Awardee], decision: Decision) -> list[dict[str, Any]]:
    # Each row says its reason only when Điều 1 does not say one for all.
    shared = len(set(_reasons(decision))) == 1
    return [
        {
            "stt": i,
            "name": a.full_name.strip(),
            "position": a.position.strip(),
            "unit": a.unit.strip(),
            "position_unit": ", ".join(p for p in (a.position.strip(), a.unit.strip()) if p),
            "achievements": a.achievements.strip(),
            "prize": format_money(a.prize) if a.prize else "",
            "reason": ""
            if shared
            else with_period((a.reason or decision.reason).strip(), decision.period),
        }
        for i, a in enumerate(awardees, start=1)
    ]
