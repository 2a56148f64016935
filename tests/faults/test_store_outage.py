"""The S3 server killed while a large upload streams into it, then started again.

rclone (tests/s3server.py) is SIGKILLed once the service has sent it more than one 10 MiB part
of a 25 MB scan, so the upload dies inside a multipart upload. The client must get 503 and the
dossier must keep no trace of the file; once the server is back, every dossier is consistent,
gc leaves nothing behind, and the same upload succeeds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from urllib3 import encode_multipart_formdata

from service.app import create_app
from service.services import Services
from storage import _ingest
from tests.api.helpers import create
from tests.conftest import Logins, services_of
from tests.faults import journeys
from tests.faults.conftest import World, settings_for
from tests.faults.consistency import assert_consistent
from tests.s3server import RcloneS3Server

pytestmark = pytest.mark.faults

MB = 1_000_000
KILL_AFTER = 12 * MB  # past the first 10 MiB part: the multipart upload has begun


@pytest.fixture
def s3_world(world: World, disposable_s3_server: RcloneS3Server) -> World:
    world.storage_url = disposable_s3_server.url("kt-store-outage")
    return world


@pytest.fixture
def app(s3_world: World) -> Iterator[Flask]:
    made = create_app(settings_for(s3_world.database_url, s3_world.storage_url))
    made.config["TESTING"] = True
    yield made
    services_of(made).container.db.dispose()


def test_a_store_killed_mid_upload_answers_503_and_leaves_nothing_once_it_is_back(
    app: Flask,
    disposable_s3_server: RcloneS3Server,
    inspect: Callable[[], Services],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = app.test_client()
    as_user = Logins(client)
    dossier = create(client, as_user)["id"]
    scan = journeys.scan(25 * MB)
    read = _ingest.HashingReader.read

    def kill_the_store_midway(reader: Any, size: int | None = -1) -> bytes:
        if reader.size >= KILL_AFTER:
            disposable_s3_server.crash()
        return read(reader, size)

    # Encoded here, in memory: Werkzeug's test client would spool a body this large to a
    # temporary file of its own and never close it.
    body, content_type = encode_multipart_formdata(
        {"kind": "proposal", "file": ("Bản quét.pdf", scan, "application/pdf")}
    )

    def send() -> Any:
        return client.post(
            f"/api/v1/dossiers/{dossier}/attachments",
            data=body,
            headers=as_user("dc.clerk"),
            content_type=content_type,
        )

    with monkeypatch.context() as patched:
        patched.setattr(_ingest.HashingReader, "read", kill_the_store_midway)
        cut = send()

    assert disposable_s3_server.process.poll() is not None  # it did die mid-upload
    assert cut.status_code == 503, cut.get_json()
    assert cut.get_json()["error"]["code"] == "storage_unavailable"
    base = f"/api/v1/dossiers/{dossier}"
    assert client.get(f"{base}/attachments", headers=as_user("dc.clerk")).get_json()["items"] == []
    history = client.get(f"{base}/history", headers=as_user("dc.clerk")).get_json()["items"]
    assert "attachment_added" not in [e["action"] for e in history]

    disposable_s3_server.restart()
    report = assert_consistent(inspect())
    assert report.orphans_removed == []
    # rclone forgets its multipart uploads when it dies: nothing is left to list or to abort.
    assert report.incomplete_removed == []
    again = send()
    assert again.status_code == 201, again.get_json()
    assert_consistent(inspect())
    on_disk = [p for p in (disposable_s3_server.root / "kt-store-outage").rglob("*") if p.is_file()]
    # What rclone's own crash left in its folder, out of the S3 API's reach, is its business.
    assert {p.name for p in on_disk if not p.name.startswith(".rclone_temp_")} == {
        again.get_json()["id"]
    }
