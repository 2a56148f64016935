"""Which decision template a unit issues with: its own, else the nearest ancestor's, else stock.

Templates belong to org units. An admin uploads one for their unit or a unit below it; it prints
the decisions that unit issues, and those of every unit below it that has none of its own. A
unit with no upload on its chain issues with the stock template of ``templates/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from service.domain.orgs import Chain


@dataclass(frozen=True)
class UploadedTemplate:
    """An upload on record (without its bytes): which family, for which unit, by whom."""

    name: str
    org_id: int
    org_code: str
    sha256: str
    uploaded_by: str
    uploaded_at: datetime


def in_force(
    name: str, chain: Chain, uploads: Iterable[UploadedTemplate]
) -> UploadedTemplate | None:
    """The upload of ``name`` nearest the unit along ``chain`` (the unit first), or None."""
    by_unit = {u.org_id: u for u in uploads if u.name == name}
    return next((by_unit[unit.id] for unit in chain if unit.id in by_unit), None)
