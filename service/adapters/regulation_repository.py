"""The province roots' regulations (quy chế) as stored: one row per root, overrides as JSON."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.adapters.tables import OrgUnitRow, RegulationRow
from service.domain.errors import Conflict
from service.domain.regulations import AwardOverride, Regulation, regulation_from_record

STALE = (
    "Quy chế vừa được người khác sửa (phiên bản {found}, bạn sửa từ phiên bản {expected}); "
    "hãy tải lại quy chế và sửa lại."
)


def _regulation(row: RegulationRow) -> Regulation:
    record = {"name": row.name, "overrides": row.overrides, "eligibility": row.eligibility}
    read = regulation_from_record(record)
    return replace(read, version=row.version)


class RegulationRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, root_id: int) -> Regulation | None:
        row = self.s.get(RegulationRow, root_id)
        return None if row is None else _regulation(row)

    def all(self) -> list[tuple[str, Regulation]]:
        """Every province root's regulation, by the root's code."""
        rows = self.s.execute(
            select(OrgUnitRow.code, RegulationRow)
            .join(OrgUnitRow, OrgUnitRow.id == RegulationRow.org_id)
            .order_by(OrgUnitRow.code)
        )
        return [(code, _regulation(row)) for code, row in rows]

    def overrides(self, root_id: int) -> tuple[AwardOverride, ...]:
        found = self.get(root_id)
        return found.overrides if found else ()

    def put(
        self, root_id: int, regulation: Regulation, now: datetime, expected: int | None = None
    ) -> Regulation:
        """Write the root's regulation, one version up; ``expected`` (the version the writer
        read, 0 for none) must still be the stored one, else Conflict. The compare and the write
        are one UPDATE, so of two writers that read the same version only one gets through."""
        record = regulation.as_record()
        values = {
            "name": record["name"],
            "overrides": record["overrides"],
            "eligibility": record["eligibility"],
            "updated_at": now,
        }
        current = self.s.scalar(
            select(RegulationRow.version).where(RegulationRow.org_id == root_id)
        )
        if current is None:
            if expected not in (None, 0):
                raise Conflict(STALE.format(found=0, expected=expected))
            self.s.add(RegulationRow(org_id=root_id, version=1, **values))
            self.s.flush()
            return replace(regulation, version=1)
        if expected is not None and expected != current:
            raise Conflict(STALE.format(found=current, expected=expected))
        done = self.s.execute(
            update(RegulationRow)
            .where(RegulationRow.org_id == root_id, RegulationRow.version == current)
            .values(version=current + 1, **values)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict(STALE.format(found=current + 1, expected=current))
        self.s.expire_all()
        return replace(regulation, version=current + 1)
