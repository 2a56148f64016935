"""emulation clusters and blocks (cụm, khối thi đua): members, and each year's head and deputy

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04

``clusters`` holds each cluster or block: a unit runs it (``owner_org_id``; null for a national
one), ``kind`` is cum or khoi, ``scope`` province or national, ``rules`` cites its quy chế.
``cluster_members`` lists its member units in order; ``cluster_leaders`` the head (trưởng) and
deputy (phó) elected for each year.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("owner_org_id", sa.Integer(), nullable=True),
        sa.Column("rules", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_org_id"], ["org_units.id"], name="fk_clusters_owner_org_id_org_units"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_clusters"),
        sa.UniqueConstraint("code", name="uq_clusters_code"),
    )
    op.create_table(
        "cluster_members",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["clusters.id"], name="fk_cluster_members_cluster_id_clusters"
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["org_units.id"], name="fk_cluster_members_org_id_org_units"
        ),
        sa.PrimaryKeyConstraint("cluster_id", "org_id", name="pk_cluster_members"),
    )
    op.create_table(
        "cluster_leaders",
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("head_org_id", sa.Integer(), nullable=False),
        sa.Column("deputy_org_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["clusters.id"], name="fk_cluster_leaders_cluster_id_clusters"
        ),
        sa.ForeignKeyConstraint(
            ["head_org_id"], ["org_units.id"], name="fk_cluster_leaders_head_org_id_org_units"
        ),
        sa.ForeignKeyConstraint(
            ["deputy_org_id"],
            ["org_units.id"],
            name="fk_cluster_leaders_deputy_org_id_org_units",
        ),
        sa.PrimaryKeyConstraint("cluster_id", "year", name="pk_cluster_leaders"),
    )


def downgrade() -> None:
    op.drop_table("cluster_leaders")
    op.drop_table("cluster_members")
    op.drop_table("clusters")
