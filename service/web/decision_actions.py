"""From the dossier page: the decision's procedure after approval — trình ký, ký, cấp số và
ban hành, thu hồi — and its original: signing its PDF, uploading a signed PDF or the scan.
Routed on the ``dossier_pages`` blueprint like the other dossier views; a refusal comes back
on the dossier page with its message beside the decision's card."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from service.documents import PdfConversionFailed, PdfUnavailable
from service.domain.errors import (
    ConfigurationError,
    Conflict,
    DomainError,
    Invalid,
    TooLarge,
    UnsupportedType,
)
from service.domain.originals import MAX_SCAN_BYTES
from service.downloads import original_response
from service.failures import classify, status_of
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


def _original_refused(dossier_id: int, err: DomainError) -> tuple[str, int]:
    """A refusal the user can read beside the card: the certificate missing or unusable, a file
    that fails its check, an original already kept."""
    fields = err.fields if isinstance(err, Invalid) else {}
    return page(dossier_id, FormProblem("decision", err.message, fields), status_of(err))


@bp.post(f"{DOSSIER}/decision/original/sign")
def decision_original_sign(dossier_id: int) -> Response | tuple[str, int]:
    actor = user()
    decision = services().get_decision(dossier_id, actor=actor)
    try:
        services().desk.sign_original(decision.id, actor=actor)
    except (Invalid, Conflict, ConfigurationError) as err:
        return _original_refused(dossier_id, err)
    except (PdfUnavailable, PdfConversionFailed) as err:  # as the PDF download says it
        failure = classify(err)
        html, status = page(dossier_id, FormProblem("decision", failure.message), failure.status)
        return Response(html, status, headers=failure.headers, mimetype="text/html")
    flash(t("decision.done.original_signed"))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id))


@bp.post(f"{DOSSIER}/decision/original")
def decision_original_upload(dossier_id: int) -> Response | tuple[str, int]:
    actor = user()
    decision = services().get_decision(dossier_id, actor=actor)
    file = request.files.get("file")
    if file is None or not file.filename:
        problem = FormProblem("decision", t("decision.original.no_file"), {"file": "bắt buộc"})
        return page(dossier_id, problem, 422)
    try:
        services().desk.upload_original(
            decision.id,
            file.stream.read(MAX_SCAN_BYTES + 1),  # one byte past the limit is enough to refuse
            file.filename,
            request.form.get("kind"),
            actor=actor,
        )
    except (Invalid, Conflict, TooLarge, UnsupportedType) as err:
        return _original_refused(dossier_id, err)
    flash(t("decision.done.original_uploaded"))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id))


@bp.get(f"{DOSSIER}/decision/original")
def decision_original(dossier_id: int) -> Response:
    """The original as kept; its signature is checked again, and the API says the result."""
    found = services().desk.open_original(
        services().get_decision(dossier_id, actor=user()).id, actor=user()
    )
    return original_response(found)
