"""a correcting decision keeps what it corrects: the reason, the legal basis, the items

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04

A correction (đính chính) is a row of ``decisions`` whose ``corrects_id`` names the decision it
corrects; ``correction`` holds its content as JSON ({"reason", "legal_basis", "items": [{"where",
"was", "now"}]}) so that its document can be rendered again when the records office numbers it.
Null on every other decision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("correction", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("correction")
