"""What went wrong, as one value both front ends render: status, code, message, fields.

``register_error_handlers`` maps every exception the application lets escape to a Failure and
hands it to the JSON renderer for ``/api/`` paths and to the HTML renderer for pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Response as BaseResponse

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
from service.services import services
from storage import ObjectNotFound, ObjectTooLarge, StorageUnavailable

log = logging.getLogger(__name__)

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
    400: "Yêu cầu không hợp lệ.",
    404: "Không tìm thấy địa chỉ này.",
    405: "Phương thức không được hỗ trợ cho địa chỉ này.",
    415: "Kiểu nội dung không được hỗ trợ.",
}


@dataclass(frozen=True)
class Failure:
    status: int
    code: str
    message: str
    fields: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)


# A page may answer a failure with a redirect (to the login), hence Werkzeug's Response.
Renderer = Callable[[Failure], BaseResponse]


def json_failure(failure: Failure) -> Response:
    """The API's form: ``{"error": {"code", "message", "fields"?}}``."""
    error: dict[str, object] = {"code": failure.code, "message": failure.message}
    if failure.fields:
        error["fields"] = failure.fields
    response = jsonify({"error": error})
    if failure.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="khenthuong"'
    return response


def status_of(err: DomainError) -> int:
    for cls in type(err).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def from_domain(err: DomainError) -> Failure:
    status = status_of(err)
    if status >= 500:
        log.error("configuration error: %s", err.message)
    headers = {"Retry-After": str(err.retry_after)} if isinstance(err, TooManyAttempts) else {}
    return Failure(status, err.code, err.message, getattr(err, "fields", None), headers)


def store_down(err: Exception) -> Failure:
    log.error("object store unavailable: %s", err)
    return Failure(
        503, "storage_unavailable", "Kho lưu trữ tệp tạm thời không truy cập được; hãy thử lại sau."
    )


def too_large(err: Exception) -> Failure:
    limit = services().container.settings.max_upload_mb
    return Failure(413, "too_large", f"Tệp vượt quá dung lượng cho phép ({limit} MB).")


def object_missing(err: Exception) -> Failure:
    log.error("object missing from the store: %s", err)
    return Failure(500, "object_missing", "Tệp không còn trong kho lưu trữ; hãy báo quản trị viên.")


def no_pdf(err: Exception) -> Failure:
    return Failure(
        501,
        "pdf_unavailable",
        "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản .docx.",
    )


def from_http(err: HTTPException) -> Failure:
    status = err.code or 500
    message = _HTTP_MESSAGES.get(status, err.description or "Lỗi.")
    return Failure(status, err.name.lower().replace(" ", "_"), message)


def unexpected(err: Exception) -> Failure:
    log.exception("unhandled error")
    return Failure(500, "internal_error", "Lỗi hệ thống; hãy thử lại sau.")


CLASSIFY: list[tuple[type[Exception], Callable[..., Failure]]] = [
    (DomainError, from_domain),
    (StorageUnavailable, store_down),
    (ObjectTooLarge, too_large),
    (RequestEntityTooLarge, too_large),
    (ObjectNotFound, object_missing),
    (PdfUnavailable, no_pdf),
    (HTTPException, from_http),
    (Exception, unexpected),
]


def classify(err: Exception) -> Failure:
    """The Failure for any exception (CLASSIFY ends with Exception, so one always matches)."""
    return next(make(err) for cls, make in CLASSIFY if isinstance(err, cls))


def register_error_handlers(app: Flask, api: Renderer, page: Renderer) -> None:
    def handler(classify: Callable[..., Failure]) -> Callable[[Exception], BaseResponse]:
        def handle(err: Exception) -> BaseResponse:
            failure = classify(err)
            render = api if request.path.startswith("/api/") else page
            response = render(failure)
            response.status_code = failure.status
            response.headers.update(failure.headers)
            return response

        return handle

    for cls, classify in CLASSIFY:
        app.register_error_handler(cls, handler(classify))
