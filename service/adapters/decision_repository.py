"""The decision register and the decision templates units uploaded."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.adapters.tables import (
    CentralDecisionRow,
    DecisionRevocationRow,
    DecisionRow,
    DossierRow,
    OrgUnitRow,
    TemplateRow,
)
from service.domain.corrections import Correction
from service.domain.drafting import IssuedDecision, Revocation
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
        status=row.status,
        register=row.register,
        drafted_at=row.drafted_at,
        submitted_at=row.submitted_at,
        signed_at=row.signed_at,
        signer_username=row.signer_username,
        signer_title=row.signer_title,
        signer_capacity=row.signer_capacity,
        signature_block=tuple(row.signature_block or ()),
        original_kind=row.original_kind,
        original_key=row.original_key,
        original_sha256=row.original_sha256,
        corrects_id=row.corrects_id,
        correction=Correction.from_json(row.correction) if row.correction else None,
        corrected_by=tuple(c.id for c in row.corrections),
        revocations=tuple(
            Revocation(r.nominee_id, r.reason, r.legal_basis, r.revoked_by, r.revoked_at)
            for r in row.revocations
        ),
    )


# What ``move`` writes: everything a step may change, never the decision's identity.
_MOVABLE = (
    "status",
    "sequence",
    "number",
    "issued_on",
    "issued_at",
    "signer",
    "sha256",
    "size",
    "object_key",
    "template",
    "template_sha256",
    "submitted_at",
    "signed_at",
    "signer_username",
    "signer_title",
    "signer_capacity",
    "original_kind",
    "original_key",
    "original_sha256",
)


class DecisionRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, d: IssuedDecision) -> int:
        row = DecisionRow(
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
            status=d.status,
            register=d.register,
            drafted_at=d.drafted_at,
            signature_block=list(d.signature_block),
            corrects_id=d.corrects_id,
            correction=d.correction.as_json() if d.correction else None,
            submitted_at=d.submitted_at,
            signed_at=d.signed_at,
            signer_username=d.signer_username,
            signer_title=d.signer_title,
            signer_capacity=d.signer_capacity,
        )
        self.s.add(row)
        self.s.flush()
        return row.id

    def for_dossier(self, dossier_id: int) -> IssuedDecision | None:
        """The dossier's decision (the one its awards come from; corrections name it)."""
        row = self.s.scalar(
            select(DecisionRow).where(
                DecisionRow.dossier_id == dossier_id, DecisionRow.corrects_id.is_(None)
            )
        )
        return _decision(row) if row else None

    def corrections_of(self, decision_id: int) -> list[IssuedDecision]:
        """The decisions correcting ``decision_id``, oldest first."""
        rows = self.s.scalars(
            select(DecisionRow)
            .where(DecisionRow.corrects_id == decision_id)
            .order_by(DecisionRow.id)
        )
        return [_decision(r) for r in rows]

    def get(self, decision_id: int) -> IssuedDecision | None:
        row = self.s.get(DecisionRow, decision_id)
        return _decision(row) if row else None

    def move(self, d: IssuedDecision, from_status: str) -> bool:
        """Write ``d`` over the stored decision if it is still ``from_status``: of two people
        moving one decision at once, the second finds it moved and writes nothing."""
        values = {name: getattr(d, name) for name in _MOVABLE}
        values["signature_block"] = list(d.signature_block)
        done = self.s.execute(
            update(DecisionRow)
            .where(DecisionRow.id == d.id, DecisionRow.status == from_status)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        self.s.expire_all()
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def number_taken(self, register: str, year: int, sequence: int) -> bool:
        found = self.s.scalar(
            select(DecisionRow.id).where(
                DecisionRow.register == register,
                DecisionRow.year == year,
                DecisionRow.sequence == sequence,
            )
        )
        return found is not None

    def add_revocation(self, decision_id: int, r: Revocation) -> None:
        self.s.add(
            DecisionRevocationRow(
                decision_id=decision_id,
                nominee_id=r.nominee_id,
                reason=r.reason,
                legal_basis=r.legal_basis,
                revoked_by=r.revoked_by,
                revoked_at=r.revoked_at,
            )
        )
        self.s.flush()

    def known_keys(self) -> set[str]:
        """Every stored file a decision references: its rendering and its original."""
        rows = self.s.execute(select(DecisionRow.object_key, DecisionRow.original_key))
        return {key for row in rows for key in row if key}

    def set_original(self, d: IssuedDecision) -> bool:
        """Write ``d``'s original only where none is recorded: of two people recording one at
        once, the second writes nothing."""
        done = self.s.execute(
            update(DecisionRow)
            .where(DecisionRow.id == d.id, DecisionRow.original_kind == "")
            .values(
                original_kind=d.original_kind,
                original_key=d.original_key,
                original_sha256=d.original_sha256,
            )
            .execution_options(synchronize_session=False)
        )
        self.s.expire_all()
        return bool(done.rowcount)  # type: ignore[attr-defined]

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
            stmt.order_by(
                DecisionRow.issuer_org_id,
                DecisionRow.year,
                DecisionRow.sequence.is_(None),
                DecisionRow.sequence,
                DecisionRow.id,
            )
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
