"""Attachments through the API, on both databases, with the local-folder store."""

from __future__ import annotations

import hashlib
import io
import os
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api import files
from tests.api.helpers import Login, act, create, submit
from tests.conftest import services_of


def upload(
    client: FlaskClient,
    headers: dict[str, str],
    dossier_id: int,
    name: str,
    data: bytes,
    kind: str = "proposal",
):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/dossiers/{dossier_id}/attachments",
        data={"kind": kind, "file": (io.BytesIO(data), name)},
        headers=headers,
        content_type="multipart/form-data",
    )


def stored_files(app: Flask) -> list[Path]:
    root = Path(services_of(app).container.settings.storage_url.removeprefix("file://"))
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_uploaded_pdf_is_listed_and_downloaded_with_its_vietnamese_name(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    data = files.pdf("Biên bản họp Hội đồng")
    r = upload(
        client,
        as_user("dc.clerk"),
        dossier["id"],
        "Biên bản họp Hội đồng.pdf",
        data,
        kind="council_minutes",
    )
    assert r.status_code == 201, r.get_json()
    a = r.get_json()
    assert a["filename"] == "Biên bản họp Hội đồng.pdf"
    # The old kind is kept as the checklist part it stands for.
    assert (a["kind"], a["size"], a["content_type"]) == (
        "bien_ban_hoi_dong",
        len(data),
        "application/pdf",
    )
    assert a["sha256"] == hashlib.sha256(data).hexdigest()

    listed = client.get(
        f"/api/v1/dossiers/{dossier['id']}/attachments", headers=as_user("dc.approver")
    ).get_json()["items"]
    assert [x["id"] for x in listed] == [a["id"]]
    hidden = client.get(  # the dossier is a draft: its files stay at home with it
        f"/api/v1/dossiers/{dossier['id']}/attachments", headers=as_user("hm.approver")
    )
    assert hidden.status_code == 404

    got = client.get(
        f"/api/v1/dossiers/{dossier['id']}/attachments/{a['id']}/content",
        headers=as_user("hn.auditor"),
    )
    assert got.status_code == 200
    assert got.data == data
    disposition = got.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == "Biên bản họp Hội đồng.pdf"
    assert got.headers["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("content_type", sorted(files.ACCEPTED))
def test_each_accepted_type_is_recognised_by_its_content(
    client: FlaskClient, as_user: Login, content_type: str
) -> None:
    dossier = create(client, as_user)
    name, data = files.ACCEPTED[content_type]
    r = upload(client, as_user("dc.clerk"), dossier["id"], name, data)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["content_type"] == content_type


@pytest.mark.parametrize("case", sorted(files.REFUSED))
def test_other_content_is_refused_with_415_whatever_its_name(
    app: Flask, client: FlaskClient, as_user: Login, case: str
) -> None:
    dossier = create(client, as_user)
    name, data = files.REFUSED[case]
    r = upload(client, as_user("dc.clerk"), dossier["id"], name, data)
    assert r.status_code == 415
    assert "PDF" in r.get_json()["error"]["message"]
    assert stored_files(app) == []


def test_a_pdf_named_exe_is_kept_and_served_as_pdf_and_the_answer_says_so(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    r = upload(client, as_user("dc.clerk"), dossier["id"], "fake.exe", files.pdf())
    assert r.status_code == 201, r.get_json()
    a = r.get_json()
    assert (a["filename"], a["content_type"], a["renamed_from"]) == (
        "fake.pdf",
        "application/pdf",
        "fake.exe",
    )
    assert a["notice"] == "Tệp «fake.exe» thực chất là PDF nên được lưu với tên «fake.pdf»."
    got = client.get(
        f"/api/v1/dossiers/{dossier['id']}/attachments/{a['id']}/content",
        headers=as_user("dc.clerk"),
    )
    disposition = got.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="fake.pdf"'  # ASCII: no filename* needed
    listed = client.get(
        f"/api/v1/dossiers/{dossier['id']}/attachments", headers=as_user("dc.clerk")
    ).get_json()["items"]
    assert [x["filename"] for x in listed] == ["fake.pdf"]


def test_a_well_named_upload_says_nothing_was_renamed(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user)
    a = upload(client, as_user("dc.clerk"), dossier["id"], "Tờ trình.PDF", files.pdf()).get_json()
    assert (a["filename"], a["renamed_from"], a["notice"]) == ("Tờ trình.PDF", None, None)


def test_an_empty_file_is_refused_as_empty_not_as_a_wrong_type(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    r = upload(client, as_user("dc.clerk"), dossier["id"], "rong.pdf", b"")
    assert r.status_code == 422
    error = r.get_json()["error"]
    assert error["code"] == "empty_file"
    assert error["message"].startswith("Tệp rỗng")
    assert "PDF" not in error["message"]
    assert error["fields"]["file"].startswith("Tệp rỗng")
    assert stored_files(app) == []


def test_the_same_file_twice_in_one_dossier_is_a_409_naming_the_first(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    clerk = as_user("dc.clerk")
    first = upload(client, clerk, dossier["id"], "Tờ trình.pdf", files.pdf()).get_json()
    again = upload(client, clerk, dossier["id"], "Bản sao.pdf", files.pdf(), kind="other")
    assert again.status_code == 409
    error = again.get_json()["error"]
    assert error["code"] == "duplicate_attachment"
    assert "«Tờ trình.pdf»" in error["message"] and "dc.clerk" in error["message"]
    listed = client.get(f"/api/v1/dossiers/{dossier['id']}/attachments", headers=clerk)
    assert [x["id"] for x in listed.get_json()["items"]] == [first["id"]]
    assert [p.name for p in stored_files(app)] == [first["id"]]
    different = upload(client, clerk, dossier["id"], "Tờ trình.pdf", files.pdf("Bản khác"))
    assert different.status_code == 201


def test_a_file_over_the_limit_gets_413_and_nothing_is_stored(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    services_of(app).container.settings.__dict__["max_upload_mb"] = 1  # a 1 MB limit for this test
    data = files.pdf() + b"0" * 1_200_000
    # Encoded by hand: the test client would spool a body this size to a file it never closes.
    boundary = "kt-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nproposal\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="lon.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    r = client.post(
        f"/api/v1/dossiers/{dossier['id']}/attachments",
        data=body,
        headers=as_user("dc.clerk"),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert r.status_code == 413
    assert "1 MB" in r.get_json()["error"]["message"]
    assert stored_files(app) == []
    listed = client.get(
        f"/api/v1/dossiers/{dossier['id']}/attachments", headers=as_user("dc.clerk")
    ).get_json()["items"]
    assert listed == []


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/Tờ trình.pdf", "Tờ trình.pdf"),
        ("Báo\x00cáo\x07.pdf", "Báocáo.pdf"),
        ("...", "tep-dinh-kem.pdf"),  # no name, and so no extension: both are given
        ("Nguye\u0302\u0303n.pdf", "Nguyễn.pdf"),
    ],
)
def test_file_names_are_kept_safely_for_display(
    app: Flask, client: FlaskClient, as_user: Login, given: str, kept: str
) -> None:
    dossier = create(client, as_user)
    r = upload(client, as_user("dc.clerk"), dossier["id"], given, files.pdf())
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["filename"] == kept
    [path] = stored_files(app)
    assert path.name == r.get_json()["id"]  # the key holds ids, never the user's name


def test_a_300_character_name_is_cut_to_255_keeping_the_extension(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    r = upload(client, as_user("dc.clerk"), dossier["id"], "ả" * 300 + ".pdf", files.pdf())
    name = r.get_json()["filename"]
    assert len(name) == 255
    assert name.endswith(".pdf")


def test_bad_uploads_get_clear_422s(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user)
    url = f"/api/v1/dossiers/{dossier['id']}/attachments"
    no_file = client.post(
        url,
        data={"kind": "proposal"},
        headers=as_user("dc.clerk"),
        content_type="multipart/form-data",
    )
    assert no_file.status_code == 422
    assert "file" in no_file.get_json()["error"]["fields"]
    bad_kind = upload(
        client, as_user("dc.clerk"), dossier["id"], "a.pdf", files.pdf(), kind="selfie"
    )
    assert bad_kind.status_code == 422
    assert "kind" in bad_kind.get_json()["error"]["fields"]


def test_attachments_follow_the_dossiers_visibility(client: FlaskClient, as_user: Login) -> None:
    dossier = create(client, as_user)
    a = upload(client, as_user("dc.clerk"), dossier["id"], "a.pdf", files.pdf()).get_json()
    base = f"/api/v1/dossiers/{dossier['id']}/attachments"
    for outsider in ("tm.clerk", "cg.approver", "dv.clerk"):
        headers = as_user(outsider)
        assert client.get(base, headers=headers).status_code == 404
        assert client.get(f"{base}/{a['id']}/content", headers=headers).status_code == 404
        assert upload(client, headers, dossier["id"], "b.pdf", files.pdf()).status_code == 404
        assert client.delete(f"{base}/{a['id']}", headers=headers).status_code == 404
    assert (
        upload(client, as_user("dc.approver"), dossier["id"], "b.pdf", files.pdf()).status_code
        == 403
    )
    other = create(client, as_user)
    wrong_dossier = client.get(
        f"/api/v1/dossiers/{other['id']}/attachments/{a['id']}/content", headers=as_user("dc.clerk")
    )
    assert wrong_dossier.status_code == 404


def test_a_draft_attachment_can_be_deleted_by_its_clerk(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    a = upload(client, as_user("dc.clerk"), dossier["id"], "a.pdf", files.pdf()).get_json()
    url = f"/api/v1/dossiers/{dossier['id']}/attachments/{a['id']}"
    assert client.delete(url, headers=as_user("dc.approver")).status_code == 403
    assert client.delete(url, headers=as_user("dc.clerk")).status_code == 204
    assert stored_files(app) == []
    assert client.delete(url, headers=as_user("dc.clerk")).status_code == 404
    history = client.get(
        f"/api/v1/dossiers/{dossier['id']}/history", headers=as_user("dc.clerk")
    ).get_json()["items"]
    assert [e["action"] for e in history][-2:] == ["attachment_added", "attachment_removed"]


def test_attachments_freeze_on_submission_and_revisions_add_beside_them(
    client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    first = upload(client, as_user("dc.clerk"), dossier["id"], "v1.pdf", files.pdf()).get_json()
    submit(client, as_user, dossier["id"])
    base = f"/api/v1/dossiers/{dossier['id']}/attachments"
    assert client.delete(f"{base}/{first['id']}", headers=as_user("dc.clerk")).status_code == 409
    assert (
        upload(client, as_user("dc.clerk"), dossier["id"], "v2.pdf", files.pdf()).status_code == 409
    )

    act(client, as_user, "dc.approver", dossier["id"], "return", "Bổ sung biên bản")
    assert client.delete(f"{base}/{first['id']}", headers=as_user("dc.clerk")).status_code == 409
    second = upload(client, as_user("dc.clerk"), dossier["id"], "v2.pdf", files.pdf("v2"))
    assert second.status_code == 201
    items = client.get(base, headers=as_user("dc.clerk")).get_json()["items"]
    mine = [(x["filename"], x["sealed"]) for x in items if x["filename"].startswith("v")]
    assert mine == [("v1.pdf", True), ("v2.pdf", False)]
    submit(client, as_user, dossier["id"])
    items = client.get(base, headers=as_user("dc.clerk")).get_json()["items"]
    assert all(x["sealed"] for x in items)


def test_storage_gc_removes_only_old_unreferenced_objects(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    kept = upload(client, as_user("dc.clerk"), dossier["id"], "a.pdf", files.pdf()).get_json()
    store = services_of(app).container.store
    store.put("dossiers/999/attachments/orphan", io.BytesIO(b"left by a crash"))
    young = app.test_cli_runner().invoke(args=["storage", "gc"])
    assert young.exit_code == 0
    assert "orphan" not in young.output  # younger than an hour: maybe still committing
    swept = app.test_cli_runner().invoke(args=["storage", "gc", "--min-age-minutes", "0"])
    assert swept.exit_code == 0, swept.output
    assert "dossiers/999/attachments/orphan" in swept.output
    keys = [o.key for o in store.list("dossiers/")]
    assert keys == [f"dossiers/{dossier['id']}/attachments/{kept['id']}"]


def test_storage_gc_removes_the_temporary_files_of_uploads_killed_long_ago_and_says_so(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    kept = upload(client, as_user("dc.clerk"), dossier["id"], "a.pdf", files.pdf()).get_json()
    folder = stored_files(app)[0].parent
    killed, running = folder / ".tmp-killed", folder / ".tmp-running"
    for temp in (killed, running):
        temp.write_bytes(b"half of a scan")
    two_hours_ago = time.time() - 7200
    os.utime(killed, (two_hours_ago, two_hours_ago))

    swept = app.test_cli_runner().invoke(args=["storage", "gc"])

    assert swept.exit_code == 0, swept.output
    assert f"dossiers/{dossier['id']}/attachments/.tmp-killed" in swept.output
    assert "Đã xóa 1 phần tải lên dở dang" in swept.output
    assert not killed.exists()
    assert running.exists()  # younger than an hour: its upload may still be writing it
    assert sorted(p.name for p in stored_files(app)) == sorted([kept["id"], ".tmp-running"])


def test_storage_verify_names_missing_and_altered_files_and_fails(
    app: Flask, client: FlaskClient, as_user: Login
) -> None:
    dossier = create(client, as_user)
    ids = [
        upload(client, as_user("dc.clerk"), dossier["id"], f"{n}.pdf", files.pdf(n)).get_json()[
            "id"
        ]
        for n in ("a", "b", "c")
    ]
    ok = app.test_cli_runner().invoke(args=["storage", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "3 tệp, 0 lỗi" in ok.output
    paths = {p.name: p for p in stored_files(app)}
    paths[ids[0]].write_bytes(files.pdf("sửa trộm"))
    paths[ids[1]].unlink()
    bad = app.test_cli_runner().invoke(args=["storage", "verify"])
    assert bad.exit_code == 1
    assert f"BỊ THAY ĐỔI: hồ sơ {dossier['id']}, tệp {ids[0]}" in bad.output
    assert f"MẤT: hồ sơ {dossier['id']}, tệp {ids[1]}" in bad.output
    assert ids[2] not in bad.output
