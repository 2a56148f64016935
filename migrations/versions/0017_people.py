"""the registry of people and collectives with their history

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03

A nominee used to be a line of free text in one dossier (issue 14). ``people`` holds each
individual or collective once, with a stable id; ``person_postings`` their positions and units
over time; ``person_awards`` the awards they have (issued by a decision here, or imported from
before: paper decisions, other systems, abolished districts); ``person_ratings`` the yearly duty
ratings; ``person_initiatives`` the initiatives with the scope at which they were recognised;
``person_holds`` the disciplinary, inspection and complaint holds. ``nominees.person_id`` links
a nominee to its entry; nominees from before stay unlinked until someone links them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.Constraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=f"fk_{table}_{column}_{target}",
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("name_fold", sa.String(length=200), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=8), nullable=True),
        sa.Column("ethnicity", sa.String(length=50), nullable=False),
        sa.Column("identity_number", sa.String(length=20), nullable=True),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("members_count", sa.Integer(), nullable=True),
        sa.Column("women_count", sa.Integer(), nullable=True),
        sa.Column("member_of_id", sa.Integer(), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk("people", "org_id", "org_units"),
        _fk("people", "member_of_id", "people"),
        _fk("people", "merged_into_id", "people"),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
        sa.UniqueConstraint("identity_number", name="uq_people_identity_number"),
    )
    for column in ("name_fold", "org_id", "member_of_id", "merged_into_id"):
        op.create_index(f"ix_people_{column}", "people", [column])
    op.create_table(
        "person_postings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        _fk("person_postings", "person_id", "people"),
        _fk("person_postings", "org_id", "org_units"),
        sa.PrimaryKeyConstraint("id", name="pk_person_postings"),
    )
    op.create_index("ix_person_postings_person_id", "person_postings", ["person_id"])
    op.create_table(
        "person_awards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("award_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("decision_number", sa.String(length=64), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=True),
        sa.Column("period_to", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("nominee_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("person_awards", "person_id", "people"),
        sa.ForeignKeyConstraint(
            ["award_code"], ["awards.code"], name="fk_person_awards_award_code_awards"
        ),
        _fk("person_awards", "decision_id", "decisions"),
        _fk("person_awards", "nominee_id", "nominees", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_person_awards"),
        sa.UniqueConstraint("nominee_id", name="uq_person_awards_nominee_id"),
    )
    op.create_index("ix_person_awards_person_id", "person_awards", ["person_id"])
    op.create_index("ix_person_awards_decision_id", "person_awards", ["decision_id"])
    op.create_table(
        "person_ratings",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=16), nullable=False),
        _fk("person_ratings", "person_id", "people"),
        sa.PrimaryKeyConstraint("person_id", "year", name="pk_person_ratings"),
    )
    op.create_table(
        "person_initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("recognised_on", sa.Date(), nullable=False),
        sa.Column("deciding_body", sa.String(length=300), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        _fk("person_initiatives", "person_id", "people"),
        sa.PrimaryKeyConstraint("id", name="pk_person_initiatives"),
    )
    op.create_index("ix_person_initiatives_person_id", "person_initiatives", ["person_id"])
    op.create_table(
        "person_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        _fk("person_holds", "person_id", "people"),
        sa.PrimaryKeyConstraint("id", name="pk_person_holds"),
    )
    op.create_index("ix_person_holds_person_id", "person_holds", ["person_id"])
    with op.batch_alter_table("nominees") as batch:
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_nominees_person_id_people", "people", ["person_id"], ["id"])
        batch.create_index("ix_nominees_person_id", ["person_id"])


def downgrade() -> None:
    with op.batch_alter_table("nominees") as batch:
        batch.drop_index("ix_nominees_person_id")
        batch.drop_constraint("fk_nominees_person_id_people", type_="foreignkey")
        batch.drop_column("person_id")
    for table in (
        "person_holds",
        "person_initiatives",
        "person_ratings",
        "person_awards",
        "person_postings",
        "people",
    ):
        op.drop_table(table)
