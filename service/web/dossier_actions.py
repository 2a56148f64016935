"""The dossier page and what is done from it: submit, act on a task, attachments, the decision.

The views are routed on the ``dossier_pages`` blueprint (``dossier_blueprint``), so their
endpoints read ``dossier_pages.show``, ``dossier_pages.act`` and so on. A form on this page that
comes back with a problem the user can fix (an empty reason, no file chosen, a file type not
accepted) shows the page again with the message beside the form, keeping what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from service.documents import PdfConversionFailed, PdfUnavailable
from service.domain.appraisal import Result
from service.domain.attachments import (
    Attachment,
    DuplicateAttachment,
    rename_notice,
    renamed_from,
)
from service.domain.checklists import LEGACY_KINDS, OTHER, Checklist, canonical_kind
from service.domain.decision_states import STATUS_NAMES, WAITING, available, may
from service.domain.decision_states import Status as DecisionStatus
from service.domain.dossiers import Status
from service.domain.errors import Invalid, UnsupportedType
from service.domain.permissions import Role
from service.domain.tasks import COMMENT_REQUIRED, MAX_COMMENT, PREPARE, Task
from service.downloads import attachment_response, decision_pdf_response, decision_response
from service.failures import classify, json_failure, status_of
from service.services import services
from service.usecases.pages import DossierPage
from service.web.dossier_blueprint import DOSSIER, bp
from service.web.i18n import translate as t
from service.web.session import user

# Problems shown beside the form that caused them rather than on an error page.
FIXABLE = (Invalid, UnsupportedType, DuplicateAttachment)
APPROVE, RECORD_VOTES = "approve", "record_votes"
REQUEST_OPINION, RECORD_OPINION = "request_opinion", "record_opinion"
# How the history's summary of an appraisal begins (service/usecases/appraisal.py _appraise).
APPRAISED = "Thẩm định:"


@dataclass(frozen=True)
class FormProblem:
    """A refused form on the dossier page: which one, why, and what the user had typed."""

    # "act", "submit", "upload", "import", "pdf", "central", "appraisal", "council", "decision"
    form: str
    message: str
    fields: dict[str, str] = field(default_factory=dict)
    task_id: str = ""
    action: str = ""
    comment: str = ""
    kind: str = ""
    values: dict[str, str] = field(default_factory=dict)  # what was typed in the form


def page(
    dossier_id: int, problem: FormProblem | None = None, status: int = 200, **shown: object
) -> tuple[str, int]:
    """The dossier page; ``shown`` adds what a refused form shows besides its message."""
    svc = services()
    found = svc.dossier_page(dossier_id, actor=user())
    preparing = next((task for task in found.tasks if PREPARE in task.actions), None)
    steps = deciding_steps(found.tasks)
    opened = (request.args.get("task", ""), request.args.get("act", ""))
    if problem is not None and problem.form == "act":
        opened = (problem.task_id, problem.action)
    html = render_template(
        "dossiers/show.html",
        dossier=found.dossier,
        award=found.award,
        tasks=found.tasks,
        preparing=preparing,
        attachments=found.attachments,
        history=found.history,
        names=found.names,
        decision=found.decision,
        decision_moves=(
            available(user(), found.decision.status, found.decision.issuer_org_id)
            if found.decision
            else []
        ),
        decision_status_names={s.value: n for s, n in STATUS_NAMES.items()},
        corrections=found.corrections,
        may_correct=found.decision is not None
        and may(user(), "correct", found.decision.status, found.decision.issuer_org_id)
        and not any(DecisionStatus(c.status) in WAITING for c in found.corrections),
        original=(svc.desk.original_view(found.decision, actor=user()) if found.decision else None),
        deliveries=(
            svc.certificates.deliveries(found.decision.id, actor=user())
            if found.decision and found.decision.counts
            else []
        ),
        may_print=(
            found.decision is not None
            and Role.RECORDS in user().roles_at(found.decision.issuer_org_id)
        ),
        central=found.central,
        may_record_central=found.may_record_central,
        today=svc.today(),
        warnings=found.warnings,
        level_names=found.level_names,
        needs_comment=COMMENT_REQUIRED,
        max_comment=MAX_COMMENT,
        kinds=upload_kinds(found.parts),
        kind_names=kind_names(found.parts),
        nominee_names={n.id: n.full_name for n in found.dossier.nominees if n.id is not None},
        checklist=found.checklist,
        max_upload_mb=svc.container.settings.max_upload_mb,
        pdf_available=svc.container.pdf.available(),
        opened=opened,
        problem=problem,
        outcomes=found.outcomes,
        meeting=found.meeting,
        council=found.council,
        steps=steps,
        other_awards=_other_awards(found.dossier.award) if steps.appraisal else [],
        pending_ids=[i for i, o in found.outcomes.items() if o.result is Result.PENDING],
        show_results=_show_results(found),
        appraised_prefix=APPRAISED,
        eligibility=found.eligibility,
        preference=found.preference,
        **shown,
    )
    return html, status


def upload_kinds(parts: Checklist) -> list[tuple[str, str]]:
    """The kinds the upload form offers: the award's checklist, and "other" if it has none."""
    kinds = [(i.kind, i.name) for i in parts]
    if all(kind != OTHER for kind, _ in kinds):
        kinds.append((OTHER, t("dossier.attachment.kind.other")))
    return kinds


def kind_names(parts: Checklist) -> dict[str, str]:
    """What each stored kind reads as: its checklist name, or the old kind's own name."""
    names = {old: t(f"dossier.attachment.kind.{old}") for old in (*LEGACY_KINDS, OTHER)}
    return names | {i.kind: i.name for i in parts}


@dataclass(frozen=True)
class DecidingSteps:
    """The deciding level's open steps this user holds, each shown as a form of its own."""

    appraisal: Task | None = None  # the officer's appraisal: nominee by nominee
    opinion: Task | None = None  # waiting for another body's opinion (hiệp y)
    council: Task | None = None  # the secretary enters the council's vote

    def inline(self, task: Task, action: str) -> bool:
        """Whether the action is done in the step's form rather than in a dialog."""
        return (task, action) in (
            (self.appraisal, APPROVE),
            (self.opinion, RECORD_OPINION),
            (self.council, RECORD_VOTES),
        )


def deciding_steps(tasks: list[Task]) -> DecidingSteps:
    def holding(action: str) -> Task | None:
        return next((task for task in tasks if action in task.actions), None)

    return DecidingSteps(holding(REQUEST_OPINION), holding(RECORD_OPINION), holding(RECORD_VOTES))


def _other_awards(code: str) -> list[str]:
    """The names of the awards a nominee may be moved to (chuyển hình thức khác)."""
    return [a.name for a in services().list_awards(actor=user()) if a.code != code]


def _show_results(found: DossierPage) -> bool:
    """Results once there are some, or while the deciding level works on the dossier."""
    d, award = found.dossier, found.award
    deciding = award is not None and d.level == award.level and d.status is Status.IN_REVIEW
    return bool(found.outcomes) or deciding


def _back(dossier_id: int) -> Response:
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id))


@bp.get(DOSSIER)
def show(dossier_id: int) -> tuple[str, int]:
    return page(dossier_id)


@bp.post(f"{DOSSIER}/submit")
def submit(dossier_id: int) -> Response | tuple[str, int]:
    try:
        services().submit_dossier(dossier_id, request.form.get("comment", ""), actor=user())
    except Invalid as err:
        # E.g. the tờ trình still missing: the page says what to fill in before submitting.
        return page(dossier_id, FormProblem("submit", err.message, err.fields or {}), 422)
    flash(t("dossier.done.submit"))
    return _back(dossier_id)


@bp.post(f"{DOSSIER}/tasks/<task_id>")
def act(dossier_id: int, task_id: str) -> Response | tuple[str, int]:
    action, comment = request.form.get("action", ""), request.form.get("comment", "")
    try:
        dossier = services().complete_task(task_id, action, comment, actor=user())
    except Invalid as err:
        problem = FormProblem("act", err.message, err.fields, task_id, action, comment)
        return page(dossier_id, problem, 422)
    flash(t(f"dossier.done.{action}"))
    return _back(dossier.id)


def _store_upload(dossier_id: int) -> Attachment:
    actor, svc = user(), services()
    # Refuse before reading the file when the dossier is no longer the clerk's to change.
    svc.require_can_attach(dossier_id, actor=actor)
    file = request.files.get("file")
    if file is None or not file.filename:
        missing = t("dossier.attachment.no_file")
        raise Invalid(missing, {"file": missing})
    attachment = svc.add_attachment(
        dossier_id,
        request.form.get("kind"),
        file.filename,
        file.stream,
        actor=actor,
        nominee_id=request.form.get("nominee_id"),
    )
    flash(t("dossier.done.uploaded", name=attachment.filename))
    sent = renamed_from(file.filename, attachment)
    if sent is not None:
        flash(rename_notice(sent, attachment))
    return attachment


def _from_script() -> bool:
    """dossier.js sends uploads with XMLHttpRequest (for the progress bar) and wants JSON back."""
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


@bp.post(f"{DOSSIER}/attachments")
def upload(dossier_id: int) -> Response | tuple[str, int]:
    if _from_script():
        return _upload_for_script(dossier_id)
    try:
        _store_upload(dossier_id)
    except FIXABLE as err:
        fields = getattr(err, "fields", {})
        sent = {"nominee_id": request.form.get("nominee_id", "")}
        kind = canonical_kind(request.form.get("kind", ""))  # an old kind: the part it names
        problem = FormProblem("upload", err.message, fields, kind=kind, values=sent)
        return page(dossier_id, problem, status_of(err))
    return _back(dossier_id)


def _upload_for_script(dossier_id: int) -> Response:
    try:
        _store_upload(dossier_id)
    except Exception as err:  # every failure answers JSON, as the API would say it
        failure = classify(err)
        response = json_failure(failure)
        response.status_code = failure.status
        return response
    return jsonify(ok=True)


@bp.post(f"{DOSSIER}/attachments/<attachment_id>/delete")
def delete_attachment(dossier_id: int, attachment_id: str) -> Response:
    services().delete_attachment(dossier_id, attachment_id, actor=user())
    flash(t("dossier.done.deleted"))
    return _back(dossier_id)


@bp.get(f"{DOSSIER}/attachments/<attachment_id>")
def download(dossier_id: int, attachment_id: str) -> Response:
    found = services().open_attachment(dossier_id, attachment_id, actor=user())
    return attachment_response(found)


@bp.get(f"{DOSSIER}/decision.docx")
def decision(dossier_id: int) -> Response:
    file = services().open_decision(dossier_id, actor=user())
    return decision_response(file)


@bp.get(f"{DOSSIER}/decision.pdf")
def decision_pdf(dossier_id: int) -> Response | tuple[str, int]:
    """The decision as PDF; when it cannot be made, the dossier page says why (not a JSON file)."""
    svc = services()
    file = svc.open_decision(dossier_id, actor=user())
    try:
        return decision_pdf_response(file, svc.container.pdf)
    except (PdfUnavailable, PdfConversionFailed) as err:
        failure = classify(err)
        html, status = page(dossier_id, FormProblem("pdf", failure.message), failure.status)
        return Response(html, status, headers=failure.headers, mimetype="text/html")
