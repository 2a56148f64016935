"""Errors as the API answers them: ``{"error": {"code", "message", "fields"?}}``."""

from __future__ import annotations

from flask import Response, jsonify

from service.failures import Failure


def json_failure(failure: Failure) -> Response:
    error: dict[str, object] = {"code": failure.code, "message": failure.message}
    if failure.fields:
        error["fields"] = failure.fields
    response = jsonify({"error": error})
    if failure.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="khenthuong"'
    return response
