"""decision templates belong to org units

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

An uploaded template used to replace the stock one for every unit, whoever uploaded it: a district
admin changed what the province issued. Now each upload belongs to one unit (the key is the
family and the unit) and prints the decisions of that unit and of the units below it that have
none of their own.

What was uploaded before applied to everyone, so it becomes the template of the root unit (of
each root, should there be several), which is where everyone falls back to. With no org unit at
all, no decision could have been issued, and the rows are dropped.

Downgrading keeps only the root units' uploads (the first root's, should there be several): the
older schema has one template per family, for everyone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# A handful of rows at most (one per award family and unit), so they are carried over in memory:
# the table is dropped and created again, which is the same on SQLite and PostgreSQL.


def _rows(conn: sa.Connection, org_id: int | None = None) -> list[dict[str, object]]:
    # Typed columns, so that SQLite's stored text comes back as datetimes and bytes.
    old = sa.table("decision_templates", *(sa.column(c.name, c.type) for c in _columns()))
    query = sa.select(*old.c)
    if org_id is not None:
        query = query.where(sa.column("org_id") == org_id)
    return [dict(row._mapping) for row in conn.execute(query)]


def _columns() -> list[sa.Column]:
    return [
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _roots(conn: sa.Connection) -> list[int]:
    query = sa.text("SELECT id FROM org_units WHERE parent_id IS NULL ORDER BY id")
    return [row[0] for row in conn.execute(query)]


def upgrade() -> None:
    conn = op.get_bind()
    rows, roots = _rows(conn), _roots(conn)
    op.drop_table("decision_templates")
    table = op.create_table(
        "decision_templates",
        *_columns(),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_units.id"], name=op.f("fk_decision_templates_org_id_org_units")
        ),
        sa.PrimaryKeyConstraint("name", "org_id", name=op.f("pk_decision_templates")),
    )
    copies = [row | {"org_id": root} for root in roots for row in rows]
    if copies:
        op.bulk_insert(table, copies)


def downgrade() -> None:
    conn = op.get_bind()
    roots = _roots(conn)
    rows = _rows(conn, roots[0]) if roots else []
    op.drop_table("decision_templates")
    table = op.create_table(
        "decision_templates",
        *_columns(),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_decision_templates")),
    )
    if rows:
        op.bulk_insert(table, rows)
