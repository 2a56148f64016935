"""The Flask CLI: schema upgrade, org units, users and the demo world."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import inspect

from service.app import create_app
from service.settings import Settings
from tests.conftest import FAST_HASHING, services_of


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
    assert loaded.exit_code == 0 and "12" in loaded.output


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
