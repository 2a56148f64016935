"""rulebook per province root

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

One installation may serve a three-tier province and a two-tier one: each province root records
the rulebook it follows (``org_units.rulebook``; null = the installation's ``KT_RULEBOOK``, which
every root created before this revision followed), and awards are read per rulebook from
``rulebook_awards`` (primary key rulebook, code): CSTĐCS is the district's in one rulebook and the
commune's in the other. ``awards`` keeps one row per code so that ``dossiers.award_code`` still
names a known award without rebuilding ``awards`` and ``dossiers`` (SQLite cannot copy a table
other tables reference while foreign keys are on). A regulation carries a version that a writer
echoes, so that of two concurrent edits the second is refused instead of silently lost.

Only new tables and columns; the awards already loaded are copied into ``rulebook_awards`` under
the installation's rulebook (``KT_RULEBOOK`` as the service reads it), so nothing changes before
``catalog load``.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# Frozen copy of the service's default as of this revision (service/settings.py).
DEFAULT_RULEBOOK = "three_tier_nd98"

_COLUMNS = (
    "code",
    "name",
    "kinds",
    "kind_factors",
    "level",
    "family",
    "prize_multiple",
    "verb",
    "decision_title",
    "alias_of",
    "proposes_only",
    "decided_by",
    "valid_from",
    "valid_to",
)


def upgrade() -> None:
    op.add_column("org_units", sa.Column("rulebook", sa.String(length=64), nullable=True))
    op.add_column(
        "regulations",
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
    )
    op.create_table(
        "rulebook_awards",
        sa.Column("rulebook", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kinds", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("kind_factors", sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("prize_multiple", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("verb", sa.String(length=32), nullable=False),
        sa.Column("decision_title", sa.String(length=300), nullable=False),
        sa.Column("alias_of", sa.String(length=32), nullable=True),
        sa.Column("proposes_only", sa.Boolean(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["code"], ["awards.code"], name="fk_rulebook_awards_code_awards"),
        sa.ForeignKeyConstraint(["level"], ["levels.code"], name="fk_rulebook_awards_level_levels"),
        sa.PrimaryKeyConstraint("rulebook", "code", name="pk_rulebook_awards"),
    )
    rulebook = os.environ.get("KT_RULEBOOK") or DEFAULT_RULEBOOK
    columns = ", ".join(_COLUMNS)
    op.get_bind().execute(
        sa.text(
            f"INSERT INTO rulebook_awards (rulebook, {columns}) "
            f"SELECT :rulebook, {columns} FROM awards"
        ).bindparams(rulebook=rulebook)
    )


def downgrade() -> None:
    op.drop_table("rulebook_awards")
    op.drop_column("regulations", "version")
    op.drop_column("org_units", "rulebook")
