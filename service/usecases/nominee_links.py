"""Nominees and their registry entries (issue 14): the links a dossier's nominees make, checked
when the dossier is saved, and the award a decision writes into each linked nominee's history:
one issued here (``record_issued_awards``) or one taken above and recorded by the province
(``record_awards`` from the central decision)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from service.domain import permissions
from service.domain.dossiers import Dossier, Nominee
from service.domain.drafting import IssuedDecision
from service.domain.errors import Invalid
from service.domain.orgs import Chain
from service.domain.people import AwardRecord, Source
from service.domain.people_inputs import link_problem
from service.domain.permissions import Actor
from service.usecases.people import chain_of
from service.usecases.ports import UnitOfWork


def linked_nominees(
    uow: UnitOfWork,
    actor: Actor,
    nominees: Sequence[Nominee],
    kept: Mapping[int, int | None] | None = None,
) -> list[Nominee]:
    """The nominees with their registry links checked (inside the caller's transaction).

    ``kept``: the stored links by nominee id, on an edit. A nominee repeated without a link keeps
    its stored one (a form that does not show links does not drop them); a link that is new or
    changed must name an entry the actor reaches, not merged, of the nominee's kind."""
    kept = kept or {}
    out: list[Nominee] = []
    errors: dict[str, str] = {}
    chains: dict[str, Chain] = {}
    for i, n in enumerate(nominees):
        stored = kept.get(n.id) if n.id is not None else None
        if n.person_id is None and stored is not None:
            n = replace(n, person_id=stored)
        elif n.person_id is not None and n.person_id != stored:
            person = uow.people.get(n.person_id)
            reachable = False
            if person is not None:
                if person.org_code not in chains:
                    chains[person.org_code] = chain_of(uow, person)
                reachable = permissions.may_see_person(actor, chains[person.org_code])
            problem = link_problem(person, reachable=reachable, kind=n.kind)
            if problem:
                errors[f"nominees[{i}].person_id"] = problem
        out.append(n)
    if errors:
        raise Invalid("Người được đề nghị chưa khớp với danh sách người, tập thể.", errors)
    return out


def record_issued_awards(
    uow: UnitOfWork, approved: Dossier, decision: IssuedDecision, now: datetime
) -> list[AwardRecord]:
    """Write the award of a decision issued here into the history of each of its nominees
    linked to an entry (in the issuing transaction)."""
    if decision.number is None or decision.issued_on is None:
        raise ValueError("only an issued decision's awards enter a history")
    cited = Cited(decision.number, decision.issued_on, decision.issuer, decision.id)
    return record_awards(uow, approved, cited, now)


@dataclass(frozen=True)
class Cited:
    """The decision an award record cites: its number, day and issuer (and its row here)."""

    number: str
    on: date
    issuer: str
    decision_id: int | None = None


def record_awards(
    uow: UnitOfWork, approved: Dossier, cited: Cited, now: datetime
) -> list[AwardRecord]:
    """Each linked nominee of ``approved`` (those the decision names) gets the award, with the
    period the dossier states (the next award counts from it, NĐ 152 Art. 33(7))."""
    period = approved.period
    written: list[AwardRecord] = []
    for n in approved.nominees:
        if n.person_id is None:
            continue
        record = AwardRecord(
            award=approved.award,
            year=approved.year,
            decision_number=cited.number,
            decision_date=cited.on,
            issuer=cited.issuer,
            period_from=period.start if period else None,
            period_to=period.end if period else None,
            source=Source.ISSUED,
        )
        added = uow.people.add_award(
            n.person_id, record, now=now, decision_id=cited.decision_id, nominee_id=n.id
        )
        written.append(added)
    return written
