"""Attachments through the API with the MinIO (S3) adapter against a real server on loopback."""

from __future__ import annotations

import dataclasses
import io
import urllib.request
import uuid
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from flask import Flask

from service.adapters.uow import SqlUnitOfWork
from service.app import create_app
from service.settings import Settings
from tests.api import files
from tests.api.helpers import Login, create
from tests.conftest import actor_of, services_of
from tests.s3server import RcloneS3Server


def _app(settings: Settings, server: RcloneS3Server, **changes: object) -> Flask:
    url = server.url(f"kt-{uuid.uuid4().hex[:12]}")
    app = create_app(dataclasses.replace(settings, storage_url=url, **changes))  # type: ignore[arg-type]
    services_of(app).seed_demo()
    return app


@pytest.fixture
def s3_app(settings: Settings, s3_server: RcloneS3Server) -> Iterator[Flask]:
    app = _app(settings, s3_server)
    yield app
    services_of(app).container.db.dispose()


def _login(app: Flask) -> Login:
    client = app.test_client()

    def login(user: str) -> dict[str, str]:
        r = client.post("/api/v1/auth/token", json={"username": user, "password": "demo-2026"})
        return {"Authorization": f"Bearer {r.get_json()['access_token']}"}

    return login


def _upload(app: Flask, as_user: Login, dossier_id: int, name: str, data: bytes):  # type: ignore[no-untyped-def]
    """An achievement report, filed for the dossier's first nominee as reports are."""
    client = app.test_client()
    dossier = client.get(f"/api/v1/dossiers/{dossier_id}", headers=as_user("dc.clerk"))
    nominee = dossier.get_json()["nominees"][0]["id"]
    form = {"kind": "achievement_report", "nominee_id": str(nominee)}
    return client.post(
        f"/api/v1/dossiers/{dossier_id}/attachments",
        data={**form, "file": (io.BytesIO(data), name)},
        headers=as_user("dc.clerk"),
        content_type="multipart/form-data",
    )


def test_the_bucket_is_created_at_start_and_files_round_trip(s3_app: Flask) -> None:
    as_user = _login(s3_app)
    client = s3_app.test_client()
    dossier = create(client, as_user)
    data = files.pdf("Báo cáo thành tích") * 1000
    a = _upload(s3_app, as_user, dossier["id"], "Báo cáo thành tích.pdf", data).get_json()
    got = client.get(
        f"/api/v1/dossiers/{dossier['id']}/attachments/{a['id']}/content",
        headers=as_user("dc.approver"),  # the ward's approver: the draft has not left the ward
    )
    assert got.status_code == 200
    assert got.data == data
    [obj] = list(services_of(s3_app).container.store.list("dossiers/"))
    assert obj.key == f"dossiers/{dossier['id']}/attachments/{a['id']}"


def test_downloads_can_redirect_to_a_presigned_url_that_keeps_the_name(
    settings: Settings, s3_server: RcloneS3Server
) -> None:
    app = _app(settings, s3_server, storage_redirect=True)
    as_user = _login(app)
    client = app.test_client()
    dossier = create(client, as_user)
    data = files.pdf("Tờ trình")
    a = _upload(app, as_user, dossier["id"], "Tờ trình số 5.pdf", data).get_json()
    r = client.get(
        f"/api/v1/dossiers/{dossier['id']}/attachments/{a['id']}/content",
        headers=as_user("dc.clerk"),
    )
    assert r.status_code == 302
    with urllib.request.urlopen(r.headers["Location"], timeout=10) as fetched:
        assert fetched.read() == data
        disposition = fetched.headers["Content-Disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "Tờ trình số 5.pdf"
    services_of(app).container.db.dispose()


def test_a_store_that_goes_down_answers_503_and_writes_nothing(
    settings: Settings, disposable_s3_server: RcloneS3Server
) -> None:
    app = _app(settings, disposable_s3_server)
    as_user = _login(app)
    client = app.test_client()
    dossier = create(client, as_user)
    kept = _upload(app, as_user, dossier["id"], "a.pdf", files.pdf()).get_json()
    disposable_s3_server.crash()

    r = _upload(app, as_user, dossier["id"], "b.pdf", files.pdf())
    assert r.status_code == 503
    assert r.get_json()["error"]["code"] == "storage_unavailable"
    base = f"/api/v1/dossiers/{dossier['id']}/attachments"
    listed = client.get(base, headers=as_user("dc.clerk")).get_json()["items"]
    assert [x["id"] for x in listed] == [kept["id"]]
    download = client.get(f"{base}/{kept['id']}/content", headers=as_user("dc.clerk"))
    assert download.status_code == 503
    history = client.get(
        f"/api/v1/dossiers/{dossier['id']}/history", headers=as_user("dc.clerk")
    ).get_json()["items"]
    assert [e["action"] for e in history].count("attachment_added") == 1
    services_of(app).container.db.dispose()


def test_the_service_starts_while_the_store_is_down(settings: Settings) -> None:
    dead = "s3://k:s@127.0.0.1:9/nowhere?secure=false"
    app = create_app(dataclasses.replace(settings, storage_url=dead))
    assert app.test_client().get("/api/v1/openapi.json").status_code == 200
    services_of(app).container.db.dispose()


def test_a_failed_commit_removes_the_uploaded_object(
    s3_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_user = _login(s3_app)
    dossier = create(s3_app.test_client(), as_user)
    svc = services_of(s3_app)
    actor = actor_of(s3_app, "dc.clerk")

    def failing_commit(self: SqlUnitOfWork) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(SqlUnitOfWork, "commit", failing_commit)
    with pytest.raises(RuntimeError):
        svc.add_attachment(dossier["id"], "proposal", "a.pdf", io.BytesIO(files.pdf()), actor=actor)
    assert list(svc.container.store.list("dossiers/")) == []
