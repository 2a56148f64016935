"""From the dossier page: printing an issued decision's certificates on the unit's blanks and
recording their delivery in the register (its records office). Routed on the ``dossier_pages``
blueprint; a refusal comes back on the dossier page beside the certificates' table."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from service.domain.content_types import PDF
from service.domain.errors import Conflict, Forbidden, Invalid
from service.downloads import made_response
from service.failures import status_of
from service.services import services
from service.web.dossier_actions import FormProblem, page
from service.web.dossier_blueprint import DOSSIER, bp
from service.web.i18n import translate as t
from service.web.session import user


@bp.get(f"{DOSSIER}/decision/certificates.pdf")
def decision_certificates(dossier_id: int) -> Response | tuple[str, int]:
    actor = user()
    decision = services().get_decision(dossier_id, actor=actor)
    try:
        _, pdf = services().certificates.certificates_pdf(decision.id, actor=actor)
    except (Conflict, Forbidden, Invalid) as err:
        return page(dossier_id, FormProblem("certificates", err.message), status_of(err))
    name = f"bang-khen-{(decision.number or str(decision.id)).replace('/', '-')}.pdf"
    return made_response(pdf, name=name, mimetype=PDF)


@bp.post(f"{DOSSIER}/decision/deliveries")
def decision_delivery(dossier_id: int) -> Response | tuple[str, int]:
    actor = user()
    decision = services().get_decision(dossier_id, actor=actor)
    typed = {k: request.form.get(k, "") for k in ("nominee_id", "received_by", "delivered_on")}
    typed["note"] = request.form.get("note", "")
    try:
        nominee_id = _int(typed["nominee_id"])
        delivered_on = _day(typed["delivered_on"])
        services().certificates.record_delivery(
            decision.id, nominee_id, typed["received_by"], delivered_on, typed["note"], actor=actor
        )
    except (Conflict, Forbidden, Invalid) as err:
        fields = err.fields if isinstance(err, Invalid) else {}
        problem = FormProblem("certificates", err.message, fields, values=typed)
        return page(dossier_id, problem, status_of(err))
    flash(t("certificates.done"))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id) + "#certificates-h")


def _int(value: str) -> int:
    if not value.isdigit():
        raise Invalid(
            t("certificates.pick_awardee"), {"nominee_id": t("certificates.pick_awardee")}
        )
    return int(value)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        message = t("certificates.bad_date")
        raise Invalid(message, {"delivered_on": message}) from None
