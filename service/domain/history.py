"""History events: who did what to a dossier (or to the system), at which level, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from service.domain.dossiers import Dossier
from service.domain.orgs import OrgUnit
from service.domain.permissions import Actor
from service.domain.tasks import Task


@dataclass(frozen=True)
class Event:
    # The fields are what service.domain.audit.canonical hashes: keep them as they are.
    at: datetime
    actor: str
    action: str
    dossier_id: int | None = None
    actor_id: int | None = None
    level: str | None = None
    org_code: str | None = None
    comment: str = ""

    @classmethod
    def of(
        cls,
        at: datetime,
        by: Actor | str,
        action: str,
        *,
        dossier: Dossier | None = None,
        org: OrgUnit | Task | None = None,
        comment: str = "",
    ) -> Event:
        """The event of ``by`` doing ``action``.

        ``by`` is the signed-in Actor, or only a name (an operator at the server's command line,
        a user name that failed to log in). ``dossier`` is the dossier it happened to; the event
        sits at the dossier's level and unit unless ``org`` says where it was done instead: an org
        unit, or the task whose seat it was.
        """
        level, org_code = (dossier.level, dossier.org_code) if dossier else (None, None)
        if isinstance(org, OrgUnit):
            level, org_code = org.level, org.code
        elif org is not None:
            level, org_code = org.level, org.org_code
        return cls(
            at=at,
            actor=by.username if isinstance(by, Actor) else by,
            action=action,
            dossier_id=dossier.id if dossier else None,
            actor_id=by.user_id if isinstance(by, Actor) else None,
            level=level,
            org_code=org_code,
            comment=comment,
        )


@dataclass(frozen=True)
class Names:
    """Who and where by name: events record a username and a unit code, people read names.

    Someone without a full name (or a name that is no user's, e.g. a failed login) is shown by
    what the event says; so is a unit no longer known.
    """

    people: Mapping[str, str] = field(default_factory=dict)  # username -> full name
    units: Mapping[str, str] = field(default_factory=dict)  # org code -> name

    def person(self, username: str) -> str:
        return self.people.get(username) or username

    def unit(self, code: str | None) -> str:
        return (self.units.get(code) or code) if code else ""
