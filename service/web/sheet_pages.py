"""Excel on the pages: the nominee list template, its import from the dossier page, and the
.xlsx exports of the dossier list and the decision register.

Routed on the ``dossier_pages`` blueprint (``dossier_blueprint``). An import with problems shows
the dossier page again with a table of them (row, column, what is wrong), and nothing imported.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from service.documents import spreadsheets, workbooks
from service.domain.content_types import XLSX
from service.domain.dossiers import DossierFilter
from service.domain.errors import Invalid
from service.domain.sheets import chosen_rows
from service.downloads import made_response
from service.services import services
from service.web.dossier_actions import FormProblem, page
from service.web.dossier_blueprint import DOSSIER, bp
from service.web.dossier_pages import _int
from service.web.i18n import translate as t
from service.web.session import user

EXPORT_ROWS = 5000


@bp.get("/dossiers/nominees-template.xlsx")
def nominee_template() -> Response:
    user()
    name = t("sheets.nominee_template_file")
    return made_response(workbooks.nominee_template(), name=name, mimetype=XLSX)


@bp.post(f"{DOSSIER}/nominees/import")
def import_nominees(dossier_id: int) -> Response | tuple[str, int]:
    svc, actor = services(), user()
    typed = {"rows": request.form.get("rows", ""), "dry_run": request.form.get("dry_run", "")}
    dry = bool(typed["dry_run"])
    try:
        chosen = chosen_rows(typed["rows"])
        file = request.files.get("file")
        if file is None or not file.filename:
            missing = t("sheets.no_file")
            raise Invalid(missing, {"file": missing})
        content = file.stream.read(spreadsheets.LIMITS.file_bytes + 1)
        rows = [(r.number, r.values) for r in spreadsheets.read_rows(content)]
        report = svc.import_nominees(dossier_id, rows, chosen, dry_run=dry, actor=actor)
    except Invalid as err:
        problem = FormProblem("import", err.message, err.fields, values=typed)
        return page(dossier_id, problem, 422)
    if report.errors:
        message = t("sheets.import_refused", count=len(report.errors))
        problem = FormProblem("import", message, values=typed)
        return page(dossier_id, problem, 422, import_errors=report.errors)
    flash(t("sheets.checked" if dry else "sheets.imported", count=report.imported))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id))


@bp.get("/dossiers/export.xlsx")
def export_dossiers() -> Response:
    where = DossierFilter(
        status=request.args.get("status") or None,
        level=request.args.get("level") or None,
        year=_int("year"),
        award=request.args.get("award") or None,
        text=request.args.get("q", "").strip() or None,
    )
    found = services().dossier_list_page(where, None, EXPORT_ROWS, actor=user())
    content = workbooks.dossier_list(found.items, found.awards, found.level_names, more=found.next)
    return made_response(content, name=t("sheets.dossiers_file"), mimetype=XLSX)


@bp.get("/decisions/export.xlsx")
def export_decisions() -> Response:
    items = services().decision_register(
        request.args.get("org") or None, _int("year"), actor=user()
    )
    content = workbooks.decision_register(items)
    return made_response(content, name=t("sheets.decisions_file"), mimetype=XLSX)
