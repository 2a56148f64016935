"""Flask CLI commands (``flask --app wsgi …``): parse arguments, call a use case, print.

Help texts are Vietnamese, like every message to users; option names stay as they are. A domain
error ends the command with its message, each field at fault named by the option that set it,
and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from service.adapters.migrations import upgrade
from service.domain.accounts import UserAccount
from service.domain.checkpoints import encode
from service.domain.errors import AdminLockout, DomainError, Invalid
from service.domain.orgs import ORG_TYPE_NAMES, OrgType, OrgUnit
from service.domain.permissions import Role
from service.services import services
from service.usecases.accounts import Operator
from service.usecases.audit import WINDOW
from service.usecases.merges import NewUnit
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


# Which argument or option of a command sets each field a domain error may name.
OPTION_OF = {"username": "USERNAME", "code": "CODE", "grants": "--org/--role"}


def _run(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Turn a domain error into a clean CLI failure instead of a traceback."""
    return _run_naming(OPTION_OF, fn, *args, **kwargs)


def _run_naming(
    options: Mapping[str, str], fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs
) -> R:
    """``_run`` for a command whose options set the fields otherwise than ``OPTION_OF`` says."""
    try:
        return fn(*args, **kwargs)
    except AdminLockout as err:
        # Only the commands that take --force change accounts so as to be refused this way.
        raise click.ClickException(f"{err.message} (Nếu thật sự muốn: thêm --force.)") from err
    except Invalid as err:
        raise click.ClickException(_with_fields(err, options)) from err
    except DomainError as err:
        raise click.ClickException(err.message) from err


def _with_fields(err: Invalid, options: Mapping[str, str]) -> str:
    lines = [err.message]
    for field, problem in err.fields.items():
        option = options.get(field, "--" + field.replace("_", "-"))
        if problem != err.message:
            lines.append(f"  {option}: {problem}")
    return "\n".join(lines)


@db_cli.command("upgrade")
@click.option(
    "--revision",
    default="head",
    show_default=True,
    help="Phiên bản migration cần nâng tới (head: bản mới nhất).",
)
def db_upgrade(revision: str) -> None:
    """Tạo hoặc nâng cấp lược đồ cơ sở dữ liệu lên migration mới nhất."""
    upgrade(services().container.db, revision)
    click.echo("Lược đồ đã được cập nhật.")


def _unit_options(*, new_in_merge: bool) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """--name, --level, --parent and --type of a unit, as ``org add`` and ``org merge`` take them.

    ``org add`` requires a name and a level; ``org merge`` takes them only for the new unit the
    old ones join (with --name), its level then defaulting to the old units'. The type's choices
    and help are the same for both, so a unit made by a merge can be of any type one can add.
    """
    if new_in_merge:
        name = click.option(
            "--name", default=None, help="Tên đơn vị mới (chỉ khi sáp nhập vào đơn vị mới)."
        )
        level = click.option(
            "--level", default=None, help="Cấp của đơn vị mới (mặc định: cấp của đơn vị cũ)."
        )
        parent = click.option("--parent", default=None, help="Đơn vị cấp trên của đơn vị mới.")
    else:
        name = click.option("--name", required=True, help='Tên đơn vị, ví dụ "Phường Yên Sở".')
        level = click.option("--level", required=True, help="Mã cấp: province, district hoặc ward.")
        parent = click.option(
            "--parent", default=None, help="Mã đơn vị cấp trên (bỏ trống với cấp cao nhất)."
        )
    type_ = click.option(
        "--type",
        "type_",
        default=None if new_in_merge else OrgType.PEOPLE_COMMITTEE.value,
        show_default=not new_in_merge,
        type=click.Choice([t.value for t in OrgType]),
        help="Loại đơn vị: UBND, sở, MTTQ/đoàn thể, đơn vị sự nghiệp, doanh nghiệp"
        + (" (mặc định: loại của đơn vị cũ)." if new_in_merge else "."),
    )

    def decorate(command: Callable[P, R]) -> Callable[P, R]:
        return name(level(parent(type_(command))))

    return decorate


@org_cli.command("add")
@click.argument("code")
@_unit_options(new_in_merge=False)
@click.option(
    "--rulebook",
    default=None,
    help="Bộ quy định của đơn vị cấp tỉnh (three_tier_nd98, two_tier_nd152); mặc định KT_RULEBOOK.",
)
def org_add(
    code: str, name: str, level: str, parent: str | None, type_: str, rulebook: str | None
) -> None:
    """Thêm đơn vị CODE vào cây đơn vị."""
    unit = _run(
        services().add_org, code, name, level, parent, by=CLI, type_=type_, rulebook=rulebook
    )
    book = f", bộ quy định {unit.rulebook}" if unit.rulebook else ""
    click.echo(f"Đã thêm đơn vị {unit.code} ({unit.name}{book}).")


@org_cli.command("rulebook")
@click.argument("code")
@click.argument("rulebook")
def org_rulebook(code: str, rulebook: str) -> None:
    """Đổi bộ quy định của đơn vị cấp tỉnh CODE; hồ sơ đã lập giữ bộ quy định của mình."""
    unit = _run(services().set_org_rulebook, code, rulebook, by=CLI)
    click.echo(f"Đơn vị {unit.code} theo bộ quy định {unit.rulebook} từ nay.")


@org_cli.command("merge")
@click.argument("sources", nargs=-1, required=True)
@click.option("--into", required=True, help="Mã đơn vị nhận (có sẵn, hoặc mới với --name).")
@click.option("--on", "on", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Ngày sáp nhập.")
@_unit_options(new_in_merge=True)
@click.option(
    "--users",
    default="move",
    show_default=True,
    type=click.Choice(["move", "deactivate"]),
    help="Người dùng của đơn vị cũ: chuyển sang đơn vị nhận, hoặc khóa.",
)
def org_merge(
    sources: tuple[str, ...],
    into: str,
    on: datetime,
    name: str | None,
    level: str | None,
    parent: str | None,
    type_: str | None,
    users: str,
) -> None:
    """Sáp nhập các đơn vị SOURCES vào đơn vị --into từ ngày --on."""
    new = None
    if name is not None:
        first = next((u for u in services().list_orgs(actor=CLI) if u.code == sources[0]), None)
        new = NewUnit(name, level or (first.level if first else ""), parent, type_)
    elif level is not None or parent is not None or type_ is not None:
        raise click.UsageError(
            "--level, --parent và --type chỉ dùng khi sáp nhập vào đơn vị mới (kèm --name)."
        )
    done = _run(services().merge_orgs, list(sources), into, on.date(), by=CLI, new=new, users=users)
    click.echo(
        f"Đã sáp nhập {', '.join(done.merged)} vào {done.into.code} ({done.into.name}); "
        f"{len(done.dossiers)} hồ sơ đang xử lý được chuyển sang; "
        f"{len(done.users_moved)} người dùng được chuyển, {len(done.users_deactivated)} bị khóa."
    )


@org_cli.command("profile")
@click.argument("code")
@click.option(
    "--file",
    "path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Tệp JSON: legal_bases, proposer, signer_title, power, register, … "
    "(xem service/catalog/decisions.json).",
)
def org_profile(code: str, path: str) -> None:
    """Đặt nội dung quyết định của đơn vị CODE (căn cứ, người ký, …) thay cho mặc định của cấp."""
    try:
        profile = json.loads(Path(path).read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise click.ClickException(f"Tệp không phải JSON hợp lệ: {err}") from err
    if not isinstance(profile, dict):
        raise click.ClickException("Tệp phải chứa một đối tượng JSON.")
    _run(services().set_org_profile, code, profile, actor=CLI.name)
    click.echo(f"Đã cập nhật thông tin ban hành quyết định của {code}.")


@org_cli.command("signer")
@click.argument("code")
@click.argument("username")
@click.option("--title", required=True, help='Chức danh người ký, ví dụ "Phó Chủ tịch".')
@click.option(
    "--capacity",
    required=True,
    type=click.Choice(["own", "KT", "TM", "Q", "TL", "TUQ"], case_sensitive=False),
    help="Tư cách ký (Nghị định 30/2020): own (thẩm quyền của mình), KT., TM., Q., TL., TUQ.",
)
@click.option(
    "--for",
    "by_kind",
    multiple=True,
    metavar="FAMILY=CAPACITY",
    help="Tư cách ký riêng cho một loại quyết định, ví dụ --for bang_khen=KT (lặp lại được).",
)
@click.option(
    "--credential",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='Tệp JSON chứng thư số để ký số bản PDF, ví dụ {"kind": "pkcs12", "path": …, '
    '"passphrase_env": "KT_…"} (docs/signing.md); không ghi mật khẩu vào tệp.',
)
def org_signer(
    code: str,
    username: str,
    title: str,
    capacity: str,
    by_kind: tuple[str, ...],
    credential: Path | None,
) -> None:
    """Giao USERNAME (đã có vai trò signer) ký quyết định của đơn vị CODE."""
    kinds = dict(item.split("=", 1) for item in by_kind if "=" in item)
    if len(kinds) != len(by_kind):
        raise click.ClickException("--for phải có dạng LOẠI=TƯ_CÁCH, ví dụ bang_khen=KT.")
    try:
        stored = json.loads(credential.read_text(encoding="utf-8")) if credential else None
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"--credential: không đọc được tệp JSON {credential}.") from exc
    seat = _run(
        services().desk.set_signer,
        code,
        username,
        title,
        capacity,
        by_kind=kinds,
        credential=stored,
        actor=CLI.name,
    )
    click.echo(f"{seat.full_name} ký quyết định của {code}: {seat.title}, {seat.capacity.value}.")


@user_cli.command("add")
@click.argument("username")
@click.option("--password", required=True, help="Mật khẩu ban đầu (ít nhất 8 ký tự).")
@click.option("--org", "org_code", required=True, help="Mã đơn vị của người dùng, ví dụ HM-YS.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="Vai trò tại đơn vị đó (lặp lại cho mỗi vai trò).",
)
@click.option("--full-name", default=None, help="Họ và tên (mặc định: tên đăng nhập).")
def user_add(
    username: str, password: str, org_code: str, roles: tuple[str, ...], full_name: str | None
) -> None:
    """Thêm tài khoản USERNAME."""
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
    """Khóa tài khoản USERNAME; các phiên đăng nhập của nó mất hiệu lực ngay."""
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
    """Thay toàn bộ vai trò của tài khoản USERNAME."""
    pairs = [_grant(g) for g in grants]
    options = {**OPTION_OF, "grants": "--grant"}
    _run_naming(options, services().set_grants, username, pairs, by=CLI, force=force)
    click.echo(f"Đã đổi vai trò của {username}.")


@user_cli.command("list")
def user_list() -> None:
    """Liệt kê tài khoản: tên đăng nhập, họ tên, đơn vị, vai trò, trạng thái."""
    accounts = _run(services().list_users, actor=CLI)
    rows = [("Tên đăng nhập", "Họ và tên", "Đơn vị", "Vai trò", "Trạng thái")]
    rows += [_account_row(a) for a in accounts]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo("  ".join([*cells, row[-1]]))
    click.echo(f"{len(accounts)} tài khoản.")


def _account_row(a: UserAccount) -> tuple[str, str, str, str, str]:
    grants = sorted(a.grants, key=lambda g: (g.org_code, g.role.value))
    codes = list(dict.fromkeys(g.org_code for g in grants))
    # Roles name their unit only when the account holds roles at more than one.
    roles = ", ".join(g.role.value if len(codes) == 1 else f"{g.role}@{g.org_code}" for g in grants)
    units = ", ".join(codes)
    return a.username, a.full_name, units, roles, "hoạt động" if a.active else "đã khóa"


@user_cli.command("reset-password")
@click.argument("username")
@click.option(
    "--password",
    prompt="Mật khẩu mới",
    hide_input=True,
    confirmation_prompt="Nhập lại mật khẩu mới",
    help="Mật khẩu mới (ít nhất 8 ký tự); bỏ trống để được hỏi mà không hiện ra màn hình.",
)
def user_reset_password(username: str, password: str) -> None:
    """Đặt mật khẩu mới cho USERNAME; mọi phiên đăng nhập cũ của nó mất hiệu lực."""
    _run(services().reset_password, username, password, by=CLI)
    click.echo(f"Đã đặt lại mật khẩu của {username}; các phiên đăng nhập cũ đã bị thu hồi.")


@org_cli.command("list")
def org_list() -> None:
    """In cây đơn vị: mã, tên, cấp, đơn vị đã ngừng hoạt động."""
    units = _run(services().list_orgs, actor=CLI)
    names = services().level_names()
    below: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        below.setdefault(unit.parent_id, []).append(unit)
    known = {unit.id for unit in units}
    roots = [u for u in units if u.parent_id is None or u.parent_id not in known]

    def show(unit: OrgUnit, depth: int) -> None:
        level = names.get(unit.level, unit.level)
        if unit.type != OrgType.PEOPLE_COMMITTEE:
            level += f", {ORG_TYPE_NAMES[OrgType(unit.type)]}"
        gone = "" if unit.active else " — ngừng hoạt động"
        if unit.merged_into_id is not None:
            into = next((u.code for u in units if u.id == unit.merged_into_id), "?")
            gone = f" — đã sáp nhập vào {into} ({unit.merged_on:%d/%m/%Y})"
        click.echo(f"{'  ' * depth}{unit.code}  {unit.name}  ({level}){gone}")
        for child in sorted(below.get(unit.id, []), key=lambda u: u.code):
            show(child, depth + 1)

    for root in sorted(roots, key=lambda u: u.code):
        show(root, 0)


@catalog_cli.command("load")
@click.option(
    "--rulebook",
    default=None,
    help="Mã bộ quy định (service/catalog/rulebooks); mặc định KT_RULEBOOK.",
)
@click.option(
    "--regulation",
    "regulations",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help='Tệp JSON quy chế của một tỉnh ({"root": MÃ_TỈNH, "name", "overrides": [...]}, '
    "xem docs/rulebooks.md); thay quy chế hiện có của tỉnh đó. Lặp lại cho mỗi tỉnh.",
)
def catalog_load(rulebook: str | None, regulations: tuple[str, ...]) -> None:
    """Nạp các cấp và hình thức khen thưởng của bộ quy định vào cơ sở dữ liệu (chạy lại được)."""
    count = _run(services().load_catalogue, rulebook, named_by="--rulebook")
    click.echo(f"Đã nạp {count} hình thức khen thưởng.")
    for path in regulations:
        record = _json_object(path)
        root = record.get("root")
        if not isinstance(root, str) or not root:
            raise click.ClickException(f"{path}: thiếu mã tỉnh (root).")
        saved = _run(services().set_regulation, root, record, actor=None, by_name=CLI.name)
        click.echo(f"Đã nạp quy chế của {root}: {len(saved.overrides)} quy định riêng.")


def _json_object(path: str) -> dict[str, Any]:
    try:
        found = json.loads(Path(path).read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise click.ClickException(f"Tệp không phải JSON hợp lệ: {err}") from err
    if not isinstance(found, dict):
        raise click.ClickException("Tệp phải chứa một đối tượng JSON.")
    return found


STATUS = {
    "draft": "nháp",
    "in_review": "đang xét duyệt",
    "returned": "bị trả lại",
    "approved": "đã phê duyệt",
    "rejected": "bị từ chối",
    "proposed": "đã trình cấp trên",
    "decided": "cấp trên đã quyết định",
}


@click.command("seed-demo")
@click.option(
    "--without-dossiers",
    is_flag=True,
    help="Chỉ tạo danh mục, đơn vị và tài khoản mẫu, không tạo hồ sơ mẫu.",
)
@with_appcontext
def seed_demo(without_dossiers: bool) -> None:
    """Nạp danh mục và thế giới mẫu: đơn vị, tài khoản và hồ sơ ở mọi trạng thái (chạy lại được)."""
    logins = _run(services().seed_demo)
    made = [] if without_dossiers else _run(services().seed_demo_dossiers)
    if not logins and not made:
        click.echo("Dữ liệu mẫu đã có sẵn.")
        return
    if logins:
        click.echo(f"Tài khoản mẫu (mật khẩu chung: {logins[0].password}):")
        for login in logins:
            click.echo(f"  {login.username:<14} {login.org:<6} {', '.join(login.roles)}")
    if made:
        names = services().level_names()
        click.echo(f"Hồ sơ mẫu ({len(made)}):")
        for d in made:
            where = f", {names.get(d.level, d.level).lower()}" if d.status == "in_review" else ""
            click.echo(f"  {d.code}  {STATUS.get(d.status, d.status)}{where}: {d.title}")


@storage_cli.command("gc")
@click.option(
    "--min-age-minutes",
    default=60,
    show_default=True,
    help="Chừa lại đối tượng và phần tải lên mới hơn số phút này: có thể chúng đang được ghi.",
)
def storage_gc(min_age_minutes: int) -> None:
    """Xóa đối tượng không còn được tham chiếu và phần tải lên dở dang."""
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
    """Băm lại mọi tệp đính kèm; mã thoát khác 0 nếu có tệp bị mất hoặc bị thay đổi."""
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
    help="Cũng thoát với mã khác 0 khi chuỗi chưa được neo (thiếu khóa, thiếu điểm neo, "
    "kho lưu trữ không truy cập được).",
)
@click.option(
    "--window",
    default=WINDOW,
    show_default=True,
    help="Số điểm neo mới nhất cần đọc (đọc thêm điểm cũ hơn khi chưa điểm nào khớp với chuỗi).",
)
def audit_verify(require_anchor: bool, window: int) -> None:
    """Kiểm tra chuỗi băm và các điểm neo ngoài cơ sở dữ liệu; mã thoát khác 0 nếu bị phá vỡ."""
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
    """Ký đầu chuỗi nhật ký vào kho điểm neo nếu chuỗi đã đổi (chạy bằng cron vài phút một lần).

    In điểm neo thành một dòng JSON: hãy giữ cả đầu ra này (một bản ghi cơ sở dữ liệu không
    kiểm soát được). Mã thoát khác 0, không ký gì, khi chuỗi không còn nguyên vẹn.
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
