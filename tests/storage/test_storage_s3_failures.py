"""What only the S3 adapter can get wrong: a server that goes away, and memory use while
streaming a large upload through minio-py."""

from __future__ import annotations

import io
import os
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from storage import ObjectStore, StorageUnavailable, open_store
from storage.s3 import PART_SIZE

if TYPE_CHECKING:  # only for annotations: conftest is not an importable module at run time
    from conftest import RandomUpload, RcloneS3Server

MiB = 1024 * 1024
KEY = "dossiers/7/attachments/9a1b/blob"
QUICKLY = 5.0  # seconds


@contextmanager
def raises_unavailable_quickly() -> Iterator[None]:
    started = time.monotonic()
    with pytest.raises(StorageUnavailable):
        yield
    elapsed = time.monotonic() - started
    assert elapsed < QUICKLY, f"took {elapsed:.1f}s to notice the server is gone"


def test_every_operation_fails_as_unavailable_within_seconds_once_the_server_stops(
    disposable_s3_server: RcloneS3Server,
) -> None:
    store = open_store(disposable_s3_server.url("going-away"))
    store.ensure_ready()
    store.put(KEY, io.BytesIO(b"stored before the outage"))
    assert store.stat(KEY).size > 0  # leaves a pooled keep-alive connection behind

    disposable_s3_server.stop()

    with raises_unavailable_quickly():
        store.stat(KEY)
    with raises_unavailable_quickly():
        store.open(KEY)
    with raises_unavailable_quickly():
        store.put(KEY, io.BytesIO(b"x" * 1000))
    with raises_unavailable_quickly():
        store.put(KEY, io.BytesIO(os.urandom(PART_SIZE + 1)))  # multipart
    with raises_unavailable_quickly():
        store.delete(KEY)
    with raises_unavailable_quickly():
        list(store.list())
    with raises_unavailable_quickly():
        store.ensure_ready()
    # Presigning is pure computation: it still works, the browser will find out later.
    assert store.presign_get(KEY, timedelta(minutes=1)) is not None


def test_a_port_where_nothing_listens_is_unavailable_within_seconds(
    s3_server: RcloneS3Server, unused_port: int
) -> None:
    url = s3_server.url("nobody-home").replace(str(s3_server.port), str(unused_port))
    store = open_store(url)

    with raises_unavailable_quickly():
        store.ensure_ready()


def test_a_download_cut_off_by_the_server_raises_unavailable(
    disposable_s3_server: RcloneS3Server,
) -> None:
    store = open_store(disposable_s3_server.url("cut-off"))
    store.ensure_ready()
    # Far more than loopback socket buffers hold, so most of it is still to come.
    store.put(KEY, io.BytesIO(os.urandom(40 * MiB)))
    download = store.open(KEY)
    next(download)

    disposable_s3_server.crash()

    with raises_unavailable_quickly(), download:
        for _ in download:
            pass


def test_streaming_a_50_mb_upload_keeps_memory_bounded_by_the_part_size(
    s3_store: ObjectStore, random_upload: Callable[[int], RandomUpload]
) -> None:
    """minio-py's unknown-length upload holds at most three part-sized buffers at once
    (the part being sent, the next one read, and its copy when it trims the look-ahead
    byte), so the peak is ~3 x 10 MiB whatever the object size. Buffering the whole
    50 MB object, or uploading parts in parallel, would blow through this bound."""
    size = 50 * 1000 * 1000
    upload = random_upload(size)

    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        info = s3_store.put(KEY, upload.stream)  # type: ignore[arg-type]
        peak = tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()

    assert info.size == size
    assert info.sha256 == upload.sha256
    assert peak < 3 * PART_SIZE + 4 * MiB, f"peak grew by {peak / MiB:.1f} MiB"
    assert s3_store.stat(KEY).size == size
