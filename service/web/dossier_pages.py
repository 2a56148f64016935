"""Dossier pages: the list with search and filters, and the form that creates and edits a dossier.

The dossier page itself and everything done from it (submitting, acting on a task, attachments,
the decision) live in ``dossier_actions``; both modules route their views on the ``dossier_pages``
blueprint of ``dossier_blueprint``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from service.domain.awards import Award, Kind
from service.domain.dossiers import (
    LIMITS,
    Dossier,
    DossierFilter,
    Nominee,
    Status,
    Typed,
    too_long,
)
from service.domain.errors import Invalid
from service.domain.inputs import refuse_too_big
from service.domain.permissions import Role
from service.domain.proposal_fields import MAX_NUMBER, MAX_REASON
from service.services import services
from service.usecases.dossiers import DossierDraft
from service.web.dossier_blueprint import DOSSIER, bp
from service.web.i18n import translate as t
from service.web.session import user

PAGE = 25

TEXT_COLUMNS = ("full_name", "position", "unit", "achievements")
ROW_FIELD = re.compile(
    r"nominees-([0-9]{1,5})-(id|full_name|kind|position|unit|achievements|reason|person_id)"
)
# The proposal fields (domain.proposal_fields) as the form names them.
PROPOSAL_FIELDS = ("proposal_number", "proposal_date", "period_from", "period_to", "reason")
# The domain's limits (the API's schema takes the same): longer text is refused with a message.
# Also the inputs' maxlength, so browsers stop typing at the same place.
MAX_LENGTH = {**LIMITS, "proposal_number": MAX_NUMBER, "reason": MAX_REASON}
# Empty rows under the typed ones, so more nominees can be added without JavaScript.
SPARE_ROWS = 2
MIN_ROWS = 3


def _int(name: str) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    # isdigit alone takes "²", which int() does not.
    if not (raw.isascii() and raw.isdigit()):
        raise Invalid(f"'{name}' phải là số.", {name: "phải là số"})
    return refuse_too_big(name, int(raw))


@bp.get("/dossiers")
def index() -> str:
    actor, svc = user(), services()
    where = DossierFilter(
        status=request.args.get("status") or None,
        level=request.args.get("level") or None,
        year=_int("year"),
        award=request.args.get("award") or None,
        text=request.args.get("q", "").strip() or None,
    )
    page = svc.dossier_list_page(where, _int("after"), PAGE, actor=actor)
    return render_template(
        "dossiers/list.html",
        page=page,
        where=where,
        awards=page.awards,
        level_names=page.level_names,
        statuses=list(Status),
        levels=svc.levels(),
        args=request.args,
    )


@dataclass
class DossierForm:
    """What the form shows and sends back, as typed: nothing is lost when it is shown again."""

    title: str = ""
    year: str = ""
    award: str = ""
    org_code: str = ""
    version: str = ""
    rows: list[dict[str, str]] = field(default_factory=list)
    # proposal_number, proposal_date, period_from, period_to, reason: as typed.
    proposal: dict[str, str] = field(default_factory=dict)
    # The simplified dossier's tick box (NĐ 152 Art. 33(8)) and its reason, as typed.
    simplified: bool = False
    simplified_reason: str = ""

    @classmethod
    def blank(cls) -> DossierForm:
        return cls(year=str(services().this_year()))

    @classmethod
    def of(cls, d: Dossier) -> DossierForm:
        rows = [
            {
                "id": "" if n.id is None else str(n.id),
                "full_name": n.full_name,
                "kind": n.kind.value,
                "position": n.position,
                "unit": n.unit,
                "achievements": n.achievements,
                "reason": n.reason,
                "person_id": "" if n.person_id is None else str(n.person_id),
            }
            for n in d.nominees
        ]
        # A dossier filed under an old code (BK_TINH_CN) shows the award that code is now part
        # of (BK_TINH), the one the award list offers: saving the form files it there.
        award = services().award_filed_under(d.award, d.rulebook or None)
        proposal = {
            "proposal_number": d.proposal.number if d.proposal else "",
            "proposal_date": d.proposal.on.isoformat() if d.proposal else "",
            "period_from": d.period.start.isoformat() if d.period else "",
            "period_to": d.period.end.isoformat() if d.period else "",
            "reason": d.reason,
        }
        reason = d.simplified_reason or ""
        form = cls(d.title, str(d.year), award, d.org_code, str(d.version), rows, proposal)
        return replace(form, simplified=d.simplified, simplified_reason=reason)

    @classmethod
    def posted(cls, form: Mapping[str, str]) -> DossierForm:
        rows: dict[int, dict[str, str]] = {}
        for key, value in form.items():
            if match := ROW_FIELD.fullmatch(key):
                rows.setdefault(int(match[1]), {})[match[2]] = value
        # Rows left empty are the spare ones; only rows with some text are nominees.
        typed = [
            r for _, r in sorted(rows.items()) if any(r.get(c, "").strip() for c in TEXT_COLUMNS)
        ]
        return cls(
            form.get("title", ""),
            form.get("year", "").strip(),
            form.get("award", ""),
            form.get("org_code", ""),
            form.get("version", ""),
            typed,
            {name: form.get(name, "") for name in PROPOSAL_FIELDS},
            simplified=form.get("simplified") == "1",
            simplified_reason=form.get("simplified_reason", ""),
        )

    def draft(self) -> DossierDraft:
        """The dossier as the use cases take it; Invalid for what only a form can get wrong."""
        problems: dict[str, str] = {}
        nominees = [self._nominee(i, row, problems) for i, row in enumerate(self.rows)]
        if problems:
            # Say everything at once: the domain's length rules beside the form's own findings.
            problems.update(too_long(self.title, nominees))
            raise Invalid(t("dossier.form.invalid"), problems)
        # A year that is not a number is out of range: the use case says which years it takes.
        year = int(self.year) if re.fullmatch(r"[0-9]{1,4}", self.year) else 0
        simplified = self.simplified_reason if self.simplified else None
        return DossierDraft(self.title, self.award, year, nominees, self.typed(), simplified)

    def typed(self) -> Typed:
        """The proposal fields for the use case: a pair left wholly empty is not given."""
        p = {k: v.strip() for k, v in self.proposal.items()}
        number, on = p.get("proposal_number", ""), p.get("proposal_date", "")
        start, end = p.get("period_from", ""), p.get("period_to", "")
        return Typed(
            proposal={"number": number, "date": on} if number or on else None,
            period={"from": start, "to": end} if start or end else None,
            reason=p.get("reason", ""),
        )

    @staticmethod
    def _nominee(i: int, row: dict[str, str], problems: dict[str, str]) -> Nominee:
        try:
            kind = Kind(row.get("kind", ""))
        except ValueError:
            problems[f"nominees[{i}].kind"] = t("dossier.form.bad_kind")
            kind = Kind.INDIVIDUAL
        given = row.get("id", "").strip()
        person = row.get("person_id", "").strip()
        if person and not re.fullmatch(r"[0-9]{1,9}", person):
            problems[f"nominees[{i}].person_id"] = t("people.link.bad_person")
        return Nominee(
            row.get("full_name", ""),
            kind,
            row.get("position", ""),
            row.get("unit", ""),
            row.get("achievements", ""),
            row.get("reason", ""),
            int(given) if re.fullmatch(r"[0-9]{1,9}", given) else None,
            int(person) if re.fullmatch(r"[0-9]{1,9}", person) else None,
        )

    @property
    def expected_version(self) -> int | None:
        return int(self.version) if re.fullmatch(r"[0-9]{1,9}", self.version) else None


def _form_page(
    form: DossierForm, dossier: Dossier | None = None, error: Invalid | None = None
) -> tuple[str, int]:
    actor = user()
    awards = services().list_awards(actor=actor)
    groups: dict[str, list[Award]] = {}
    for a in awards:
        groups.setdefault(a.level, []).append(a)
    chosen = next((a for a in awards if a.code == form.award), None)
    single = chosen.kind if chosen else None
    blank = {"kind": (single or Kind.INDIVIDUAL).value}
    spare = max(SPARE_ROWS, MIN_ROWS - len(form.rows))
    html = render_template(
        "dossiers/form.html",
        form=form,
        rows=[*form.rows, *([blank] * spare)],
        groups=groups,
        dossier=dossier,
        clerk_units=[g.org_code for g in actor.grants if g.role == Role.CLERK],
        kinds=list(Kind),
        max_length=MAX_LENGTH,
        message=error.message if error else None,
        errors=error.fields if error else {},
    )
    return html, 422 if error else 200


def _linked(form: DossierForm) -> DossierForm:
    """The form with row ``link_row`` linked to registry entry ``person`` (back from "create
    from this nominee"), for the clerk to save."""
    row, person = request.args.get("link_row", ""), request.args.get("person", "")
    linkable = re.fullmatch(r"[0-9]{1,4}", row) and re.fullmatch(r"[0-9]{1,9}", person)
    if linkable and int(row) < len(form.rows):
        form.rows[int(row)] = {**form.rows[int(row)], "person_id": person}
    return form


@bp.route("/dossiers/new", methods=["GET", "POST"])
def new() -> Response | tuple[str, int]:
    if request.method == "GET":
        return _form_page(DossierForm.blank())
    form = DossierForm.posted(request.form)
    try:
        dossier = services().create_dossier(form.draft(), form.org_code or None, actor=user())
    except Invalid as err:
        return _form_page(form, error=err)
    flash(t("dossier.done.created", code=dossier.code))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier.id))


@bp.route(f"{DOSSIER}/edit", methods=["GET", "POST"])
def edit(dossier_id: int) -> Response | tuple[str, int]:
    actor, svc = user(), services()
    dossier = svc.get_dossier(dossier_id, actor=actor)
    if request.method == "GET":
        # Editing follows the attaching rule (the clerk, while the dossier is with them): a form
        # that could not be saved is refused before it is filled in.
        svc.require_can_attach(dossier_id, actor=actor)
        return _form_page(_linked(DossierForm.of(dossier)), dossier)
    form = DossierForm.posted(request.form)
    try:
        svc.update_dossier(dossier_id, form.draft(), form.expected_version, actor=actor)
    except Invalid as err:
        return _form_page(form, dossier, err)
    flash(t("dossier.done.edited"))
    return redirect(url_for("dossier_pages.show", dossier_id=dossier_id))
