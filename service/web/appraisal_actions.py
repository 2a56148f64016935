"""The deciding level's own forms on the dossier page: the officer's appraisal, the council's vote.

Routed on the ``dossier_pages`` blueprint like the other dossier views. Each form is read here
into the domain's objects (``AppraisalItem``, ``Submission``, ``CouncilVote``) and handed to
``complete_task``; what the form alone can get wrong (no finding chosen, a number that is not a
number, a date that is not a date) is refused here with the same field paths the use case gives
(``appraisal[0].note``, ``council.votes[1].for``), so every message lands beside its field and
the page comes back with what was typed. The results themselves are computed by the service.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from service.domain.appraisal import (
    AppraisalItem,
    CouncilVote,
    NomineeVote,
    appraisal_problems,
)
from service.domain.content_types import DOCX
from service.domain.errors import Invalid
from service.domain.proposal_fields import Submission
from service.downloads import made_response
from service.services import services
from service.web.dossier_actions import APPROVE, RECORD_VOTES, FormProblem, page
from service.web.dossier_blueprint import DOSSIER, bp
from service.web.i18n import translate as t
from service.web.session import user

ROW = re.compile(r"(appraisal|votes)-([0-9]{1,4})-([a-z_]+)")
NUMBER = re.compile(r"[0-9]{1,6}")
MAX_ROWS = 1000


def _rows(form: Mapping[str, str], prefix: str) -> list[dict[str, str]]:
    """The form's numbered rows (``appraisal-0-note``…) in their order."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in form.items():
        match = ROW.fullmatch(key)
        if match and match[1] == prefix and int(match[2]) < MAX_ROWS:
            rows.setdefault(int(match[2]), {})[match[3]] = value
    return [r for _, r in sorted(rows.items())]


def _id(raw: str) -> int:
    return int(raw) if re.fullmatch(r"[0-9]{1,9}", raw.strip()) else 0


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def appraisal_items(rows: list[dict[str, str]], problems: dict[str, str]) -> list[AppraisalItem]:
    items = []
    for i, row in enumerate(rows):
        finding = row.get("eligible", "")
        if finding not in ("yes", "no"):
            problems[f"appraisal[{i}].eligible"] = t("appraisal.form.choose")
        moved_to = row.get("moved_to", "").strip()
        # No finding chosen: only that is said of the row, not also a note it may not need.
        eligible = finding != "no"
        items.append(
            AppraisalItem(_id(row.get("nominee_id", "")), eligible, row.get("note", ""), moved_to)
        )
    return items


def submission_of(form: Mapping[str, str], problems: dict[str, str]) -> Submission | None:
    """The office's own tờ trình, when either of its fields is filled in."""
    number, raw_day = form.get("submission_number", "").strip(), form.get("submission_date", "")
    if not number and not raw_day.strip():
        return None
    day = _day(raw_day)
    if not number:
        problems["submission.number"] = t("appraisal.form.submission_number")
    if day is None:
        problems["submission.date"] = t("appraisal.form.submission_date")
    return Submission(number, day) if number and day else None


def _count(form: Mapping[str, str], name: str, path: str, problems: dict[str, str]) -> int:
    raw = form.get(name, "").strip()
    if not NUMBER.fullmatch(raw):
        problems[path] = t("council.form.not_a_number")
        return 0
    return int(raw)


def council_vote(form: Mapping[str, str], problems: dict[str, str]) -> CouncilVote:
    held_on = _day(form.get("held_on", ""))
    if held_on is None:
        problems["council.held_on"] = t("council.form.held_on")
    votes = []
    for i, row in enumerate(_rows(form, "votes")):
        votes.append(
            NomineeVote(
                _id(row.get("nominee_id", "")),
                _count(row, "for", f"council.votes[{i}].for", problems),
                _count(row, "against", f"council.votes[{i}].against", problems),
            )
        )
    return CouncilVote(
        _count(form, "members_total", "council.members_total", problems),
        _count(form, "members_present", "council.members_present", problems),
        form.get("secret_ballot") == "yes",
        held_on or date.min,
        tuple(votes),
    )


def _typed(form: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in form.items() if k not in ("csrf_token", "action")}


@bp.post(f"{DOSSIER}/tasks/<task_id>/appraisal")
def appraise(dossier_id: int, task_id: str) -> Response | tuple[str, int]:
    form, comment = request.form, request.form.get("comment", "")
    problems: dict[str, str] = {}
    items = appraisal_items(_rows(form, "appraisal"), problems)
    submission = submission_of(form, problems)
    try:
        if problems:
            # Say everything at once: the form's own findings beside the domain's (notes).
            ids = [i.nominee_id for i in items]
            problems = {**appraisal_problems(items, ids), **problems}
            raise Invalid(t("appraisal.form.invalid"), problems)
        services().complete_task(
            task_id, APPROVE, comment, actor=user(), appraisal=items, submission=submission
        )
    except Invalid as err:
        problem = FormProblem(
            "appraisal", err.message, err.fields, task_id, APPROVE, comment, values=_typed(form)
        )
        return page(dossier_id, problem, 422)
    flash(t("appraisal.done"))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id))


@bp.post(f"{DOSSIER}/tasks/<task_id>/council")
def record_votes(dossier_id: int, task_id: str) -> Response | tuple[str, int]:
    form, comment = request.form, request.form.get("comment", "")
    problems: dict[str, str] = {}
    vote = council_vote(form, problems)
    try:
        if problems:
            raise Invalid(t("council.form.invalid"), problems)
        services().complete_task(task_id, RECORD_VOTES, comment, actor=user(), council=vote)
    except Invalid as err:
        problem = FormProblem(
            "council", err.message, err.fields, task_id, RECORD_VOTES, comment, values=_typed(form)
        )
        return page(dossier_id, problem, 422)
    flash(t("council.done"))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id) + "#council-h")


@bp.get(f"{DOSSIER}/council-minutes.docx")
def council_minutes(dossier_id: int) -> Response:
    name, content = services().council_minutes(dossier_id, actor=user())
    return made_response(content, name=name, mimetype=DOCX)
