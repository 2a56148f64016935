"""Each unit's certificate print layouts (``certificate_layouts``) and the delivery register
(``certificate_deliveries``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.adapters.tables import CertificateDeliveryRow, CertificateLayoutRow
from service.domain.certificate_deliveries import Delivery
from service.domain.certificate_layouts import Layout


class CertificateRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def layout(self, org_id: int, form: str) -> Layout | None:
        row = self.s.scalar(
            select(CertificateLayoutRow).where(
                CertificateLayoutRow.org_id == org_id, CertificateLayoutRow.form == form
            )
        )
        return Layout.from_json(row.layout) if row else None

    def layouts(self, org_id: int) -> dict[str, Layout]:
        rows = self.s.scalars(
            select(CertificateLayoutRow).where(CertificateLayoutRow.org_id == org_id)
        )
        return {r.form: Layout.from_json(r.layout) for r in rows}

    def put_layout(self, org_id: int, layout: Layout, by: str, at: datetime) -> None:
        row = self.s.scalar(
            select(CertificateLayoutRow).where(
                CertificateLayoutRow.org_id == org_id, CertificateLayoutRow.form == layout.form
            )
        )
        if row is None:
            row = CertificateLayoutRow(org_id=org_id, form=layout.form)
            self.s.add(row)
        row.layout, row.updated_by, row.updated_at = layout.to_json(), by, at
        self.s.flush()

    def deliveries(self, decision_id: int) -> list[Delivery]:
        rows = self.s.scalars(
            select(CertificateDeliveryRow)
            .where(CertificateDeliveryRow.decision_id == decision_id)
            .order_by(CertificateDeliveryRow.id)
        )
        return [
            Delivery(
                r.decision_id,
                r.nominee_id,
                r.received_by,
                r.delivered_on,
                r.note,
                r.recorded_by,
                r.recorded_at,
            )
            for r in rows
        ]

    def add_delivery(self, delivery: Delivery) -> bool:
        # Two clerks recording the same delivery at once both pass this check; the unique
        # (decision, nominee) constraint then fails the later commit, which says Conflict.
        held = self.s.scalar(
            select(CertificateDeliveryRow.id).where(
                CertificateDeliveryRow.decision_id == delivery.decision_id,
                CertificateDeliveryRow.nominee_id == delivery.nominee_id,
            )
        )
        if held is not None:
            return False
        self.s.add(
            CertificateDeliveryRow(
                decision_id=delivery.decision_id,
                nominee_id=delivery.nominee_id,
                received_by=delivery.received_by,
                delivered_on=delivery.delivered_on,
                note=delivery.note,
                recorded_by=delivery.recorded_by,
                recorded_at=delivery.recorded_at,
            )
        )
        self.s.flush()
        return True
