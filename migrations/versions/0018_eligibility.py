"""a province's choice of block or warn per eligibility rule

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03

Eligibility rules are rulebook data (issue 14, item 3); each says whether its failure blocks
submission or only warns, and a province root may choose otherwise in its regulation (quy chế).
The choices are kept beside the regulation's overrides; None (every row written before this
revision) is no choice: the rulebook's stands.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("regulations", sa.Column("eligibility", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("regulations") as batch:
        batch.drop_column("eligibility")
