"""The one place where errors become HTTP answers: ``{"error": {"code", "message"}}``.

Domain errors map by class; storage and document errors by their own handlers; unknown API paths
and methods answer in JSON too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from service.container import current
from service.documents import PdfUnavailable
from service.domain.errors import (
    ConfigurationError,
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotAuthenticated,
    NotFound,
    TooLarge,
    TooManyAttempts,
    UnsupportedType,
)
from storage import ObjectNotFound, ObjectTooLarge, StorageUnavailable

log = logging.getLogger(__name__)
Answer = tuple[Response, int]

STATUS: dict[type[DomainError], int] = {
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    TooLarge: 413,
    UnsupportedType: 415,
    Invalid: 422,
    TooManyAttempts: 429,
    ConfigurationError: 500,
}

_HTTP_MESSAGES = {
    404: "Không tìm thấy địa chỉ này.",
    405: "Phương thức không được hỗ trợ cho địa chỉ này.",
    415: "Kiểu nội dung không được hỗ trợ.",
}


def status_of(err: DomainError) -> int:
    for cls in type(err).__mro__:
        if cls in STATUS:
            return STATUS[cls]  # type: ignore[index]
    return 400


def error_response(
    code: str, message: str, status: int, fields: dict[str, str] | None = None
) -> Answer:
    error: dict[str, object] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    response = jsonify({"error": error})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="khenthuong"'
    return response, status


def _domain(err: DomainError) -> Answer:
    status = status_of(err)
    if status >= 500:
        log.error("configuration error: %s", err.message)
    response, status = error_response(err.code, err.message, status, getattr(err, "fields", None))
    if isinstance(err, TooManyAttempts):
        response.headers["Retry-After"] = str(err.retry_after)
    return response, status


def _store_down(err: Exception) -> Answer:
    log.error("object store unavailable: %s", err)
    return error_response(
        "storage_unavailable", "Kho lưu trữ tệp tạm thời không truy cập được; hãy thử lại sau.", 503
    )


def _too_large(err: Exception) -> Answer:
    limit = current().settings.max_upload_mb
    return error_response("too_large", f"Tệp vượt quá dung lượng cho phép ({limit} MB).", 413)


def _object_missing(err: Exception) -> Answer:
    log.error("object missing from the store: %s", err)
    return error_response(
        "object_missing", "Tệp không còn trong kho lưu trữ; hãy báo quản trị viên.", 500
    )


def _no_pdf(err: Exception) -> Answer:
    return error_response(
        "pdf_unavailable",
        "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản .docx.",
        501,
    )


def _http(err: HTTPException) -> Answer | HTTPException:
    if not request.path.startswith("/api/"):
        return err
    status = err.code or 500
    message = _HTTP_MESSAGES.get(status, err.description or "Lỗi.")
    return error_response(err.name.lower().replace(" ", "_"), message, status)


def _unexpected(err: Exception) -> Answer:
    log.exception("unhandled error")
    return error_response("internal_error", "Lỗi hệ thống; hãy thử lại sau.", 500)


HANDLERS: list[tuple[type[Exception], Callable[..., object]]] = [
    (DomainError, _domain),
    (StorageUnavailable, _store_down),
    (ObjectTooLarge, _too_large),
    (RequestEntityTooLarge, _too_large),
    (ObjectNotFound, _object_missing),
    (PdfUnavailable, _no_pdf),
    (HTTPException, _http),
    (Exception, _unexpected),
]


def register_error_handlers(app: Flask) -> None:
    for cls, handler in HANDLERS:
        app.register_error_handler(cls, handler)  # type: ignore[arg-type]
