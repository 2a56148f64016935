"""Duplicate registry entries (admins): the pairs proposed, a merge, and "not the same person".

``GET /people/duplicates`` lists the likely pairs with their reasons; ``POST /people/{id}/merge``
``{"into": id}`` merges entry ``id`` into the other (409 when a year is rated differently on the
two sides, naming it); ``POST /people/{id}/distinct`` ``{"from": id}`` records two different
people, so the pair is not proposed again. Nothing is merged without one of these calls.
Identity numbers are never listed here.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response
from pydantic import BaseModel, ConfigDict, Field

from service.api.http import answer, body, caller, doc
from service.domain.awards import Kind
from service.domain.inputs import MAX_INT
from service.domain.people import Person
from service.domain.people_duplicates import DuplicatePair
from service.services import services

bp = Blueprint("people_merge", __name__)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class MergeIntoIn(_Strict):
    into: int = Field(ge=1, le=MAX_INT, description="the entry that absorbs this one")


class DistinctIn(_Strict):
    other: int = Field(
        alias="from", ge=1, le=MAX_INT, description="the entry that is another person"
    )


class EntryOut(BaseModel):
    """A registry entry as a list shows it (no identity number)."""

    id: int
    full_name: str
    kind: Kind
    org_code: str
    date_of_birth: date | None
    position: str
    merged_into: int | None = None


class DuplicatePairOut(BaseModel):
    first: EntryOut = Field(description="the older entry, proposed as the one to keep")
    second: EntryOut
    reasons: list[str] = Field(description="why they look like one person (Vietnamese)")


class DuplicateList(BaseModel):
    items: list[DuplicatePairOut]


class MovedOut(BaseModel):
    awards: int
    ratings: int
    initiatives: int
    holds: int
    postings: int
    nominees: int
    members: int


class PersonMergeOut(BaseModel):
    target: EntryOut
    source: EntryOut = Field(description="the merged entry, now naming the target")
    moved: MovedOut
    filled: list[str] = Field(description="the fields the target took from the source")
    summary: str


class DistinctOut(BaseModel):
    recorded: bool = Field(description="false when the pair was already recorded")


def entry_out(p: Person) -> EntryOut:
    return EntryOut(
        id=p.id,
        full_name=p.full_name,
        kind=p.kind,
        org_code=p.org_code,
        date_of_birth=p.date_of_birth,
        position=p.position,
        merged_into=p.merged_into,
    )


def pair_out(pair: DuplicatePair) -> DuplicatePairOut:
    return DuplicatePairOut(
        first=entry_out(pair.first), second=entry_out(pair.second), reasons=list(pair.reasons)
    )


@bp.get("/people/duplicates")
@doc(
    "Các cặp cá nhân, tập thể có thể trùng nhau, đề nghị quản trị viên gộp (quản trị viên)",
    response=DuplicateList,
    errors=(401, 403),
)
def duplicates() -> tuple[Response, int]:
    pairs = services().person_duplicates(actor=caller())
    return answer(DuplicateList(items=[pair_out(p) for p in pairs]))


@bp.post("/people/<int:person_id>/merge")
@doc(
    "Gộp mục này vào một mục khác (quản trị viên): lịch sử và người được đề nghị chuyển sang",
    request_model=MergeIntoIn,
    response=PersonMergeOut,
    errors=(401, 403, 404, 409, 422),
)
def merge(person_id: int) -> tuple[Response, int]:
    data = body(MergeIntoIn)
    done = services().merge_person(person_id, data.into, actor=caller())
    m = done.moved
    moved = MovedOut(
        awards=m.awards,
        ratings=m.ratings,
        initiatives=m.initiatives,
        holds=m.holds,
        postings=m.postings,
        nominees=m.nominees,
        members=m.members,
    )
    return answer(
        PersonMergeOut(
            target=entry_out(done.target),
            source=entry_out(done.source),
            moved=moved,
            filled=list(done.filled),
            summary=m.summary(),
        )
    )


@bp.post("/people/<int:person_id>/distinct")
@doc(
    "Ghi nhận hai mục là hai người khác nhau, không đề nghị gộp nữa (quản trị viên)",
    request_model=DistinctIn,
    response=DistinctOut,
    errors=(401, 403, 404, 422),
)
def distinct(person_id: int) -> tuple[Response, int]:
    data = body(DistinctIn)
    recorded = services().mark_people_distinct(person_id, data.other, actor=caller())
    return answer(DistinctOut(recorded=recorded))
