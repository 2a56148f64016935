"""User accounts as administrators manage them, and the rules for names and passwords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from service.domain.errors import AdminLockout, Invalid
from service.domain.orgs import Chain, chain_ids
from service.domain.permissions import Grant, Role

MIN_USERNAME, MAX_USERNAME = 2, 64
USERNAME = re.compile(rf"^[a-z0-9][a-z0-9._-]{{{MIN_USERNAME - 1},{MAX_USERNAME - 1}}}$")
MIN_PASSWORD, MAX_PASSWORD = 8, 200
MAX_FULL_NAME = 200


@dataclass(frozen=True)
class UserAccount:
    id: int
    username: str
    full_name: str
    active: bool
    grants: tuple[Grant, ...]


@dataclass(frozen=True)
class Credentials:
    """What a login is checked against."""

    user_id: int
    password_hash: str
    active: bool


@dataclass(frozen=True)
class LoginLimits:
    per_user: int
    per_address: int
    window: timedelta


def check_new_user(username: str, password: str, roles: list[str], full_name: str = "") -> None:
    problems: dict[str, str] = {}
    if len(full_name) > MAX_FULL_NAME:
        problems["full_name"] = f"Tối đa {MAX_FULL_NAME} ký tự."
    if not USERNAME.match(username):
        problems["username"] = (
            f"{MIN_USERNAME}–{MAX_USERNAME} ký tự: chữ thường không dấu, số, dấu chấm, "
            "gạch dưới, gạch ngang."
        )
    if problem := password_problem(password):
        problems["password"] = problem
    if problem := roles_problem(roles):
        problems["grants"] = problem
    if problems:
        raise Invalid("Thông tin người dùng chưa hợp lệ.", problems)


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự."
    if len(password) > MAX_PASSWORD:
        return f"Mật khẩu tối đa {MAX_PASSWORD} ký tự."
    return None


def roles_problem(roles: list[str]) -> str | None:
    if not roles:
        return "Người dùng cần ít nhất một vai trò."
    bad = [r for r in roles if r not in set(Role)]
    if bad:
        return f"Vai trò không hợp lệ: {', '.join(bad)} ({', '.join(Role)})."
    return None


@dataclass(frozen=True)
class AdminChange:
    """An account losing administration, as the lockout rule weighs it.

    ``lost`` holds the chain (the unit first) of every unit where the account is an active admin
    now and will not be after the change, whether it is being deactivated or given other roles;
    ``kept`` the units where it stays an admin; ``others`` the units where other active accounts
    are admins. ``by_self`` says whether the account is the one making the change.
    """

    username: str
    lost: tuple[Chain, ...]
    kept: frozenset[int]
    others: frozenset[int]
    by_self: bool
    deactivating: bool


def check_admin_change(change: AdminChange) -> None:
    """Refuse a change that would lock an admin, or any unit, out of administration.

    An admin may not deactivate their own account, nor give up administering a unit they would
    then no longer administer from a unit above it: only another admin can. And after any
    change, every unit that had an active admin at or above it must still have one. A unit lost
    is the only one to check: if it keeps an admin at or above it, so does everything below it.
    """
    if change.by_self and change.deactivating:
        raise AdminLockout(
            "Bạn không thể tự khóa tài khoản của chính mình; hãy nhờ một quản trị viên khác."
        )
    if change.by_self and (mine := _orphaned(change.lost, change.kept)):
        raise AdminLockout(
            f"Bạn không thể tự bỏ quyền quản trị của mình tại {', '.join(mine)}; "
            "hãy nhờ một quản trị viên khác."
        )
    if orphaned := _orphaned(change.lost, change.kept | change.others):
        raise AdminLockout(
            f"Sau thay đổi này, {', '.join(orphaned)} sẽ không còn quản trị viên nào đang hoạt "
            f"động ở đơn vị đó hay cấp trên; hãy giao quyền quản trị cho người khác trước khi "
            f"khóa hoặc đổi vai trò của {change.username}."
        )


def _orphaned(lost: tuple[Chain, ...], admins: frozenset[int]) -> list[str]:
    """The codes of the lost units with none of ``admins`` at or above them."""
    return [chain[0].code for chain in lost if not admins & chain_ids(chain)]
