"""Eligibility of a dossier's nominees (issue 14, item 3), evaluated inside a caller's transaction.

The rules are the dossier's pinned rulebook's, with its province's choice of block or warn per
rule (its regulation); the histories are the registry's, read for all linked nominees at once.
A dossier's page and answers show the results; submission refuses a blocking failure
(``require_eligible``); the officer's appraisal records them in the dossier's history.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from service.domain import permissions
from service.domain.dossiers import Dossier, Nominee
from service.domain.eligibility import STATUS_NAMES, Eligibility, evaluate, refusal
from service.domain.eligibility_rules import EligibilityRules
from service.domain.people import History
from service.domain.permissions import Actor
from service.usecases.ports import Clock, DecisionOffice, UnitOfWork, utcnow
from service.usecases.rules import pinned_rulebook, root_of

Judged = list[tuple[Nominee, Eligibility]]


def rules_for(uow: UnitOfWork, office: DecisionOffice, dossier: Dossier) -> EligibilityRules:
    """The dossier's rulebook's rules with its province's choices."""
    rules = office.rulebook_for(pinned_rulebook(dossier)).eligibility
    regulation = uow.regulations.get(root_of(uow, dossier.org_id).id)
    return rules.with_choices(regulation.eligibility) if regulation else rules


def judge(uow: UnitOfWork, office: DecisionOffice, dossier: Dossier, now: datetime) -> Judged:
    """Each nominee, in the dossier's order, with its eligibility on the local day of ``now``."""
    linked = [n.person_id for n in dossier.nominees if n.person_id is not None]
    if not linked:  # unlinked nominees only warn, whatever the province chose
        rules = office.rulebook_for(pinned_rulebook(dossier)).eligibility
        return judged(rules, dossier, {}, office.local_date(now))
    histories = uow.people.histories(linked)
    return judged(rules_for(uow, office, dossier), dossier, histories, office.local_date(now))


def judged(
    rules: EligibilityRules, dossier: Dossier, histories: Mapping[int, History], day: date
) -> Judged:
    """Each nominee with its eligibility, from the histories of those linked to the registry."""
    return [
        (
            n,
            evaluate(
                rules,
                dossier.award,
                n.kind,
                None if n.person_id is None else histories.get(n.person_id),
                dossier.year,
                day,
            ),
        )
        for n in dossier.nominees
    ]


def require_eligible(judged: Judged) -> None:
    """Refuse to send a dossier on while a nominee fails a blocking rule, naming each one."""
    if problem := refusal(judged):
        raise problem


def summary(judged: Judged) -> str:
    """The line the appraisal records in the dossier's history for the nominees linked to the
    registry: those not plainly eligible with why, else that all are ("" when none is linked:
    nothing was checked, as the dossier's page says)."""
    linked = [(n, e) for n, e in judged if n.person_id is not None]
    if not linked:
        return ""
    flagged = [
        f"{n.full_name}: {STATUS_NAMES[e.status].lower()} ({' '.join(e.problems)})"
        for n, e in linked
        if e.status != "ok"
    ]
    return "Điều kiện xét khen: " + ("; ".join(flagged) if flagged else "đều đủ điều kiện")


def dossier_eligibility(
    dossier_id: int,
    *,
    actor: Actor,
    uow: UnitOfWork,
    office: DecisionOffice,
    clock: Clock = utcnow,
) -> dict[int, Eligibility]:
    """Each nominee's eligibility by nominee id, for the dossier's page and answers."""
    with uow:
        dossier = uow.dossiers.get(dossier_id)
        permissions.require_can_see(
            actor, uow.orgs.chain(dossier.org_id), submitted=dossier.submitted
        )
        return {n.id: e for n, e in judge(uow, office, dossier, clock()) if n.id is not None}
