"""The decision's procedure from the dossier page: each person is offered their own step only,
and a refusal comes back on the page in Vietnamese."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.api.helpers import Login, approve_at, create, submit
from tests.web.helpers import csrf, web_login

BUTTONS = ("Trình ký", "Ký quyết định", "Cấp số và ban hành", "Thu hồi quyết định")


def offered(client: FlaskClient, dossier_id: int) -> list[str]:
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    return [b for b in BUTTONS if f'type="submit">{b}</button>' in html]


def step(client: FlaskClient, user: str, dossier_id: int, move: str, **form: str) -> str:
    with client.session_transaction() as session:
        session.clear()
    web_login(client, user)
    token = csrf(client, f"/dossiers/{dossier_id}")
    r = client.post(f"/dossiers/{dossier_id}/decision/{move}", data={"csrf_token": token, **form})
    assert r.status_code in (302, 409, 422), r.get_data(as_text=True)[:300]
    return r.get_data(as_text=True)


def test_each_person_is_offered_their_own_step_and_the_page_follows_the_decision(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user, award="GK_XA_CN")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    web_login(client, "dc.officer")
    assert offered(client, dossier["id"]) == ["Trình ký"]
    html = client.get(f"/dossiers/{dossier['id']}").get_data(as_text=True)
    assert "dự thảo" in html and "Chưa có (văn thư cấp số khi ban hành)" in html
    step(client, "dc.officer", dossier["id"], "submit")
    web_login(client, "dc.approver")
    assert offered(client, dossier["id"]) == []  # the approver does not sign
    step(client, "dc.signer", dossier["id"], "sign")
    step(client, "dc.records", dossier["id"], "issue")
    html = client.get(f"/dossiers/{dossier['id']}").get_data(as_text=True)
    assert "đã ban hành" in html and "01/QĐ-UBND" in html and "Hoàng Văn Sơn" in html


def test_a_second_issue_is_told_the_decision_moved_on(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user, award="GK_XA_CN")
    submit(client, as_user, dossier["id"])
    approve_at(client, as_user, "dc.approver", dossier["id"])
    step(client, "dc.officer", dossier["id"], "submit")
    again = step(client, "dc.officer", dossier["id"], "submit")
    assert "Quyết định đang ở trạng thái &#39;đã trình ký&#39;" in again
