"""GET /openapi.json: an OpenAPI 3.1 document built from the routes and their pydantic models."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, current_app, jsonify
from pydantic import BaseModel

from service.api.http import doc
from service.api.schemas import ErrorOut

bp = Blueprint("openapi", __name__)
REF = "#/components/schemas/{model}"
_ERROR_TEXT = {
    401: "Chưa đăng nhập",
    403: "Không có quyền",
    404: "Không tìm thấy",
    409: "Xung đột: đã bị thay đổi hoặc đã xử lý",
    422: "Dữ liệu không hợp lệ",
}


@bp.get("/openapi.json")
@doc("Tài liệu OpenAPI của API này", public=True)
def document() -> Response:
    return jsonify(build_document())


def build_document() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    paths: dict[str, dict[str, Any]] = {}
    for rule in current_app.url_map.iter_rules():
        meta = getattr(current_app.view_functions[rule.endpoint], "openapi", None)
        if meta is None or not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule.arguments, meta, schemas)
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


def _operation(args: Any, meta: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": meta["summary"], "responses": {}}
    params = [
        {"name": a, "in": "path", "required": True, "schema": {"type": "string"}}
        for a in sorted(args)
    ]
    params += [
        {"name": q, "in": "query", "required": False, "schema": {"type": "string"}}
        for q in meta["query"]
    ]
    if params:
        op["parameters"] = params
    if meta["public"]:
        op["security"] = []
    if meta["request"] is not None:
        op["requestBody"] = {"required": True, "content": _content(meta["request"], schemas)}
    if meta["form"]:
        op["requestBody"] = {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": list(meta["form"]),
                        "properties": {
                            f: {"type": "string", "format": "binary" if f == "file" else None}
                            for f in meta["form"]
                        },
                    }
                }
            },
        }
    ok: dict[str, Any] = {"description": "OK"}
    if meta["response"] is not None:
        ok["content"] = _content(meta["response"], schemas)
    op["responses"][str(meta["status"])] = ok
    for status in meta["errors"]:
        op["responses"][str(status)] = {
            "description": _ERROR_TEXT.get(status, "Lỗi"),
            "content": _content(ErrorOut, schemas),
        }
    return op


def _content(model: type[BaseModel], schemas: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=REF)
    schemas.update(schema.pop("$defs", {}))
    schemas[model.__name__] = schema
    return {"application/json": {"schema": {"$ref": REF.format(model=model.__name__)}}}
