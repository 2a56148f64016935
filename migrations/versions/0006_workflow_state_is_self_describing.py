"""workflow state is self-describing: drop spec_hash and serializer_version

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

Both columns were written when a dossier started and never read. The state itself holds what they
claimed to record: SpiffWorkflow writes the process definition the dossier runs on and its
serializer's format version into it, and the engine checks that version when it loads a state
(service/adapters/workflow.py). A hash of the BPMN files as they were at the start cannot be
checked against anything: a loaded dossier runs on its own copy of the definition. And the
serializer_version column went stale as soon as a migrated state was saved again.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workflow_instances", schema=None) as batch_op:
        batch_op.drop_column("serializer_version")
        batch_op.drop_column("spec_hash")


def downgrade() -> None:
    # The files' hash at each dossier's start is gone; the serializer version is in the state.
    with op.batch_alter_table("workflow_instances", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("spec_hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("serializer_version", sa.String(length=16), nullable=False, server_default="")
        )
    conn = op.get_bind()
    for dossier_id, state in conn.execute(
        sa.text("SELECT dossier_id, state FROM workflow_instances")
    ):
        version = str(json.loads(state).get("serializer_version", ""))[:16]
        conn.execute(
            sa.text(
                "UPDATE workflow_instances SET serializer_version = :v WHERE dossier_id = :id"
            ).bindparams(v=version, id=dossier_id)
        )
