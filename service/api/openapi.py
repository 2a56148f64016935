"""GET /openapi.json: an OpenAPI 3.1 document built from the routes and their pydantic models.

Each operation lists every status it can answer, not only those its view raises: the checks at
the boundary (NUL, deep JSON, numbers beyond an INTEGER: 422; an id that cannot exist: 404), the
bearer check (401), a body over the size limit (413) and an unreachable database (503) apply to
every operation they can reach. Query parameters are described once, in ``service.api.params``.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, current_app, jsonify
from pydantic import BaseModel
from werkzeug.routing import Rule

from service.api.http import doc
from service.api.params import ID, schema
from service.api.schemas import CompleteIn, ErrorOut
from service.services import services

bp = Blueprint("openapi", __name__)
REF = "#/components/schemas/{model}"
_ERROR_TEXT = {
    401: "Chưa đăng nhập",
    403: "Không có quyền",
    404: "Không tìm thấy",
    409: "Xung đột: đã bị thay đổi hoặc đã xử lý",
    413: "Nội dung quá lớn",
    415: "Kiểu tệp không được hỗ trợ",
    422: "Dữ liệu không hợp lệ",
    429: "Quá nhiều lần thử; chờ theo Retry-After",
    503: "Tạm thời không phục vụ được (cơ sở dữ liệu, kho tệp hoặc bộ chuyển PDF); thử lại sau",
}
_RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Số giây nên chờ"}}
_HEADERS = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}}},
    429: _RETRY_AFTER,
}
_FORM: dict[str, dict[str, Any]] = {
    "file": {"type": "string", "format": "binary"},
    "kind": {
        "type": "string",
        "maxLength": 32,
        "description": "a checklist kind of the dossier's award (GET /awards: checklist), or "
        "other; the old proposal, council_minutes and achievement_report are read as to_trinh, "
        "bien_ban_hoi_dong and bao_cao_thanh_tich",
    },
    "nominee_id": {
        "type": "integer",
        "description": "the nominee a per-nominee part is for (required for those, refused for "
        "the others)",
    },
    "rows": {
        "type": "string",
        "description": "the sheet's rows to import, as Excel numbers them: 2, 4, 7-9 (empty: all)",
    },
    "dry_run": {
        "type": "boolean",
        "description": "true: check and report, write nothing",
    },
}
# Form fields a request may leave out.
_OPTIONAL_FORM = {"rows", "dry_run"}
_PATH_PARAM = re.compile(r"<(?:([a-z]+):)?([a-z_]+)>")


@bp.get("/openapi.json")
@doc("Tài liệu OpenAPI của API này", public=True, database=False)
def document() -> Response:
    return jsonify(build_document())


def build_document() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    paths: dict[str, dict[str, Any]] = {}
    for rule in current_app.url_map.iter_rules():
        meta = getattr(current_app.view_functions[rule.endpoint], "openapi", None)
        if meta is None or not rule.rule.startswith("/api/"):
            continue
        path = _PATH_PARAM.sub(r"{\2}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, meta, schemas)
    _offered_actions(schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Khen thưởng API", "version": "1"},
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "paths": paths,
    }


def _operation(rule: Rule, meta: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": meta["summary"], "responses": {}}
    params = _parameters(rule, meta)
    if params:
        op["parameters"] = params
    if meta["public"]:
        op["security"] = []
    if meta["request"] is not None:
        op["requestBody"] = {"required": True, "content": _content(meta["request"], schemas)}
    if meta["form"]:
        content = _multipart(meta["form"])
        content.update(
            {media: {"schema": {"type": "string", "format": "binary"}} for media in meta["raw"]}
        )
        op["requestBody"] = {"required": True, "content": content}
    op["responses"][str(meta["status"])] = _success(meta, schemas)
    for status in sorted(_statuses(meta, bool(rule.arguments), "requestBody" in op)):
        answer: dict[str, Any] = {
            "description": _ERROR_TEXT.get(status, "Lỗi"),
            "content": _content(ErrorOut, schemas),
        }
        headers = _RETRY_AFTER if status == 503 else _HEADERS.get(status)
        if headers:
            answer["headers"] = headers
        op["responses"][str(status)] = answer
    return op


def _parameters(rule: Rule, meta: dict[str, Any]) -> list[dict[str, Any]]:
    kinds = {name: kind for kind, name in _PATH_PARAM.findall(rule.rule)}
    params = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": dict(ID) if kinds.get(name) == "int" else {"type": "string"},
        }
        for name in sorted(rule.arguments)
    ]
    params += [
        {"name": q, "in": "query", "required": False, "schema": schema(q)} for q in meta["query"]
    ]
    return params


def _statuses(meta: dict[str, Any], has_path: bool, has_body: bool) -> set[int]:
    found = set(meta["errors"]) | {422}
    if not meta["public"]:
        found.add(401)
    if has_path:
        found.add(404)
    if has_body:
        found.add(413)
    if meta["database"]:
        found.add(503)
    found.discard(meta["status"])
    return found


def _success(meta: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    ok: dict[str, Any] = {"description": "OK"}
    if meta["response"] is not None:
        ok["content"] = _content(meta["response"], schemas)
    elif meta["produces"]:
        ok["content"] = {
            media: {"schema": {"type": "string", "format": "binary"}} for media in meta["produces"]
        }
    return ok


def _multipart(fields: tuple[str, ...]) -> dict[str, Any]:
    return {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": [f for f in fields if f not in _OPTIONAL_FORM],
                "properties": {f: dict(_FORM.get(f, {"type": "string"})) for f in fields},
            }
        }
    }


def _offered_actions(schemas: dict[str, Any]) -> None:
    """The actions the workflow's user tasks offer: what ``action`` of a completion may be."""
    model = schemas.get(CompleteIn.__name__)
    if model is not None:
        model["properties"]["action"]["enum"] = sorted(
            {a for w in services().container.engines() for a in w.actions()}
        )


def _content(model: type[BaseModel], schemas: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=REF)
    schemas.update(schema.pop("$defs", {}))
    schemas[model.__name__] = schema
    return {"application/json": {"schema": {"$ref": REF.format(model=model.__name__)}}}
