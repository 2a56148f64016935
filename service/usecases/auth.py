"""Logging in with a password for a bearer token, and finding who a token belongs to."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from service.domain.errors import BadCredentials, NotAuthenticated
from service.domain.permissions import Actor
from service.usecases.ports import UnitOfWork, utcnow

if TYPE_CHECKING:
    from service.adapters.passwords import Passwords


def token_digest(token: str) -> str:
    # Only a digest is stored, so a copy of the database yields no usable tokens.
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    username: str, password: str, *, uow: UnitOfWork, passwords: Passwords, ttl: timedelta
) -> str:
    with uow:
        creds = uow.users.credentials(username)
        if creds is None or not creds.active:
            passwords.waste_time(password)
            raise BadCredentials()
        if not passwords.verify(creds.password_hash, password):
            raise BadCredentials()
        token = secrets.token_urlsafe(32)
        now = utcnow()
        uow.users.add_token(creds.user_id, token_digest(token), now, now + ttl)
        uow.commit()
        return token


def actor_for_token(token: str, *, uow: UnitOfWork) -> Actor:
    with uow:
        user_id = uow.users.token_owner(token_digest(token), utcnow())
        if user_id is None:
            raise NotAuthenticated("Phiên đăng nhập không hợp lệ hoặc đã hết hạn.")
        return uow.users.actor(user_id)
