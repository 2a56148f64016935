"""The decision register and the decision templates units uploaded."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.adapters.tables import (
    CentralDecisionRow,
    DecisionRow,
    DossierRow,
    OrgUnitRow,
    TemplateRow,
)
from service.domain.drafting import IssuedDecision
from service.domain.proposals import CentralDecision, CentralOutcome
from service.domain.templates import UploadedTemplate


def _decision(row: DecisionRow) -> IssuedDecision:
    return IssuedDecision(
        id=row.id,
        dossier_id=row.dossier_id,
        issuer_org_id=row.issuer_org_id,
        issuer_org_code=row.issuer_org.code,
        issuer=row.issuer,
        year=row.year,
        sequence=row.sequence,
        number=row.number,
        issued_on=row.issued_on,
        issued_at=row.issued_at,
        signer=row.signer,
        sha256=row.sha256,
        size=row.size,
        object_key=row.object_key,
        template=row.template,
        template_sha256=row.template_sha256,
    )


class DecisionRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, d: IssuedDecision) -> None:
        self.s.add(
            DecisionRow(
                dossier_id=d.dossier_id,
                issuer_org_id=d.issuer_org_id,
                issuer=d.issuer,
                year=d.year,
                sequence=d.sequence,
                number=d.number,
                issued_on=d.issued_on,
                issued_at=d.issued_at,
                signer=d.signer,
                sha256=d.sha256,
                size=d.size,
                object_key=d.object_key,
                template=d.template,
                template_sha256=d.template_sha256,
            )
        )
        self.s.flush()

    def for_dossier(self, dossier_id: int) -> IssuedDecision | None:
        row = self.s.scalar(select(DecisionRow).where(DecisionRow.dossier_id == dossier_id))
        return _decision(row) if row else None

    def known_keys(self) -> set[str]:
        return set(self.s.scalars(select(DecisionRow.object_key)))

    def add_central(self, c: CentralDecision) -> None:
        """Keep the decision taken above on a proposed dossier; a second one for the same
        dossier fails at flush (its primary key), so two recorders cannot both win."""
        self.s.add(
            CentralDecisionRow(
                dossier_id=c.dossier_id,
                outcome=c.outcome.value,
                number=c.number,
                signed_on=c.signed_on,
                authority=c.authority,
                note=c.note,
                recorded_by=c.recorded_by,
                recorded_at=c.recorded_at,
            )
        )
        self.s.flush()

    def central_for(self, dossier_id: int) -> CentralDecision | None:
        row = self.s.get(CentralDecisionRow, dossier_id)
        if row is None:
            return None
        return CentralDecision(
            row.dossier_id,
            CentralOutcome(row.outcome),
            row.number,
            row.signed_on,
            row.authority,
            row.note,
            row.recorded_by,
            row.recorded_at,
        )

    def register(
        self, dossier_orgs: set[int], issuer_code: str | None, year: int | None
    ) -> list[IssuedDecision]:
        stmt = (
            select(DecisionRow)
            .join(DossierRow, DossierRow.id == DecisionRow.dossier_id)
            .where(DossierRow.org_id.in_(dossier_orgs))
        )
        if issuer_code is not None:
            stmt = stmt.join(OrgUnitRow, OrgUnitRow.id == DecisionRow.issuer_org_id).where(
                OrgUnitRow.code == issuer_code
            )
        if year is not None:
            stmt = stmt.where(DecisionRow.year == year)
        rows = self.s.scalars(
            stmt.order_by(DecisionRow.issuer_org_id, DecisionRow.year, DecisionRow.sequence)
        )
        return [_decision(r) for r in rows]


class TemplateRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def get(self, name: str, org_id: int) -> tuple[bytes, str] | None:
        """The bytes and SHA-256 of the template ``org_id`` uploaded for ``name``, if any."""
        row = self.s.get(TemplateRow, (name, org_id))
        return (row.content, row.sha256) if row else None

    def put(
        self, name: str, org_id: int, content: bytes, sha256: str, by: str, at: datetime
    ) -> None:
        self.s.merge(
            TemplateRow(
                name=name,
                org_id=org_id,
                content=content,
                sha256=sha256,
                uploaded_by=by,
                uploaded_at=at,
            )
        )

    def uploaded(self, org_ids: Collection[int]) -> list[UploadedTemplate]:
        """What the given units uploaded, without the bytes."""
        if not org_ids:
            return []
        rows = self.s.execute(
            select(
                TemplateRow.name,
                TemplateRow.org_id,
                OrgUnitRow.code,
                TemplateRow.sha256,
                TemplateRow.uploaded_by,
                TemplateRow.uploaded_at,
            )
            .join(OrgUnitRow, OrgUnitRow.id == TemplateRow.org_id)
            .where(TemplateRow.org_id.in_(org_ids))
            .order_by(TemplateRow.name, TemplateRow.org_id)
        )
        return [UploadedTemplate(*row) for row in rows]
