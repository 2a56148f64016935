"""The dossier page and what is done from it: submit, act on a task, attachments, the decision.

The views are registered on the ``dossier_pages`` blueprint (see ``dossier_pages``), so their
endpoints read ``dossier_pages.show``, ``dossier_pages.act`` and so on. A form on this page that
comes back with a problem the user can fix (an empty reason, no file chosen, a file type not
accepted) shows the page again with the message beside the form, keeping what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from service.container import current
from service.domain.attachments import Attachment, AttachmentKind
from service.domain.drafting import IssuedDecision
from service.domain.errors import Invalid, NotFound, UnsupportedType
from service.domain.permissions import Actor
from service.domain.tasks import COMMENT_REQUIRED, PREPARE
from service.downloads import attachment_response, decision_response
from service.failures import classify, json_failure, status_of
from service.usecases import attachments as files
from service.usecases.catalogue import list_awards
from service.usecases.decisions import get_decision, open_decision
from service.usecases.dossiers import dossier_history, get_dossier
from service.usecases.tasks import complete_task, my_tasks_on, submit_dossier
from service.web.i18n import translate as t
from service.web.session import user

PRESIGNED_FOR = timedelta(minutes=5)
# Problems shown beside the form that caused them rather than on an error page.
FIXABLE = (Invalid, UnsupportedType)


@dataclass(frozen=True)
class FormProblem:
    """A refused form on the dossier page: which one, why, and what the user had typed."""

    form: str  # "act" or "upload"
    message: str
    fields: dict[str, str] = field(default_factory=dict)
    task_id: str = ""
    action: str = ""
    comment: str = ""
    kind: str = ""


def _page(
    dossier_id: int, problem: FormProblem | None = None, status: int = 200
) -> tuple[str, int]:
    actor, c = user(), current()
    dossier = get_dossier(dossier_id, actor=actor, uow=c.uow())
    awards = {a.code: a for a in list_awards(actor=actor, uow=c.uow())}
    tasks = my_tasks_on(dossier_id, actor=actor, uow=c.uow())
    preparing = next((task for task in tasks if PREPARE in task.actions), None)
    opened = (request.args.get("task", ""), request.args.get("act", ""))
    if problem is not None and problem.form == "act":
        opened = (problem.task_id, problem.action)
    html = render_template(
        "dossiers/show.html",
        dossier=dossier,
        award=awards.get(dossier.award),
        tasks=tasks,
        preparing=preparing,
        attachments=files.list_attachments(dossier_id, actor=actor, uow=c.uow()),
        history=dossier_history(dossier_id, actor=actor, uow=c.uow()),
        decision=_decision(dossier_id, actor),
        needs_comment=COMMENT_REQUIRED,
        kinds=list(AttachmentKind),
        max_upload_mb=c.settings.max_upload_mb,
        opened=opened,
        problem=problem,
    )
    return html, status


def _decision(dossier_id: int, actor: Actor) -> IssuedDecision | None:
    try:
        return get_decision(dossier_id, actor=actor, uow=current().uow())
    except NotFound:  # no decision yet: the dossier itself was found a moment ago
        return None


def _back(dossier_id: int) -> Response:
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id))


def show(dossier_id: int) -> ResponseReturnValue:
    return _page(dossier_id)


def submit(dossier_id: int) -> ResponseReturnValue:
    c = current()
    submit_dossier(
        dossier_id,
        request.form.get("comment", ""),
        actor=user(),
        uow=c.uow(),
        engine=c.workflow,
        office=c.office,
        store=c.store,
    )
    flash(t("dossier.done.submit"))
    return _back(dossier_id)


def act(dossier_id: int, task_id: str) -> ResponseReturnValue:
    c = current()
    action, comment = request.form.get("action", ""), request.form.get("comment", "")
    try:
        dossier = complete_task(
            task_id,
            action,
            comment,
            actor=user(),
            uow=c.uow(),
            engine=c.workflow,
            office=c.office,
            store=c.store,
            clock=c.clock,
        )
    except Invalid as err:
        problem = FormProblem("act", err.message, err.fields, task_id, action, comment)
        return _page(dossier_id, problem, 422)
    flash(t(f"dossier.done.{action}"))
    return _back(dossier.id)


def _store_upload(dossier_id: int) -> Attachment:
    actor, c = user(), current()
    # Refuse before reading the file when the dossier is no longer the clerk's to change.
    files.require_can_attach(dossier_id, actor=actor, uow=c.uow())
    file = request.files.get("file")
    if file is None or not file.filename:
        missing = t("dossier.attachment.no_file")
        raise Invalid(missing, {"file": missing})
    return files.add_attachment(
        dossier_id,
        request.form.get("kind"),
        file.filename,
        file.stream,
        actor=actor,
        uow=c.uow(),
        store=c.store,
        detect=c.detect,
        max_size=c.max_upload,
    )


def _from_script() -> bool:
    """dossier.js sends uploads with XMLHttpRequest (for the progress bar) and wants JSON back."""
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def upload(dossier_id: int) -> ResponseReturnValue:
    if _from_script():
        return _upload_for_script(dossier_id)
    try:
        attachment = _store_upload(dossier_id)
    except FIXABLE as err:
        fields = getattr(err, "fields", {})
        problem = FormProblem("upload", err.message, fields, kind=request.form.get("kind", ""))
        return _page(dossier_id, problem, status_of(err))
    flash(t("dossier.done.uploaded", name=attachment.filename))
    return _back(dossier_id)


def _upload_for_script(dossier_id: int) -> ResponseReturnValue:
    try:
        attachment = _store_upload(dossier_id)
    except Exception as err:  # every failure answers JSON, as the API would say it
        failure = classify(err)
        response = json_failure(failure)
        response.status_code = failure.status
        return response
    flash(t("dossier.done.uploaded", name=attachment.filename))
    return jsonify(ok=True)


def delete_attachment(dossier_id: int, attachment_id: str) -> ResponseReturnValue:
    c = current()
    files.delete_attachment(dossier_id, attachment_id, actor=user(), uow=c.uow(), store=c.store)
    flash(t("dossier.done.deleted"))
    return _back(dossier_id)


def download(dossier_id: int, attachment_id: str) -> ResponseReturnValue:
    c = current()
    found = files.open_attachment(
        dossier_id,
        attachment_id,
        actor=user(),
        uow=c.uow(),
        store=c.store,
        presign_for=PRESIGNED_FOR if c.settings.storage_redirect else None,
    )
    return attachment_response(found)


def decision(dossier_id: int) -> ResponseReturnValue:
    c = current()
    file = open_decision(dossier_id, actor=user(), uow=c.uow(), store=c.store)
    return decision_response(file)
