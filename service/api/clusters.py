"""Emulation clusters and blocks (cụm, khối thi đua) over the API: an administrator over the
running unit creates one and keeps its members and each year's head and deputy; any signed-in
user reads them."""

from __future__ import annotations

from flask import Blueprint, Response
from pydantic import BaseModel, Field

from service.api.http import answer, body, caller, doc
from service.services import services
from service.usecases.clusters import ClusterView

bp = Blueprint("clusters", __name__)


class UnitRef(BaseModel):
    code: str
    name: str


class LeadershipOut(BaseModel):
    year: int
    head: UnitRef
    deputy: UnitRef | None


class ClusterOut(BaseModel):
    code: str
    name: str
    kind: str = Field(description="cum (cụm: localities) or khoi (khối: departments, bodies)")
    scope: str = Field(description="province, or national (members are provinces)")
    owner: UnitRef | None = Field(description="the unit that runs it; null for a national one")
    members: list[UnitRef]
    leadership: list[LeadershipOut] = Field(description="each year's head and deputy, by year")
    rules: str = Field(description="the cluster's quy chế, as cited")


class ClusterList(BaseModel):
    items: list[ClusterOut]


class ClusterIn(BaseModel):
    # Values are checked by the use case, so that the clerk reads why in Vietnamese.
    code: str = ""
    name: str = ""
    kind: str = Field(default="cum", description="cum or khoi")
    scope: str = Field(default="province", description="province or national")
    owner: str | None = Field(default=None, description="code of the running unit")
    members: list[str] = Field(default=[], description="codes of the member units, in order")
    rules: str = ""


class MembersIn(BaseModel):
    members: list[str] = []


class LeadershipIn(BaseModel):
    head: str = Field(default="", description="code of the member unit that heads it this year")
    deputy: str | None = None


def cluster_out(v: ClusterView) -> ClusterOut:
    c, units = v.cluster, v.units

    def ref(org_id: int) -> UnitRef:
        return UnitRef(code=units[org_id].code, name=units[org_id].name)

    return ClusterOut(
        code=c.code,
        name=c.name,
        kind=c.kind.value,
        scope=c.scope.value,
        owner=ref(c.owner_id) if c.owner_id is not None else None,
        members=[ref(m) for m in c.member_ids],
        leadership=[
            LeadershipOut(
                year=y,
                head=ref(lead.head_id),
                deputy=ref(lead.deputy_id) if lead.deputy_id is not None else None,
            )
            for y, lead in sorted(c.leadership.items())
        ],
        rules=c.rules,
    )


@bp.get("/clusters")
@doc("Các cụm, khối thi đua", response=ClusterList, errors=(401,))
def index() -> tuple[Response, int]:
    caller()
    return answer(ClusterList(items=[cluster_out(v) for v in services().clusters.all()]))


@bp.post("/clusters")
@doc(
    "Lập cụm, khối thi đua (quản trị viên của đơn vị tổ chức)",
    request_model=ClusterIn,
    response=ClusterOut,
    status=201,
    errors=(401, 403, 409, 422),
)
def create() -> tuple[Response, int]:
    given = body(ClusterIn)
    v = services().clusters.create(
        given.code,
        given.name,
        given.kind,
        given.scope,
        given.owner,
        given.members,
        given.rules,
        actor=caller(),
    )
    return answer(cluster_out(v), 201)


@bp.get("/clusters/<code>")
@doc("Một cụm, khối thi đua", response=ClusterOut, errors=(401, 404))
def show(code: str) -> tuple[Response, int]:
    caller()
    return answer(cluster_out(services().clusters.one(code)))


@bp.put("/clusters/<code>/members")
@doc(
    "Thay danh sách thành viên cụm, khối",
    request_model=MembersIn,
    response=ClusterOut,
    errors=(401, 403, 404, 422),
)
def members(code: str) -> tuple[Response, int]:
    given = body(MembersIn)
    return answer(cluster_out(services().clusters.set_members(code, given.members, actor=caller())))


@bp.put("/clusters/<code>/leadership/<int:year>")
@doc(
    "Trưởng, phó cụm, khối thi đua của một năm",
    request_model=LeadershipIn,
    response=ClusterOut,
    errors=(401, 403, 404, 422),
)
def leadership(code: str, year: int) -> tuple[Response, int]:
    given = body(LeadershipIn)
    v = services().clusters.set_leadership(code, year, given.head, given.deputy, actor=caller())
    return answer(cluster_out(v))
