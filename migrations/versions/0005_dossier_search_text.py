"""dossier search text

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fold(text: str) -> str:
    """Frozen copy of service.domain.dossiers.fold as of this revision."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(plain.lower().split())


def upgrade() -> None:
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    names: dict[int, list[str]] = {}
    for dossier_id, full_name in conn.execute(
        sa.text("SELECT dossier_id, full_name FROM nominees ORDER BY dossier_id, position_no")
    ):
        names.setdefault(dossier_id, []).append(full_name)
    for dossier_id, code, title in conn.execute(sa.text("SELECT id, code, title FROM dossiers")):
        text = _fold(" | ".join([code, title, *names.get(dossier_id, [])]))
        conn.execute(
            sa.text("UPDATE dossiers SET search_text = :t WHERE id = :id").bindparams(
                t=text, id=dossier_id
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_column("search_text")
