"""Decision templates per issuing unit: admins list, read and replace those of their subtree.

A template belongs to the unit it was uploaded for and prints the decisions of that unit and of
the units below it that have none (``service.domain.templates``). An admin works on their own
unit's templates unless they name another (``org``, a unit code); a unit outside their subtree is
refused (403) before the upload is even looked at. An upload is vetted (``DecisionOffice.vet``:
a safe .docx, known variables, a sample decision rendered within the budget) outside any
transaction, since vetting may take seconds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from service.domain.decisions import AwardFamily
from service.domain.errors import Invalid, NotFound
from service.domain.history import Event
from service.domain.orgs import Chain, OrgUnit, chain_ids
from service.domain.permissions import Actor, Role, require_admin, require_admin_over
from service.domain.templates import in_force
from service.usecases.decisions import current_template
from service.usecases.ports import DecisionOffice, UnitOfWork, utcnow

MAX_TEMPLATE = 5_000_000


@dataclass(frozen=True)
class TemplateInfo:
    """The template of family ``name`` that unit ``org`` issues with.

    ``source`` says where it comes from: ``uploaded`` for ``org`` itself, ``inherited`` from the
    unit ``owner`` above it, or ``stock`` (``owner`` is then None).
    """

    name: str
    source: Literal["stock", "uploaded", "inherited"]
    sha256: str
    uploaded_by: str | None
    uploaded_at: datetime | None
    org: str
    owner: str | None


def _family(name: str) -> AwardFamily:
    try:
        return AwardFamily(name)
    except ValueError:
        raise NotFound(f"Không có mẫu quyết định '{name}'.") from None


def _target(uow: UnitOfWork, actor: Actor, org_code: str | None) -> Chain:
    """The chain of the unit the admin works on: the one named, or their own; 403 outside."""
    require_admin(actor)
    if org_code is None:
        codes = sorted({g.org_code for g in actor.grants if g.role == Role.ADMIN})
        if len(codes) > 1:
            raise Invalid(
                "Bạn quản trị nhiều đơn vị; hãy chọn đơn vị của mẫu (org).",
                {"org": "Hãy chọn một trong: " + ", ".join(codes)},
            )
        org_code = codes[0]
    unit = uow.orgs.by_code(org_code)
    if unit is None:
        raise Invalid(f"Không có đơn vị '{org_code}'.", {"org": "không tồn tại"})
    chain = uow.orgs.chain(unit.id)
    require_admin_over(actor, chain)
    return chain


def list_templates(
    org_code: str | None = None, *, actor: Actor, uow: UnitOfWork, office: DecisionOffice
) -> list[TemplateInfo]:
    """Every family's template in force at the unit, and where each comes from."""
    with uow:
        chain = _target(uow, actor, org_code)
        uploads = uow.templates.uploaded(chain_ids(chain))
    unit = chain[0]
    infos = []
    for family in AwardFamily:
        upload = in_force(family.value, chain, uploads)
        if upload is None:
            stock = office.stock_template(family.value)
            infos.append(
                TemplateInfo(family.value, "stock", stock.sha256, None, None, unit.code, None)
            )
            continue
        source: Literal["uploaded", "inherited"] = (
            "uploaded" if upload.org_id == unit.id else "inherited"
        )
        infos.append(
            TemplateInfo(
                family.value,
                source,
                upload.sha256,
                upload.uploaded_by,
                upload.uploaded_at,
                unit.code,
                upload.org_code,
            )
        )
    return infos


def read_template(
    name: str,
    org_code: str | None = None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    office: DecisionOffice,
) -> bytes:
    """The bytes of the template of ``name`` the unit issues with."""
    family = _family(name)
    with uow:
        chain = _target(uow, actor, org_code)
        return current_template(uow, office, family.value, chain).content


def replace_template(
    name: str,
    content: bytes,
    org_code: str | None = None,
    *,
    actor: Actor,
    uow: UnitOfWork,
    office: DecisionOffice,
) -> TemplateInfo:
    """Vet the upload by rendering it with a full sample decision, then keep it for the unit."""
    require_admin(actor)
    family = _family(name)
    with uow:
        unit: OrgUnit = _target(uow, actor, org_code)[0]
    if not content:
        raise Invalid("Hãy chọn tệp mẫu (.docx).", {"file": "Trường này là bắt buộc."})
    if len(content) > MAX_TEMPLATE:
        raise Invalid("Tệp mẫu tối đa 5 MB.", {"file": "quá lớn"})
    office.vet(content, family)
    sha = hashlib.sha256(content).hexdigest()
    with uow:
        now = utcnow()
        uow.templates.put(family.value, unit.id, content, sha, actor.username, now)
        uow.events.append(
            Event.of(
                now,
                actor,
                "template_replaced",
                org=unit,
                comment=f"{family.value} của {unit.code} (sha256 {sha})",
            )
        )
        uow.commit()
    return TemplateInfo(family.value, "uploaded", sha, actor.username, now, unit.code, unit.code)
