"""From the page of a dossier the province proposed upward: its tờ trình, and the answer.

Routed on the ``dossier_pages`` blueprint like the other dossier views. A central decision typed
with a mistake comes back on the dossier page with the message beside the form and what was typed.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from service.domain.content_types import DOCX
from service.domain.errors import Invalid
from service.downloads import made_response
from service.services import services
from service.web.dossier_actions import FormProblem, page
from service.web.dossier_blueprint import DOSSIER, bp
from service.web.i18n import translate as t
from service.web.session import user

FIELDS = ("outcome", "number", "signed_on", "authority", "note")


@bp.get(f"{DOSSIER}/proposal.docx")
def proposal(dossier_id: int) -> Response:
    file = services().proposal_document(dossier_id, actor=user())
    return made_response(file.content, name=file.name, mimetype=DOCX)


@bp.post(f"{DOSSIER}/central-decision")
def central_decision(dossier_id: int) -> Response | tuple[str, int]:
    typed = {name: request.form.get(name, "") for name in FIELDS}
    try:
        services().record_central_decision(dossier_id, typed, actor=user())
    except Invalid as err:
        return page(dossier_id, FormProblem("central", err.message, err.fields, values=typed), 422)
    flash(t("dossier.done.central_decision"))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id))
