"""The demo world's registry entries (``people`` in ``service/catalog/demo_dossiers.json``).

Each entry is added and given its history by its unit's demo clerk through the ordinary use
cases (``usecases.people``), one transaction and one audit event per step, as the clerk's own
clicks would. Dates are counted back from the seeding day, so the demo ages with the calendar:
an entry with CSTĐCS for the last three years is one whatever year the demo is seeded in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from service.domain.awards import Kind
from service.domain.permissions import Actor
from service.usecases.people import add_history, create_person
from service.usecases.ports import Clock, UnitOfWork

# Who a sample nominee is in the registry: the clerk who proposes them, their name and kind.
Key = tuple[str, str, Kind]


def seed_demo_people(
    records: Sequence[Mapping[str, Any]],
    *,
    uow: UnitOfWork,
    actor: Mapping[str, Actor],
    clock: Clock,
    today: date,
    rulebook: str,
) -> dict[Key, int]:
    """Add the entries and their histories; return their ids by (clerk, name, kind)."""
    ids: dict[Key, int] = {}
    for record in records:
        by = actor[record["by"]]
        fields = {k: v for k, v in record.items() if k not in {"by", "history"}}
        person = create_person(fields, actor=by, uow=uow, clock=clock)
        for entry in record.get("history", ()):
            add_history(
                person.id,
                dated(entry, today),
                actor=by,
                uow=uow,
                clock=clock,
                rulebook=rulebook,
            )
        ids[(record["by"], person.full_name, person.kind)] = person.id
    return ids


def dated(entry: Mapping[str, Any], today: date) -> dict[str, Any]:
    """A history entry of the demo file as the API would take it, its dates made absolute."""
    out = {k: v for k, v in entry.items() if k != "years_ago"}
    if "years_ago" in entry:
        year = today.year - int(entry["years_ago"])
        out["year"] = year
        if "award" in entry:
            out["decision_date"] = date(year, 12, 20).isoformat()
            out["period_from"], out["period_to"] = f"{year}-01-01", f"{year}-12-31"
    if "initiative" in entry:
        initiative = dict(entry["initiative"])
        year = today.year - int(initiative.pop("years_ago"))
        out["initiative"] = initiative | {"recognised_on": date(year, 6, 1).isoformat()}
    if "hold" in entry:
        hold = dict(entry["hold"])
        opened = today - timedelta(days=int(hold.pop("days_ago")))
        out["hold"] = hold | {"opened_on": opened.isoformat()}
    return out
