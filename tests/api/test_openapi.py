"""The OpenAPI document is valid and says exactly what the API does (issue 10, item 4).

schemathesis (tests/api/test_fuzzing.py) holds the answers to the document; these tests hold
the document itself: it validates as OpenAPI 3.1, types what the views parse, declares the
enumerations, and lists the statuses the checks at the boundary give every operation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from service.domain.checklists import MAX_KIND
from service.domain.dossiers import Status
from service.domain.inputs import MAX_INT
from tests.api.helpers import Login
from tests.conftest import services_of

METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    found: dict[str, Any] = r.get_json()
    return found


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def parameter(op: dict[str, Any], name: str) -> dict[str, Any]:
    found = [p for p in op.get("parameters", []) if p["name"] == name]
    assert len(found) == 1, f"{name}: {op.get('parameters')}"
    return found[0]


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    validate(document)
    assert sum(1 for _ in operations(document)) >= 30


def test_no_format_or_type_in_the_document_is_null(document: dict[str, Any]) -> None:
    nulls = [key for key, value in walk(document) if key in {"format", "type"} and value is None]
    assert nulls == []


def test_ids_in_paths_are_integers_within_a_database_integer(document: dict[str, Any]) -> None:
    op = document["paths"]["/api/v1/dossiers/{dossier_id}"]["get"]
    assert parameter(op, "dossier_id")["schema"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_INT,
    }
    task = document["paths"]["/api/v1/tasks/{task_id}/complete"]["post"]
    assert parameter(task, "task_id")["schema"] == {"type": "string"}


def test_numeric_query_parameters_are_integers(document: dict[str, Any]) -> None:
    listing = document["paths"]["/api/v1/dossiers"]["get"]
    for name in ("year", "limit", "after"):
        assert parameter(listing, name)["schema"]["type"] == "integer", name
    audit = document["paths"]["/api/v1/audit"]["get"]
    assert parameter(audit, "dossier")["schema"]["type"] == "integer"
    assert parameter(audit, "actor")["schema"]["type"] == "string"


def test_enumerations_are_declared(document: dict[str, Any], app: Flask) -> None:
    content = document["paths"]["/api/v1/dossiers/{dossier_id}/decision/content"]["get"]
    assert parameter(content, "format")["schema"]["enum"] == ["docx", "pdf"]
    listing = document["paths"]["/api/v1/dossiers"]["get"]
    assert parameter(listing, "status")["schema"]["enum"] == [s.value for s in Status]
    action = document["components"]["schemas"]["CompleteIn"]["properties"]["action"]
    offered = services_of(app).container.workflow.actions()
    assert {"approve", "return", "reject"} <= set(offered)
    assert action["enum"] == offered
    upload = document["paths"]["/api/v1/dossiers/{dossier_id}/attachments"]["post"]
    form = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["properties"]["file"] == {"type": "string", "format": "binary"}
    assert form["properties"]["kind"]["maxLength"] == MAX_KIND
    assert form["properties"]["nominee_id"]["type"] == "integer"
    award = document["components"]["schemas"]["AwardOut"]["properties"]
    assert "checklist" in award
    dossier = document["components"]["schemas"]["DossierIn"]["properties"]
    assert "simplified" in dossier


def test_every_operation_lists_the_statuses_the_boundary_can_answer(
    document: dict[str, Any],
) -> None:
    for path, method, op in operations(document):
        statuses = set(op["responses"])
        assert "422" in statuses, (method, path)  # a NUL in the query string
        if op.get("security") != []:
            assert "401" in statuses, (method, path)
        if "{" in path:
            assert "404" in statuses, (method, path)
        if "requestBody" in op:
            assert "413" in statuses, (method, path)
        if path != "/api/v1/openapi.json":
            assert "Retry-After" in op["responses"]["503"]["headers"], (method, path)


def test_files_are_declared_with_their_media_types(document: dict[str, Any]) -> None:
    content = document["paths"]["/api/v1/dossiers/{dossier_id}/decision/content"]["get"]
    assert set(content["responses"]["200"]["content"]) == {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/pdf",
    }
    csv = document["paths"]["/api/v1/audit.csv"]["get"]
    assert set(csv["responses"]["200"]["content"]) == {"text/csv"}


def test_a_method_an_address_does_not_take_is_405_with_allow(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.delete("/api/v1/dossiers", headers=as_user("dc.clerk"))
    assert r.status_code == 405
    assert set(r.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert "Phương thức" in r.get_json()["error"]["message"]


def test_an_unknown_status_filter_is_refused_naming_the_statuses(
    client: FlaskClient, as_user: Login
) -> None:
    r = client.get("/api/v1/dossiers?status=closed", headers=as_user("dc.clerk"))
    assert r.status_code == 422
    assert "draft" in r.get_json()["error"]["fields"]["status"]


def test_the_dossier_body_describes_the_proposal_fields_the_decision_cites(
    document: dict[str, Any],
) -> None:
    schemas = document["components"]["schemas"]
    for name in ("DossierIn", "DossierOut"):
        assert {"proposal", "period", "reason"} <= set(schemas[name]["properties"]), name
    assert set(schemas["PeriodIO"]["properties"]) == {"from", "to"}
    assert set(schemas["ProposalIO"]["properties"]) == {"number", "date"}
    assert "reason" in schemas["NomineeIn"]["properties"]
    assert "reason" in schemas["NomineeOut"]["properties"]
