"""Replacing a decision template: admins only, and only with one that renders with every field."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from service.domain.decisions import AwardFamily
from service.domain.errors import Invalid, NotFound
from service.domain.history import Event
from service.domain.permissions import Actor, require_admin
from service.usecases.decisions import current_template
from service.usecases.ports import DecisionOffice, UnitOfWork, utcnow

MAX_TEMPLATE = 5_000_000


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    source: Literal["stock", "uploaded"]
    sha256: str
    uploaded_by: str | None
    uploaded_at: datetime | None


def _family(name: str) -> AwardFamily:
    try:
        return AwardFamily(name)
    except ValueError:
        raise NotFound(f"Không có mẫu quyết định '{name}'.") from None


def list_templates(*, actor: Actor, uow: UnitOfWork, office: DecisionOffice) -> list[TemplateInfo]:
    require_admin(actor)
    with uow:
        uploaded = uow.templates.uploaded()
    infos = []
    for family in AwardFamily:
        if family.value in uploaded:
            sha, by, at = uploaded[family.value]
            infos.append(TemplateInfo(family.value, "uploaded", sha, by, at))
        else:
            stock = office.stock_template(family.value)
            infos.append(TemplateInfo(family.value, "stock", stock.sha256, None, None))
    return infos


def read_template(name: str, *, actor: Actor, uow: UnitOfWork, office: DecisionOffice) -> bytes:
    require_admin(actor)
    with uow:
        return current_template(uow, office, _family(name).value).content


def replace_template(
    name: str, content: bytes, *, actor: Actor, uow: UnitOfWork, office: DecisionOffice
) -> TemplateInfo:
    """Vet the upload by rendering it with a full sample decision, then store it."""
    require_admin(actor)
    family = _family(name)
    if not content:
        raise Invalid("Hãy chọn tệp mẫu (.docx).", {"file": "Trường này là bắt buộc."})
    if len(content) > MAX_TEMPLATE:
        raise Invalid("Tệp mẫu tối đa 5 MB.", {"file": "quá lớn"})
    office.vet(content, family)
    sha = hashlib.sha256(content).hexdigest()
    with uow:
        now = utcnow()
        uow.templates.put(family.value, content, sha, actor.username, now)
        uow.events.append(
            Event.of(now, actor, "template_replaced", comment=f"{family.value} (sha256 {sha})")
        )
        uow.commit()
    return TemplateInfo(family.value, "uploaded", sha, actor.username, now)
