"""POST /auth/token: a bearer token for a username and password."""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api.http import answer, bearer_token, body, caller, doc
from service.api.schemas import TokenIn, TokenOut
from service.container import current
from service.usecases.auth import issue_token, revoke_token

bp = Blueprint("auth", __name__)


@bp.post("/auth/token")
@doc(
    "Đăng nhập: đổi tên đăng nhập và mật khẩu lấy mã truy cập",
    request_model=TokenIn,
    response=TokenOut,
    errors=(401, 422, 429),
    public=True,
)
def token() -> tuple[Response, int]:
    data = body(TokenIn)
    c = current()
    issued = issue_token(
        data.username,
        data.password,
        request.remote_addr or "?",
        uow=c.uow(),
        passwords=c.passwords,
        ttl=c.token_ttl,
        limits=c.login_limits,
    )
    return answer(TokenOut(access_token=issued, expires_in=int(c.token_ttl.total_seconds())))


@bp.post("/auth/logout")
@doc("Đăng xuất: thu hồi mã truy cập đang dùng", status=204, errors=(401,))
def logout() -> tuple[str, int]:
    revoke_token(bearer_token() or "", actor=caller(), uow=current().uow())
    return "", 204
