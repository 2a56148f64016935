"""The dossier page beside the registry: a woman who ties with a man in the council's share is
listed with the women-first note (NĐ 152 Art. 4(6)); the appraisal form shows each nominee's
eligibility to the officer."""

from __future__ import annotations

from flask.testing import FlaskClient

from service.domain.people import Gender
from service.domain.preference import NOTE
from tests.api.helpers import Login, appraise, create, submit, vote
from tests.api.test_eligibility import linked, registered
from tests.web.helpers import web_login
from tests.web.test_appraisal_pages import TWO, show


def test_a_woman_tied_with_a_man_in_the_councils_share_carries_the_preference_note(
    client: FlaskClient, as_user: Login
) -> None:
    app = client.application
    an = registered(app, "Nguyễn Văn An", (2025,), gender=Gender.MALE)
    binh = registered(app, "Trần Thị Bình", (2025,))
    dossier = create(client, as_user, award="GK_XA", nominees=TWO)
    linked(app, dossier["id"], an, binh)
    submit(client, as_user, dossier["id"])

    web_login(client, "dc.officer")
    html = show(client, dossier["id"])
    assert html.count('data-eligibility="ok"') >= 2  # on the appraisal form, beside each

    appraise(client, as_user, "dc.officer", dossier["id"])
    vote(client, as_user, "dc.secretary", dossier["id"])
    html = show(client, dossier["id"])
    assert "Điều kiện xét khen: đều đủ điều kiện" in html  # what the appraisal recorded
    assert html.count(NOTE) == 1
    row = html[html.index("Trần Thị Bình") :]
    assert row.index(NOTE) < row.index("</tr>")


def test_without_a_tie_nobody_carries_the_note(client: FlaskClient, as_user: Login) -> None:
    app = client.application
    an = registered(app, "Nguyễn Văn An", (2025,), gender=Gender.MALE)
    binh = registered(app, "Trần Thị Bình", (2025,))
    dossier = create(client, as_user, award="GK_XA", nominees=TWO)
    linked(app, dossier["id"], an, binh)
    submit(client, as_user, dossier["id"])
    appraise(client, as_user, "dc.officer", dossier["id"])
    ids = [n["id"] for n in dossier["nominees"]]
    vote(client, as_user, "dc.secretary", dossier["id"], votes_for={ids[0]: 9, ids[1]: 8})
    web_login(client, "dc.officer")
    assert NOTE not in show(client, dossier["id"])
