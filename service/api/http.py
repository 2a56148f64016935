"""Helpers shared by the API views: reading bodies, the caller, documenting and answering."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, g, jsonify, request
from pydantic import BaseModel, ValidationError

from service.domain.errors import Invalid, NotAuthenticated
from service.domain.permissions import Actor

M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound=Callable[..., Any])

_MESSAGES = {
    "missing": "Trường này là bắt buộc.",
    "extra_forbidden": "Trường này không được hỗ trợ.",
    "string_too_short": "Không được để trống.",
    "string_too_long": "Quá dài.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "string_type": "Phải là chuỗi ký tự.",
    "list_type": "Phải là danh sách.",
    "too_short": "Danh sách không được rỗng.",
    "too_long": "Danh sách quá dài.",
    "literal_error": "Giá trị không nằm trong danh sách cho phép.",
    "enum": "Giá trị không nằm trong danh sách cho phép.",
}


def body(model: type[M]) -> M:
    """Parse the JSON body into ``model``; bad input becomes Invalid with one message per field."""
    data = request.get_json(silent=True)
    if data is None:
        data = {} if not request.get_data() else None
    if data is None:
        raise Invalid("Nội dung yêu cầu phải là JSON hợp lệ.", {"body": "không phải JSON"})
    try:
        return model.model_validate(data)
    except ValidationError as err:
        fields = {_path(e["loc"]): _MESSAGES.get(e["type"], e["msg"]) for e in err.errors()}
        raise Invalid("Dữ liệu không hợp lệ; hãy sửa các trường được nêu.", fields) from err


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def caller() -> Actor:
    actor: Actor | None = g.get("actor")
    if actor is None:
        raise NotAuthenticated()
    return actor


def answer(model: BaseModel, status: int = 200) -> tuple[Response, int]:
    return jsonify(model.model_dump(mode="json")), status


def doc(
    summary: str,
    *,
    request_model: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int = 200,
    errors: tuple[int, ...] = (),
    public: bool = False,
    query: tuple[str, ...] = (),
    form: tuple[str, ...] = (),
) -> Callable[[F], F]:
    """Describe a view for the OpenAPI document; ``public`` views need no bearer token."""

    def mark(view: F) -> F:
        view.openapi = {  # type: ignore[attr-defined]
            "summary": summary,
            "request": request_model,
            "response": response,
            "status": status,
            "errors": errors,
            "public": public,
            "query": query,
            "form": form,
        }
        return view

    return mark


def int_arg(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise Invalid(f"Tham số '{name}' phải là số nguyên.", {name: "phải là số nguyên"}) from None
    if value < 1:
        raise Invalid(f"Tham số '{name}' phải lớn hơn 0.", {name: "phải lớn hơn 0"})
    return value
