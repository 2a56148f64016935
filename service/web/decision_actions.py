"""From the dossier page: the decision's procedure after approval — trình ký, ký, cấp số và
ban hành, thu hồi. Routed on the ``dossier_pages`` blueprint like the other dossier views; a
refusal comes back on the dossier page with its message beside the decision's card."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from service.domain.errors import Conflict, Invalid
from service.services import services
from service.web.dossier_actions import FormProblem, page
from service.web.dossier_blueprint import DOSSIER, bp
from service.web.i18n import translate as t
from service.web.session import user

MOVES = ("submit", "sign", "issue", "revoke")


@bp.post(f"{DOSSIER}/decision/<move>")
def decision_move(dossier_id: int, move: str) -> Response | tuple[str, int]:
    if move not in MOVES:
        return page(dossier_id, FormProblem("decision", t("decision.unknown_move")), 404)
    desk, actor = services().desk, user()
    decision = services().get_decision(dossier_id, actor=actor)
    typed = {k: request.form.get(k, "") for k in ("number", "reason", "legal_basis")}
    try:
        if move == "submit":
            desk.submit_for_signature(decision.id, actor=actor)
        elif move == "sign":
            desk.sign(decision.id, actor=actor)
        elif move == "issue":
            desk.issue(decision.id, typed["number"] or None, actor=actor)
        else:
            desk.revoke(decision.id, typed["reason"], typed["legal_basis"], None, actor=actor)
    except (Invalid, Conflict) as err:
        fields = err.fields if isinstance(err, Invalid) else {}
        problem = FormProblem("decision", err.message, fields, values=typed)
        return page(dossier_id, problem, 422 if isinstance(err, Invalid) else 409)
    flash(t(f"decision.done.{move}"))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id))
