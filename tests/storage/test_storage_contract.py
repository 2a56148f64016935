"""The ObjectStore contract, run against every adapter (folder and S3 via rclone)."""

from __future__ import annotations

import hashlib
import io
import os
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from storage import (
    ObjectNotFound,
    ObjectStore,
    ObjectStream,
    ObjectTooLarge,
    StorageUnavailable,
)

if TYPE_CHECKING:  # only for annotations: conftest is not an importable module at run time
    from conftest import Backend, GeneratorStream, RandomUpload

MiB = 1024 * 1024
KEY = "dossiers/12/attachments/7f3c9a/blob"
VIETNAMESE_NAME = "Biên bản họp.pdf"


def put_bytes(store: ObjectStore, key: str, data: bytes, **kwargs: object) -> None:
    store.put(key, io.BytesIO(data), **kwargs)  # type: ignore[arg-type]


def read_back(store: ObjectStore, key: str) -> bytes:
    with store.open(key) as chunks:
        return b"".join(chunks)


def test_every_adapter_satisfies_the_object_store_protocol(store: ObjectStore) -> None:
    assert isinstance(store, ObjectStore)


def test_a_multi_megabyte_object_comes_back_byte_for_byte_with_its_sha256(
    store: ObjectStore,
) -> None:
    data = os.urandom(12 * MiB + 123)  # more than one 10 MiB multipart part

    info = store.put(KEY, io.BytesIO(data), content_type="application/pdf")

    assert info.key == KEY
    assert info.size == len(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.content_type == "application/pdf"
    with store.open(KEY) as chunks:
        received = list(chunks)
    assert b"".join(received) == data
    assert len(received) > 1, "downloads must be streamed in chunks"
    assert max(len(chunk) for chunk in received) <= MiB


def test_an_upload_is_read_in_bounded_chunks_never_all_at_once(
    store: ObjectStore, random_upload: Callable[[int], RandomUpload]
) -> None:
    upload = random_upload(21 * MiB)

    info = store.put(KEY, upload.stream)  # type: ignore[arg-type]

    assert info.size == 21 * MiB
    assert info.sha256 == upload.sha256
    assert all(0 <= size <= 10 * MiB + 1 for size in upload.stream.read_sizes)


def test_stat_reports_the_size_and_a_recent_timezone_aware_modification_time(
    store: ObjectStore,
) -> None:
    data = b"%PDF-1.7 decision"
    put_bytes(store, KEY, data, content_type="application/pdf")

    info = store.stat(KEY)

    assert info.key == KEY
    assert info.size == len(data)
    assert info.sha256 in (None, hashlib.sha256(data).hexdigest())
    assert info.content_type in (None, "application/pdf")
    assert info.last_modified.tzinfo is not None
    assert abs(datetime.now(UTC) - info.last_modified) < timedelta(minutes=1)


def test_putting_under_an_existing_key_replaces_the_object(store: ObjectStore) -> None:
    put_bytes(store, KEY, b"first version")
    put_bytes(store, KEY, b"second")

    assert read_back(store, KEY) == b"second"
    assert store.stat(KEY).size == len(b"second")


def test_list_returns_the_objects_under_a_prefix_in_key_order(store: ObjectStore) -> None:
    for key in ["dossiers/12/b", "dossiers/1/a", "dossiers/2/c", "decisions/2024/qd-1.docx"]:
        put_bytes(store, key, key.encode())

    assert [i.key for i in store.list("dossiers/1/")] == ["dossiers/1/a"]
    # A plain string prefix, as in S3: "dossiers/1" also matches "dossiers/12/...".
    assert [i.key for i in store.list("dossiers/1")] == ["dossiers/1/a", "dossiers/12/b"]
    assert [i.key for i in store.list("decisions/")] == ["decisions/2024/qd-1.docx"]
    assert [i.key for i in store.list("nothing/")] == []
    everything = list(store.list())
    assert [i.key for i in everything] == sorted(i.key for i in everything)
    assert {i.key: i.size for i in everything}["dossiers/2/c"] == len(b"dossiers/2/c")


def test_delete_removes_the_object_and_may_be_repeated(store: ObjectStore) -> None:
    put_bytes(store, KEY, b"x")

    store.delete(KEY)
    store.delete(KEY)
    store.delete("dossiers/never/existed")

    assert list(store.list()) == []
    with pytest.raises(ObjectNotFound):
        store.stat(KEY)


def test_reading_a_missing_key_raises_object_not_found(store: ObjectStore) -> None:
    put_bytes(store, KEY, b"x")

    with pytest.raises(ObjectNotFound):
        store.open("dossiers/12/attachments/missing/blob")
    with pytest.raises(ObjectNotFound):
        store.stat("dossiers/12/attachments/missing/blob")
    # A prefix of an existing key is not an object either (for the folder: a directory).
    with pytest.raises(ObjectNotFound):
        store.open("dossiers/12")
    with pytest.raises(ObjectNotFound):
        store.stat("dossiers/12")


@pytest.mark.parametrize(
    ("size", "limit"),
    [(1000, 999), (25 * MiB, 21 * MiB)],  # a single PUT, and a multipart upload cut short
    ids=["single-part", "multipart"],
)
def test_an_object_larger_than_the_limit_leaves_nothing_behind(
    backend: Backend,
    random_upload: Callable[[int], RandomUpload],
    size: int,
    limit: int,
) -> None:
    upload = random_upload(size)

    with pytest.raises(ObjectTooLarge):
        backend.store.put(KEY, upload.stream, max_size=limit)  # type: ignore[arg-type]

    assert list(backend.store.list()) == []
    assert backend.files_on_disk() == []  # not even a hidden temporary file
    with pytest.raises(ObjectNotFound):
        backend.store.stat(KEY)


def test_an_object_exactly_at_the_limit_is_accepted(store: ObjectStore) -> None:
    info = store.put(KEY, io.BytesIO(b"x" * 1000), max_size=1000)

    assert info.size == 1000


def test_a_rejected_upload_keeps_the_object_already_stored_under_its_key(
    store: ObjectStore,
) -> None:
    put_bytes(store, KEY, b"the signed original")

    with pytest.raises(ObjectTooLarge):
        put_bytes(store, KEY, b"y" * 2000, max_size=1000)

    assert read_back(store, KEY) == b"the signed original"


def test_a_failing_upload_stream_propagates_its_own_error_and_stores_nothing(
    backend: Backend, generator_stream: type[GeneratorStream]
) -> None:
    class ClientWentAway(OSError):
        pass

    def chunks_then_disconnect():  # type: ignore[no-untyped-def]
        yield b"a" * MiB
        raise ClientWentAway("browser closed the connection")

    with pytest.raises(ClientWentAway):
        backend.store.put(KEY, generator_stream(chunks_then_disconnect()))  # type: ignore[arg-type]

    assert list(backend.store.list()) == []
    assert backend.files_on_disk() == []


INVALID_KEYS = [
    "",
    "../etc/passwd",
    "dossiers/../../etc/passwd",
    "dossiers/./12",
    "/dossiers/12",
    "dossiers/12/",
    "dossiers//12",
    "dossiers\\12",
    "dossiers/12\x00",
    "dossiers/12\nblob",
    "dossiers/12\x7f",
    "dossiers/.hidden",
    "dossiers/Biên bản.pdf",
    "dossiers/a b",
    "a" * 1025,
]


@pytest.mark.parametrize("key", INVALID_KEYS)
def test_invalid_keys_are_rejected_before_touching_storage(backend: Backend, key: str) -> None:
    store = backend.store

    with pytest.raises(ValueError):
        put_bytes(store, key, b"x")
    with pytest.raises(ValueError):
        store.open(key)
    with pytest.raises(ValueError):
        store.stat(key)
    with pytest.raises(ValueError):
        store.delete(key)
    with pytest.raises(ValueError):
        store.presign_get(key, timedelta(minutes=5))
    assert backend.files_on_disk() == []


@pytest.mark.parametrize("prefix", ["../", "/dossiers", "dossiers\\", "a//", "dossiers/."])
def test_invalid_list_prefixes_are_rejected(store: ObjectStore, prefix: str) -> None:
    with pytest.raises(ValueError):
        store.list(prefix)


def test_a_presigned_url_downloads_the_object_under_its_vietnamese_file_name(
    backend: Backend,
) -> None:
    data = os.urandom(3 * MiB)
    put_bytes(backend.store, KEY, data, content_type="application/octet-stream")

    url = backend.store.presign_get(
        KEY, timedelta(minutes=5), filename=VIETNAMESE_NAME, content_type="application/pdf"
    )

    if backend.kind == "folder":
        assert url is None  # nothing can serve it: the service streams open() itself
        return
    assert url is not None
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=10) as response:
        body = response.read()
        disposition = response.headers["Content-Disposition"]
        content_type = response.headers["Content-Type"]
    assert body == data
    assert content_type == "application/pdf"
    assert "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf" in disposition
    assert 'filename="Bien ban hop.pdf"' in disposition
    extended = disposition.split("filename*=UTF-8''", 1)[1].split(";", 1)[0]
    assert urllib.parse.unquote(extended, errors="strict") == VIETNAMESE_NAME


@pytest.mark.parametrize("expires", [timedelta(0), timedelta(days=7, seconds=1)])
def test_presign_expiries_outside_one_second_to_seven_days_are_rejected(
    store: ObjectStore, expires: timedelta
) -> None:
    put_bytes(store, KEY, b"x")

    with pytest.raises(ValueError):
        store.presign_get(KEY, expires)


def test_ensure_ready_creates_a_missing_bucket_or_folder(unprepared_backend: Backend) -> None:
    store = unprepared_backend.store
    with pytest.raises(StorageUnavailable):
        put_bytes(store, KEY, b"too early")

    store.ensure_ready()
    store.ensure_ready()  # idempotent
    put_bytes(store, KEY, b"now it works")

    assert read_back(store, KEY) == b"now it works"


def test_a_download_can_be_abandoned_without_reading_it(store: ObjectStore) -> None:
    put_bytes(store, KEY, os.urandom(2 * MiB))

    # More abandoned downloads than the S3 adapter's connection pool holds.
    for _ in range(15):
        stream = store.open(KEY)
        assert isinstance(stream, ObjectStream)
        next(stream)
        stream.close()
        stream.close()
    for _ in range(3):
        store.open(KEY).close()

    assert store.stat(KEY).size == 2 * MiB
    assert len(read_back(store, KEY)) == 2 * MiB


def test_an_empty_object_round_trips(store: ObjectStore) -> None:
    info = store.put(KEY, io.BytesIO(b""))

    assert info.size == 0
    assert info.sha256 == hashlib.sha256(b"").hexdigest()
    assert read_back(store, KEY) == b""
    assert store.stat(KEY).size == 0


def test_what_a_killed_put_left_is_removed_once_old_enough_and_nothing_else(
    backend: Backend,
) -> None:
    store = backend.store
    put_bytes(store, "dossiers/12/attachments/kept", b"a finished object")
    backend.leave_interrupted_put(KEY)
    now = datetime.now(UTC)

    assert store.remove_incomplete("dossiers/", now - timedelta(hours=3)) == []  # maybe running
    assert store.remove_incomplete("decisions/", now + timedelta(minutes=1)) == []
    assert len(backend.files_on_disk()) == 2
    [removed] = store.remove_incomplete("dossiers/", now + timedelta(minutes=1))

    assert removed.startswith("dossiers/12/attachments/")
    assert store.remove_incomplete("dossiers/", now + timedelta(minutes=1)) == []
    assert [o.key for o in store.list()] == ["dossiers/12/attachments/kept"]
    assert read_back(store, "dossiers/12/attachments/kept") == b"a finished object"
    assert [p.name for p in backend.files_on_disk()] == ["kept"]  # no temporary file left
