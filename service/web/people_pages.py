"""The registry's pages: the list of people and collectives with its search, a person's page with
their history, and the forms that add an entry and each kind of history entry.

The pages call the same use cases as ``/api/v1/people``. Search ignores diacritics ("nguyen van
an" finds "Nguyễn Văn An"). Dates are typed as Vietnamese write them (20/12/2023; 2023-12-20 is
taken too); a refused form comes back with what was typed and the reasons in Vietnamese beside
the fields. The identity number shows only to those the use case lets see it. The duplicates
page, the suggestions box of the dossier form and "create from this nominee" are routed on the
same blueprint by ``people_links``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from service.domain.awards import Kind
from service.domain.errors import Invalid
from service.domain.people import (
    GENDER_NAMES,
    HOLD_NAMES,
    NATIONAL,
    RATING_NAMES,
    HoldKind,
    Rating,
)
from service.domain.permissions import PEOPLE_KEEPERS, Role
from service.services import services
from service.web.i18n import translate as t
from service.web.session import user

bp = Blueprint("people_pages", __name__)

PAGE = 25
PERSON_FIELDS = (
    "full_name",
    "kind",
    "org_code",
    "date_of_birth",
    "gender",
    "ethnicity",
    "identity_number",
    "position",
    "members_count",
    "women_count",
)
# Each history form: the fields it posts, as the use case names them (an initiative's and a
# hold's inside their object); and which of them are dates.
ENTRY_FIELDS = {
    "award": (
        "award",
        "year",
        "decision_number",
        "decision_date",
        "issuer",
        "period_from",
        "period_to",
    ),
    "rating": ("rating", "year"),
    "initiative": (
        "initiative.title",
        "initiative.scope",
        "initiative.recognised_on",
        "initiative.deciding_body",
    ),
    "hold": ("hold.kind", "hold.opened_on", "hold.closed_on", "hold.note"),
}
DATES = frozenset(
    {
        "date_of_birth",
        "decision_date",
        "period_from",
        "period_to",
        "initiative.recognised_on",
        "hold.opened_on",
        "hold.closed_on",
    }
)
_VN_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(typed: str) -> str | None:
    """The day typed as dd/mm/yyyy (or yyyy-mm-dd) in ISO form; "" when empty; None if it is
    not a day of the calendar."""
    text = typed.strip()
    if not text:
        return ""
    try:
        if m := _VN_DAY.fullmatch(text):
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if _ISO_DAY.fullmatch(text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        return None
    return None


def read_dates(typed: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The typed fields with their dates in ISO form, and the problems of those that are not."""
    values, problems = dict(typed), {}
    for name in DATES & typed.keys():
        day = iso_day(typed[name])
        if day is None:
            problems[name] = t("people.bad_date")
        else:
            values[name] = day
    return values, problems


@bp.get("/people")
def index() -> str:
    q = request.args.get("q", "").strip()[:200]
    listed = services().people_list_page(q, _page_number(), PAGE, actor=user())
    return render_template(
        "people/list.html",
        q=q,
        people=listed.items,
        page=listed.page,
        more=listed.more,
        units=_unit_names(),
        may_add=bool(user().units_with(PEOPLE_KEEPERS)),
        is_admin=bool(user().units_with([Role.ADMIN])),
    )


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else 1


def _unit_names() -> dict[str, str]:
    return {u.code: u.name for u in services().list_orgs(actor=user())}


@bp.route("/people/new", methods=["GET", "POST"])
def new() -> Response | tuple[str, int]:
    if request.method == "GET":
        typed = {k: request.args.get(k, "") for k in PERSON_FIELDS}
        typed["kind"] = typed["kind"] or Kind.INDIVIDUAL.value
        own = {g.org_code for g in user().grants if g.role in PEOPLE_KEEPERS}
        if not typed["org_code"] and len(own) == 1:
            typed["org_code"] = own.pop()  # a clerk of one unit adds to it
        return _new_page(typed)
    typed = {k: request.form.get(k, "").strip() for k in PERSON_FIELDS}
    values, problems = read_dates(typed)
    fields: dict[str, Any] = {k: v for k, v in values.items() if v != ""}
    try:
        if problems:
            raise Invalid(t("people.check_fields"), problems)
        person = services().create_person(fields, actor=user())
    except Invalid as err:
        return _new_page(typed, err)
    dossier, row = request.form.get("dossier", ""), request.form.get("row", "")
    if dossier.isdigit() and row.isdigit() and len(dossier + row) < 15:
        # Made from a dossier's nominee: back to its form, that row linked (saved by the clerk).
        flash(t("people.created_linked", name=person.full_name, id=person.id, row=int(row) + 1))
        return redirect(
            url_for("dossier_pages.edit", dossier_id=int(dossier), link_row=row, person=person.id)
        )
    flash(t("people.created", name=person.full_name, id=person.id))
    return redirect(url_for("people_pages.show", person_id=person.id))


def _new_page(typed: dict[str, str], err: Invalid | None = None) -> tuple[str, int]:
    html = render_template(
        "people/new.html",
        typed=typed,
        back={k: request.values.get(k, "") for k in ("dossier", "row")},
        unit_choices=[
            (u.code, f"{u.name} ({u.code})") for u in services().list_orgs(actor=user()) if u.active
        ],
        genders=GENDER_NAMES,
        message=err.message if err else "",
        errors=as_typed(err.fields) if err else {},
    )
    return html, 422 if err else 200


def as_typed(fields: Mapping[str, str]) -> dict[str, str]:
    """The use case's messages with dates as the pages take them (it speaks the API's ISO)."""
    return {
        k: v.replace(
            "năm-tháng-ngày, ví dụ 2024-12-20", "ngày/tháng/năm, ví dụ 20/12/2024"
        ).replace("(năm-tháng-ngày)", "(ngày/tháng/năm)")
        for k, v in fields.items()
    }


@bp.get("/people/<int:person_id>")
def show(person_id: int) -> tuple[str, int]:
    return _person_page(person_id)


@bp.post("/people/<int:person_id>/history")
def add_history(person_id: int) -> Response | tuple[str, int]:
    kind = request.form.get("entry", "")
    if kind not in ENTRY_FIELDS:
        raise Invalid(t("people.bad_entry"), {"entry": t("people.bad_entry")})
    typed = {k: request.form.get(k, "").strip() for k in ENTRY_FIELDS[kind]}
    values, problems = read_dates(typed)
    try:
        if problems:
            raise Invalid(t("people.check_fields"), problems)
        services().add_person_history(person_id, _entry(kind, values), actor=user())
    except Invalid as err:
        return _person_page(person_id, (kind, typed, err))
    flash(t(f"people.added.{kind}"))
    return redirect(url_for("people_pages.show", person_id=person_id, _anchor=kind))


def _entry(kind: str, values: Mapping[str, str]) -> dict[str, Any]:
    """The entry as the use case takes it: fields left empty are not given."""
    given = {k: v for k, v in values.items() if v != ""}
    if kind in ("award", "rating"):
        if kind not in given:  # the use case would not know which entry this is
            raise Invalid(t("people.check_fields"), {kind: t(f"people.choose_{kind}")})
        return given
    inner = {k.split(".", 1)[1]: v for k, v in given.items()}
    return {kind: inner}


def _person_page(
    person_id: int, refused: tuple[str, dict[str, str], Invalid] | None = None
) -> tuple[str, int]:
    svc, actor = services(), user()
    history = svc.person_history(person_id, actor=actor)
    awards = {a.code: a for a in svc.list_awards(actor=actor)}
    levels = svc.level_names()
    kind, typed, err = refused if refused else ("", {}, None)
    html = render_template(
        "people/show.html",
        h=history,
        p=history.person,
        awards=awards,
        scopes={**levels, NATIONAL: t("people.national")},
        units=_unit_names(),
        award_choices=[(a.code, a.name) for a in awards.values() if a.takes(history.person.kind)],
        ratings=RATING_NAMES,
        rating_choices=[(r.value, RATING_NAMES[r]) for r in Rating],
        genders=GENDER_NAMES,
        holds=HOLD_NAMES,
        hold_choices=[(k.value, HOLD_NAMES[k].capitalize()) for k in HoldKind],
        today=svc.today(),
        may_keep=bool(actor.units_with(PEOPLE_KEEPERS)),
        posted=kind,
        typed=typed,
        message=err.message if err else "",
        errors=as_typed(err.fields) if err else {},
    )
    return html, 422 if err else 200
