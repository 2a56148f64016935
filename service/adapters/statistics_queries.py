"""The SQL behind the statistics and the public lookup: awarded nominees from the register.

An awarded nominee is a nominee of a dossier whose decision is in the register (issued here, or
recorded from above with the outcome "awarded"), approved at the deciding level: its result row
says approved, or the dossier has no result rows at all (decided before appraisal existed; its
decision lists every nominee, ``usecases.appraisal.decided``). Gender and ethnicity come from the
registry entry a nominee is linked to. Counting is GROUP BY in the database; what comes back is one
row per combination of values, however many nominees there are.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from service.adapters.repositories import visible_dossiers
from service.adapters.tables import (
    AwardRow,
    CentralDecisionRow,
    DecisionRevocationRow,
    DecisionRow,
    DossierRow,
    NomineeResultRow,
    NomineeRow,
    OrgUnitRow,
    PersonRow,
)
from service.domain.appraisal import Result
from service.domain.dossiers import fold
from service.domain.lookup import PublicAward
from service.domain.permissions import Visible
from service.domain.proposals import CentralOutcome
from service.domain.statistics import CENTRAL, LOCAL, Awarded, Prized

Rows = Select[*tuple[Any, ...]]


def approved() -> ColumnElement[bool]:
    """The nominee (outer-joined with its result) is in its dossier's decision."""
    # Its own alias: the outer query joins nominee_results too, which would correlate away.
    others = aliased(NomineeResultRow)
    results = exists().where(others.dossier_id == DossierRow.id)
    return or_(NomineeResultRow.result == Result.APPROVED.value, ~results)


def standing() -> ColumnElement[bool]:
    """The nominee's award in a decision issued here stands: the decision was issued (and not
    revoked as a whole) and no revocation names the nominee. Drafts have no issue day; a
    correcting decision awards nobody (the awards are the corrected one's)."""
    revoked = exists().where(
        DecisionRevocationRow.decision_id == DecisionRow.id,
        or_(
            DecisionRevocationRow.nominee_id.is_(None),
            DecisionRevocationRow.nominee_id == NomineeRow.id,
        ),
    )
    return and_(
        DecisionRow.status.in_(COUNTING),
        DecisionRow.issued_on.is_not(None),
        DecisionRow.corrects_id.is_(None),
        ~revoked,
    )


COUNTING = ("issued", "corrected")


def _nominees(stmt: Rows) -> Rows:
    return (
        stmt.join(NomineeRow, NomineeRow.dossier_id == DossierRow.id)
        .outerjoin(NomineeResultRow, NomineeResultRow.nominee_id == NomineeRow.id)
        .outerjoin(PersonRow, PersonRow.id == NomineeRow.person_id)
        .join(AwardRow, AwardRow.code == DossierRow.award_code)
        .where(approved())
    )


def awarded(
    s: Session,
    visible: Visible,
    scope: Collection[int] | None,
    start: date,
    end: date,
    award: str | None,
) -> list[Awarded]:
    if not visible:
        return []
    issuer = aliased(OrgUnitRow)
    local: Rows = (
        select(issuer.level.label("level"), literal(LOCAL).label("source"))
        .select_from(DecisionRow)
        .join(DossierRow, DossierRow.id == DecisionRow.dossier_id)
        .join(issuer, issuer.id == DecisionRow.issuer_org_id)
        .where(DecisionRow.issued_on.between(start, end), standing())
    )
    central: Rows = (
        select(literal(CENTRAL).label("level"), literal(CENTRAL).label("source"))
        .select_from(CentralDecisionRow)
        .join(DossierRow, DossierRow.id == CentralDecisionRow.dossier_id)
        .where(CentralDecisionRow.outcome == CentralOutcome.AWARDED.value)
        .where(CentralDecisionRow.signed_on.between(start, end))
    )
    found: list[Awarded] = []
    for stmt in (local, central):
        stmt = _nominees(stmt).where(visible_dossiers(visible))
        if scope is not None:
            stmt = stmt.where(DossierRow.org_id.in_(scope))
        if award is not None:
            stmt = stmt.where(DossierRow.award_code == award)
        found += _grouped(s, stmt)
    return found


def prized(
    s: Session, visible: Visible, scope: Collection[int] | None, start: date, end: date
) -> list[Prized]:
    """Awarded nominees of the decisions issued here, by award, kind, rulebook and decision day:
    what their prize money is computed from (the base salary in force that day)."""
    if not visible:
        return []
    keys = (DossierRow.award_code, NomineeRow.kind, DossierRow.rulebook, DecisionRow.issued_on)
    stmt = (
        select(*keys, func.count(NomineeRow.id))
        .select_from(DecisionRow)
        .join(DossierRow, DossierRow.id == DecisionRow.dossier_id)
        .join(NomineeRow, NomineeRow.dossier_id == DossierRow.id)
        .outerjoin(NomineeResultRow, NomineeResultRow.nominee_id == NomineeRow.id)
        .where(approved(), visible_dossiers(visible), DecisionRow.issued_on.between(start, end))
        .where(standing())
    )
    if scope is not None:
        stmt = stmt.where(DossierRow.org_id.in_(scope))
    return [
        Prized(str(award), str(kind), rulebook, on, int(n))
        for award, kind, rulebook, on, n in s.execute(stmt.group_by(*keys))
        if on is not None  # standing() keeps issued (so dated) decisions only
    ]


def _grouped(s: Session, stmt: Rows) -> list[Awarded]:
    level, source = stmt.selected_columns.level, stmt.selected_columns.source
    keys = (
        DossierRow.org_id,
        AwardRow.code,
        AwardRow.name,
        NomineeRow.kind,
        func.coalesce(PersonRow.gender, ""),
        func.coalesce(PersonRow.ethnicity, ""),
    )
    grouped = stmt.with_only_columns(level, source, *keys, func.count(NomineeRow.id)).group_by(
        level, source, *keys
    )
    return [
        Awarded(
            org_id=int(org_id),
            award=str(code),
            award_name=str(name),
            level=str(lv),
            kind=str(kind),
            gender=str(gender),
            ethnicity=str(ethnicity),
            source=str(src),
            count=int(n),
        )
        for lv, src, org_id, code, name, kind, gender, ethnicity, n in s.execute(grouped)
    ]


def public_awards(
    s: Session, name: str, unit: str, units: Collection[int] | None, offset: int, limit: int
) -> tuple[list[PublicAward], bool]:
    """Awards issued here to nominees whose folded name contains ``name`` (and whose unit
    contains ``unit``), newest first, from ``offset``; and whether more follow. ``units``: the
    units whose dossiers may be shown (None: every unit)."""
    stmt = (
        select(
            NomineeRow.full_name,
            NomineeRow.unit,
            OrgUnitRow.name,
            AwardRow.name,
            DecisionRow.number,
            DecisionRow.issued_on,
            DecisionRow.issuer,
        )
        .select_from(DecisionRow)
        .join(DossierRow, DossierRow.id == DecisionRow.dossier_id)
        .join(OrgUnitRow, OrgUnitRow.id == DossierRow.org_id)
        .join(NomineeRow, NomineeRow.dossier_id == DossierRow.id)
        .outerjoin(NomineeResultRow, NomineeResultRow.nominee_id == NomineeRow.id)
        .join(AwardRow, AwardRow.code == DossierRow.award_code)
        .where(approved(), standing())
        .where(DossierRow.search_text.contains(name, autoescape=True))
        .order_by(DecisionRow.issued_on.desc(), DecisionRow.id.desc(), NomineeRow.position_no)
    )
    if units is not None:
        stmt = stmt.where(DossierRow.org_id.in_(units))
    # The dossier's folded text (code, title, every nominee's name) narrows the rows in SQL;
    # each nominee's own name and unit are folded here, and reading stops after one page.
    hits: list[PublicAward] = []
    for full_name, own_unit, org, award, number, on, issuer in s.execute(stmt).yield_per(200):
        shown_unit = own_unit or org
        if on is None:  # standing() keeps issued (so dated) decisions only
            continue
        if name in fold(full_name) and (not unit or unit in fold(shown_unit)):
            hits.append(PublicAward(full_name, shown_unit, award, number or "", on, issuer))
            if len(hits) > offset + limit:
                break
    return hits[offset : offset + limit], len(hits) > offset + limit
