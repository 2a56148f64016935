"""Every API endpoint against every kind of user: the expected status, and nothing else.

A new endpoint without a row here fails ``test_every_api_endpoint_has_a_row_in_the_matrix``.
The world: HM-DC's draft dossier D (with attachment A), its dossier S waiting for the ward
approver (task T), its dossier X decided at the district (its council voted), and two state
awards the province proposed: P, and C whose central decision is recorded. D has never been
submitted, so it stays at home: the approvers above the ward are told it does not exist, as
outsiders are.
Users who must be refused go first; the one who may change the world goes last.
"""

from __future__ import annotations

import io
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.domain.nominee_sheet import COLUMNS
from service.domain.people import Person
from service.domain.people_sheet import COLUMNS as PEOPLE_COLUMNS
from service.settings import Settings
from tests.api import files
from tests.api.helpers import (
    Login,
    approve_at,
    create,
    dossier_body,
    file_parts,
    issue,
    submit,
    task_of,
)
from tests.conftest import DEMO_PASSWORD, services_of

USERS = {
    "clerk": "dc.clerk",
    "other_clerk": "tm.clerk",
    "ward_approver": "dc.approver",
    "district_approver": "hm.approver",
    "province_approver": "hn.approver",
    # The district's signer (chairman) and records office (văn thư): reviewers who read what
    # the district approver reads, and alone sign and issue its decisions (issue 15).
    "district_signer": "hm.signer",
    "district_records": "hm.records",
    "outside_ward_approver": "tm.approver",
    "outside_district_approver": "cg.approver",
    "auditor": "hm.auditor",
    "outside_auditor": "cg.auditor",
    "admin": "admin",
    "anonymous": None,
}
READERS = (
    "clerk",
    "ward_approver",
    "district_approver",
    "district_signer",
    "district_records",
    "province_approver",
    "auditor",
)
# Who sees a draft: its own unit (clerk and approver there) and the auditors above it.
DRAFT_READERS = ("clerk", "ward_approver", "auditor")
OUTSIDERS = (
    "other_clerk",
    "outside_ward_approver",
    "outside_district_approver",
    "outside_auditor",
    "admin",
)
SIGNED_IN = tuple(u for u in USERS if u != "anonymous")


def expect(default: int, **by_user: int) -> dict[str, int]:
    table = {u: default for u in SIGNED_IN} | {"anonymous": 401}
    return table | by_user


def dossier_read() -> dict[str, int]:
    return expect(404, **dict.fromkeys(READERS, 200))


def draft_read() -> dict[str, int]:
    return expect(404, **dict.fromkeys(DRAFT_READERS, 200))


def only(user: str, status: int, insiders: int = 403) -> dict[str, int]:
    """One user may; other insiders are refused; outsiders do not see the dossier."""
    table = expect(404, **dict.fromkeys(READERS, insiders))
    table[user] = status
    return table


def only_on_draft(user: str, status: int) -> dict[str, int]:
    """The same on the draft D: those who may not see it are outsiders to it (404)."""
    table = expect(404, **dict.fromkeys(DRAFT_READERS, 403))
    table[user] = status
    return table


def admins(status: int) -> dict[str, int]:
    return expect(403, admin=status)


def auditors() -> dict[str, int]:
    return expect(403, auditor=200, outside_auditor=200)


# Who reaches a person of HM-DC: its unit and those above (the admin is the province's); the
# signer and the records office keep no registry.
PEOPLE_READERS = (
    *(r for r in READERS if r not in ("district_signer", "district_records")),
    "admin",
)


def people_readers() -> dict[str, int]:
    return expect(404, **dict.fromkeys(PEOPLE_READERS, 200))


def people_keepers(status: int, outsiders: int = 404) -> dict[str, int]:
    """The readers but the auditor may change the registry; outsiders get ``outsiders``."""
    return expect(outsiders, **dict.fromkeys(PEOPLE_READERS, status)) | {"auditor": 403}


def _person() -> dict:
    return {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "1980-05-01",
        "gender": "male",
        "org_code": "HM-DC",
    }


@dataclass(frozen=True)
class Row:
    path: str
    expected: dict[str, int]
    body: Callable[[], dict] | None = None


def _json(value: dict) -> Callable[[], dict]:
    return lambda: {"json": value}


def _upload() -> dict:
    # Bytes of their own each time: the same file twice in one dossier is refused (409).
    content = files.pdf(f"Tờ trình {uuid.uuid4()}")
    return {
        "data": {"kind": "other", "file": (io.BytesIO(content), "a.pdf")},
        "content_type": "multipart/form-data",
    }


def _scan() -> dict:
    return {
        "data": {"kind": "scan", "file": (io.BytesIO(files.png()), "scan.png")},
        "content_type": "multipart/form-data",
    }


def _sheet() -> dict:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append([c.header for c in COLUMNS])
    ws.append([1, f"Người {uuid.uuid4().hex[:8]}", "cá nhân"])
    out = io.BytesIO()
    book.save(out)
    return {
        "data": {"file": (io.BytesIO(out.getvalue()), "a.xlsx")},
        "content_type": "multipart/form-data",
    }


def _people_sheet() -> dict:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append([c.header for c in PEOPLE_COLUMNS])
    row = {"full_name": "Vũ Thị Lan", "date_of_birth": "02/03/1990", "gender": "Nữ"}
    row |= {"org_code": "HM-DC", "entry": "xếp loại", "year": 2024, "rating": "tốt"}
    ws.append([row.get(c.key) for c in PEOPLE_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return {
        "data": {"file": (io.BytesIO(out.getvalue()), "a.xlsx")},
        "content_type": "multipart/form-data",
    }


def _template() -> dict:
    stock = Path(__file__).resolve().parents[2] / "templates" / "giay_khen.docx"
    return {"data": stock.read_bytes(), "content_type": "application/octet-stream"}


MATRIX: dict[tuple[str, str], Row] = {
    ("POST", "/api/v1/auth/token"): Row("/api/v1/auth/token", expect(200, anonymous=200)),
    ("POST", "/api/v1/auth/logout"): Row("/api/v1/auth/logout", expect(204)),
    ("GET", "/api/v1/openapi.json"): Row("/api/v1/openapi.json", expect(200, anonymous=200)),
    ("GET", "/api/v1/awards"): Row("/api/v1/awards", expect(200)),
    ("GET", "/api/v1/rulebooks"): Row("/api/v1/rulebooks", expect(200)),
    ("GET", "/api/v1/rulebooks/<code>"): Row("/api/v1/rulebooks/two_tier_nd152", expect(200)),
    ("GET", "/api/v1/orgs"): Row("/api/v1/orgs", expect(200)),
    ("GET", "/api/v1/tasks"): Row("/api/v1/tasks", expect(200)),
    ("GET", "/api/v1/dossiers"): Row("/api/v1/dossiers", expect(200)),
    ("GET", "/api/v1/decisions"): Row("/api/v1/decisions", expect(200)),
    # Figures of what one may see: every dossier role; admins see no dossier.
    ("GET", "/api/v1/statistics"): Row("/api/v1/statistics", expect(200, admin=403)),
    # The public lookup is off by default (KT_PUBLIC_LOOKUP): it does not exist, for anyone.
    ("GET", "/api/v1/public/awards"): Row(
        "/api/v1/public/awards?q=nguyen", expect(404, anonymous=404)
    ),
    ("GET", "/api/v1/dossiers/export.xlsx"): Row("/api/v1/dossiers/export.xlsx", expect(200)),
    ("GET", "/api/v1/decisions/export.xlsx"): Row("/api/v1/decisions/export.xlsx", expect(200)),
    ("GET", "/api/v1/dossiers/nominees/template.xlsx"): Row(
        "/api/v1/dossiers/nominees/template.xlsx", expect(200)
    ),
    ("POST", "/api/v1/dossiers/<int:dossier_id>/nominees/import"): Row(
        "/api/v1/dossiers/{D}/nominees/import", only_on_draft("clerk", 200), _sheet
    ),
    ("POST", "/api/v1/dossiers"): Row(
        "/api/v1/dossiers", expect(403, clerk=201, other_clerk=201), _json(dossier_body())
    ),
    ("GET", "/api/v1/dossiers/<int:dossier_id>"): Row("/api/v1/dossiers/{D}", draft_read()),
    ("PUT", "/api/v1/dossiers/<int:dossier_id>"): Row(
        "/api/v1/dossiers/{D}", only_on_draft("clerk", 200), _json(dossier_body())
    ),
    ("POST", "/api/v1/dossiers/<int:dossier_id>/submit"): Row(
        "/api/v1/dossiers/{D}/submit", only_on_draft("clerk", 200)
    ),
    ("GET", "/api/v1/dossiers/<int:dossier_id>/history"): Row(
        "/api/v1/dossiers/{D}/history", draft_read()
    ),
    ("POST", "/api/v1/dossiers/<int:dossier_id>/attachments"): Row(
        "/api/v1/dossiers/{D}/attachments", only_on_draft("clerk", 201), _upload
    ),
    ("GET", "/api/v1/dossiers/<int:dossier_id>/attachments"): Row(
        "/api/v1/dossiers/{D}/attachments", draft_read()
    ),
    ("GET", "/api/v1/dossiers/<int:dossier_id>/attachments/<attachment_id>/content"): Row(
        "/api/v1/dossiers/{D}/attachments/{A}/content", draft_read()
    ),
    ("DELETE", "/api/v1/dossiers/<int:dossier_id>/attachments/<attachment_id>"): Row(
        "/api/v1/dossiers/{D}/attachments/{A}", only_on_draft("clerk", 204)
    ),
    ("POST", "/api/v1/tasks/<task_id>/complete"): Row(
        "/api/v1/tasks/{T}/complete", only("ward_approver", 200), _json({"action": "approve"})
    ),
    ("GET", "/api/v1/dossiers/<int:dossier_id>/decision"): Row(
        "/api/v1/dossiers/{X}/decision", dossier_read()
    ),
    ("GET", "/api/v1/dossiers/<int:dossier_id>/decision/content"): Row(
        "/api/v1/dossiers/{X}/decision/content", dossier_read()
    ),
    ("GET", "/api/v1/dossiers/<int:dossier_id>/council-minutes"): Row(
        "/api/v1/dossiers/{X}/council-minutes?format=docx", dossier_read()
    ),
    ("GET", "/api/v1/dossiers/<int:dossier_id>/proposal"): Row(
        "/api/v1/dossiers/{P}/proposal", dossier_read()
    ),
    ("POST", "/api/v1/dossiers/<int:dossier_id>/central-decision"): Row(
        "/api/v1/dossiers/{P}/central-decision",
        only("province_approver", 201),
        lambda: {"json": {"number": "12/QĐ-TTg", "signed_on": _today()}},
    ),
    ("GET", "/api/v1/dossiers/<int:dossier_id>/central-decision"): Row(
        "/api/v1/dossiers/{C}/central-decision", dossier_read()
    ),
    # X's decision along its procedure (issue 15): {XD} drafted, {XS} submitted for
    # signature, {XG} signed, {XI} issued. The moves check the role at the issuing unit first,
    # so anyone without it is refused (403) whether or not they see the dossier.
    ("POST", "/api/v1/decisions/<int:decision_id>/submit-for-signature"): Row(
        "/api/v1/decisions/{XD}/submit-for-signature", expect(403, district_approver=200)
    ),
    ("POST", "/api/v1/decisions/<int:decision_id>/sign"): Row(
        "/api/v1/decisions/{XS}/sign", expect(403, district_signer=200)
    ),
    ("POST", "/api/v1/decisions/<int:decision_id>/issue"): Row(
        "/api/v1/decisions/{XG}/issue", expect(403, district_records=200)
    ),
    # A revocation is a decision of its own, signed by the competent person: the signer.
    ("POST", "/api/v1/decisions/<int:decision_id>/revoke"): Row(
        "/api/v1/decisions/{XI}/revoke",
        expect(403, district_signer=200),
        _json({"reason": "Thành tích không đúng", "legal_basis": "Điều 93 Luật 06/2022/QH15"}),
    ),
    # Clusters and blocks: read by all signed in, kept by an admin over the running unit (HN).
    # No cluster exists in this world: reading or keeping one by code is a 404 for everyone
    # (tests/api/test_clusters.py has the refusals on an existing one).
    ("GET", "/api/v1/clusters"): Row("/api/v1/clusters", expect(200)),
    ("POST", "/api/v1/clusters"): Row(
        "/api/v1/clusters",
        expect(403, admin=201),
        _json(
            {
                "code": "CUM-HN-1",
                "name": "Cụm thi đua các quận",
                "owner": "HN",
                "members": ["HM", "CG"],
            }
        ),
    ),
    ("GET", "/api/v1/clusters/<code>"): Row("/api/v1/clusters/NONE", expect(404)),
    ("PUT", "/api/v1/clusters/<code>/members"): Row(
        "/api/v1/clusters/NONE/members", expect(404), _json({"members": ["HM", "CG"]})
    ),
    ("PUT", "/api/v1/clusters/<code>/leadership/<int:year>"): Row(
        "/api/v1/clusters/NONE/leadership/2026", expect(404), _json({"head": "HM"})
    ),
    # Correcting is, like revoking, a decision of its own: only the signer signs one.
    ("POST", "/api/v1/decisions/<int:decision_id>/correct"): Row(
        "/api/v1/decisions/{XI}/correct",
        expect(403, district_signer=201),
        _json(
            {
                "reason": "Sai chính tả họ tên",
                "legal_basis": "Điều 93 Luật 06/2022/QH15",
                "items": [{"was": "Nguyễn Văn An", "now": "Nguyễn Văn Ân"}],
            }
        ),
    ),
    ("GET", "/api/v1/decisions/<int:decision_id>"): Row("/api/v1/decisions/{XD}", dossier_read()),
    ("GET", "/api/v1/decisions/<int:decision_id>/content"): Row(
        "/api/v1/decisions/{XD}/content", dossier_read()
    ),
    # Only the issuing unit's records office or signer keeps the original.
    ("POST", "/api/v1/decisions/<int:decision_id>/original/sign"): Row(
        # Not before it is issued; nor by a signer who did not sign it (nobody has yet).
        "/api/v1/decisions/{XD}/original/sign",
        expect(403, district_records=409),
    ),
    ("POST", "/api/v1/decisions/<int:decision_id>/original"): Row(
        "/api/v1/decisions/{XD}/original",
        expect(403, district_records=409, district_signer=409),
        _scan,
    ),
    # XO: an issued decision whose scanned original is kept; readers of the dossier read it.
    ("GET", "/api/v1/decisions/<int:decision_id>/original"): Row(
        "/api/v1/decisions/{XO}/original", dossier_read()
    ),
    ("GET", "/api/v1/decisions/<int:decision_id>/original/verification"): Row(
        "/api/v1/decisions/{XO}/original/verification", dossier_read()
    ),
    # Certificates (issue 15): layouts are the unit's, kept by the admins over it; XI's award
    # (CSTĐCS) has no default layout, so its records office, past the role check, hears 409.
    ("GET", "/api/v1/orgs/<code>/certificate-layouts"): Row(
        "/api/v1/orgs/HM/certificate-layouts", admins(200)
    ),
    ("GET", "/api/v1/orgs/<code>/certificate-layouts/<form>"): Row(
        "/api/v1/orgs/HM/certificate-layouts/giay_khen", admins(200)
    ),
    ("PUT", "/api/v1/orgs/<code>/certificate-layouts/<form>"): Row(
        "/api/v1/orgs/HM/certificate-layouts/giay_khen",
        admins(200),
        _json(
            {
                "page_width_mm": 297,
                "page_height_mm": 210,
                "fields": {"name": {"x_mm": 40, "y_mm": 90, "width_mm": 200, "font_size_pt": 20}},
            }
        ),
    ),
    ("GET", "/api/v1/orgs/<code>/certificate-layouts/<form>/preview.pdf"): Row(
        "/api/v1/orgs/HM/certificate-layouts/bang_khen/preview.pdf", admins(200)
    ),
    ("POST", "/api/v1/orgs/<code>/certificate-layouts/<form>/preview.pdf"): Row(
        "/api/v1/orgs/HM/certificate-layouts/bang_khen/preview.pdf",
        admins(200),
        _json(
            {
                "page_width_mm": 297,
                "page_height_mm": 210,
                "fields": {"name": {"x_mm": 40, "y_mm": 90, "width_mm": 200, "font_size_pt": 20}},
            }
        ),
    ),
    ("GET", "/api/v1/decisions/<int:decision_id>/certificates.pdf"): Row(
        "/api/v1/decisions/{XI}/certificates.pdf", expect(403, district_records=409)
    ),
    ("GET", "/api/v1/decisions/<int:decision_id>/deliveries"): Row(
        "/api/v1/decisions/{XI}/deliveries", dossier_read()
    ),
    # Nominee 0 is nobody: the records office, past the role and state checks, hears 422.
    ("POST", "/api/v1/decisions/<int:decision_id>/deliveries"): Row(
        "/api/v1/decisions/{XI}/deliveries",
        expect(403, district_records=422),
        _json({"nominee_id": 0, "received_by": "Nguyễn Văn An", "delivered_on": "2026-01-01"}),
    ),
    # Signers are the unit's data, kept by the admins over it (the province's admin for HM).
    ("GET", "/api/v1/orgs/<code>/signers"): Row("/api/v1/orgs/HM/signers", admins(200)),
    ("PUT", "/api/v1/orgs/<code>/signers/<username>"): Row(
        "/api/v1/orgs/HM/signers/hm.signer",
        admins(200),
        _json({"title": "Phó Chủ tịch", "capacity": "KT"}),
    ),
    ("GET", "/api/v1/templates"): Row("/api/v1/templates", admins(200)),
    ("GET", "/api/v1/templates/<name>"): Row("/api/v1/templates/giay_khen", admins(200)),
    ("PUT", "/api/v1/templates/<name>"): Row("/api/v1/templates/giay_khen", admins(200), _template),
    ("POST", "/api/v1/orgs"): Row(
        "/api/v1/orgs",
        admins(201),
        _json({"code": "HM-YS", "name": "Phường Yên Sở", "level": "ward", "parent": "HM"}),
    ),
    ("POST", "/api/v1/orgs/<code>/deactivate"): Row("/api/v1/orgs/CG-DV/deactivate", admins(204)),
    ("PUT", "/api/v1/orgs/<code>/rulebook"): Row(
        "/api/v1/orgs/HN/rulebook", admins(200), _json({"rulebook": "three_tier_nd98"})
    ),
    ("POST", "/api/v1/orgs/merge"): Row(
        "/api/v1/orgs/merge",
        admins(200),
        _json({"sources": ["CG-DV"], "into": "HM-TM", "on": "2025-07-01"}),
    ),
    ("GET", "/api/v1/orgs/<code>/regulation"): Row("/api/v1/orgs/HN/regulation", admins(200)),
    ("PUT", "/api/v1/orgs/<code>/regulation"): Row(
        "/api/v1/orgs/HN/regulation",
        admins(200),
        _json(
            {
                "name": "Quy chế thi đua, khen thưởng thành phố Hà Nội",
                "overrides": [
                    {
                        "award": "LDTT",
                        "valid_from": "2030-01-01",
                        "level": "district",
                        "basis": "Quyết định số 01/2030/QĐ-UBND",
                    }
                ],
            }
        ),
    ),
    ("GET", "/api/v1/users"): Row("/api/v1/users", admins(200)),
    ("POST", "/api/v1/users"): Row(
        "/api/v1/users",
        admins(201),
        _json(
            {
                "username": "ys.clerk",
                "password": "12345678x",
                "grants": [{"org": "HM-DC", "role": "clerk"}],
            }
        ),
    ),
    ("POST", "/api/v1/users/<username>/deactivate"): Row(
        "/api/v1/users/dv.approver/deactivate", admins(204)
    ),
    ("PUT", "/api/v1/users/<username>/grants"): Row(
        "/api/v1/users/dv.clerk/grants",
        admins(200),
        _json({"grants": [{"org": "CG-DV", "role": "auditor"}]}),
    ),
    ("POST", "/api/v1/users/<username>/password"): Row(
        "/api/v1/users/dv.clerk/password", admins(204), _json({"password": "87654321x"})
    ),
    ("GET", "/api/v1/people/duplicates"): Row("/api/v1/people/duplicates", admins(200)),
    ("POST", "/api/v1/people/<int:person_id>/merge"): Row(
        "/api/v1/people/{PA}/merge", admins(200), _json({"into": "{PB}"})
    ),
    ("POST", "/api/v1/people/<int:person_id>/distinct"): Row(
        "/api/v1/people/{PA}/distinct", admins(200), _json({"from": "{PB}"})
    ),
    ("GET", "/api/v1/audit"): Row("/api/v1/audit", auditors()),
    ("GET", "/api/v1/audit.csv"): Row("/api/v1/audit.csv", auditors()),
    ("GET", "/api/v1/audit/verify"): Row("/api/v1/audit/verify", auditors()),
    # The registry (issue 14): N is a person of HM-DC. Units are no secret, so adding someone
    # to a unit out of reach is refused (403); an entry out of reach does not exist (404).
    ("POST", "/api/v1/people"): Row(
        "/api/v1/people", people_keepers(201, outsiders=403), _json(_person())
    ),
    ("GET", "/api/v1/people"): Row("/api/v1/people?q=an", expect(200)),
    ("GET", "/api/v1/people/<int:person_id>"): Row("/api/v1/people/{N}", people_readers()),
    ("PUT", "/api/v1/people/<int:person_id>"): Row(
        "/api/v1/people/{N}", people_keepers(200), _json(_person())
    ),
    ("POST", "/api/v1/people/<int:person_id>/history"): Row(
        "/api/v1/people/{N}/history", people_keepers(201), _json({"rating": "good", "year": 2024})
    ),
    ("GET", "/api/v1/people/template.xlsx"): Row("/api/v1/people/template.xlsx", expect(200)),
    # A unit out of the caller's reach is a row's error (422); no keeper role at all: 403.
    ("POST", "/api/v1/people/import"): Row(
        "/api/v1/people/import",
        people_keepers(200, outsiders=422)
        | dict.fromkeys(("outside_auditor", "district_signer", "district_records"), 403),
        _people_sheet,
    ),
    ("GET", "/api/v1/people/<int:person_id>/history.xlsx"): Row(
        "/api/v1/people/{N}/history.xlsx", people_readers()
    ),
}


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path) -> str:
    """The rules are the same on every database; run the matrix on SQLite only."""
    path = tmp_path / "matrix.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def test_every_api_endpoint_has_a_row_in_the_matrix(app: Flask) -> None:
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    assert routes - set(MATRIX) == set(), "give each new endpoint a row in MATRIX"
    assert set(MATRIX) - routes == set(), "rows for endpoints that no longer exist"


def build_world(
    client: FlaskClient,
    as_user: Login,
    sent_up: bool = False,
    stage: str | None = None,
    with_original: bool = False,
) -> dict[str, str]:
    """D, A, T, X and X's decision XD; with ``sent_up`` also P and C (four approvals each: only
    for their rows); with ``stage`` X's decision moved on to it; with ``with_original`` XO."""
    d = create(client, as_user)
    a = client.post(
        f"/api/v1/dossiers/{d['id']}/attachments", headers=as_user("dc.clerk"), **_upload()
    ).get_json()
    file_parts(client, as_user, d["id"])  # so that its clerk may submit it
    s = create(client, as_user)
    submit(client, as_user, s["id"])
    t = task_of(client, as_user, "dc.approver", s["id"])
    x = create(client, as_user, award="CSTDCS")
    submit(client, as_user, x["id"])
    approve_at(client, as_user, "dc.approver", x["id"])
    approve_at(client, as_user, "hm.approver", x["id"])
    n = client.post("/api/v1/people", json=_person(), headers=as_user("dc.clerk")).get_json()
    ids = {"D": str(d["id"]), "A": a["id"], "T": t["id"], "X": str(x["id"]), "N": str(n["id"])}
    ids |= _namesakes(client)
    ids |= _decision_stages(client, as_user, x["id"], stage)
    ids |= _with_original(client, as_user) if with_original else {}
    return (ids | _sent_up(client, as_user)) if sent_up else ids


STAGES = (("XS", "submit-for-signature", "hm.approver"), ("XG", "sign", "hm.signer"))
STAGES += (("XI", "issue", "hm.records"),)


def _decision_stages(
    client: FlaskClient, as_user: Login, dossier_id: int, stage: str | None
) -> dict[str, str]:
    """XD: X's drafted decision; moved on up to ``stage`` (XS, XG or XI) when a row needs it."""
    got = client.get(f"/api/v1/dossiers/{dossier_id}/decision", headers=as_user("hm.approver"))
    assert got.status_code == 200, got.get_json()
    decision_id = str(got.get_json()["id"])
    ids = {"XD": decision_id}
    for key, move, user in STAGES:
        if stage is None or stage == "XD":
            break
        moved = client.post(f"/api/v1/decisions/{decision_id}/{move}", headers=as_user(user))
        assert moved.status_code == 200, moved.get_json()
        ids[key] = decision_id
        if key == stage:
            break
    return ids


def _with_original(client: FlaskClient, as_user: Login) -> dict[str, str]:
    """XO: a decision of HM on a dossier of HM-DC, issued, its scanned original kept."""
    o = create(client, as_user, award="CSTDCS")
    submit(client, as_user, o["id"])
    approve_at(client, as_user, "dc.approver", o["id"])
    approve_at(client, as_user, "hm.approver", o["id"])
    d = issue(client, as_user, o["id"])
    kept = client.post(
        f"/api/v1/decisions/{d['id']}/original", headers=as_user("hm.records"), **_scan()
    )
    assert kept.status_code == 201, kept.get_json()
    return {"XO": str(d["id"])}


def _namesakes(client: FlaskClient) -> dict[str, str]:
    """PA and PB: two registry entries of HM-DC likely to be one person."""
    ids = []
    with services_of(client.application).container.uow() as uow:
        for name in ("Nguyễn Văn An", "Nguyen Van An"):
            person = Person(id=0, full_name=name, org_code="HM-DC", date_of_birth=date(1985, 4, 12))
            ids.append(str(uow.people.add(person, now=datetime.now(UTC)).id))
        uow.commit()
    return {"PA": ids[0], "PB": ids[1]}


def _with_ids(kwargs: dict, world: dict[str, str]) -> dict:
    """The body with each "{X}" value replaced by that id of the world."""
    if "json" not in kwargs:
        return kwargs
    filled = {
        k: int(v.format(**world)) if isinstance(v, str) and v.startswith("{") else v
        for k, v in kwargs["json"].items()
    }
    return kwargs | {"json": filled}


def _today() -> str:
    # The service's own day (Vietnam's), which may be a day ahead of the machine's UTC one.
    return datetime.now(ZoneInfo(Settings().timezone)).date().isoformat()


def _sent_up(client: FlaskClient, as_user: Login) -> dict[str, str]:
    """P: a state award the province proposed; C: one whose central decision is recorded."""
    sent = []
    for _ in range(2):
        p = create(client, as_user, award="BK_TTG")
        submit(client, as_user, p["id"])
        for approver in ("dc.approver", "hm.approver", "hn.approver"):
            approve_at(client, as_user, approver, p["id"])
        sent.append(str(p["id"]))
    recorded = client.post(
        f"/api/v1/dossiers/{sent[1]}/central-decision",
        json={"number": "11/QĐ-TTg", "signed_on": _today()},
        headers=as_user("hn.approver"),
    )
    assert recorded.status_code == 201, recorded.get_json()
    return {"P": sent[0], "C": sent[1]}


@pytest.mark.parametrize("route", sorted(MATRIX), ids=lambda r: f"{r[0]} {r[1]}")
def test_each_user_gets_the_expected_status(
    client: FlaskClient, as_user: Login, route: tuple[str, str]
) -> None:
    method, _ = route
    row = MATRIX[route]
    stage = next((key for key, _, _ in STAGES if "{" + key + "}" in row.path), None)
    world = build_world(
        client,
        as_user,
        sent_up="{P}" in row.path or "{C}" in row.path,
        stage=stage,
        with_original="{XO}" in row.path,
    )
    path = row.path.format(**world)
    order = sorted(USERS, key=lambda u: (row.expected[u] < 300, u))  # refusals first
    got = {}
    for role in order:
        username = USERS[role]
        kwargs = _with_ids(row.body(), world) if row.body else {}
        if route == ("POST", "/api/v1/auth/token"):
            kwargs = {"json": {"username": username or "dc.clerk", "password": DEMO_PASSWORD}}
        headers = as_user(username) if username else {}
        got[role] = client.open(path, method=method, headers=headers, **kwargs).status_code
    assert got == row.expected
