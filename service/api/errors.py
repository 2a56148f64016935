"""The one place where errors become HTTP answers: ``{"error": {"code", "message"}}``."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from service.domain.errors import (
    ConfigurationError,
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotAuthenticated,
    NotFound,
)

log = logging.getLogger(__name__)

STATUS: dict[type[DomainError], int] = {
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
    ConfigurationError: 500,
}

_HTTP_MESSAGES = {
    404: "Không tìm thấy địa chỉ này.",
    405: "Phương thức không được hỗ trợ cho địa chỉ này.",
    413: "Nội dung gửi lên quá lớn.",
    415: "Kiểu nội dung không được hỗ trợ.",
}


def status_of(err: DomainError) -> int:
    for cls in type(err).__mro__:
        if cls in STATUS:
            return STATUS[cls]  # type: ignore[index]
    return 400


def error_response(
    code: str, message: str, status: int, fields: dict[str, str] | None = None
) -> tuple[Response, int]:
    error: dict[str, object] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    response = jsonify({"error": error})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="khenthuong"'
    return response, status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(err: DomainError) -> tuple[Response, int]:
        status = status_of(err)
        if status >= 500:
            log.error("configuration error: %s", err.message)
        return error_response(err.code, err.message, status, getattr(err, "fields", None))

    @app.errorhandler(HTTPException)
    def _http(err: HTTPException) -> tuple[Response, int] | HTTPException:
        status = err.code or 500
        if not request.path.startswith("/api/"):
            return err
        message = _HTTP_MESSAGES.get(status, err.description or "Lỗi.")
        return error_response(err.name.lower().replace(" ", "_"), message, status)

    @app.errorhandler(Exception)
    def _unexpected(err: Exception) -> tuple[Response, int]:
        log.exception("unhandled error")
        return error_response("internal_error", "Lỗi hệ thống; hãy thử lại sau.", 500)
