"""Decisions: drafted at the deciding approval, signed and issued (tests.api.helpers.issue),
numbered, stored, downloadable, on a register (the procedure itself: test_decision_lifecycle)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from docx.shared import Mm
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from service.domain.errors import ConfigurationError
from tests.api.helpers import (
    Login,
    approve_at,
    create,
    decision_of,
    dossier_body,
    issue,
    move_decision,
    submit,
    task_of,
    to_the_head,
)
from tests.conftest import Logins, services_of

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def approve_through(client: FlaskClient, as_user: Login, dossier_id: int, *approvers: str) -> dict:
    submit(client, as_user, dossier_id)
    result: dict = {}
    for approver in approvers:
        result = approve_at(client, as_user, approver, dossier_id)
    return result


def decided(client: FlaskClient, as_user: Login, award: str = "GK_HUYEN", **kw: object) -> dict:
    """A dossier of HM-DC taken to approval at the award's level; returns its decision."""
    dossier = create(client, as_user, award=award, **kw)
    chain = {
        "ward": ["dc.approver"],
        "district": ["dc.approver", "hm.approver"],
        "province": ["dc.approver", "hm.approver", "hn.approver"],
    }
    # LĐTT and Giấy khen of the ward are the ward's own (Luật 06/2022 Art. 80(3)).
    level = {"GK_XA": "ward", "GK_XA_CN": "ward", "LDTT": "ward"}.get(award, "district")
    level = "province" if award.startswith("BK_TINH") else level
    final = approve_through(client, as_user, dossier["id"], *chain[level])
    assert final["status"] == "approved"
    issue(client, as_user, dossier["id"])
    r = client.get(f"/api/v1/dossiers/{dossier['id']}/decision", headers=as_user("dc.clerk"))
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def document(client: FlaskClient, as_user: Login, dossier_id: int) -> docx.document.Document:
    r = client.get(f"/api/v1/dossiers/{dossier_id}/decision/content", headers=as_user("dc.clerk"))
    assert r.status_code == 200
    return docx.Document(io.BytesIO(r.data))


def all_text(d: docx.document.Document) -> str:
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_an_issued_decision_is_numbered_dated_and_signed_by_its_signer_not_the_approver(
    client: FlaskClient, as_user: Login
) -> None:
    decision = decided(client, as_user, award="BK_TINH_CN")
    assert decision["number"] == "01/QĐ-UBND"
    assert decision["issuer"] == "Ủy ban nhân dân thành phố Hà Nội"
    assert decision["issuer_org_code"] == "HN"
    assert decision["signer"]["full_name"] == "Lê Quang Vinh"
    r = client.get(
        f"/api/v1/dossiers/{decision['dossier_id']}/decision/content", headers=as_user("hn.auditor")
    )
    assert hashlib.sha256(r.data).hexdigest() == decision["sha256"]
    assert len(r.data) == decision["size"]
    assert "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh" in r.headers["Content-Disposition"]

    text = all_text(docx.Document(io.BytesIO(r.data)))
    assert "Số: 01/QĐ-UBND" in text
    day = (
        datetime.fromisoformat(decision["issued_at"])
        .astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
        .date()
    )
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    assert f"Hà Nội, ngày {day.day:02d} tháng {month} năm {day.year}" in text
    assert "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in text
    assert "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân thành phố Hà Nội cho 01 cá nhân" in text
    assert "Nguyễn Văn An" in text
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text and "Lê Quang Vinh" in text
    assert "TM. ỦY BAN NHÂN DÂN" not in text and "Đặng Quang Vinh" not in text


def test_the_document_is_a4_with_the_decree_margins_and_times_new_roman(
    client: FlaskClient, as_user: Login
) -> None:
    decision = decided(client, as_user)
    d = document(client, as_user, decision["dossier_id"])
    for section in d.sections:
        # Word stores lengths in twips: A4 is 11906 x 16838, a hair over 210 x 297 mm.
        for length, mm in [
            (section.page_width, 210),
            (section.page_height, 297),
            (section.top_margin, 20),
            (section.bottom_margin, 20),
            (section.left_margin, 30),
            (section.right_margin, 15),
        ]:
            assert length == pytest.approx(Mm(mm), abs=Mm(0.1))
    fonts = d.styles["Normal"].element.rPr.rFonts
    slots = {k.split("}")[1]: v for k, v in fonts.attrib.items()}
    assert all(slots[s] == "Times New Roman" for s in ("ascii", "hAnsi", "eastAsia", "cs"))


def test_prize_money_follows_the_base_salary_rounded_up_and_doubled_for_collectives(
    client: FlaskClient, as_user: Login
) -> None:
    individual = decided(client, as_user, award="GK_HUYEN")
    assert "710.000" in all_text(document(client, as_user, individual["dossier_id"]))
    collective = decided(client, as_user, award="GK_HUYEN_TT", kind="collective")
    assert "1.420.000" in all_text(document(client, as_user, collective["dossier_id"]))


def test_numbers_run_per_issuing_unit_and_restart_with_the_year(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    first = decided(client, as_user, award="GK_HUYEN")
    second = decided(client, as_user, award="CSTDCS")
    ward = decided(client, as_user, award="GK_XA_CN")
    assert [first["number"], second["number"]] == ["01/QĐ-UBND", "02/QĐ-UBND"]
    assert (ward["issuer_org_code"], ward["number"]) == ("HM-DC", "01/QĐ-UBND")

    services_of(app).container.clock = lambda: datetime(2027, 1, 4, 2, 0, tzinfo=UTC)
    # Tokens are checked by the same clock: those from 2026 have expired.
    with pytest.raises(AssertionError, match="unauthenticated"):
        create(client, as_user, award="GK_HUYEN")
    as_user.forget()
    next_year = decided(client, as_user, award="GK_HUYEN")
    assert (next_year["number"], next_year["year"], next_year["issued_on"]) == (
        "01/QĐ-UBND",
        2027,
        "2027-01-04",
    )
    text = all_text(document(client, as_user, next_year["dossier_id"]))
    assert "Hoàng Mai, ngày 04 tháng 01 năm 2027" in text


def test_the_register_lists_decisions_by_issuer_and_year_for_those_who_may_see_them(
    client: FlaskClient, as_user: Login
) -> None:
    a = decided(client, as_user, award="GK_HUYEN")
    b = decided(client, as_user, award="GK_XA_CN")
    r = client.get("/api/v1/decisions?org=HM&year=2026", headers=as_user("hn.auditor"))
    assert [d["dossier_id"] for d in r.get_json()["items"]] == [a["dossier_id"]]
    everything = client.get("/api/v1/decisions", headers=as_user("hm.approver")).get_json()
    assert {d["dossier_id"] for d in everything["items"]} == {a["dossier_id"], b["dossier_id"]}
    outsider = client.get("/api/v1/decisions", headers=as_user("dv.clerk")).get_json()
    assert outsider["items"] == []
    assert client.get("/api/v1/decisions?year=x", headers=as_user("hn.auditor")).status_code == 422


def test_a_dossier_without_a_decision_or_out_of_sight_answers_404(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    r = client.get(f"/api/v1/dossiers/{dossier['id']}/decision", headers=as_user("dc.clerk"))
    assert r.status_code == 404
    decision = decided(client, as_user)
    hidden = client.get(
        f"/api/v1/dossiers/{decision['dossier_id']}/decision", headers=as_user("tm.clerk")
    )
    assert hidden.status_code == 404


def test_a_failed_generation_leaves_the_approval_undone_and_consumes_no_number(
    app: Flask, client: FlaskClient, as_user: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = create(client, as_user, award="GK_HUYEN")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    to_the_head(client, as_user, "hm", dossier["id"])
    task = task_of(client, as_user, "hm.approver", dossier["id"])
    office = services_of(app).container.office

    def broken(*args: object) -> bytes:
        raise ConfigurationError("Mẫu quyết định hỏng.")

    monkeypatch.setattr(office, "render", broken)
    r = client.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"action": "approve"},
        headers=as_user("hm.approver"),
    )
    assert r.status_code == 500
    assert "Mẫu quyết định hỏng" in r.get_json()["error"]["message"]
    state = client.get(f"/api/v1/dossiers/{dossier['id']}", headers=as_user("dc.clerk")).get_json()
    assert (state["status"], state["level"]) == ("in_review", "district")
    assert task_of(client, as_user, "hm.approver", dossier["id"])["id"] == task["id"]
    assert list(services_of(app).container.store.list("decisions/")) == []

    monkeypatch.undo()
    approve_at(client, as_user, "hm.approver", dossier["id"])
    drafted = decision_of(client, as_user, dossier["id"])
    move_decision(client, as_user, "hm.officer", drafted["id"], "submit-for-signature")
    move_decision(client, as_user, "hm.signer", drafted["id"], "sign")
    # Failing again when the records office issues: still signed, no number taken, no file left.
    kept = set(services_of(app).container.store.list("decisions/"))
    monkeypatch.setattr(office, "render", broken)
    r = client.post(f"/api/v1/decisions/{drafted['id']}/issue", headers=as_user("hm.records"))
    assert r.status_code == 500
    assert decision_of(client, as_user, dossier["id"])["status"] == "signed"
    assert set(services_of(app).container.store.list("decisions/")) == kept
    monkeypatch.undo()
    issued = move_decision(client, as_user, "hm.records", drafted["id"], "issue")
    assert issued["number"] == "01/QĐ-UBND"


def test_a_store_down_at_decision_time_answers_503_and_keeps_the_task(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="GK_XA_CN")
    submit(client, as_user, dossier["id"])
    to_the_head(client, as_user, "dc", dossier["id"])
    task = task_of(client, as_user, "dc.approver", dossier["id"])
    root = Path(services_of(app).container.settings.storage_url.removeprefix("file://"))
    shutil.rmtree(root)
    r = client.post(
        f"/api/v1/tasks/{task['id']}/complete",
        json={"action": "approve"},
        headers=as_user("dc.approver"),
    )
    assert r.status_code == 503
    assert task_of(client, as_user, "dc.approver", dossier["id"])["id"] == task["id"]


def test_500_nominees_each_get_an_annex_row(client: FlaskClient, as_user: Login) -> None:
    nominees = [
        {"full_name": f"Nguyễn Văn Thành {i}", "kind": "individual", "unit": "Phường Định Công"}
        for i in range(500)
    ]
    decision = decided(client, as_user, award="GK_HUYEN", nominees=nominees)
    d = document(client, as_user, decision["dossier_id"])
    annex = d.tables[-1]
    names = [row.cells[1].text for row in annex.rows]
    assert sum(1 for n in names if n.startswith("Nguyễn Văn Thành ")) == 500
    assert "cho 500 cá nhân" in all_text(d)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_decision_is_served_as_a_pdf_where_libreoffice_is_installed(
    client: FlaskClient, as_user: Login
) -> None:
    decision = decided(client, as_user)
    url = f"/api/v1/dossiers/{decision['dossier_id']}/decision/content?format=pdf"
    r = client.get(url, headers=as_user("dc.clerk"))
    assert r.status_code == 200
    assert r.data.startswith(b"%PDF")
    assert r.mimetype == "application/pdf"
    assert r.headers["Content-Disposition"].endswith(".pdf")
    text = PdfReader(io.BytesIO(r.data)).pages[0].extract_text()
    assert decision["number"] in text
    bad = client.get(url.replace("pdf", "odt"), headers=as_user("dc.clerk"))
    assert bad.status_code == 422


def test_without_libreoffice_a_pdf_is_a_503_saying_so_with_retry_after(
    client: FlaskClient, as_user: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    decision = decided(client, as_user)
    monkeypatch.setenv("PATH", "/nonexistent")
    url = f"/api/v1/dossiers/{decision['dossier_id']}/decision/content?format=pdf"
    missing = client.get(url, headers=as_user("dc.clerk"))
    assert missing.status_code == 503
    assert int(missing.headers["Retry-After"]) > 0
    error = missing.get_json()["error"]
    assert error["code"] == "pdf_unavailable"
    assert "LibreOffice" in error["message"] and ".docx" in error["message"]


def _soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """A stand-in soffice, alone on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "soffice").write_text(f"#!/bin/sh\nPATH=/usr/bin:/bin\n{script}\n")
    (bin_dir / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))


def test_a_conversion_that_fails_is_a_clear_503_not_a_bare_500(
    client: FlaskClient, as_user: Login, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    decision = decided(client, as_user)
    _soffice(tmp_path, monkeypatch, 'echo "Error: source file could not be loaded" >&2')
    url = f"/api/v1/dossiers/{decision['dossier_id']}/decision/content?format=pdf"
    r = client.get(url, headers=as_user("dc.clerk"))
    assert r.status_code == 503
    assert r.get_json()["error"]["code"] == "pdf_failed"
    assert "Không chuyển được quyết định sang PDF" in r.get_json()["error"]["message"]


def test_a_conversion_past_its_time_is_a_503_busy_with_retry_after(
    app: Flask,
    client: FlaskClient,
    as_user: Login,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    decision = decided(client, as_user)
    _soffice(tmp_path, monkeypatch, "sleep 30")
    services_of(app).container.pdf.timeout = 0.5
    url = f"/api/v1/dossiers/{decision['dossier_id']}/decision/content?format=pdf"
    r = client.get(url, headers=as_user("dc.clerk"))
    assert r.status_code == 503
    assert r.headers["Retry-After"] == "30"
    error = r.get_json()["error"]
    assert error["code"] == "pdf_busy"
    assert "đang bận" in error["message"]


def _template_with(text: str) -> bytes:
    d = docx.Document(str(TEMPLATES / "giay_khen.docx"))
    d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_an_admin_replaces_a_template_and_the_next_decision_uses_it(
    client: FlaskClient, as_user: Login
) -> None:
    body = _template_with("Mẫu riêng của quận: {{ issuer.place }}")
    r = client.put(
        "/api/v1/templates/danh_hieu_ca_nhan",
        data=body,
        headers=as_user("admin"),
        content_type="application/octet-stream",
    )
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["source"] == "uploaded"
    assert r.get_json()["sha256"] == hashlib.sha256(body).hexdigest()
    listing = client.get("/api/v1/templates", headers=as_user("admin")).get_json()["items"]
    assert {t["name"]: t["source"] for t in listing}["danh_hieu_ca_nhan"] == "uploaded"
    decision = decided(client, as_user, award="CSTDCS")
    assert "Mẫu riêng của quận: Hoàng Mai" in all_text(
        document(client, as_user, decision["dossier_id"])
    )


def test_a_template_with_unknown_variables_is_refused_naming_them(
    client: FlaskClient, as_user: Login
) -> None:
    body = _template_with("{{ so_quyet_dinh }} {{ issuer.ten_co_quan }}")
    r = client.put(
        "/api/v1/templates/giay_khen",
        data=body,
        headers=as_user("admin"),
        content_type="application/octet-stream",
    )
    assert r.status_code == 422
    message = r.get_json()["error"]["message"]
    assert "so_quyet_dinh" in message and "issuer.ten_co_quan" in message
    garbage = client.put(
        "/api/v1/templates/giay_khen",
        data=b"not a docx",
        headers=as_user("admin"),
        content_type="application/octet-stream",
    )
    assert garbage.status_code == 422


def test_only_admins_touch_templates(client: FlaskClient, as_user: Login) -> None:
    body = _template_with("x")
    for user in ("dc.clerk", "hn.approver", "hn.auditor"):
        assert client.get("/api/v1/templates", headers=as_user(user)).status_code == 403
        r = client.put(
            "/api/v1/templates/giay_khen",
            data=body,
            headers=as_user(user),
            content_type="application/octet-stream",
        )
        assert r.status_code == 403
    missing = client.put(
        "/api/v1/templates/no_such",
        data=body,
        headers=as_user("admin"),
        content_type="application/octet-stream",
    )
    assert missing.status_code == 404
    got = client.get("/api/v1/templates/bang_khen", headers=as_user("admin"))
    assert got.status_code == 200 and got.data[:2] == b"PK"


def test_names_with_markup_survive_into_the_document(client: FlaskClient, as_user: Login) -> None:
    body = dossier_body(award="GK_HUYEN_TT", kind="collective")
    body["nominees"][0]["full_name"] = "Công ty A & B <Hà Nội>"
    dossier = client.post("/api/v1/dossiers", json=body, headers=as_user("dc.clerk")).get_json()
    approve_through(client, as_user, dossier["id"], "dc.approver", "hm.approver")
    assert "Công ty A & B <Hà Nội>" in all_text(document(client, as_user, dossier["id"]))


def test_an_org_profile_overrides_the_levels_legal_bases_and_the_power_decisions_are_taken_under(
    app: Flask, client: FlaskClient, as_user: Login, tmp_path: Path
) -> None:
    profile = tmp_path / "hm.json"
    profile.write_text(
        json.dumps(
            {
                "legal_bases": ["Căn cứ Quy chế thi đua, khen thưởng của quận Hoàng Mai"],
                "power": "collective",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(args=["org", "profile", "HM", "--file", str(profile)])
    assert result.exit_code == 0, result.output
    text = all_text(document(client, as_user, decided(client, as_user)["dossier_id"]))
    assert "Căn cứ Quy chế thi đua, khen thưởng của quận Hoàng Mai;" in text
    # The collective's power, signed by a vice-chairman (hm.signer's seat: KT.): three lines.
    assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text
    # The body decides, not its head: no authority line of the chairman's own.
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN HOÀNG MAI" not in text.splitlines()
    assert "ỦY BAN NHÂN DÂN QUẬN HOÀNG MAI" in text.splitlines()
    bad = tmp_path / "bad.json"
    bad.write_text('{"legal_basis": "typo"}', encoding="utf-8")
    refused = app.test_cli_runner().invoke(args=["org", "profile", "HM", "--file", str(bad)])
    assert refused.exit_code != 0
    assert "legal_basis" in refused.output


def test_prize_money_takes_the_base_salary_in_force_on_the_decision_date(
    app: Flask, client: FlaskClient, as_user: Logins
) -> None:
    # The rulebook's mức lương cơ sở: 1 800 000 until 30/06/2024, 2 340 000 from 01/07/2024.
    services_of(app).container.clock = lambda: datetime(2024, 6, 28, 2, 0, tzinfo=UTC)
    before = decided(client, as_user, award="GK_HUYEN", year=2024)
    services_of(app).container.clock = lambda: datetime(2024, 7, 1, 2, 0, tzinfo=UTC)
    as_user.forget()
    after = decided(client, as_user, award="GK_HUYEN", year=2024)

    assert (before["issued_on"], after["issued_on"]) == ("2024-06-28", "2024-07-01")
    assert "540.000" in all_text(document(client, as_user, before["dossier_id"]))  # 0.3 × 1.8 M
    assert "710.000" in all_text(document(client, as_user, after["dossier_id"]))  # 702 000 ↑
    # The earlier decision is as it was issued: the new salary did not reach back.
    assert "710.000" not in all_text(document(client, as_user, before["dossier_id"]))
