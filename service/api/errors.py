"""The one place where errors become HTTP answers: ``{"error": {"code", "message"}}``."""

from __future__ import annotations

import logging

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
    UnsupportedType,
)
from storage import ObjectNotFound, ObjectTooLarge, StorageUnavailable

log = logging.getLogger(__name__)

STATUS: dict[type[DomainError], int] = {
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Invalid: 422,
    TooLarge: 413,
    UnsupportedType: 415,
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

    @app.errorhandler(StorageUnavailable)
    def _store_down(err: StorageUnavailable) -> tuple[Response, int]:
        log.error("object store unavailable: %s", err)
        return error_response(
            "storage_unavailable",
            "Kho lưu trữ tệp tạm thời không truy cập được; hãy thử lại sau.",
            503,
        )

    @app.errorhandler(ObjectTooLarge)
    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(err: Exception) -> tuple[Response, int]:
        limit = current().settings.max_upload_mb
        return error_response("too_large", f"Tệp vượt quá dung lượng cho phép ({limit} MB).", 413)

    @app.errorhandler(ObjectNotFound)
    def _object_missing(err: ObjectNotFound) -> tuple[Response, int]:
        log.error("object missing from the store: %s", err)
        return error_response(
            "object_missing", "Tệp không còn trong kho lưu trữ; hãy báo quản trị viên.", 500
        )

    @app.errorhandler(PdfUnavailable)
    def _no_pdf(err: PdfUnavailable) -> tuple[Response, int]:
        return error_response(
            "pdf_unavailable",
            "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản .docx.",
            501,
        )

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
