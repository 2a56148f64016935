"""proposal fields a decision cites

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

A dossier records the proposer's tờ trình (number and date), the period of the achievements
(from, to) and the reason phrase for the whole list; a nominee may carry its own reason
(``service.domain.proposal_fields``). Only new nullable columns: dossiers written before this
revision have none of them, which is what a draft without them says.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
# The revision this one follows.
down_revision = "0014"
branch_labels = None
depends_on = None

# Name and type of each new column of dossiers.
_DOSSIER_COLUMNS = (
    ("proposal_number", sa.String(length=50)),
    ("proposal_date", sa.Date()),
    ("period_from", sa.Date()),
    ("period_to", sa.Date()),
    ("reason", sa.String(length=500)),
)


def upgrade() -> None:
    for name, type_ in _DOSSIER_COLUMNS:
        op.add_column("dossiers", sa.Column(name, type_, nullable=True))
    op.add_column("nominees", sa.Column("reason", sa.String(length=500), nullable=True))


def downgrade() -> None:
    op.drop_column("nominees", "reason")
    for name, _ in reversed(_DOSSIER_COLUMNS):
        op.drop_column("dossiers", name)
