"""Certificates on pre-printed blanks (issue 15): each unit's print layout per award form, kept
by its admins and previewed before printing; the PDF of an issued decision's certificates, one
page per awardee still standing; and the delivery register.

Layouts are the issuing unit's own: a unit without one for a form prints with the defaults
(``certificate_layouts.default_layouts``). The records office of the issuing unit prints and
records deliveries; whoever may read the dossier reads the register.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from service.domain.certificate_deliveries import Delivery, check_delivery
from service.domain.certificate_layouts import Awardee, CertificateSheet, Layout, default_layouts
from service.domain.decisions import AwardFamily
from service.domain.dossiers import Dossier, Nominee
from service.domain.drafting import IssuedDecision
from service.domain.errors import Conflict, Forbidden, Invalid, NotFound
from service.domain.history import Event
from service.domain.orgs import OrgUnit
from service.domain.permissions import Actor, Role, require_admin_over, require_can_see
from service.domain.proposal_fields import with_period
from service.usecases.appraisal import decided
from service.usecases.decisions import decision_facts
from service.usecases.ports import CertificatePrinter, DecisionOffice, UnitOfWork

FORMS = tuple(f.value for f in AwardFamily)


@dataclass(frozen=True)
class StoredLayout:
    layout: Layout
    stored: bool  # False: the default, the unit has saved none


@dataclass(frozen=True)
class DeliveryLine:
    """One awardee of the decision in the delivery register."""

    nominee_id: int
    name: str
    revoked: bool
    delivery: Delivery | None


def _unit(uow: UnitOfWork, org_code: str, actor: Actor) -> OrgUnit:
    unit = uow.orgs.by_code(org_code)
    if unit is None:
        raise NotFound(f"Không có đơn vị '{org_code}'.")
    require_admin_over(actor, uow.orgs.chain(unit.id))
    return unit


def _form(form: str) -> str:
    if form not in FORMS:
        raise NotFound(f"Không có mẫu bằng '{form}'; các mẫu: {', '.join(FORMS)}.")
    return form


def _in_force(uow: UnitOfWork, unit_id: int, form: str) -> StoredLayout | None:
    stored = uow.certificates.layout(unit_id, form)
    if stored is not None:
        return StoredLayout(stored, True)
    default = default_layouts().get(form)
    return StoredLayout(default, False) if default else None


def layouts_of(org_code: str, *, actor: Actor, uow: UnitOfWork) -> dict[str, StoredLayout]:
    """Each form's layout in force at the unit: its own, else the default (where one exists)."""
    with uow:
        unit = _unit(uow, org_code, actor)
        found = {form: _in_force(uow, unit.id, form) for form in FORMS}
    return {form: s for form, s in found.items() if s is not None}


def layout_of(org_code: str, form: str, *, actor: Actor, uow: UnitOfWork) -> StoredLayout:
    with uow:
        unit = _unit(uow, org_code, actor)
        found = _in_force(uow, unit.id, _form(form))
    if found is None:
        raise NotFound(f"Đơn vị chưa có bố cục in cho mẫu '{form}'; quản trị viên hãy lưu một.")
    return found


def parse_layout(form: str, data: Mapping[str, object]) -> Layout:
    """The layout an admin sends for ``form``: its own "form" may be left out, not contradict."""
    given = dict(data)
    if given.setdefault("form", form) != form:
        raise Invalid("Mẫu bằng trong nội dung khác với địa chỉ.", {"form": f"phải là {form}"})
    return Layout.from_json(given)


def set_layout(
    org_code: str,
    form: str,
    data: Mapping[str, object],
    *,
    actor: Actor,
    uow: UnitOfWork,
    now: datetime,
) -> Layout:
    layout = parse_layout(_form(form), data)
    with uow:
        unit = _unit(uow, org_code, actor)
        uow.certificates.put_layout(unit.id, layout, actor.username, now)
        uow.events.append(
            Event.of(now, actor, "certificate_layout_set", org=unit, comment=f"Mẫu {form}")
        )
        uow.commit()
    return layout


def preview(
    org_code: str,
    form: str,
    data: Mapping[str, object] | None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    printer: CertificatePrinter,
) -> bytes:
    """The preview of the candidate ``data`` (not saved), else of the layout in force."""
    if data is not None:
        with uow:
            _unit(uow, org_code, actor)
        return printer.preview(parse_layout(_form(form), data))
    return printer.preview(layout_of(org_code, form, actor=actor, uow=uow).layout)


def _load(uow: UnitOfWork, decision_id: int) -> tuple[IssuedDecision, Dossier, OrgUnit]:
    d = uow.decisions.get(decision_id)
    if d is None:
        raise NotFound("Không có quyết định này.")
    return d, uow.dossiers.get(d.dossier_id), uow.orgs.get(d.issuer_org_id)


def _require_records(actor: Actor, issuer: OrgUnit) -> None:
    if Role.RECORDS not in actor.roles_at(issuer.id):
        raise Forbidden("Chỉ văn thư của đơn vị ban hành được in bằng và ghi sổ giao bằng.")


def _require_standing(d: IssuedDecision) -> None:
    if not d.counts or d.issued_on is None or d.number is None:
        raise Conflict("Chỉ in bằng và giao bằng của quyết định đã ban hành, chưa bị thu hồi.")


def _revoked_ids(d: IssuedDecision) -> set[int]:
    return {r.nominee_id for r in d.revocations if r.nominee_id is not None}


def _achievement(dossier: Dossier, n: Nominee) -> str:
    text = with_period((n.reason or dossier.reason).strip(), dossier.period)
    return text[:1].upper() + text[1:]


def certificates_pdf(
    decision_id: int,
    *,
    actor: Actor,
    uow: UnitOfWork,
    office: DecisionOffice,
    printer: CertificatePrinter,
) -> tuple[IssuedDecision, bytes]:
    """One page per awardee of the issued decision not revoked, on the issuer's layout."""
    with uow:
        d, dossier, issuer = _load(uow, decision_id)
        _require_records(actor, issuer)
        _require_standing(d)
        assert d.issued_on is not None and d.number is not None
        f = decision_facts(uow, office, dossier, issuer, d.issued_on)
        found = _in_force(uow, issuer.id, f.award.family)
        if found is None:
            raise Conflict(
                f"Đơn vị chưa có bố cục in cho mẫu '{f.award.family}'; quản trị viên hãy "
                "lưu bố cục (vị trí các trường trên phôi) trước khi in."
            )
        revoked = _revoked_ids(d)
        awardees = [
            Awardee(n.full_name, n.unit or dossier.org_name, _achievement(dossier, n))
            for n in decided(uow, dossier).nominees
            if n.id not in revoked
        ]
        sheet = CertificateSheet(awardees, d.number, d.issued_on, f.profile.place)
    return d, printer.certificates(found.layout, sheet)


def deliveries(decision_id: int, *, actor: Actor, uow: UnitOfWork) -> list[DeliveryLine]:
    """Each awardee of the decision with their delivery, if recorded."""
    with uow:
        d, dossier, _ = _load(uow, decision_id)
        require_can_see(actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted)
        held = {x.nominee_id: x for x in uow.certificates.deliveries(d.id)}
        revoked = _revoked_ids(d) if d.counts else {n.id for n in dossier.nominees if n.id}
        return [
            DeliveryLine(n.id, n.full_name, n.id in revoked, held.get(n.id))
            for n in decided(uow, dossier).nominees
            if n.id is not None
        ]


def record_delivery(
    decision_id: int,
    nominee_id: int,
    received_by: str,
    delivered_on: date,
    note: str,
    *,
    actor: Actor,
    uow: UnitOfWork,
    office: DecisionOffice,
    now: datetime,
) -> Delivery:
    with uow:
        d, dossier, issuer = _load(uow, decision_id)
        _require_records(actor, issuer)
        _require_standing(d)
        assert d.issued_on is not None
        awardees = {n.id: n for n in decided(uow, dossier).nominees}
        if nominee_id not in awardees:
            raise Invalid("Người này không được khen trong quyết định.", {"nominee_id": "sai"})
        if nominee_id in _revoked_ids(d):
            raise Conflict("Khen thưởng của người này đã bị thu hồi; không giao bằng.")
        check_delivery(received_by, delivered_on, d.issued_on, office.local_date(now))
        delivery = Delivery(
            d.id, nominee_id, received_by.strip(), delivered_on, note.strip(), actor.username, now
        )
        if not uow.certificates.add_delivery(delivery):
            raise Conflict(f"Đã ghi giao bằng cho {awardees[nominee_id].full_name}.")
        uow.events.append(
            Event.of(
                now,
                actor,
                "certificate_delivered",
                dossier=dossier,
                org=issuer,
                comment=f"Giao bằng của {awardees[nominee_id].full_name} cho "
                f"{delivery.received_by} ngày {delivered_on:%d/%m/%Y}",
            )
        )
        uow.commit()
    return delivery
