"""/people: the registry of people and collectives, and their history (issue 14).

An entry outside the caller's reach does not exist for them (404). The identity number is in an
answer only for those who may see it (``permissions.may_see_identity``), never in a list.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response, request

from service.api.http import answer, body, caller, doc, int_arg
from service.api.people_schemas import (
    AwardRecordOut,
    HistoryEntryOut,
    HistoryIn,
    HoldOut,
    InitiativeOut,
    PersonDetailOut,
    PersonEdit,
    PersonIn,
    PersonList,
    PersonOut,
    PostingOut,
    RatingOut,
)
from service.domain.awards import Kind
from service.domain.errors import Invalid
from service.domain.people import AwardRecord, History, Hold, Initiative, Person, YearRating
from service.services import services

bp = Blueprint("people", __name__)
KINDS = (Kind.INDIVIDUAL.value, Kind.COLLECTIVE.value)


def person_out(p: Person) -> PersonOut:
    return PersonOut(
        id=p.id,
        kind=p.kind.value,
        full_name=p.full_name,
        org_code=p.org_code,
        date_of_birth=p.date_of_birth,
        gender=p.gender.value if p.gender else None,
        ethnicity=p.ethnicity,
        identity_number=p.identity_number or None,
        position=p.position,
        members_count=p.members_count,
        women_count=p.women_count,
        member_of=p.member_of,
        merged_into=p.merged_into,
        version=p.version,
    )


def award_out(a: AwardRecord) -> AwardRecordOut:
    return AwardRecordOut.model_validate(
        asdict(a) | {"source": a.source.value, "basis": a.basis.value}
    )


def initiative_out(i: Initiative) -> InitiativeOut:
    return InitiativeOut.model_validate(asdict(i))


def hold_out(h: Hold) -> HoldOut:
    return HoldOut.model_validate(asdict(h) | {"kind": h.kind.value})


def rating_out(r: YearRating) -> RatingOut:
    return RatingOut(year=r.year, rating=r.rating.value)


def history_out(h: History) -> PersonDetailOut:
    return PersonDetailOut(
        **person_out(h.person).model_dump(),
        awards=[award_out(a) for a in h.awards],
        ratings=[rating_out(r) for r in h.ratings],
        initiatives=[initiative_out(i) for i in h.initiatives],
        holds=[hold_out(x) for x in h.holds],
        postings=[PostingOut.model_validate(asdict(p)) for p in h.postings],
        members=[person_out(m.person) for m in h.members],
    )


def entry_out(entry: AwardRecord | YearRating | Initiative | Hold) -> HistoryEntryOut:
    if isinstance(entry, AwardRecord):
        return HistoryEntryOut(kind="award", award=award_out(entry))
    if isinstance(entry, YearRating):
        return HistoryEntryOut(kind="rating", rating=rating_out(entry))
    if isinstance(entry, Initiative):
        return HistoryEntryOut(kind="initiative", initiative=initiative_out(entry))
    return HistoryEntryOut(kind="hold", hold=hold_out(entry))


@bp.post("/people")
@doc(
    "Thêm người hoặc tập thể vào danh sách (văn thư, chuyên viên, lãnh đạo, quản trị của đơn "
    "vị hoặc cấp trên)",
    request_model=PersonIn,
    response=PersonOut,
    status=201,
    errors=(401, 403, 409, 422),
)
def create() -> tuple[Response, int]:
    fields = body(PersonIn).model_dump(exclude_none=True)
    return answer(person_out(services().create_person(fields, actor=caller())), 201)


@bp.get("/people")
@doc(
    "Tìm người, tập thể trong phạm vi của mình theo tên (không phân biệt dấu)",
    response=PersonList,
    errors=(401, 422),
    query=("q", "kind", "limit"),
)
def search() -> tuple[Response, int]:
    kind = request.args.get("kind") or None
    if kind is not None and kind not in KINDS:
        problem = "Loại phải là individual hoặc collective."
        raise Invalid(problem, {"kind": problem})
    found = services().search_people(
        request.args.get("q", ""),
        kind=Kind(kind) if kind else None,
        limit=int_arg("limit") or 20,
        actor=caller(),
    )
    return answer(PersonList(items=[person_out(p) for p in found]))


@bp.get("/people/<int:person_id>")
@doc(
    "Một người, tập thể và quá trình: khen thưởng, xếp loại, sáng kiến, việc đang xem xét",
    response=PersonDetailOut,
    errors=(401, 404),
)
def show(person_id: int) -> tuple[Response, int]:
    return answer(history_out(services().person_history(person_id, actor=caller())))


@bp.put("/people/<int:person_id>")
@doc(
    "Sửa thông tin người, tập thể (số định danh không gửi thì giữ nguyên)",
    request_model=PersonEdit,
    response=PersonOut,
    errors=(401, 403, 404, 409, 422),
)
def update(person_id: int) -> tuple[Response, int]:
    fields = body(PersonEdit).model_dump(exclude_none=True)
    expected = fields.pop("version", None)
    saved = services().update_person(person_id, fields, expected, actor=caller())
    return answer(person_out(saved))


@bp.post("/people/<int:person_id>/history")
@doc(
    "Ghi một mục quá trình: khen thưởng đã có (award), xếp loại năm (rating), sáng kiến "
    "(initiative) hoặc việc đang xem xét kỷ luật, thanh tra (hold)",
    request_model=HistoryIn,
    response=HistoryEntryOut,
    status=201,
    errors=(401, 403, 404, 409, 422),
)
def add_history(person_id: int) -> tuple[Response, int]:
    entry = body(HistoryIn).model_dump(exclude_none=True)
    added = services().add_person_history(person_id, entry, actor=caller())
    return answer(entry_out(added), 201)
