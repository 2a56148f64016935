"""The registry of people and collectives (issue 14): who they are and what they already have.

A registry entry is the nominee's stable identity across dossiers and years: an award issued here
(from a decision) or imported from before (paper decisions, other systems, abolished districts
and pre-merger units, which still count), the yearly duty ratings, the initiatives with the scope
at which they were recognised, and the disciplinary or inspection holds. Eligibility
(``domain.eligibility``) reads a ``History``; nothing here decides whether an award is deserved.

Values are plain data; the database keeps them (``adapters.people_repository``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from service.domain.awards import Kind


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


GENDER_NAMES = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}


class Rating(StrEnum):
    """The yearly assessment of how an official completed their duties (đánh giá, xếp loại)."""

    EXCELLENT = "excellent"
    GOOD = "good"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"


RATING_NAMES = {
    Rating.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Rating.GOOD: "Hoàn thành tốt nhiệm vụ",
    Rating.COMPLETED: "Hoàn thành nhiệm vụ",
    Rating.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
}


class Source(StrEnum):
    """Where an award record comes from: a decision issued by this service, or entered from
    before (a paper decision, another system, an abolished district's register)."""

    ISSUED = "issued"
    IMPORTED = "imported"


class Basis(StrEnum):
    """What the award was given for. Thematic (chuyên đề) and ad-hoc (đột xuất) results cannot
    ground a merit award (NĐ 152 Art. 4(3))."""

    REGULAR = "regular"
    THEMATIC = "thematic"
    AD_HOC = "ad_hoc"


class HoldKind(StrEnum):
    """Why an award is suspended while the matter is open (NĐ 152 Art. 4(4))."""

    DISCIPLINE = "discipline"
    INSPECTION = "inspection"
    COMPLAINT = "complaint"


HOLD_NAMES = {
    HoldKind.DISCIPLINE: "đang xem xét kỷ luật",
    HoldKind.INSPECTION: "đang bị thanh tra, kiểm tra",
    HoldKind.COMPLAINT: "đang có khiếu nại, tố cáo chưa giải quyết",
}

# An initiative's scope is a level code of the org tree ("province", "commune", …) or this.
NATIONAL = "national"


@dataclass(frozen=True)
class Person:
    """An individual or a collective (kind ``collective``); households are not registered.

    ``org_code`` is the unit the person works in (for a collective: its parent unit).
    ``identity_number`` (CCCD) is never shown to those who may not see it
    (``permissions.may_see_identity``).
    """

    id: int
    full_name: str
    kind: Kind = Kind.INDIVIDUAL
    org_code: str = ""
    date_of_birth: date | None = None
    gender: Gender | None = None
    ethnicity: str = ""
    identity_number: str = ""
    position: str = ""
    # A collective's head count and how many of them are women (the women-first preference,
    # NĐ 152 Art. 4(6), looks at collectives with ≥ 70 % women).
    members_count: int | None = None
    women_count: int | None = None
    # An individual's collective in the registry, when known (TTLĐXS counts its members).
    member_of: int | None = None
    # Set when an admin merged this entry into another: the other one is the person.
    merged_into: int | None = None
    # The stored version this copy was read at: ``update`` refuses a stale one (Conflict).
    version: int = 1


@dataclass(frozen=True)
class Posting:
    """A position held in a unit over a period (positions and units change over a career)."""

    org_code: str
    position: str
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AwardRecord:
    """An award the person has: its catalogue code, the year it was for, the decision and the
    achievement period the decision states (the next award counts from it, NĐ 152 Art. 33(7))."""

    award: str
    year: int
    decision_number: str = ""
    decision_date: date | None = None
    issuer: str = ""
    period_from: date | None = None
    period_to: date | None = None
    source: Source = Source.IMPORTED
    basis: Basis = Basis.REGULAR
    # A revoked award stops counting (Luật 06/2022 Art. 93).
    revoked: bool = False
    id: int | None = None

    @property
    def counts(self) -> bool:
        return not self.revoked


@dataclass(frozen=True)
class YearRating:
    year: int
    rating: Rating


@dataclass(frozen=True)
class Initiative:
    """A sáng kiến (or research project) recognised at ``scope`` by ``deciding_body``."""

    title: str
    scope: str
    recognised_on: date
    deciding_body: str = ""
    applied: bool = True
    id: int | None = None

    @property
    def year(self) -> int:
        return self.recognised_on.year


@dataclass(frozen=True)
class Hold:
    kind: HoldKind
    opened_on: date
    closed_on: date | None = None
    note: str = ""
    id: int | None = None

    def open_on(self, day: date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or self.closed_on > day)


@dataclass(frozen=True)
class History:
    """Everything eligibility looks at for one registry entry."""

    person: Person
    awards: tuple[AwardRecord, ...] = ()
    ratings: tuple[YearRating, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    holds: tuple[Hold, ...] = ()
    postings: tuple[Posting, ...] = ()
    # For a collective: its members' histories, when they are in the registry.
    members: tuple[History, ...] = field(default=())

    def awards_of(self, code: str) -> list[AwardRecord]:
        return [a for a in self.awards if a.award == code and a.counts]

    def rating_in(self, year: int) -> Rating | None:
        return next((r.rating for r in self.ratings if r.year == year), None)

    def open_holds(self, day: date) -> list[Hold]:
        return [h for h in self.holds if h.open_on(day)]
