"""appraisal and council vote at the deciding level

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

The deciding level's commendation office appraises each nominee and, where the rulebook says the
award needs it, its Council of Emulation and Commendation votes (issue 13): ``nominee_results``
holds each nominee's result (computed, never typed) with the votes and share it rests on,
``council_meetings`` the meeting as the secretary entered it with the rule as applied, and
``appraisals`` who appraised at which level with the office's own tờ trình. Only new tables:
a dossier with no row here was never appraised (one approved before this revision).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nominee_results",
        sa.Column("nominee_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("moved_to", sa.String(length=300), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("share", sa.Numeric(precision=5, scale=4), nullable=True),
        sa.ForeignKeyConstraint(
            ["nominee_id"],
            ["nominees.id"],
            name="fk_nominee_results_nominee_id_nominees",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name="fk_nominee_results_dossier_id_dossiers"
        ),
        sa.PrimaryKeyConstraint("nominee_id", name="pk_nominee_results"),
    )
    op.create_index("ix_nominee_results_dossier_id", "nominee_results", ["dossier_id"])
    op.create_table(
        "council_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("members_total", sa.Integer(), nullable=False),
        sa.Column("members_present", sa.Integer(), nullable=False),
        sa.Column("secret_ballot", sa.Boolean(), nullable=False),
        sa.Column("threshold", sa.Numeric(precision=5, scale=4), nullable=False),
        sa.Column("base", sa.String(length=16), nullable=False),
        sa.Column("basis", sa.String(length=300), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name="fk_council_meetings_dossier_id_dossiers"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name="fk_council_meetings_recorded_by_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_council_meetings"),
    )
    op.create_index("ix_council_meetings_dossier_id", "council_meetings", ["dossier_id"])
    op.create_table(
        "appraisals",
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("submission_number", sa.String(length=64), nullable=False),
        sa.Column("submission_date", sa.Date(), nullable=True),
        sa.Column("appraised_by", sa.Integer(), nullable=False),
        sa.Column("appraised_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name="fk_appraisals_dossier_id_dossiers"
        ),
        sa.ForeignKeyConstraint(
            ["appraised_by"], ["users.id"], name="fk_appraisals_appraised_by_users"
        ),
        sa.PrimaryKeyConstraint("dossier_id", name="pk_appraisals"),
    )


def downgrade() -> None:
    op.drop_table("appraisals")
    op.drop_index("ix_council_meetings_dossier_id", table_name="council_meetings")
    op.drop_table("council_meetings")
    op.drop_index("ix_nominee_results_dossier_id", table_name="nominee_results")
    op.drop_table("nominee_results")
