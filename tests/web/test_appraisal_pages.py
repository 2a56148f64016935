"""The deciding level's pages: the officer appraises nominee by nominee, the secretary enters the
council's vote, and everyone sees each nominee's result, the meeting and the minutes."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from flask.testing import FlaskClient

from tests.api.helpers import Login, act, create, submit
from tests.web.helpers import web_login

TWO = [
    {
        "full_name": "Nguyễn Văn An",
        "kind": "individual",
        "position": "Chuyên viên",
        "unit": "UBND phường Định Công",
        "achievements": "Hoàn thành xuất sắc nhiệm vụ năm 2026",
    },
    {
        "full_name": "Trần Thị Bình",
        "kind": "individual",
        "position": "Công chức Tư pháp",
        "unit": "UBND phường Định Công",
        "achievements": "Hoàn thành tốt nhiệm vụ",
    },
]


def at_appraisal(client: FlaskClient, as_user: Login, award: str = "GK_XA") -> int:
    """A ward's Giấy khen dossier of two nominees, submitted: with the ward's officer."""
    dossier = create(client, as_user, award=award, nominees=TWO)
    submit(client, as_user, dossier["id"])
    return int(dossier["id"])


def show(client: FlaskClient, dossier_id: int) -> str:
    r = client.get(f"/dossiers/{dossier_id}")
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    return r.get_data(as_text=True)


def form_url(html: str, dossier_id: int, step: str) -> str:
    match = re.search(rf'action="(/dossiers/{dossier_id}/tasks/[^"/]+/{step})"', html)
    assert match, f"no {step} form on the page"
    return match.group(1)


def nominee_ids(html: str) -> list[str]:
    return re.findall(r'name="appraisal-[0-9]+-nominee_id" value="([0-9]+)"', html)


def appraisal_form(html: str, **rows: Any) -> dict[str, str]:
    """The officer's form: An eligible, Bình not eligible with a note, and ``rows`` on top."""
    first, second = nominee_ids(html)
    data = {
        "csrf_token": csrf_token(html),
        "appraisal-0-nominee_id": first,
        "appraisal-0-eligible": "yes",
        "appraisal-0-note": "",
        "appraisal-1-nominee_id": second,
        "appraisal-1-eligible": "no",
        "appraisal-1-note": "Chưa đủ thời gian công tác theo quy định",
        "submission_number": "15/TTr-VP",
        "submission_date": "2026-11-20",
    }
    data.update(rows)
    return data


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def appraise(client: FlaskClient, dossier_id: int) -> str:
    html = show(client, dossier_id)
    r = client.post(form_url(html, dossier_id, "appraisal"), data=appraisal_form(html))
    assert r.status_code == 302, r.get_data(as_text=True)[:800]
    return show(client, dossier_id)


def vote_form(html: str, **fields: str) -> dict[str, str]:
    voted = re.findall(r'name="votes-0-nominee_id" value="([0-9]+)"', html)
    assert len(voted) == 1, "one nominee found eligible goes to the council"
    today = re.search(r'name="held_on" type="date" max="[0-9-]+" value="([0-9-]+)"', html)
    assert today, "the meeting's day is today's unless changed"
    data = {
        "csrf_token": csrf_token(html),
        "held_on": today.group(1),
        "members_total": "9",
        "members_present": "7",
        "votes-0-nominee_id": voted[0],
        "votes-0-for": "6",
        "votes-0-against": "1",
    }
    data.update(fields)
    return data


def test_the_officer_appraises_nominee_by_nominee_beside_the_dossiers_files(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = at_appraisal(client, as_user)
    web_login(client, "dc.officer")
    assert "Chuyên viên cấp xã thẩm định hồ sơ" in client.get("/inbox").get_data(as_text=True)
    html = show(client, dossier_id)
    assert "Thẩm định hồ sơ" in html and "Tài liệu của hồ sơ" in html
    assert html.count('value="yes"') >= 2 and "Không đủ điều kiện" in html
    assert "Chuyển Hội đồng xét" in html  # a Giấy khen needs the ward council's vote
    assert "≥ 70% số thành viên có mặt" in html
    assert "Lấy ý kiến hiệp y" in html and "Trả lại" in html and "Từ chối" in html
    after = appraise(client, dossier_id)
    assert "Đã ghi kết quả thẩm định" in after
    assert "Chưa đủ thời gian công tác theo quy định" in after  # the note, beside Bình
    assert "Không đề nghị" in after and "Chưa có kết quả" in after
    assert "Thẩm định, trình tiếp" in after  # the history does not call it a head's approval
    assert "Thẩm định: 1 trình Hội đồng xét, 1 không đề nghị" in after
    assert "Thẩm định hồ sơ</h2>" not in after  # the step is done


def test_a_missing_note_comes_back_beside_its_row_with_what_was_typed(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = at_appraisal(client, as_user)
    web_login(client, "dc.officer")
    html = show(client, dossier_id)
    data = appraisal_form(html, **{"appraisal-1-note": "  ", "appraisal-0-note": "Đủ tiêu chuẩn"})
    r = client.post(form_url(html, dossier_id, "appraisal"), data=data)
    assert r.status_code == 422
    back = r.get_data(as_text=True)
    assert "Hãy ghi rõ lý do không đề nghị hoặc chuyển hình thức." in back
    assert 'id="appraisal-1-note-error"' in back and 'id="appraisal-0-note-error"' not in back
    assert ">Đủ tiêu chuẩn</textarea>" in back  # what was typed is kept
    assert 'name="appraisal-1-eligible" value="no" checked' in back
    assert 'value="15/TTr-VP"' in back


def test_a_nominee_left_without_a_finding_is_named_and_nothing_is_recorded(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = at_appraisal(client, as_user)
    web_login(client, "dc.officer")
    html = show(client, dossier_id)
    data = appraisal_form(html)
    del data["appraisal-0-eligible"]
    r = client.post(form_url(html, dossier_id, "appraisal"), data=data)
    assert r.status_code == 422
    back = r.get_data(as_text=True)
    assert "Hãy chọn Đủ điều kiện hoặc Không đủ điều kiện." in back
    assert 'id="appraisal-0-eligible-error"' in back
    assert 'id="appraisal-0-note-error"' not in back  # no note asked of a row not yet judged
    assert back.count("Kết quả thẩm định chưa hợp lệ") == 1  # said once, above the form
    assert "Thẩm định hồ sơ</h2>" in show(client, dossier_id)  # still with the officer


def test_an_award_without_a_council_goes_from_the_officer_to_the_head(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = at_appraisal(client, as_user, award="LDTT")
    web_login(client, "dc.officer")
    html = show(client, dossier_id)
    assert "Trình lãnh đạo" in html and "Chuyển Hội đồng xét" not in html
    after = appraise(client, dossier_id)
    assert "Đề nghị khen thưởng" in after and "Không đề nghị" in after
    web_login(client, "dc.approver")
    assert "Cấp xã xét duyệt" in show(client, dossier_id)


def test_an_opinion_request_waits_for_the_answer_then_returns_to_the_appraisal(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = at_appraisal(client, as_user)
    web_login(client, "dc.officer")
    html = show(client, dossier_id)
    asked = "Công an phường — xác nhận việc chấp hành pháp luật"
    r = client.post(
        re.sub(r"/appraisal$", "", form_url(html, dossier_id, "appraisal")),
        data={"csrf_token": csrf_token(html), "action": "request_opinion", "comment": asked},
    )
    assert r.status_code == 302
    waiting = show(client, dossier_id)
    assert "Chờ ý kiến hiệp y" in waiting and asked in waiting
    assert "Lấy ý kiến hiệp y" in waiting  # the history names the step
    answer = re.search(rf'action="(/dossiers/{dossier_id}/tasks/[^"/]+)"', waiting)
    assert answer
    empty = {"csrf_token": csrf_token(waiting), "action": "record_opinion", "comment": " "}
    r = client.post(answer.group(1), data=empty)
    assert r.status_code == 422 and 'id="opinion-answer-error"' in r.get_data(as_text=True)
    said = {**empty, "comment": "Công văn số 12/CAP ngày 21/11/2026: không vi phạm"}
    assert client.post(answer.group(1), data=said).status_code == 302
    back = show(client, dossier_id)
    assert "Thẩm định hồ sơ</h2>" in back and "Ghi ý kiến trả lời" in back
    assert "không vi phạm" in back


def at_the_council(client: FlaskClient, as_user: Login) -> int:
    """A dossier the ward's officer appraised on the page, with the council's secretary."""
    dossier_id = at_appraisal(client, as_user)
    web_login(client, "dc.officer")
    appraise(client, dossier_id)
    web_login(client, "dc.secretary")
    return dossier_id


def test_a_vote_that_does_not_add_up_comes_back_with_messages_beside_the_fields(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = at_the_council(client, as_user)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Hội đồng Thi đua – Khen thưởng cấp xã biểu quyết" in inbox
    html = show(client, dossier_id)
    assert "Nhập kết quả biểu quyết của Hội đồng" in html and "js/council.js" in html
    assert "Trần Thị Bình" in html and html.count('name="votes-') == 3  # only An is voted on
    data = vote_form(html, members_present="12", **{"votes-0-for": "7", "votes-0-against": "x"})
    r = client.post(form_url(html, dossier_id, "council"), data=data)
    assert r.status_code == 422
    back = r.get_data(as_text=True)
    assert 'id="votes-0-against-error"' in back and "Hãy nhập một số nguyên không âm." in back
    data = vote_form(html, members_present="12", **{"votes-0-for": "7"})
    r = client.post(form_url(html, dossier_id, "council"), data=data)
    assert r.status_code == 422
    back = r.get_data(as_text=True)
    assert "Số thành viên có mặt phải từ 1 đến số thành viên Hội đồng." in back
    assert 'id="members-present-error"' in back and 'value="12"' in back
    data = vote_form(html, **{"votes-0-for": "6", "votes-0-against": "3"})
    back = client.post(form_url(html, dossier_id, "council"), data=data).get_data(as_text=True)
    assert "Tổng số phiếu (9) vượt số thành viên có mặt (7)." in back
    assert 'id="votes-0-for-error"' in back


def test_a_recorded_vote_shows_the_results_and_the_minutes_download_a_word_file(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = at_the_council(client, as_user)
    html = show(client, dossier_id)
    r = client.post(form_url(html, dossier_id, "council"), data=vote_form(html))
    assert r.status_code == 302, r.get_data(as_text=True)[:800]
    web_login(client, "dc.approver")
    after = show(client, dossier_id)
    assert "Đồng ý 6 · Không đồng ý 1 · 85,71%" in after
    assert "Đề nghị khen thưởng" in after and "Không đề nghị" in after
    held_on = "/".join(reversed(vote_form(html)["held_on"].split("-")))
    assert held_on in after and "≥ 70% số thành viên có mặt" in after
    assert "Ghi kết quả biểu quyết" in after  # the history's step
    minutes = client.get(f"/dossiers/{dossier_id}/council-minutes.docx")
    assert minutes.status_code == 200
    assert minutes.mimetype.endswith("wordprocessingml.document")
    with zipfile.ZipFile(io.BytesIO(minutes.data)) as docx:
        body = docx.read("word/document.xml").decode()
    assert "Nguyễn Văn An" in body and "85,71" in body


def test_a_secret_ballot_the_rule_requires_is_ticked_and_leaving_it_out_is_refused(
    client: FlaskClient, as_user: Login
) -> None:
    # CSTĐ toàn quốc: the province's council votes by secret ballot, 90 % of all members
    # (NĐ 152 Art. 33(5)), before the province proposes it.
    dossier = create(client, as_user, award="CSTD_TQ", nominees=TWO)
    submit(client, as_user, dossier["id"])
    act(client, as_user, "dc.approver", dossier["id"], "approve")
    act(client, as_user, "hm.approver", dossier["id"], "approve")
    web_login(client, "hn.officer")
    appraise(client, dossier["id"])
    web_login(client, "hn.secretary")
    html = show(client, dossier["id"])
    assert '<input type="checkbox" name="secret_ballot" value="yes" checked required' in html
    assert "≥ 90% tổng số thành viên Hội đồng" in html and "phải bỏ phiếu kín" in html
    r = client.post(form_url(html, dossier["id"], "council"), data=vote_form(html))
    assert r.status_code == 422
    back = r.get_data(as_text=True)
    assert 'id="secret-ballot-error"' in back
    assert "Hình thức khen thưởng này phải bỏ phiếu kín." in back
    assert 'name="secret_ballot" value="yes" checked' not in back  # as it was sent


def test_a_nominee_moved_to_another_award_shows_where_with_the_officers_reason(
    client: FlaskClient, as_user: Login
) -> None:
    dossier_id = at_appraisal(client, as_user, award="LDTT")
    web_login(client, "dc.officer")
    html = show(client, dossier_id)
    offered = re.findall(r'<option value="([^"]+)">', html.split('name="appraisal-0-moved_to"')[1])
    assert offered and "Lao động tiên tiến" not in offered  # not the award it already is
    moved = offered[0]
    data = appraisal_form(html, **{"appraisal-1-eligible": "yes", "appraisal-1-moved_to": moved})
    r = client.post(form_url(html, dossier_id, "appraisal"), data=data)
    assert r.status_code == 302, r.get_data(as_text=True)[:800]
    after = show(client, dossier_id)
    assert "Chuyển hình thức khác" in after and f"Chuyển sang: {moved}" in after
    assert "Chưa đủ thời gian công tác theo quy định" in after
