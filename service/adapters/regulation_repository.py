"""The province roots' regulations (quy chế) as stored: one row per root, overrides as JSON."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.adapters.tables import OrgUnitRow, RegulationRow
from service.domain.regulations import AwardOverride, Regulation, regulation_from_record


class RegulationRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, root_id: int) -> Regulation | None:
        row = self.s.get(RegulationRow, root_id)
        if row is None:
            return None
        return regulation_from_record({"name": row.name, "overrides": row.overrides})

    def all(self) -> list[tuple[str, Regulation]]:
        """Every province root's regulation, by the root's code."""
        rows = self.s.execute(
            select(OrgUnitRow.code, RegulationRow)
            .join(OrgUnitRow, OrgUnitRow.id == RegulationRow.org_id)
            .order_by(OrgUnitRow.code)
        )
        return [
            (code, regulation_from_record({"name": row.name, "overrides": row.overrides}))
            for code, row in rows
        ]

    def overrides(self, root_id: int) -> tuple[AwardOverride, ...]:
        found = self.get(root_id)
        return found.overrides if found else ()

    def put(self, root_id: int, regulation: Regulation, now: datetime) -> None:
        record = regulation.as_record()
        self.s.merge(
            RegulationRow(
                org_id=root_id, name=record["name"], overrides=record["overrides"], updated_at=now
            )
        )
