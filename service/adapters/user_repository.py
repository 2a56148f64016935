"""Users, their role grants, their API tokens and failed logins."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from service.adapters.tables import GrantRow, LoginAttemptRow, TokenRow, UserRow
from service.domain.accounts import Credentials, UserAccount
from service.domain.errors import NotFound
from service.domain.permissions import Actor, Grant, Role


def _grants(row: UserRow) -> tuple[Grant, ...]:
    return tuple(Grant(Role(g.role), g.org_id, g.org.code) for g in row.grants)


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def credentials(self, username: str) -> Credentials | None:
        row = self.s.scalar(select(UserRow).where(UserRow.username == username))
        return Credentials(row.id, row.password_hash, row.active) if row else None

    def exists(self, username: str) -> bool:
        return self.credentials(username) is not None

    def add(
        self,
        username: str,
        full_name: str,
        password_hash: str,
        grants: Sequence[tuple[str, int]],
        now: datetime,
    ) -> int:
        row = UserRow(
            username=username, full_name=full_name, password_hash=password_hash, created_at=now
        )
        # A grant given twice is one grant (as in set_grants), not a unique-key violation.
        row.grants = [GrantRow(role=role, org_id=org_id) for role, org_id in dict.fromkeys(grants)]
        self.s.add(row)
        self.s.flush()
        return row.id

    def _row(self, username: str) -> UserRow:
        row = self.s.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise NotFound("Không tìm thấy người dùng.")
        return row

    def account(self, username: str) -> UserAccount:
        row = self._row(username)
        return UserAccount(row.id, row.username, row.full_name, row.active, _grants(row))

    def accounts_in(self, org_ids: Iterable[int]) -> list[UserAccount]:
        """Users holding a grant at any of the units."""
        ids = select(GrantRow.user_id).where(GrantRow.org_id.in_(list(org_ids)))
        rows = self.s.scalars(select(UserRow).where(UserRow.id.in_(ids)).order_by(UserRow.username))
        return [UserAccount(r.id, r.username, r.full_name, r.active, _grants(r)) for r in rows]

    def set_active(self, username: str, active: bool) -> None:
        self._row(username).active = active

    def set_grants(self, username: str, grants: Sequence[tuple[str, int]]) -> None:
        row = self._row(username)
        # Delete first: SQLAlchemy would insert the new rows before deleting the old ones, and a
        # role kept from before would then collide with itself on the unique key.
        row.grants.clear()
        self.s.flush()
        row.grants = [GrantRow(role=role, org_id=org_id) for role, org_id in dict.fromkeys(grants)]
        self.s.flush()

    def set_password(self, username: str, password_hash: str) -> None:
        self._row(username).password_hash = password_hash

    def actor(self, user_id: int) -> Actor:
        row = self.s.get(UserRow, user_id)
        if row is None:
            raise NotFound("Không tìm thấy người dùng.")
        return Actor(row.id, row.username, row.full_name, _grants(row))

    def add_token(self, user_id: int, token_hash: str, now: datetime, expires: datetime) -> None:
        self.s.add(
            TokenRow(user_id=user_id, token_hash=token_hash, created_at=now, expires_at=expires)
        )

    def token_owner(self, token_hash: str, now: datetime) -> int | None:
        return self.s.scalar(
            select(TokenRow.user_id)
            .join(UserRow, UserRow.id == TokenRow.user_id)
            .where(
                TokenRow.token_hash == token_hash,
                TokenRow.revoked_at.is_(None),
                TokenRow.expires_at > now,
                UserRow.active.is_(True),
            )
        )

    def revoke_token(self, token_hash: str, now: datetime) -> None:
        self.s.execute(
            update(TokenRow)
            .where(TokenRow.token_hash == token_hash, TokenRow.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def revoke_tokens_of(self, user_id: int, now: datetime) -> None:
        self.s.execute(
            update(TokenRow)
            .where(TokenRow.user_id == user_id, TokenRow.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def record_failure(self, username: str, address: str, now: datetime) -> None:
        self.s.add(LoginAttemptRow(username=username[:64], address=address[:64], at=now))

    def failures(
        self, since: datetime, *, username: str | None = None, address: str | None = None
    ) -> tuple[int, datetime | None]:
        """How many failed logins since ``since``, and the oldest of them."""
        stmt = select(func.count(), func.min(LoginAttemptRow.at)).where(LoginAttemptRow.at >= since)
        if username is not None:
            stmt = stmt.where(LoginAttemptRow.username == username)
        if address is not None:
            stmt = stmt.where(LoginAttemptRow.address == address)
        count, oldest = self.s.execute(stmt).one()
        return int(count), oldest

    def clear_failures(self, username: str) -> None:
        self.s.execute(delete(LoginAttemptRow).where(LoginAttemptRow.username == username))
