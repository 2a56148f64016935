"""User accounts as administrators manage them, and the rules for names and passwords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from service.domain.errors import Invalid
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
