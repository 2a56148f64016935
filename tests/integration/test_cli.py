"""The Flask CLI: schema upgrade, org units, users and the demo world, help and errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect

from service.app import create_app
from service.settings import Settings
from tests.conftest import DEMO_PASSWORD, FAST_HASHING, services_of


def test_db_upgrade_creates_the_schema_on_an_empty_sqlite_file(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'sub' / 'fresh.db'}"))
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    tables = set(inspect(services_of(app).container.db).get_table_names())
    assert {"dossiers", "tasks", "workflow_instances", "audit_events", "alembic_version"} <= tables
    again = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert again.exit_code == 0


def test_org_and_user_commands_add_what_login_needs(app: Flask) -> None:
    cli = app.test_cli_runner()
    added = cli.invoke(
        args=["org", "add", "HM-YS", "--name", "Phường Yên Sở", "--level", "ward", "--parent", "HM"]
    )
    assert added.exit_code == 0, added.output
    user = cli.invoke(
        args=[
            "user",
            "add",
            "ys.clerk",
            "--password",
            "mật-khẩu-dài",
            "--org",
            "HM-YS",
            "--role",
            "clerk",
            "--role",
            "auditor",
        ]
    )
    assert user.exit_code == 0, user.output
    r = app.test_client().post(
        "/api/v1/auth/token", json={"username": "ys.clerk", "password": "mật-khẩu-dài"}
    )
    assert r.status_code == 200


def test_org_merge_locks_the_old_units_and_org_list_says_where_they_went(app: Flask) -> None:
    cli = app.test_cli_runner()
    add = ["org", "add", "HN-SNV", "--name", "Sở Nội vụ", "--level", "ward", "--parent", "HN"]
    department = cli.invoke(args=[*add, "--type", "department"])
    assert department.exit_code == 0, department.output
    into_new = ["--into", "HM-YS", "--name", "Phường Yên Sở", "--parent", "HM"]
    merged = cli.invoke(args=["org", "merge", "HM-DC", "HM-TM", *into_new, "--on", "2025-07-01"])
    assert merged.exit_code == 0, merged.output
    assert "Đã sáp nhập HM-DC, HM-TM vào HM-YS" in merged.output
    listed = cli.invoke(args=["org", "list"]).output
    assert "HM-DC  Phường Định Công  (Cấp xã) — đã sáp nhập vào HM-YS (01/07/2025)" in listed
    assert "HN-SNV  Sở Nội vụ  (Cấp xã, Sở, ban, ngành cấp tỉnh)" in listed
    again = cli.invoke(args=["org", "merge", "HM-DC", "--into", "HM-YS", "--on", "2025-07-01"])
    assert again.exit_code != 0 and "đã được sáp nhập" in again.output
    assert "Traceback" not in again.output


def test_org_merge_into_a_new_unit_takes_the_unit_options_of_org_add(app: Flask) -> None:
    cli = app.test_cli_runner()
    # The new unit's type, as org add takes it; without --name there is no new unit to type.
    lone = ["org", "merge", "HM-TM", "--into", "HM-DC", "--on", "2025-07-01"]
    refused = cli.invoke(args=[*lone, "--type", "department"])
    assert refused.exit_code != 0 and "kèm --name" in refused.output
    for code, name in (("HM-HPN", "Hội Phụ nữ quận"), ("HM-HND", "Hội Nông dân quận")):
        unit = ["org", "add", code, "--name", name, "--level", "ward", "--parent", "HM"]
        assert cli.invoke(args=[*unit, "--type", "mass_organisation"]).exit_code == 0
    new = ["--into", "HM-CD", "--name", "Cụm đoàn thể Hoàng Mai", "--parent", "HM"]
    args = ["org", "merge", "HM-HPN", "HM-HND", *new, "--type", "mass_organisation"]
    merged = cli.invoke(args=[*args, "--on", "2025-07-01"])
    assert merged.exit_code == 0, merged.output
    listed = cli.invoke(args=["org", "list"]).output
    assert "HM-CD  Cụm đoàn thể Hoàng Mai  (Cấp xã, Mặt trận Tổ quốc, đoàn thể)" in listed
    helps = [cli.invoke(args=["org", c, "--help"]).output for c in ("add", "merge")]
    choices = "[people_committee|department|mass_organisation|public_service_unit|enterprise]"
    assert all(choices in " ".join(h.split()) for h in helps)


def test_cli_errors_are_one_clear_line_and_a_failing_exit_code(app: Flask) -> None:
    cli = app.test_cli_runner()
    bad_level = cli.invoke(args=["org", "add", "X", "--name", "X", "--level", "hamlet"])
    assert bad_level.exit_code != 0
    assert "hamlet" in bad_level.output
    duplicate = cli.invoke(
        args=["org", "add", "HM", "--name", "X", "--level", "district", "--parent", "HN"]
    )
    assert duplicate.exit_code != 0
    assert "đã tồn tại" in duplicate.output
    upside_down = cli.invoke(
        args=["org", "add", "Q", "--name", "X", "--level", "province", "--parent", "HM-DC"]
    )
    assert upside_down.exit_code != 0
    short = cli.invoke(
        args=["user", "add", "u", "--password", "123", "--org", "HM", "--role", "clerk"]
    )
    assert short.exit_code != 0
    assert "Traceback" not in short.output


def test_seed_demo_prints_the_logins_once_and_then_leaves_the_world_alone(
    tmp_path: Path,
) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'demo.db'}", **FAST_HASHING))  # type: ignore[arg-type]
    cli = app.test_cli_runner()
    assert cli.invoke(args=["db", "upgrade"]).exit_code == 0
    first = cli.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "dc.clerk" in first.output
    assert "demo-2026" in first.output
    second = cli.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert "dc.clerk" not in second.output
    loaded = cli.invoke(args=["catalog", "load"])
    assert loaded.exit_code == 0 and "16" in loaded.output
    unknown = cli.invoke(args=["catalog", "load", "--rulebook", "nd_2030"])
    assert unknown.exit_code != 0
    # The code came from the option, not from the setting: the message says which to correct.
    assert "'nd_2030' (--rulebook)" in unknown.output and "KT_RULEBOOK" not in unknown.output


def test_the_command_line_refuses_to_leave_a_unit_without_an_admin_unless_forced(
    app: Flask,
) -> None:
    cli = app.test_cli_runner()
    refused = cli.invoke(args=["user", "deactivate", "admin"])
    assert refused.exit_code != 0
    assert "HN sẽ không còn quản trị viên nào đang hoạt động" in refused.output
    assert "--force" in refused.output
    demoted = cli.invoke(args=["user", "grants", "admin", "--grant", "HN:auditor"])
    assert demoted.exit_code != 0 and "--force" in demoted.output
    assert (
        app.test_client()
        .post("/api/v1/auth/token", json={"username": "admin", "password": "demo-2026"})
        .status_code
        == 200
    )

    # hm.admin is covered by the city's admin: no force needed.
    moved = cli.invoke(args=["user", "grants", "hm.admin", "--grant", "HM:auditor"])
    assert moved.exit_code == 0, moved.output
    forced = cli.invoke(args=["user", "deactivate", "admin", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "Đã khóa tài khoản admin." in forced.output
    gone = app.test_client().post(
        "/api/v1/auth/token", json={"username": "admin", "password": "demo-2026"}
    )
    assert gone.status_code == 401
    bad = cli.invoke(args=["user", "grants", "hm.admin", "--grant", "HM"])
    assert bad.exit_code != 0 and "HM:admin" in bad.output


APPROVERS = ("dc.approver", "tm.approver", "dv.approver", "hm.approver", "cg.approver")


def _bearer(client: FlaskClient, username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert r.status_code == 200, r.get_json()
    return {"Authorization": f"Bearer {r.get_json()['access_token']}"}


@pytest.fixture
def unseeded(settings: Settings) -> Iterator[Flask]:
    """The application on a migrated, empty database (the ``app`` fixture seeds the world)."""
    app = create_app(settings)
    yield app
    services_of(app).container.db.dispose()


def test_seed_demo_leaves_dossiers_in_every_state_for_the_first_login(unseeded: Flask) -> None:
    app = unseeded
    cli, client = app.test_cli_runner(), app.test_client()
    seeded = cli.invoke(args=["seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    assert "Hồ sơ mẫu (17)" in seeded.output and "bị trả lại" in seeded.output

    everything = client.get("/api/v1/dossiers?limit=100", headers=_bearer(client, "hn.auditor"))
    dossiers = everything.get_json()["items"]
    assert {d["status"] for d in dossiers} == {
        "draft",
        "in_review",
        "returned",
        "approved",
        "rejected",
        "proposed",
        "decided",
    }
    assert {d["level"] for d in dossiers if d["status"] == "in_review"} == {
        "ward",
        "district",
        "province",
    }
    # Every role of the province's procedure has something waiting: its officer, its
    # council's secretary and its head.
    deciding = ("hn.officer", "hn.secretary")
    for username in (*APPROVERS, "hn.approver", *deciding, "dc.clerk", "tm.clerk", "dv.clerk"):
        inbox = client.get("/api/v1/tasks", headers=_bearer(client, username)).get_json()
        assert inbox["items"], username

    approved = [d for d in dossiers if d["status"] == "approved"]
    for d in approved:
        decision = client.get(
            f"/api/v1/dossiers/{d['id']}/decision/content", headers=_bearer(client, "hn.auditor")
        )
        assert decision.status_code == 200
        assert decision.data.startswith(b"PK")
    register = client.get("/api/v1/decisions?org=HN", headers=_bearer(client, "hn.auditor"))
    assert len(register.get_json()["items"]) == 1

    verified = cli.invoke(args=["audit", "verify"])
    assert verified.exit_code == 0, verified.output
    assert "Chuỗi nhật ký nguyên vẹn" in verified.output

    again = cli.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "Dữ liệu mẫu đã có sẵn." in again.output
    after = client.get("/api/v1/dossiers?limit=100", headers=_bearer(client, "hn.auditor"))
    assert len(after.get_json()["items"]) == len(dossiers)


def test_seed_demo_without_dossiers_makes_only_the_world(unseeded: Flask) -> None:
    app = unseeded
    seeded = app.test_cli_runner().invoke(args=["seed-demo", "--without-dossiers"])
    assert seeded.exit_code == 0, seeded.output
    client = app.test_client()
    listed = client.get("/api/v1/dossiers", headers=_bearer(client, "hn.auditor"))
    assert listed.get_json()["items"] == []


def test_user_list_shows_every_account_with_its_name_units_roles_and_state(app: Flask) -> None:
    cli = app.test_cli_runner()
    added = cli.invoke(
        args=[
            *("user", "add", "ys.clerk", "--password", "mật-khẩu-dài", "--org", "HM-DC"),
            *("--role", "clerk", "--role", "auditor", "--full-name", "Đoàn Thị Yến"),
        ]
    )
    assert added.exit_code == 0, added.output
    assert cli.invoke(args=["user", "deactivate", "tm.clerk"]).exit_code == 0

    listed = cli.invoke(args=["user", "list"])
    assert listed.exit_code == 0, listed.output
    lines = {line.split()[0]: line for line in listed.output.splitlines()[1:-1]}
    assert len(lines) == 39  # the demo world's 38 users and the one just added
    assert "Đoàn Thị Yến" in lines["ys.clerk"]
    assert "HM-DC" in lines["ys.clerk"] and "auditor, clerk" in lines["ys.clerk"]
    assert lines["ys.clerk"].endswith("hoạt động")
    assert lines["tm.clerk"].endswith("đã khóa")
    assert "Quản trị hệ thống" in lines["admin"] and "admin" in lines["admin"]
    assert "39 tài khoản." in listed.output


def test_reset_password_sets_the_new_one_and_ends_the_old_sessions(app: Flask) -> None:
    client = app.test_client()
    before = _bearer(client, "dc.clerk")
    cli = app.test_cli_runner()

    reset = cli.invoke(args=["user", "reset-password", "dc.clerk", "--password", "mới-2026-dài"])
    assert reset.exit_code == 0, reset.output

    assert client.get("/api/v1/tasks", headers=before).status_code == 401
    old = client.post("/api/v1/auth/token", json={"username": "dc.clerk", "password": "demo-2026"})
    assert old.status_code == 401
    _bearer(client, "dc.clerk", "mới-2026-dài")
    with services_of(app).container.uow() as uow:
        events = [link.event for link in uow.events.links()]
    [audited] = [e for e in events if e.action == "password_reset"]
    assert (audited.actor, audited.comment) == ("cli", "dc.clerk")


def test_reset_password_asks_for_the_password_twice_without_showing_it(app: Flask) -> None:
    cli = app.test_cli_runner()
    reset = cli.invoke(
        args=["user", "reset-password", "tm.clerk"], input="hỏi-hai-lần\nhỏi-hai-lần\n"
    )
    assert reset.exit_code == 0, reset.output
    assert "hỏi-hai-lần" not in reset.output
    _bearer(app.test_client(), "tm.clerk", "hỏi-hai-lần")


def test_reset_password_refuses_a_short_password_or_an_unknown_user(app: Flask) -> None:
    cli = app.test_cli_runner()
    short = cli.invoke(args=["user", "reset-password", "dc.clerk", "--password", "1"])
    assert short.exit_code != 0
    assert "ít nhất 8 ký tự" in short.output and "Traceback" not in short.output
    nobody = cli.invoke(args=["user", "reset-password", "no.one", "--password", "đủ-dài-rồi"])
    assert nobody.exit_code != 0 and "Traceback" not in nobody.output
    _bearer(app.test_client(), "dc.clerk")


def test_user_add_names_each_field_at_fault_and_how_to_fix_it(app: Flask) -> None:
    cli = app.test_cli_runner()
    bad = cli.invoke(args=["user", "add", "x", "--password", "1", "--org", "HM", "--role", "clerk"])
    assert bad.exit_code == 1
    assert "Traceback" not in bad.output
    assert "--password: Mật khẩu phải có ít nhất 8 ký tự." in bad.output
    assert "USERNAME: 2–64 ký tự" in bad.output
    nowhere = cli.invoke(
        args=["user", "add", "yy", "--password", "đủ-dài-rồi", "--org", "ZZ", "--role", "clerk"]
    )
    assert nowhere.exit_code == 1
    assert "Không có đơn vị 'ZZ'." in nowhere.output and "--org/--role" in nowhere.output
    regrant = cli.invoke(args=["user", "grants", "dc.clerk", "--grant", "ZZ:clerk"])
    assert regrant.exit_code == 1 and "--grant: không tồn tại" in regrant.output


def test_org_list_prints_the_tree_with_codes_names_and_levels(app: Flask) -> None:
    cli = app.test_cli_runner()
    listed = cli.invoke(args=["org", "list"])
    assert listed.exit_code == 0, listed.output
    assert listed.output.splitlines() == [
        "HN  Thành phố Hà Nội  (Cấp tỉnh)",
        "  CG  Quận Cầu Giấy  (Cấp huyện)",
        "    CG-DV  Phường Dịch Vọng  (Cấp xã)",
        "  HM  Quận Hoàng Mai  (Cấp huyện)",
        "    HM-DC  Phường Định Công  (Cấp xã)",
        "    HM-TM  Phường Tương Mai  (Cấp xã)",
    ]


def _our_commands(app: Flask) -> Iterator[tuple[str, click.Command]]:
    for name in ("db", "org", "user", "catalog", "storage", "audit", "seed-demo"):
        command = app.cli.get_command(click.Context(app.cli), name)
        assert command is not None, name
        if isinstance(command, click.Group):
            for sub, leaf in command.commands.items():
                yield f"{name} {sub}", leaf
        else:
            yield name, command


def test_every_command_and_option_has_help_in_vietnamese(app: Flask) -> None:
    # A letter with a Vietnamese diacritic: Latin-1, Latin Extended-A/B, Latin Extended Additional.
    vietnamese = re.compile("[\u00c0-\u01b0\u1ea0-\u1ef9]")
    commands = list(_our_commands(app))
    assert len(commands) >= 15
    for name, command in commands:
        assert command.help and vietnamese.search(command.help), name
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help and vietnamese.search(param.help), f"{name} {param.opts}"
    shown = app.test_cli_runner().invoke(args=["user", "reset-password", "--help"])
    assert shown.exit_code == 0 and "Đặt mật khẩu mới" in shown.output


def test_org_signer_connects_a_certificate_from_a_json_file_and_refuses_one_with_a_secret(
    app: Flask, tmp_path: Path
) -> None:
    cli = app.test_cli_runner()
    good = tmp_path / "credential.json"
    good.write_text(
        '{"kind": "pkcs12", "path": "/etc/khenthuong/dc.p12", "passphrase_env": "KT_DC_PASS"}'
    )
    bad = tmp_path / "secret.json"
    bad.write_text('{"kind": "pkcs12", "path": "/etc/khenthuong/dc.p12", "passphrase": "x"}')
    seat = ["org", "signer", "HM-DC", "dc.signer", "--title", "Chủ tịch", "--capacity", "own"]

    done = cli.invoke(args=[*seat, "--credential", str(good)])
    refused = cli.invoke(args=[*seat, "--credential", str(bad)])

    assert done.exit_code == 0, done.output
    assert refused.exit_code != 0 and "biến môi" in refused.output
    with services_of(app).container.uow() as uow:
        org = uow.orgs.by_code("HM-DC")
        assert org is not None
        seats = {s.username: s for s in uow.signers.for_org(org.id)}
    assert seats["dc.signer"].credential == {
        "kind": "pkcs12",
        "path": "/etc/khenthuong/dc.p12",
        "passphrase_env": "KT_DC_PASS",
    }
