"""The bodies of /api/v1/people (issue 14): a registry entry, its history, one history entry.

Days are strings the domain checks (``domain.people_inputs``), so that a clerk reads in
Vietnamese which field is wrong; enumerations are declared here for the OpenAPI document.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from service.api.schemas import MAX_YEAR, Strict
from service.domain.inputs import MAX_INT
from service.domain.people_inputs import MAX_NAME, MAX_NOTE, MAX_TEXT

PersonKind = Literal["individual", "collective"]
GenderName = Literal["male", "female"]
RatingName = Literal["excellent", "good", "completed", "not_completed"]
BasisName = Literal["regular", "thematic", "ad_hoc"]
HoldKindName = Literal["discipline", "inspection", "complaint"]
_DAY = "YYYY-MM-DD"


class PersonIn(Strict):
    full_name: str = Field(min_length=1, max_length=MAX_NAME)
    kind: PersonKind = "individual"
    org_code: str = Field(min_length=1, max_length=64, description="the unit the person works in")
    date_of_birth: str | None = Field(
        default=None, max_length=10, description=f"{_DAY}; required for an individual"
    )
    gender: GenderName | None = Field(default=None, description="required for an individual")
    ethnicity: str = Field(default="", max_length=50)
    identity_number: str = Field(
        default="", max_length=20, description="CCCD (12 digits) or CMND (9); optional"
    )
    position: str = Field(default="", max_length=MAX_TEXT)
    members_count: int | None = Field(default=None, ge=0, le=MAX_INT, description="collectives")
    women_count: int | None = Field(default=None, ge=0, le=MAX_INT, description="collectives")
    member_of: int | None = Field(
        default=None, ge=1, le=MAX_INT, description="an individual's collective in the registry"
    )


class PersonEdit(PersonIn):
    version: int | None = Field(
        default=None, ge=1, le=MAX_INT, description="the version read; 409 if it changed"
    )


class PersonOut(BaseModel):
    id: int
    kind: str
    full_name: str
    org_code: str
    date_of_birth: date | None
    gender: str | None
    ethnicity: str
    identity_number: str | None = Field(
        description="only for admins and the officers and approvers of the person's unit or "
        "one above it; null otherwise, and always in lists"
    )
    position: str
    members_count: int | None
    women_count: int | None
    member_of: int | None
    merged_into: int | None = Field(description="set when merged into that entry")
    version: int


class PersonList(BaseModel):
    items: list[PersonOut]


class AwardRecordOut(BaseModel):
    id: int | None
    award: str
    year: int
    decision_number: str
    decision_date: date | None
    issuer: str
    period_from: date | None
    period_to: date | None
    source: Literal["issued", "imported"]
    basis: BasisName
    revoked: bool


class RatingOut(BaseModel):
    year: int
    rating: RatingName


class InitiativeIO(Strict):
    title: str = Field(min_length=1, max_length=500)
    scope: str = Field(max_length=32, description="a level code (province, …) or national")
    recognised_on: str = Field(max_length=10, description=_DAY)
    deciding_body: str = Field(default="", max_length=MAX_TEXT)
    applied: bool = True


class InitiativeOut(BaseModel):
    id: int | None
    title: str
    scope: str
    recognised_on: date
    deciding_body: str
    applied: bool


class HoldIn(Strict):
    kind: HoldKindName
    opened_on: str = Field(max_length=10, description=_DAY)
    closed_on: str | None = Field(default=None, max_length=10, description=f"{_DAY}; null: open")
    note: str = Field(default="", max_length=MAX_NOTE)


class HoldOut(BaseModel):
    id: int | None
    kind: HoldKindName
    opened_on: date
    closed_on: date | None
    note: str


class PostingOut(BaseModel):
    org_code: str
    position: str
    since: date | None
    until: date | None


class PersonDetailOut(PersonOut):
    awards: list[AwardRecordOut]
    ratings: list[RatingOut]
    initiatives: list[InitiativeOut]
    holds: list[HoldOut]
    postings: list[PostingOut]
    members: list[PersonOut] = Field(description="a collective's members in the registry")


class HistoryIn(Strict):
    """One entry: an award (``award`` with its decision), a rating, an initiative or a hold."""

    award: str | None = Field(default=None, max_length=64, description="an award code")
    year: int | None = Field(default=None, ge=1, le=MAX_YEAR)
    decision_number: str | None = Field(default=None, max_length=64)
    decision_date: str | None = Field(default=None, max_length=10, description=_DAY)
    issuer: str | None = Field(default=None, max_length=MAX_TEXT)
    period_from: str | None = Field(default=None, max_length=10, description=_DAY)
    period_to: str | None = Field(default=None, max_length=10, description=_DAY)
    basis: BasisName | None = None
    rating: RatingName | None = None
    initiative: InitiativeIO | None = None
    hold: HoldIn | None = None


class HistoryEntryOut(BaseModel):
    kind: Literal["award", "rating", "initiative", "hold"]
    award: AwardRecordOut | None = None
    rating: RatingOut | None = None
    initiative: InitiativeOut | None = None
    hold: HoldOut | None = None
