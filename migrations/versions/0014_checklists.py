"""checklists: the part an attachment is, and simplified dossiers

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

The checklist of each award is rulebook data (``checklists`` in service/catalog/rulebooks), read at
run time, so it needs no table. An attachment's ``kind`` already holds free strings of up to 32
characters, which fits every checklist kind; it gains ``nominee_id``, the nominee a per-nominee
part (an achievement report) is filed for, null for a part of the whole dossier and for every row
from before. A dossier gains ``simplified_reason``: set when the clerk sends a simplified dossier
(NĐ 152 Art. 33(8)), null for a full one, as every dossier before this revision was.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("attachments", sa.Column("nominee_id", sa.Integer(), nullable=True))
    op.add_column("dossiers", sa.Column("simplified_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("dossiers", "simplified_reason")
    op.drop_column("attachments", "nominee_id")
