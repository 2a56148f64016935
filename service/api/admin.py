"""Administration endpoints: org units and user accounts (admins, within their subtree)."""

from __future__ import annotations

from flask import Blueprint, Response

from service.api.http import answer, body, caller, doc
from service.api.schemas import (
    GrantIO,
    GrantsIn,
    MergeIn,
    MergeOut,
    OrgIn,
    OrgList,
    OrgOut,
    OrgRulebookIn,
    PasswordIn,
    UserIn,
    UserList,
    UserOut,
)
from service.domain.accounts import UserAccount
from service.domain.orgs import ORG_TYPE_NAMES, OrgType, OrgUnit
from service.services import services
from service.usecases.merges import NewUnit

bp = Blueprint("admin", __name__)


def org_out(unit: OrgUnit, codes: dict[int, str]) -> OrgOut:
    """``codes``: the codes of the units it names, by id."""
    parent = codes.get(unit.parent_id) if unit.parent_id is not None else None
    merged_into = codes.get(unit.merged_into_id) if unit.merged_into_id is not None else None
    return OrgOut(
        code=unit.code,
        name=unit.name,
        level=unit.level,
        parent=parent,
        active=unit.active,
        type=OrgType(unit.type),
        type_name=ORG_TYPE_NAMES[OrgType(unit.type)],
        merged_into=merged_into,
        merged_on=unit.merged_on,
        rulebook=None if unit.parent_id is not None else unit.rulebook or _installed(),
    )


def _installed() -> str:
    return services().installed_rulebook()


def user_out(a: UserAccount) -> UserOut:
    return UserOut(
        username=a.username,
        full_name=a.full_name,
        active=a.active,
        grants=[GrantIO(org=g.org_code, role=g.role) for g in a.grants],
    )


@bp.get("/orgs")
@doc("Cây đơn vị hành chính", response=OrgList, errors=(401,))
def orgs() -> tuple[Response, int]:
    units = services().list_orgs(actor=caller())
    codes = {u.id: u.code for u in units}
    return answer(OrgList(items=[org_out(u, codes) for u in units]))


@bp.post("/orgs")
@doc(
    "Thêm đơn vị (quản trị viên của đơn vị cấp trên)",
    request_model=OrgIn,
    response=OrgOut,
    status=201,
    errors=(401, 403, 409, 422),
)
def add_org() -> tuple[Response, int]:
    data = body(OrgIn)
    unit = services().add_org(
        data.code,
        data.name,
        data.level,
        data.parent,
        by=caller(),
        type_=data.type.value,
        rulebook=data.rulebook,
    )
    codes = {unit.parent_id: data.parent} if unit.parent_id is not None and data.parent else {}
    return answer(org_out(unit, codes), 201)


@bp.post("/orgs/merge")
@doc(
    "Sáp nhập đơn vị vào một đơn vị có sẵn hoặc đơn vị mới (new); hồ sơ đang xử lý chuyển sang "
    "đơn vị nhận, người dùng được chuyển (move) hoặc khóa (deactivate)",
    request_model=MergeIn,
    response=MergeOut,
    errors=(401, 403, 409, 422),
)
def merge_orgs() -> tuple[Response, int]:
    data = body(MergeIn)
    new = None
    if data.new is not None:
        kind = data.new.type.value if data.new.type is not None else None
        new = NewUnit(data.new.name, data.new.level, data.new.parent, kind)
    outcome = services().merge_orgs(
        data.sources, data.into, data.on, by=caller(), new=new, users=data.users
    )
    into = outcome.into
    codes = {into.parent_id: outcome.into_parent} if into.parent_id and outcome.into_parent else {}
    return answer(
        MergeOut(
            into=org_out(into, codes),
            merged=list(outcome.merged),
            dossiers=list(outcome.dossiers),
            users_moved=list(outcome.users_moved),
            users_deactivated=list(outcome.users_deactivated),
        )
    )


@bp.put("/orgs/<code>/rulebook")
@doc(
    "Đổi bộ quy định của tỉnh (quản trị viên của tỉnh): hồ sơ lập từ nay theo bộ mới, hồ sơ đã "
    "lập giữ bộ quy định của mình",
    request_model=OrgRulebookIn,
    response=OrgOut,
    errors=(401, 403, 422),
)
def set_rulebook(code: str) -> tuple[Response, int]:
    data = body(OrgRulebookIn)
    unit = services().set_org_rulebook(code, data.rulebook, by=caller())
    return answer(org_out(unit, {}))


@bp.post("/orgs/<code>/deactivate")
@doc("Ngừng hoạt động một đơn vị", status=204, errors=(401, 403, 422))
def deactivate_org(code: str) -> tuple[str, int]:
    services().deactivate_org(code, by=caller())
    return "", 204


@bp.get("/users")
@doc("Người dùng trong phạm vi quản trị", response=UserList, errors=(401, 403))
def users() -> tuple[Response, int]:
    accounts = services().list_users(actor=caller())
    return answer(UserList(items=[user_out(a) for a in accounts]))


@bp.post("/users")
@doc(
    "Thêm người dùng",
    request_model=UserIn,
    response=UserOut,
    status=201,
    errors=(401, 403, 409, 422),
)
def add_user() -> tuple[Response, int]:
    data = body(UserIn)
    grants = [(g.org, g.role) for g in data.grants]
    account = services().add_user(data.username, data.password, data.full_name, grants, by=caller())
    return answer(user_out(account), 201)


@bp.post("/users/<username>/deactivate")
@doc(
    "Khóa tài khoản (mã truy cập của người đó mất hiệu lực ngay; không tự khóa chính mình)",
    status=204,
    errors=(401, 403, 404, 409),
)
def deactivate_user(username: str) -> tuple[str, int]:
    services().deactivate_user(username, by=caller())
    return "", 204


@bp.put("/users/<username>/grants")
@doc(
    "Đổi vai trò của người dùng (không tự bỏ quyền quản trị của chính mình)",
    request_model=GrantsIn,
    response=UserOut,
    errors=(401, 403, 404, 409, 422),
)
def set_grants(username: str) -> tuple[Response, int]:
    data = body(GrantsIn)
    account = services().set_grants(username, [(g.org, g.role) for g in data.grants], by=caller())
    return answer(user_out(account))


@bp.post("/users/<username>/password")
@doc(
    "Đặt lại mật khẩu (thu hồi các mã truy cập đang có)",
    request_model=PasswordIn,
    status=204,
    errors=(401, 403, 404, 422),
)
def reset_password(username: str) -> tuple[str, int]:
    data = body(PasswordIn)
    services().reset_password(username, data.password, by=caller())
    return "", 204
