"""The registry seen from elsewhere: the admin's page of likely duplicates (merge, or "not the
same person"), and linking a dossier's nominee to an entry.

Duplicates are only proposed: each merge is an admin's click, and a pair dismissed as two
people is not proposed again (``usecases.people_merge``). On the dossier form a nominee's row
carries the entry's number; ``/people/suggest?q=`` answers the few lines of
``static/js/people.js`` with entries named alike (diacritics aside), and without JavaScript the
clerk finds the number on the list page. "Create from this nominee" is the new-entry form filled
in from a saved row (``people_pages.new`` with ``dossier`` and ``row``): once the entry is made,
the dossier form opens with that row linked to it, for the clerk to save.
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from service.domain.errors import Conflict, Invalid
from service.services import services
from service.web.i18n import translate as t
from service.web.people_pages import bp
from service.web.session import user

SUGGESTIONS = 8


@bp.get("/people/duplicates")
def duplicates() -> tuple[str, int]:
    return _duplicates_page()


def _duplicates_page(err: Invalid | Conflict | None = None) -> tuple[str, int]:
    actor, svc = user(), services()
    pairs = svc.person_duplicates(actor=actor)
    units = {u.code: u.name for u in svc.list_orgs(actor=actor)}
    html = render_template(
        "people/duplicates.html",
        pairs=pairs,
        units=units,
        message=err.message if err else "",
    )
    return html, 200 if err is None else (409 if isinstance(err, Conflict) else 422)


@bp.post("/people/<int:person_id>/merge")
def merge(person_id: int) -> Response | tuple[str, int]:
    into = _number(request.form.get("into", ""), "into")
    try:
        done = services().merge_person(person_id, into, actor=user())
    except (Invalid, Conflict) as err:
        return _duplicates_page(err)
    flash(
        t(
            "people.duplicates.merged",
            source=done.source.id,
            target=done.target.id,
            moved=done.moved.summary(),
        )
    )
    return redirect(url_for("people_pages.duplicates"))


@bp.post("/people/<int:person_id>/distinct")
def distinct(person_id: int) -> Response | tuple[str, int]:
    other = _number(request.form.get("from", ""), "from")
    try:
        services().mark_people_distinct(person_id, other, actor=user())
    except Invalid as err:
        return _duplicates_page(err)
    flash(t("people.duplicates.dismissed", a=person_id, b=other))
    return redirect(url_for("people_pages.duplicates"))


def _number(raw: str, name: str) -> int:
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise Invalid(t("people.bad_number"), {name: t("people.bad_number")})
    return int(text)


@bp.get("/people/suggest")
def suggest() -> Response:
    """Entries named like ``q`` for the dossier form's suggestions (no identity numbers)."""
    q = request.args.get("q", "").strip()[:200]
    found = services().search_people(q, limit=SUGGESTIONS, actor=user()) if len(q) >= 2 else []
    return jsonify(
        [
            {
                "id": p.id,
                "full_name": p.full_name,
                "kind": p.kind.value,
                "org_code": p.org_code,
                "date_of_birth": p.date_of_birth.strftime("%d/%m/%Y") if p.date_of_birth else "",
                "position": p.position,
            }
            for p in found
        ]
    )
