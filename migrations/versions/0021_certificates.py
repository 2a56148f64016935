"""certificates on pre-printed blanks: each unit's print layouts, and the delivery register

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04

A unit prints the Bằng khen and Giấy khen of its issued decisions on pre-printed blanks (phôi);
``certificate_layouts`` keeps, per unit and award form, where each field prints (a Layout as
JSON, millimetres from the sheet's top-left corner); a unit with none prints with the defaults.
``certificate_deliveries`` records who received each awardee's certificate, and when.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_layouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=64), nullable=False),
        sa.Column("layout", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_units.id"], name="fk_certificate_layouts_org_id_org_units"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_certificate_layouts"),
        sa.UniqueConstraint("org_id", "form", name="uq_certificate_layouts_org_id"),
    )
    op.create_table(
        "certificate_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("nominee_id", sa.Integer(), nullable=False),
        sa.Column("received_by", sa.String(length=200), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name="fk_certificate_deliveries_decision_id_decisions",
        ),
        sa.ForeignKeyConstraint(
            ["nominee_id"], ["nominees.id"], name="fk_certificate_deliveries_nominee_id_nominees"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_certificate_deliveries"),
        sa.UniqueConstraint(
            "decision_id", "nominee_id", name="uq_certificate_deliveries_decision_id"
        ),
    )


def downgrade() -> None:
    op.drop_table("certificate_deliveries")
    op.drop_table("certificate_layouts")
