"""Importing a nominee list from a sheet into a dossier: all the rows, or the rows a clerk chose.

The rows come as plain values (the front end read the workbook). Every row is checked with the
rules of the dossier form, on the dossier as it would be after the import; when any row taken is
wrong nothing is imported and every problem is reported by row and column. A good import is an
edit of the dossier (``dossiers.check_edit`` and ``save_edit``): a new version, the route data
refreshed and an "edited" event saying how many rows came from the sheet, in one transaction.
A dry run reports the same without writing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, tzinfo

from service.domain.dossiers import Dossier, Nominee, Typed
from service.domain.errors import Invalid
from service.domain.nominee_sheet import COLUMNS, field_errors, read_nominees, repeats
from service.domain.permissions import Actor
from service.domain.sheets import Row, RowError, locate, unknown_rows
from service.usecases.dossiers import DossierDraft, check_edit, save_edit
from service.usecases.guards import require_editable
from service.usecases.ports import Clock, Engine, UnitOfWork, utcnow


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, dry or refused, would do): rows taken, and the problems found."""

    imported: int
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    dossier: Dossier | None = None  # the saved dossier, when rows were written


def import_nominees(
    dossier_id: int,
    rows: Sequence[Row],
    chosen: Collection[int] | None,
    *,
    dry_run: bool,
    actor: Actor,
    uow: UnitOfWork,
    engine: Engine,
    clock: Clock = utcnow,
    zone: tzinfo = UTC,
) -> ImportReport:
    """Append the sheet's nominees (``chosen`` rows only, if given) to the dossier's list."""
    with uow:
        dossier = uow.dossiers.get(dossier_id, lock=True)
        require_editable(uow, actor, dossier)
        located = locate(rows, COLUMNS, "full_name")
        if chosen is not None:
            located = type(located)(
                located.header_row,
                located.positions,
                [r for r in located.rows if r[0] in chosen],
            )
        read = read_nominees(located)
        errors = list(read.errors)
        if chosen is not None:
            errors += unknown_rows(chosen, located.rows)
        taken = read.nominees
        if not taken and not errors:
            errors.append(RowError(None, "", "Bảng không có dòng nào để nhập."))
        now = clock()
        draft = _draft(dossier, [n for _, n in taken])
        errors += repeats(dossier.nominees, taken)
        try:
            checked = check_edit(uow, actor, dossier, draft, today=now.astimezone(zone).date())
        except Invalid as err:
            errors += field_errors(err.fields, dossier.nominees, taken)
            if not err.fields:
                errors.append(RowError(None, "", err.message))
        if errors:
            return ImportReport(0, _in_order(errors), dry_run)
        if dry_run:
            return ImportReport(len(taken), [], True)
        comment = f"Nhập {len(taken)} đối tượng từ tệp Excel."
        saved = save_edit(
            uow, dossier, checked, actor=actor, engine=engine, now=now, comment=comment
        )
        uow.commit()
        return ImportReport(len(taken), [], False, saved)


def _draft(dossier: Dossier, added: list[Nominee]) -> DossierDraft:
    """The dossier as it stands, with ``added`` after its nominees (who keep their ids)."""
    typed = Typed(
        proposal=None
        if dossier.proposal is None
        else {"number": dossier.proposal.number, "date": dossier.proposal.on.isoformat()},
        period=None
        if dossier.period is None
        else {"from": dossier.period.start.isoformat(), "to": dossier.period.end.isoformat()},
        reason=dossier.reason,
    )
    return DossierDraft(
        dossier.title,
        dossier.award,
        dossier.year,
        [*dossier.nominees, *added],
        typed,
        dossier.simplified_reason,
    )


def _in_order(errors: list[RowError]) -> list[RowError]:
    """Sheet-wide problems first, then by row; each problem once."""
    unique = list(dict.fromkeys(errors))
    return sorted(unique, key=lambda e: (e.row is not None, e.row or 0))
