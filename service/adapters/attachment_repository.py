"""Storing attachment records (the bytes are in the object store, not here)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from service.adapters.tables import AttachmentRow
from service.domain.attachments import Attachment
from service.domain.errors import NotFound


def _attachment(row: AttachmentRow) -> Attachment:
    return Attachment(
        id=row.id,
        dossier_id=row.dossier_id,
        kind=row.kind,
        filename=row.filename,
        size=row.size,
        sha256=row.sha256,
        content_type=row.content_type,
        object_key=row.object_key,
        created_at=row.created_at,
        created_by=row.created_by,
        sealed=row.sealed_at is not None,
        nominee_id=row.nominee_id,
    )


class AttachmentRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, a: Attachment) -> None:
        self.s.add(
            AttachmentRow(
                id=a.id,
                dossier_id=a.dossier_id,
                kind=a.kind,
                nominee_id=a.nominee_id,
                filename=a.filename,
                size=a.size,
                sha256=a.sha256,
                content_type=a.content_type,
                object_key=a.object_key,
                created_at=a.created_at,
                created_by=a.created_by,
            )
        )

    def get(self, dossier_id: int, attachment_id: str) -> Attachment:
        row = self.s.get(AttachmentRow, attachment_id)
        if row is None or row.dossier_id != dossier_id:
            raise NotFound("Không tìm thấy tài liệu đính kèm.")
        return _attachment(row)

    def for_dossier(self, dossier_id: int) -> list[Attachment]:
        rows = self.s.scalars(
            select(AttachmentRow)
            .where(AttachmentRow.dossier_id == dossier_id)
            .order_by(AttachmentRow.created_at, AttachmentRow.id)
        )
        return [_attachment(r) for r in rows]

    def remove(self, attachment_id: str) -> None:
        self.s.execute(delete(AttachmentRow).where(AttachmentRow.id == attachment_id))

    def seal(self, dossier_id: int, now: datetime) -> None:
        """Freeze every attachment the dossier is submitted with."""
        self.s.execute(
            update(AttachmentRow)
            .where(AttachmentRow.dossier_id == dossier_id, AttachmentRow.sealed_at.is_(None))
            .values(sealed_at=now)
            .execution_options(synchronize_session=False)
        )

    def all(self) -> Iterator[Attachment]:
        for row in self.s.scalars(select(AttachmentRow).order_by(AttachmentRow.object_key)):
            yield _attachment(row)

    def known_keys(self) -> set[str]:
        return set(self.s.scalars(select(AttachmentRow.object_key)))
