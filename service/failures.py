"""What went wrong, as one value both front ends render: status, code, message, fields.

``register_error_handlers`` maps every exception the application lets escape to a Failure and
hands it to the JSON renderer for ``/api/`` paths and to the HTML renderer for pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Response as BaseResponse

from service.documents import PdfBusy, PdfConversionFailed, PdfUnavailable
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


# How long a client should wait before retrying while the database is unreachable, in seconds:
# about what a PostgreSQL restart or a failover takes.
DATABASE_RETRY_AFTER = 10
# SQLSTATEs with which PostgreSQL says it cannot serve this connection: connection exceptions
# (class 08), shutting down or crashed (57P01, 57P02), still starting up (57P03), no free slot.
_UNREACHABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")
# SQLite's code for a database file it cannot open (a vanished or unmounted volume).
_SQLITE_UNREACHABLE = frozenset({"SQLITE_CANTOPEN"})


def database_unreachable(err: SQLAlchemyError) -> bool:
    """Whether ``err`` says the database cannot be reached, as opposed to refusing a statement.

    Only connection-level failures count: the pool's disconnect, a connection SQLAlchemy found
    closed or broken, psycopg losing or failing to reach the server (its own errors carry no
    SQLSTATE), the server saying it is down, SQLite unable to open its file. Anything else - a
    missing table, a cancelled query, a deadlock, psycopg's InterfaceError for a closed cursor -
    is a bug or another fault and stays a 500.
    """
    if isinstance(err, DisconnectionError):
        return True
    if not isinstance(err, OperationalError | InterfaceError):
        return False
    if err.connection_invalidated:
        return True
    if isinstance(err, InterfaceError):
        return False
    sqlite_name = getattr(err.orig, "sqlite_errorname", None)
    if sqlite_name is not None:
        return sqlite_name in _SQLITE_UNREACHABLE
    if not hasattr(err.orig, "sqlstate"):
        return False  # a driver this service does not use: claim nothing we cannot know
    sqlstate = getattr(err.orig, "sqlstate", None)
    return sqlstate is None or str(sqlstate).startswith(_UNREACHABLE_SQLSTATES)


def from_database(err: SQLAlchemyError) -> Failure:
    if not database_unreachable(err):
        return unexpected(err)
    log.error("database unavailable: %s", err)
    return Failure(
        503,
        "database_unavailable",
        "Cơ sở dữ liệu tạm thời không truy cập được; hãy thử lại sau ít phút.",
        headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
    )


def too_large(err: Exception) -> Failure:
    limit = services().container.settings.max_upload_mb
    return Failure(413, "too_large", f"Tệp vượt quá dung lượng cho phép ({limit} MB).")


def object_missing(err: Exception) -> Failure:
    log.error("object missing from the store: %s", err)
    return Failure(500, "object_missing", "Tệp không còn trong kho lưu trữ; hãy báo quản trị viên.")


# How long to wait before asking for a PDF again, in seconds: LibreOffice is installed by an
# administrator (a while), a busy converter frees a slot within a conversion or two.
PDF_UNAVAILABLE_RETRY_AFTER = 3600
PDF_BUSY_RETRY_AFTER = 30


def no_pdf(err: Exception) -> Failure:
    log.warning("PDF export unavailable: %s", err)
    return Failure(
        503,
        "pdf_unavailable",
        "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản .docx "
        "hoặc báo quản trị viên.",
        headers={"Retry-After": str(PDF_UNAVAILABLE_RETRY_AFTER)},
    )


def pdf_busy(err: Exception) -> Failure:
    log.warning("PDF export busy: %s", err)
    return Failure(
        503,
        "pdf_busy",
        "Máy chủ đang bận chuyển quyết định sang PDF; hãy thử lại sau ít phút hoặc tải bản .docx.",
        headers={"Retry-After": str(PDF_BUSY_RETRY_AFTER)},
    )


def pdf_failed(err: Exception) -> Failure:
    log.error("PDF export failed: %s", err)
    return Failure(
        503,
        "pdf_failed",
        "Không chuyển được quyết định sang PDF; hãy tải bản .docx và báo quản trị viên.",
        headers={"Retry-After": str(PDF_BUSY_RETRY_AFTER)},
    )


def from_http(err: HTTPException) -> Failure:
    status = err.code or 500
    message = _HTTP_MESSAGES.get(status, err.description or "Lỗi.")
    # RFC 9110: a 405 names the methods the address does take.
    methods = getattr(err, "valid_methods", None)
    headers = {"Allow": ", ".join(sorted(methods))} if methods else {}
    return Failure(status, err.name.lower().replace(" ", "_"), message, headers=headers)


def unexpected(err: Exception) -> Failure:
    log.exception("unhandled error")
    return Failure(500, "internal_error", "Lỗi hệ thống; hãy thử lại sau.")


CLASSIFY: list[tuple[type[Exception], Callable[..., Failure]]] = [
    (DomainError, from_domain),
    (StorageUnavailable, store_down),
    (SQLAlchemyError, from_database),
    (ObjectTooLarge, too_large),
    (RequestEntityTooLarge, too_large),
    (ObjectNotFound, object_missing),
    (PdfUnavailable, no_pdf),
    (PdfBusy, pdf_busy),  # before its base class: the first match classifies
    (PdfConversionFailed, pdf_failed),
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
