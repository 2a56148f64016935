"""state awards the province only proposes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

Issue 12, item 3: Bằng khen Thủ tướng, Huân chương Lao động, Cờ thi đua Chính phủ and CSTĐ toàn
quốc are decided above the province. An award names who decides it (``decided_by``); a dossier
for one ends at the province with status "proposed", and the central decision, when it comes
back, is kept in ``central_decisions`` (one per dossier).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("awards", sa.Column("decided_by", sa.String(length=200), nullable=True))
    op.create_table(
        "central_decisions",
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("authority", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name="fk_central_decisions_dossier_id_dossiers"
        ),
        sa.PrimaryKeyConstraint("dossier_id", name="pk_central_decisions"),
    )


def downgrade() -> None:
    op.drop_table("central_decisions")
    op.drop_column("awards", "decided_by")
