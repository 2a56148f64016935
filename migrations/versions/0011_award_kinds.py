"""award kinds

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

One form of award, one award, whoever it goes to (issue 12, item 3): an award takes a set of
nominee kinds (individual, collective, household) with a prize factor per kind, instead of one
``kind``; and the old codes of the per-kind split (BK_TINH_CN, BK_TINH_TT) stay as rows that
name the award they stand for (``alias_of``), so dossiers filed under them keep their award.
Only the awards table changes: nominees.kind (String(16)) already holds "household".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_awards = sa.table(
    "awards",
    sa.column("code", sa.String),
    sa.column("family", sa.String),
    sa.column("kind", sa.String),
    sa.column("kinds", sa.JSON),
    sa.column("kind_factors", sa.JSON),
)


# Columns are added and dropped in place (SQLite >= 3.35 drops natively), never by copying the
# table: dossiers reference awards, and SQLite refuses to drop a referenced table's copy.
_EMPTY_LIST, _EMPTY_MAP = sa.text("'[]'"), sa.text("'{}'")
_DOUBLED_FAMILIES = ("bang_khen", "giay_khen")


def upgrade() -> None:
    op.add_column(
        "awards", sa.Column("kinds", sa.JSON(), nullable=False, server_default=_EMPTY_LIST)
    )
    op.add_column(
        "awards", sa.Column("kind_factors", sa.JSON(), nullable=False, server_default=_EMPTY_MAP)
    )
    op.add_column("awards", sa.Column("alias_of", sa.String(length=32), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.select(_awards.c.code, _awards.c.kind, _awards.c.family)).all()
    for code, kind, family in rows:
        # Frozen copy of the rule the code applied until this revision (a collective's Bằng
        # khen or Giấy khen is doubled, NĐ 152 Art. 54(2)), so prizes do not change before
        # `catalog load` writes the rulebook's factors.
        doubled = kind == "collective" and family in _DOUBLED_FAMILIES
        factors = {"collective": "2"} if doubled else {}
        conn.execute(
            _awards.update()
            .where(_awards.c.code == code)
            .values(kinds=[kind], kind_factors=factors)
        )
    op.drop_column("awards", "kind")


def downgrade() -> None:
    op.add_column(
        "awards",
        sa.Column("kind", sa.String(length=16), nullable=False, server_default="individual"),
    )
    conn = op.get_bind()
    for code, kinds in conn.execute(sa.select(_awards.c.code, _awards.c.kinds)).all():
        # One kind per award before: a mixed award keeps its first (collectives come first).
        conn.execute(_awards.update().where(_awards.c.code == code).values(kind=kinds[0]))
    op.drop_column("awards", "alias_of")
    op.drop_column("awards", "kind_factors")
    op.drop_column("awards", "kinds")
