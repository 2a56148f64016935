"""org unit types and merges

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

Org units get a type besides their level (issue 12, item 4): a People's Committee, a provincial
department, the Fatherland Front or a mass organisation, a public service unit, an enterprise.
Every unit there was is a People's Committee, which is what the server default says.

A merged unit (sáp nhập, item 5) records the unit it was merged into and the day; it stays, with
its dossiers and decisions, as history.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs, no batch copy: copying org_units on SQLite would drop a table that
    # every other table references, which its enforced foreign keys refuse.
    op.add_column(
        "org_units",
        sa.Column("type", sa.String(length=32), nullable=False, server_default="people_committee"),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    merged_into = sa.Column(
        "merged_into_id",
        sa.Integer(),
        sa.ForeignKey("org_units.id", name="fk_org_units_merged_into_id_org_units"),
        nullable=True,
    )
    # SQLite takes a foreign key only inline, in the ADD COLUMN itself.
    op.add_column("org_units", merged_into, inline_references=sqlite)
    op.add_column("org_units", sa.Column("merged_on", sa.Date(), nullable=True))
    op.create_index("ix_org_units_merged_into_id", "org_units", ["merged_into_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_org_units_merged_into_id", table_name="org_units")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite (3.35 and later) drops a column that carries an inline foreign key in place;
        # a batch copy would drop org_units itself, which the other tables' keys refuse.
        for column in ("merged_on", "merged_into_id", "type"):
            op.execute(f"ALTER TABLE org_units DROP COLUMN {column}")
        return
    op.drop_constraint("fk_org_units_merged_into_id_org_units", "org_units", type_="foreignkey")
    for column in ("merged_on", "merged_into_id", "type"):
        op.drop_column("org_units", column)
