"""Logging in for a bearer token (throttled and audited), logging out, and who a token is."""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import datetime, timedelta

from service.domain.accounts import LoginLimits
from service.domain.errors import BadCredentials, NotAuthenticated, TooManyAttempts
from service.domain.history import Event
from service.domain.permissions import Actor
from service.usecases.ports import Clock, Passwords, UnitOfWork, utcnow


def token_digest(token: str) -> str:
    # Only a digest is stored, so a copy of the database yields no usable tokens.
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    username: str,
    password: str,
    address: str,
    *,
    uow: UnitOfWork,
    passwords: Passwords,
    ttl: timedelta,
    limits: LoginLimits,
    clock: Clock = utcnow,
) -> str:
    """A token for good credentials. Unknown users and wrong passwords get the same answer;
    too many failures for the user or from the address get 429 until the window passes."""
    now = clock()
    with uow:
        _refuse_if_throttled(uow, username, address, now, limits)
        creds = uow.users.credentials(username)
        if creds is None or not creds.active:
            passwords.waste_time(password)
            ok = False
        else:
            ok = passwords.verify(creds.password_hash, password)
        if not ok or creds is None:
            uow.users.record_failure(username, address, now)
            uow.events.append(Event.of(now, username[:64], "login_failed", comment=f"từ {address}"))
            uow.commit()
            raise BadCredentials()
        uow.users.clear_failures(username)
        token = secrets.token_urlsafe(32)
        uow.users.add_token(creds.user_id, token_digest(token), now, now + ttl)
        uow.commit()
        return token


def _refuse_if_throttled(
    uow: UnitOfWork, username: str, address: str, now: datetime, limits: LoginLimits
) -> None:
    since = now - limits.window
    for count, oldest, limit in (
        (*uow.users.failures(since, username=username), limits.per_user),
        (*uow.users.failures(since, address=address), limits.per_address),
    ):
        if count >= limit and oldest is not None:
            wait = math.ceil((oldest + limits.window - now).total_seconds() / 60)
            raise TooManyAttempts(
                retry_after=max(60, wait * 60),
                message=f"Đăng nhập sai quá nhiều lần; hãy thử lại sau {max(1, wait)} phút.",
            )


def actor_for_token(token: str, *, uow: UnitOfWork, clock: Clock = utcnow) -> Actor:
    with uow:
        user_id = uow.users.token_owner(token_digest(token), clock())
        if user_id is None:
            raise NotAuthenticated("Phiên đăng nhập không hợp lệ hoặc đã hết hạn.")
        return uow.users.actor(user_id)


def revoke_token(token: str, *, actor: Actor, uow: UnitOfWork, clock: Clock = utcnow) -> None:
    with uow:
        now = clock()
        uow.users.revoke_token(token_digest(token), now)
        uow.events.append(Event.of(now, actor, "logout"))
        uow.commit()
