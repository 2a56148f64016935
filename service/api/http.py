"""Helpers shared by the API views: reading bodies, the caller, documenting and answering."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from flask import Response, g, jsonify, request
from pydantic import BaseModel, ValidationError

from service.boundary import json_too_deep
from service.domain.errors import Invalid, NotAuthenticated
from service.domain.inputs import DEEP_MESSAGE, refuse_nul, refuse_too_big
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
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
}


def body(model: type[M]) -> M:
    """Parse the JSON body into ``model``; bad input becomes Invalid with one message per field.

    A body nested too deep is refused before it is parsed, and one with a NUL in any key or string
    before it is validated (``service.domain.inputs``).
    """
    if json_too_deep(request.get_data()):
        raise Invalid(DEEP_MESSAGE, {"body": "lồng nhau quá sâu"})
    data = request.get_json(silent=True)
    if data is None:
        data = {} if not request.get_data() else None
    if data is None:
        raise Invalid("Nội dung yêu cầu phải là JSON hợp lệ.", {"body": "không phải JSON"})
    refuse_nul(_strings(data, ""))
    try:
        return model.model_validate(data)
    except ValidationError as err:
        fields = {_path(e["loc"]): _message(e) for e in err.errors()}
        raise Invalid("Dữ liệu không hợp lệ; hãy sửa các trường được nêu.", fields) from err


def _strings(data: object, path: str) -> Iterator[tuple[str, str]]:
    """Every key (in its path) and string of a parsed body; its depth is already bounded."""
    if isinstance(data, str):
        yield path or "body", data
    elif isinstance(data, dict):
        for key, value in data.items():
            inner = f"{path}.{key}" if path else str(key)
            yield inner, ""
            yield from _strings(value, inner)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, f"{path}[{i}]")


def _message(error: Any) -> str:
    template = _MESSAGES.get(error["type"])
    return template.format(**error.get("ctx", {})) if template else str(error["msg"])


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
    produces: tuple[str, ...] = (),
    raw: tuple[str, ...] = (),
    database: bool = True,
) -> Callable[[F], F]:
    """Describe a view for the OpenAPI document.

    ``public`` views need no bearer token; ``produces`` names the media types of a view that
    answers a file rather than ``response``; ``raw`` those of a file it takes as the whole body
    (besides ``form``); ``database=False`` for a view that never reads it.
    """

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
            "produces": produces,
            "raw": raw,
            "database": database,
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
    return refuse_too_big(name, value)
