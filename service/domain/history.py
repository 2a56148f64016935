"""History events: who did what to a dossier (or to the system), at which level, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: str
    action: str
    dossier_id: int | None = None
    actor_id: int | None = None
    level: str | None = None
    org_code: str | None = None
    comment: str = ""
