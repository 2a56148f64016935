"""Flask CLI commands (``flask --app wsgi …``): parse arguments, call a use case, print."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import ParamSpec, TypeVar

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from service.adapters.migrations import upgrade
from service.domain.checkpoints import encode
from service.domain.errors import AdminLockout, DomainError
from service.domain.permissions import Role
from service.services import services
from service.usecases.accounts import Operator
from service.usecases.audit import WINDOW
from storage import StorageError

CLI = Operator("cli")
P = ParamSpec("P")
R = TypeVar("R")
db_cli = AppGroup("db", help="Lược đồ cơ sở dữ liệu.")
org_cli = AppGroup("org", help="Đơn vị hành chính.")
user_cli = AppGroup("user", help="Người dùng.")
catalog_cli = AppGroup("catalog", help="Danh mục cấp và hình thức khen thưởng.")
storage_cli = AppGroup("storage", help="Kho lưu trữ tệp đính kèm.")
audit_cli = AppGroup("audit", help="Nhật ký kiểm toán.")


def register_cli(app: Flask) -> None:
    for group in (db_cli, org_cli, user_cli, catalog_cli, storage_cli, audit_cli):
        app.cli.add_command(group)
    app.cli.add_command(seed_demo)


def _run(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Turn a domain error into a clean CLI failure instead of a traceback."""
    try:
        return fn(*args, **kwargs)
    except AdminLockout as err:
        # Only the commands that take --force change accounts so as to be refused this way.
        raise click.ClickException(f"{err.message} (Nếu thật sự muốn: thêm --force.)") from err
    except DomainError as err:
        raise click.ClickException(err.message) from err


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Create or upgrade the schema to the latest migration."""
    upgrade(services().container.db, revision)
    click.echo("Lược đồ đã được cập nhật.")


@org_cli.command("add")
@click.argument("code")
@click.option("--name", required=True)
@click.option("--level", required=True)
@click.option("--parent", default=None)
def org_add(code: str, name: str, level: str, parent: str | None) -> None:
    unit = _run(services().add_org, code, name, level, parent, by=CLI)
    click.echo(f"Đã thêm đơn vị {unit.code} ({unit.name}).")


@org_cli.command("profile")
@click.argument("code")
@click.option(
    "--file",
    "path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="JSON: legal_bases, proposer, signer_mode, signer_title, … (see catalog)",
)
def org_profile(code: str, path: str) -> None:
    """Set how a unit's decisions read, overriding its level's defaults."""
    try:
        profile = json.loads(Path(path).read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise click.ClickException(f"Tệp không phải JSON hợp lệ: {err}") from err
    if not isinstance(profile, dict):
        raise click.ClickException("Tệp phải chứa một đối tượng JSON.")
    _run(services().set_org_profile, code, profile, actor=CLI.name)
    click.echo(f"Đã cập nhật thông tin ban hành quyết định của {code}.")


@user_cli.command("add")
@click.argument("username")
@click.option("--password", required=True)
@click.option("--org", "org_code", required=True)
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([r.value for r in Role]),
)
@click.option("--full-name", default=None)
def user_add(
    username: str, password: str, org_code: str, roles: tuple[str, ...], full_name: str | None
) -> None:
    grants = [(org_code, role) for role in roles]
    _run(services().add_user, username, password, full_name or username, grants, by=CLI)
    click.echo(f"Đã thêm người dùng {username}.")


FORCE = click.option(
    "--force",
    is_flag=True,
    help="Làm cả khi thay đổi khiến một đơn vị không còn quản trị viên nào đang hoạt động.",
)


@user_cli.command("deactivate")
@click.argument("username")
@FORCE
def user_deactivate(username: str, force: bool) -> None:
    """Lock an account; its tokens stop working at once."""
    _run(services().deactivate_user, username, by=CLI, force=force)
    click.echo(f"Đã khóa tài khoản {username}.")


def _grant(value: str) -> tuple[str, str]:
    org, sep, role = value.partition(":")
    if not sep or not org or not role:
        raise click.BadParameter(f"'{value}': hãy viết ĐƠN_VỊ:vai_trò, ví dụ HM:admin.")
    return org, role


@user_cli.command("grants")
@click.argument("username")
@click.option(
    "--grant",
    "grants",
    multiple=True,
    required=True,
    help="ĐƠN_VỊ:vai_trò, ví dụ HM:admin (lặp lại cho mỗi vai trò; thay toàn bộ vai trò cũ)",
)
@FORCE
def user_grants(username: str, grants: tuple[str, ...], force: bool) -> None:
    """Replace an account's roles."""
    pairs = [_grant(g) for g in grants]
    _run(services().set_grants, username, pairs, by=CLI, force=force)
    click.echo(f"Đã đổi vai trò của {username}.")


@catalog_cli.command("load")
def catalog_load() -> None:
    """Load levels and awards from service/catalog/*.json (safe to repeat)."""
    count = _run(services().load_catalogue)
    click.echo(f"Đã nạp {count} hình thức khen thưởng.")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the catalogue and a demo world (a province, districts, wards and users)."""
    logins = _run(services().seed_demo)
    if not logins:
        click.echo("Dữ liệu mẫu đã có sẵn.")
        return
    click.echo(f"Tài khoản mẫu (mật khẩu chung: {logins[0].password}):")
    for login in logins:
        click.echo(f"  {login.username:<14} {login.org:<6} {', '.join(login.roles)}")


@storage_cli.command("gc")
@click.option(
    "--min-age-minutes",
    default=60,
    show_default=True,
    help="Spare younger objects and uploads: they may still be in progress or committing.",
)
def storage_gc(min_age_minutes: int) -> None:
    """Remove stored objects no row references, and what interrupted uploads left behind."""
    age = timedelta(minutes=min_age_minutes)
    removed = services().collect_garbage(age)
    partial = services().collect_incomplete_uploads(age)
    for key in removed:
        click.echo(f"đã xóa {key}")
    for item in partial:
        click.echo(f"đã xóa phần tải lên dở dang {item}")
    click.echo(f"Đã xóa {len(removed)} đối tượng không còn được tham chiếu.")
    click.echo(f"Đã xóa {len(partial)} phần tải lên dở dang (tệp tạm, multipart upload).")


@storage_cli.command("verify")
def storage_verify() -> None:
    """Re-hash every attachment; exit non-zero if any is missing or altered."""
    checked, problems = services().verify_objects()
    for p in problems:
        a = p.attachment
        state = "MẤT" if p.issue == "missing" else "BỊ THAY ĐỔI"
        click.echo(f"{state}: hồ sơ {a.dossier_id}, tệp {a.id} ({a.filename}) tại {a.object_key}")
    click.echo(f"Đã kiểm tra {checked} tệp, {len(problems)} lỗi.")
    if problems:
        raise SystemExit(1)


@audit_cli.command("verify")
@click.option(
    "--require-anchor",
    is_flag=True,
    help="Exit non-zero also when the chain is not anchored (no key, no checkpoint, store down).",
)
@click.option(
    "--window",
    default=WINDOW,
    show_default=True,
    help="Newest checkpoints to read (older ones are read while none agrees with the chain).",
)
def audit_verify(require_anchor: bool, window: int) -> None:
    """Check the hash chain and the checkpoints outside the database; exit non-zero if broken."""
    verdict = services().verify_audit(window)
    anchoring = verdict.anchoring
    if verdict.ok:
        click.echo(f"Chuỗi nhật ký nguyên vẹn: {verdict.checked} sự kiện.")
    elif verdict.chain_ok:
        click.echo(
            f"CHUỖI BỊ VIẾT LẠI: {verdict.checked} sự kiện khớp nhau trong cơ sở dữ liệu "
            "nhưng không khớp với điểm neo bên ngoài."
        )
    else:
        where = f"sự kiện id {verdict.first_broken}" if verdict.first_broken else "cuối chuỗi"
        click.echo(
            f"CHUỖI BỊ PHÁ VỠ tại {where}: {verdict.reason} "
            f"(đã kiểm tra {verdict.checked} sự kiện)."
        )
    if anchoring is not None:
        for finding in anchoring.findings:
            click.echo(f"ĐIỂM NEO: {finding.message}")
        label = "Điểm neo" if anchoring.anchored or anchoring.findings else "CẢNH BÁO"
        click.echo(f"{label}: {anchoring.message}")
    unanchored = anchoring is not None and not anchoring.anchored
    if not verdict.ok or (require_anchor and unanchored):
        raise SystemExit(1)


@audit_cli.command("checkpoint")
def audit_checkpoint() -> None:
    """Sign the chain's head into the checkpoint store if it moved (for cron, every few minutes).

    Prints the checkpoint as one line of JSON: keep the output too (a log the database does not
    control). Exits non-zero when the chain does not hold, without signing anything.
    """
    try:
        outcome = _run(services().write_audit_checkpoint)
    except StorageError as err:
        raise click.ClickException(f"Không ghi được điểm neo vào kho lưu trữ: {err}") from err
    if outcome.refused:
        raise click.ClickException(f"Không ghi điểm neo: {outcome.note}.")
    if outcome.written is None:
        click.echo(f"Không ghi điểm neo mới: {outcome.note}.")
        return
    click.echo(encode(outcome.written).decode())
    click.echo(f"Đã ghi điểm neo {outcome.written.name} (sự kiện số {outcome.written.seq}).")
