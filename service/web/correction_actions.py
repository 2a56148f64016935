"""From the dossier page: correcting its issued decision (đính chính) — the signer signs a
correcting decision, the records office numbers and issues it — and reading each correction.
Routed on the ``dossier_pages`` blueprint; a refusal comes back beside the decision's card with
what was typed."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from service.domain.drafting import IssuedDecision
from service.domain.errors import Conflict, Invalid, NotFound
from service.downloads import decision_response
from service.services import services
from service.web.dossier_actions import FormProblem, page
from service.web.dossier_blueprint import DOSSIER, bp
from service.web.i18n import translate as t
from service.web.session import user

ROWS = 3  # item rows the form offers; empty ones are left out
FIELDS = (
    "reason",
    "legal_basis",
    *(f"{k}{n}" for n in range(ROWS) for k in ("where", "was", "now")),
)


def _items(form: dict[str, str]) -> list[dict[str, str]]:
    rows = [{k: form[f"{k}{n}"] for k in ("where", "was", "now")} for n in range(ROWS)]
    return [r for r in rows if any(v.strip() for v in r.values())]


@bp.post(f"{DOSSIER}/decision/correct")
def decision_correct(dossier_id: int) -> Response | tuple[str, int]:
    actor = user()
    decision = services().get_decision(dossier_id, actor=actor)
    typed = {k: request.form.get(k, "") for k in FIELDS}
    try:
        services().desk.correct(
            decision.id, typed["reason"], typed["legal_basis"], _items(typed), actor=actor
        )
    except (Invalid, Conflict) as err:
        fields = err.fields if isinstance(err, Invalid) else {}
        problem = FormProblem("correction", err.message, fields, values=typed)
        return page(dossier_id, problem, 422 if isinstance(err, Invalid) else 409)
    flash(t("decision.done.correct"))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id))


def _correction(dossier_id: int, correction_id: int) -> IssuedDecision:
    """A correction of this dossier's decision, or NotFound (no reaching another's by id)."""
    found = services().desk.decision(correction_id, actor=user())
    if found.dossier_id != dossier_id or found.corrects_id is None:
        raise NotFound("Không có quyết định đính chính này trong hồ sơ.")
    return found


@bp.post(f"{DOSSIER}/decision/corrections/<int:correction_id>/issue")
def correction_issue(dossier_id: int, correction_id: int) -> Response | tuple[str, int]:
    correction = _correction(dossier_id, correction_id)
    number = request.form.get("number", "")
    try:
        services().desk.issue(correction.id, number or None, actor=user())
    except (Invalid, Conflict) as err:
        fields = err.fields if isinstance(err, Invalid) else {}
        problem = FormProblem("correction", err.message, fields, values={"number": number})
        return page(dossier_id, problem, 422 if isinstance(err, Invalid) else 409)
    flash(t("decision.done.correction_issued"))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id))


@bp.get(f"{DOSSIER}/decision/corrections/<int:correction_id>.docx")
def correction_document(dossier_id: int, correction_id: int) -> Response:
    correction = _correction(dossier_id, correction_id)
    return decision_response(services().desk.open_decision(correction.id, actor=user()))
