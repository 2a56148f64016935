"""Who may sign each unit's decisions (``signers``), read with the user's name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.adapters.tables import SignerRow, UserRow
from service.domain.decision_states import SignerSeat
from service.domain.signatures import Capacity


def _seat(row: SignerRow, user: UserRow) -> SignerSeat:
    return SignerSeat(
        org_id=row.org_id,
        user_id=row.user_id,
        username=user.username,
        full_name=user.full_name,
        title=row.title,
        capacity=Capacity(row.capacity),
        by_kind={k: Capacity(v) for k, v in (row.by_kind or {}).items()},
        credential=row.credential,
    )


class SignerRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def put(self, seat: SignerSeat) -> None:
        """Add the seat, or replace what the unit held for that user."""
        row = self.s.scalar(
            select(SignerRow).where(
                SignerRow.org_id == seat.org_id, SignerRow.user_id == seat.user_id
            )
        )
        if row is None:
            row = SignerRow(org_id=seat.org_id, user_id=seat.user_id)
            self.s.add(row)
        row.title, row.capacity = seat.title, seat.capacity.value
        row.by_kind = {k: v.value for k, v in seat.by_kind.items()}
        row.credential = dict(seat.credential) if seat.credential is not None else None
        self.s.flush()

    def remove(self, org_id: int, user_id: int) -> bool:
        row = self.s.scalar(
            select(SignerRow).where(SignerRow.org_id == org_id, SignerRow.user_id == user_id)
        )
        if row is not None:
            self.s.delete(row)
            self.s.flush()
        return row is not None

    def get(self, org_id: int, user_id: int) -> SignerSeat | None:
        found = self.s.execute(
            select(SignerRow, UserRow)
            .join(UserRow, UserRow.id == SignerRow.user_id)
            .where(SignerRow.org_id == org_id, SignerRow.user_id == user_id)
        ).first()
        return _seat(*found) if found else None

    def for_org(self, org_id: int) -> list[SignerSeat]:
        rows = self.s.execute(
            select(SignerRow, UserRow)
            .join(UserRow, UserRow.id == SignerRow.user_id)
            .where(SignerRow.org_id == org_id)
            .order_by(SignerRow.id)
        )
        return [_seat(r, u) for r, u in rows]
