"""Certificates on pre-printed blanks, ready to call (``services().certificates``): layouts per
unit and form, previews, an issued decision's certificates PDF and its delivery register."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from service.container import Container
from service.domain.certificate_deliveries import Delivery
from service.domain.certificate_layouts import Layout
from service.domain.drafting import IssuedDecision
from service.domain.permissions import Actor
from service.usecases import certificates


class CertificateDesk:
    def __init__(self, container: Container) -> None:
        self.c = container

    def layouts(self, org_code: str, *, actor: Actor) -> dict[str, certificates.StoredLayout]:
        return certificates.layouts_of(org_code, actor=actor, uow=self.c.uow())

    def layout(self, org_code: str, form: str, *, actor: Actor) -> certificates.StoredLayout:
        return certificates.layout_of(org_code, form, actor=actor, uow=self.c.uow())

    def set_layout(
        self, org_code: str, form: str, data: Mapping[str, object], *, actor: Actor
    ) -> Layout:
        return certificates.set_layout(
            org_code, form, data, actor=actor, uow=self.c.uow(), now=self.c.clock()
        )

    def preview(
        self, org_code: str, form: str, data: Mapping[str, object] | None, *, actor: Actor
    ) -> bytes:
        return certificates.preview(
            org_code, form, data, actor=actor, uow=self.c.uow(), printer=self.c.printer
        )

    def certificates_pdf(self, decision_id: int, *, actor: Actor) -> tuple[IssuedDecision, bytes]:
        return certificates.certificates_pdf(
            decision_id, actor=actor, uow=self.c.uow(), office=self.c.office, printer=self.c.printer
        )

    def deliveries(self, decision_id: int, *, actor: Actor) -> list[certificates.DeliveryLine]:
        return certificates.deliveries(decision_id, actor=actor, uow=self.c.uow())

    def record_delivery(
        self,
        decision_id: int,
        nominee_id: int,
        received_by: str,
        delivered_on: date,
        note: str,
        *,
        actor: Actor,
    ) -> Delivery:
        return certificates.record_delivery(
            decision_id,
            nominee_id,
            received_by,
            delivered_on,
            note,
            actor=actor,
            uow=self.c.uow(),
            office=self.c.office,
            now=self.c.clock(),
        )
