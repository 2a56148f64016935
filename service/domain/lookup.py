"""The public lookup (tra cứu): who was awarded what, found by name, shown to anyone.

Only what a decision publishes is shown: the name, the unit, the award, the decision's number,
date and issuer; never a date of birth or an identity number. A query names at least
``MIN_QUERY`` letters (no listing of everyone) and answers one page of at most ``PAGE_SIZE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from service.domain.dossiers import fold
from service.domain.errors import Invalid

MIN_QUERY = 3
PAGE_SIZE = 50
MAX_QUERY = 100


@dataclass(frozen=True)
class PublicAward:
    full_name: str
    unit: str
    award: str
    decision_number: str
    decision_date: date
    issuer: str


@dataclass(frozen=True)
class LookupPage:
    q: str
    unit: str
    page: int
    items: list[PublicAward]
    more: bool


def lookup_query(q: str, unit: str) -> tuple[str, str]:
    """The folded name and unit to look for; a name shorter than ``MIN_QUERY`` is refused."""
    name, place = fold(q), fold(unit)
    if len(name.replace(" ", "")) < MIN_QUERY:
        raise Invalid(
            f"Hãy nhập ít nhất {MIN_QUERY} chữ cái của họ tên cần tra cứu.",
            {"q": f"ít nhất {MIN_QUERY} chữ cái"},
        )
    if len(name) > MAX_QUERY or len(place) > MAX_QUERY:
        raise Invalid(
            f"Từ khóa tra cứu dài quá {MAX_QUERY} ký tự.", {"q": f"tối đa {MAX_QUERY} ký tự"}
        )
    return name, place
