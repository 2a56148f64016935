"""Removing an attachment while the object store is down: the answer says what happened.

With the folder store (its folder gone, as when a volume is unmounted) and with the S3 server
(rclone, killed), on both databases: a store that is down before the removal leaves everything
as it was and answers 503; a store that fails after the removal committed leaves an orphan that
``storage gc`` removes, and the answer is the success that happened.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.settings import Settings
from tests.api import files
from tests.api.helpers import Login, create
from tests.conftest import Logins, services_of
from tests.s3server import RcloneS3Server


class Store:
    """The application's store and a way to take it down and bring it back."""

    def __init__(self, kind: str, tmp_path: Path) -> None:
        self.kind = kind
        self.server: RcloneS3Server | None = None
        if kind == "folder":
            self.disk = tmp_path / "objects"
            self.url = f"file://{self.disk}"
        else:
            self.server = RcloneS3Server(tmp_path / "rclone")
            self.disk = self.server.root / "kt-attachments"
            self.url = self.server.url("kt-attachments")

    def down(self) -> None:
        if self.server is not None:
            self.server.crash()
        else:
            self.disk.rename(self.disk.with_name("unmounted"))

    def up(self) -> None:
        if self.server is not None:
            self.server.restart()
        else:
            self.disk.with_name("unmounted").rename(self.disk)

    def holds(self, key: str) -> bool:
        """Whether the object's bytes are on disk, whether or not the store is serving."""
        folder = self.disk if self.disk.exists() else self.disk.with_name("unmounted")
        return (folder / key).is_file()

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()


@pytest.fixture(params=["folder", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made = Store(request.param, tmp_path)
    yield made
    made.close()


@pytest.fixture
def store_app(settings: Settings, store: Store) -> Iterator[Flask]:
    app = create_app(dataclasses.replace(settings, storage_url=store.url))
    services_of(app).seed_demo()
    yield app
    services_of(app).container.db.dispose()


@pytest.fixture
def uploaded(store_app: Flask) -> tuple[FlaskClient, Login, int, dict]:  # type: ignore[type-arg]
    client = store_app.test_client()
    as_user = Logins(client)
    dossier = create(client, as_user)
    r = client.post(
        f"/api/v1/dossiers/{dossier['id']}/attachments",
        data={"kind": "proposal", "file": (io.BytesIO(files.pdf()), "Tờ trình.pdf")},
        headers=as_user("dc.clerk"),
        content_type="multipart/form-data",
    )
    assert r.status_code == 201, r.get_json()
    return client, as_user, dossier["id"], r.get_json()


def _listed(client: FlaskClient, as_user: Login, dossier_id: int) -> list[str]:
    r = client.get(f"/api/v1/dossiers/{dossier_id}/attachments", headers=as_user("dc.clerk"))
    return [a["id"] for a in r.get_json()["items"]]


def _removals(client: FlaskClient, as_user: Login, dossier_id: int) -> int:
    r = client.get(f"/api/v1/dossiers/{dossier_id}/history", headers=as_user("dc.clerk"))
    return [e["action"] for e in r.get_json()["items"]].count("attachment_removed")


def test_with_the_store_down_a_removal_answers_503_and_changes_nothing_until_it_is_back(
    store: Store,
    uploaded: tuple[FlaskClient, Login, int, dict],  # type: ignore[type-arg]
) -> None:
    client, as_user, dossier_id, a = uploaded
    key = f"dossiers/{dossier_id}/attachments/{a['id']}"
    url = f"/api/v1/dossiers/{dossier_id}/attachments/{a['id']}"
    store.down()

    refused = client.delete(url, headers=as_user("dc.clerk"))

    assert refused.status_code == 503
    assert refused.get_json()["error"]["code"] == "storage_unavailable"
    assert _listed(client, as_user, dossier_id) == [a["id"]]  # the row is still there
    assert _removals(client, as_user, dossier_id) == 0  # and no event says otherwise
    assert store.holds(key)

    store.up()
    assert client.delete(url, headers=as_user("dc.clerk")).status_code == 204
    assert _listed(client, as_user, dossier_id) == []
    assert _removals(client, as_user, dossier_id) == 1
    assert not store.holds(key)


def test_a_store_that_fails_after_the_removal_committed_leaves_an_orphan_for_gc(
    store: Store,
    store_app: Flask,
    uploaded: tuple[FlaskClient, Login, int, dict],  # type: ignore[type-arg]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client, as_user, dossier_id, a = uploaded
    key = f"dossiers/{dossier_id}/attachments/{a['id']}"
    adapter = services_of(store_app).container.store
    delete = adapter.delete

    def fail_now(k: str) -> None:
        store.down()  # between the check before the removal and the deletion after it
        delete(k)

    monkeypatch.setattr(adapter, "delete", fail_now)
    removed = client.delete(
        f"/api/v1/dossiers/{dossier_id}/attachments/{a['id']}", headers=as_user("dc.clerk")
    )
    monkeypatch.undo()

    assert removed.status_code == 204  # what happened: the attachment is gone
    assert _listed(client, as_user, dossier_id) == []
    assert _removals(client, as_user, dossier_id) == 1
    assert store.holds(key)  # its bytes are an orphan now
    store.up()
    swept = store_app.test_cli_runner().invoke(args=["storage", "gc", "--min-age-minutes", "0"])
    assert swept.exit_code == 0, swept.output
    assert key in swept.output
    assert not store.holds(key)
