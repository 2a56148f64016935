"""Excel for the registry on the pages: the page that imports people and their history from the
template (with a dry run), the template itself, and a person's history as .xlsx.

A refused import shows the page again with its problems by row and column; nothing is written.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from service.documents import spreadsheets, workbooks
from service.domain.content_types import XLSX
from service.domain.errors import Invalid
from service.domain.sheets import RowError
from service.downloads import made_response
from service.services import services
from service.web.i18n import translate as t
from service.web.session import user

bp = Blueprint("people_sheets", __name__)


def _page(status: int = 200, **shown: object) -> tuple[str, int]:
    return render_template("people_sheets/import.html", **shown), status


@bp.get("/people/import")
def import_page() -> tuple[str, int]:
    user()
    return _page()


@bp.post("/people/import")
def import_people() -> Response | tuple[str, int]:
    svc, actor = services(), user()
    dry = bool(request.form.get("dry_run"))
    try:
        file = request.files.get("file")
        if file is None or not file.filename:
            missing = t("sheets.no_file")
            raise Invalid(missing, {"file": missing})
        content = file.stream.read(spreadsheets.LIMITS.file_bytes + 1)
        rows = [(r.number, r.values) for r in spreadsheets.read_rows(content)]
        report = svc.import_people(rows, dry_run=dry, actor=actor)
    except Invalid as err:
        message = err.fields.get("file") or err.message
        return _page(422, message=message, dry_run=dry)
    if report.errors:
        message = t("sheets.import_refused", count=len(report.errors))
        errors: list[RowError] = report.errors
        return _page(422, message=message, import_errors=errors, dry_run=dry)
    flash(t("sheets.checked" if dry else "sheets.people_imported", count=report.imported))
    return redirect(url_for("people_sheets.import_page"))


@bp.get("/people/template.xlsx")
def people_template() -> Response:
    user()
    name = t("sheets.people_template_file")
    return made_response(workbooks.people_template(), name=name, mimetype=XLSX)


@bp.get("/people/<int:person_id>/history.xlsx")
def person_history(person_id: int) -> Response:
    svc = services()
    history = svc.person_history(person_id, actor=user())
    scopes = {**svc.level_names(), "national": t("sheets.national")}
    name = t("sheets.history_file", name=history.person.full_name)
    return made_response(workbooks.person_history(history, scopes), name=name, mimetype=XLSX)
