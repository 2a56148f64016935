"""nominee name key

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

The same person proposed in another open dossier for the same award and year is a warning on the
dossier page; ``name_key`` (NFC, case- and whitespace-folded name) lets that be found through an
index rather than by reading every nominee of the year.
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _name_key(text: str) -> str:
    """Frozen copy of service.domain.dossiers.name_key as of this revision."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def upgrade() -> None:
    with op.batch_alter_table("nominees", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name_key", sa.String(length=400), nullable=False, server_default="")
        )
        batch_op.create_index("ix_nominees_name_key", ["name_key"], unique=False)
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, full_name FROM nominees")).all()
    for nominee_id, full_name in rows:
        conn.execute(
            sa.text("UPDATE nominees SET name_key = :k WHERE id = :id").bindparams(
                k=_name_key(full_name), id=nominee_id
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("nominees", schema=None) as batch_op:
        batch_op.drop_index("ix_nominees_name_key")
        batch_op.drop_column("name_key")
