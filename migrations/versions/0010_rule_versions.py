"""rule versions: dated awards, provinces' regulations, dossiers pinned to their rules

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

A rule that changes on a date applies to dossiers created from that date (NĐ 152 Art. 60(3)), so
a dossier now records the rulebook and the day whose rule versions it follows; awards carry the
dates they are in force; a province root may hold its own regulation (quy chế) of dated
overrides. New tables and nullable columns only.

A dossier created before this revision is pinned to the installation's rulebook (``KT_RULEBOOK``,
as the service reads it) and to its creation day where decisions are dated (``KT_TIMEZONE``):
the rules it was created under. Awards keep null dates (open) until ``catalog load`` or a start
reloads them from the rulebook.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Frozen copies of the service's defaults as of this revision (service/settings.py).
DEFAULT_RULEBOOK = "three_tier_nd98"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def upgrade() -> None:
    op.create_table(
        "regulations",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_units.id"], name="fk_regulations_org_id_org_units"
        ),
        sa.PrimaryKeyConstraint("org_id", name="pk_regulations"),
    )
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proposes_only", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_to", sa.Date(), nullable=True))
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rulebook", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("rules_on", sa.Date(), nullable=True))
    _pin_existing_dossiers(op.get_bind())


def _pin_existing_dossiers(conn: sa.Connection) -> None:
    rulebook = os.environ.get("KT_RULEBOOK") or DEFAULT_RULEBOOK
    zone = ZoneInfo(os.environ.get("KT_TIMEZONE") or DEFAULT_TIMEZONE)
    dossiers = sa.table(
        "dossiers",
        sa.column("id", sa.Integer()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("rulebook", sa.String()),
        sa.column("rules_on", sa.Date()),
    )
    for dossier_id, created_at in conn.execute(sa.select(dossiers.c.id, dossiers.c.created_at)):
        conn.execute(
            dossiers.update()
            .where(dossiers.c.id == dossier_id)
            .values(rulebook=rulebook, rules_on=_local_day(created_at, zone))
        )


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    # SQLite gives back the UTC timestamp without its zone.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).date()


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of these tables would trip the foreign keys
    # that point at them.
    for table, column in (
        ("dossiers", "rules_on"),
        ("dossiers", "rulebook"),
        ("awards", "valid_to"),
        ("awards", "valid_from"),
        ("awards", "proposes_only"),
    ):
        op.drop_column(table, column)
    op.drop_table("regulations")
