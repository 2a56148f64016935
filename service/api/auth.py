"""POST /auth/token: a bearer token for a username and password."""

from __future__ import annotations

from flask import Blueprint, Response, request

from service.api.http import answer, bearer_token, body, caller, doc
from service.api.schemas import TokenIn, TokenOut
from service.services import services

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
    svc = services()
    issued = svc.issue_token(data.username, data.password, request.remote_addr or "?")
    lifetime = svc.container.token_ttl
    return answer(TokenOut(access_token=issued, expires_in=int(lifetime.total_seconds())))


@bp.post("/auth/logout")
@doc("Đăng xuất: thu hồi mã truy cập đang dùng", status=204, errors=(401,))
def logout() -> tuple[str, int]:
    services().revoke_token(bearer_token() or "", actor=caller())
    return "", 204
