"""a decision's lifecycle: drafted, submitted for signature, signed, issued; signers; revocations

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04

Until now a decision was numbered and dated by the approval that ended the route, with the
approver printed as the signer (issue 15). A decision is now drafted at approval, signed by a
signer of the issuing unit and numbered by its records office (văn thư) when issued (NĐ 30
Art. 15), so number, sequence and dates are empty until then. The register a number comes from
is a column: a unit may share one register with other kinds of document. Decisions already on
the register were issued: they keep their numbers, with status 'issued' and the old counter's
scope as their register. A correcting decision is a second decision on the same dossier, so the
dossier is no longer unique. ``signers`` holds who may sign for a unit and in which capacity;
``decision_revocations`` a revocation, whole or of one awardee.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch:
        batch.add_column(
            sa.Column("status", sa.String(length=32), server_default="issued", nullable=False)
        )
        batch.add_column(
            sa.Column("register", sa.String(length=100), server_default="", nullable=False)
        )
        batch.add_column(sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True))
        for name in ("signer_username", "signer_title", "signer_capacity"):
            batch.add_column(
                sa.Column(name, sa.String(length=200), server_default="", nullable=False)
            )
        batch.add_column(
            sa.Column("signature_block", sa.JSON(), server_default="[]", nullable=False)
        )
        batch.add_column(
            sa.Column("original_kind", sa.String(length=16), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("original_key", sa.String(length=200), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("original_sha256", sa.String(length=64), server_default="", nullable=False)
        )
        batch.add_column(sa.Column("corrects_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_decisions_corrects_id_decisions"), "decisions", ["corrects_id"], ["id"]
        )
        batch.alter_column("sequence", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("number", existing_type=sa.String(length=64), nullable=True)
        batch.alter_column("issued_on", existing_type=sa.Date(), nullable=True)
        batch.alter_column("issued_at", existing_type=sa.DateTime(timezone=True), nullable=True)
        batch.drop_constraint("uq_decisions_issuer_org_id", type_="unique")
        batch.drop_constraint("uq_decisions_dossier_id", type_="unique")
        batch.create_index(batch.f("ix_decisions_dossier_id"), ["dossier_id"], unique=False)
    op.execute(
        "UPDATE decisions SET register = 'decision:' || "
        "(SELECT code FROM org_units WHERE org_units.id = decisions.issuer_org_id), "
        "drafted_at = issued_at, signed_at = issued_at"
    )
    with op.batch_alter_table("decisions", schema=None) as batch:
        batch.create_unique_constraint(
            batch.f("uq_decisions_register"), ["register", "year", "sequence"]
        )
    op.create_table(
        "signers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("capacity", sa.String(length=8), nullable=False),
        sa.Column("by_kind", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("credential", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["org_units.id"], name="fk_signers_org_id_org_units"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_signers_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_signers"),
        sa.UniqueConstraint("org_id", "user_id", name="uq_signers_org_id"),
    )
    op.create_table(
        "decision_revocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("nominee_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("revoked_by", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name="fk_decision_revocations_decision_id_decisions"
        ),
        sa.ForeignKeyConstraint(
            ["nominee_id"],
            ["nominees.id"],
            name="fk_decision_revocations_nominee_id_nominees",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_decision_revocations"),
    )
    op.create_index("ix_decision_revocations_decision_id", "decision_revocations", ["decision_id"])


def downgrade() -> None:
    op.drop_index("ix_decision_revocations_decision_id", table_name="decision_revocations")
    op.drop_table("decision_revocations")
    op.drop_table("signers")
    op.execute("DELETE FROM decisions WHERE number IS NULL")
    with op.batch_alter_table("decisions", schema=None) as batch:
        batch.drop_constraint("uq_decisions_register", type_="unique")
        batch.drop_index(batch.f("ix_decisions_dossier_id"))
        batch.create_unique_constraint("uq_decisions_dossier_id", ["dossier_id"])
        batch.create_unique_constraint(
            "uq_decisions_issuer_org_id", ["issuer_org_id", "year", "sequence"]
        )
        for name in ("sequence", "number", "issued_on", "issued_at"):
            batch.alter_column(name, nullable=False)
        batch.drop_constraint("fk_decisions_corrects_id_decisions", type_="foreignkey")
        for name in (
            "corrects_id",
            "original_sha256",
            "original_key",
            "original_kind",
            "signature_block",
            "signer_capacity",
            "signer_title",
            "signer_username",
            "signed_at",
            "submitted_at",
            "drafted_at",
            "register",
            "status",
        ):
            batch.drop_column(name)
