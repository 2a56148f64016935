"""pairs of registry entries an admin said are different people

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03

Likely duplicates in the registry (same folded name and date of birth, or same name and unit
with a date missing) are proposed to an admin, who merges them or says they are two people
(issue 14). ``person_distinct_pairs`` remembers the second answer, so the pair is not proposed
again; a pair is stored once, smaller id first.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_distinct_pairs",
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_id"], ["people.id"], name="fk_person_distinct_pairs_first_id_people"
        ),
        sa.ForeignKeyConstraint(
            ["second_id"], ["people.id"], name="fk_person_distinct_pairs_second_id_people"
        ),
        sa.PrimaryKeyConstraint("first_id", "second_id", name="pk_person_distinct_pairs"),
    )


def downgrade() -> None:
    op.drop_table("person_distinct_pairs")
