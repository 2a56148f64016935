"""Fixtures for the object-store tests: a real S3 server (``rclone serve s3``) on loopback,
one ``backend`` fixture parametrized over both adapters, and streams that produce many
megabytes without ever holding them in memory."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import ObjectStore, open_store
from tests.s3server import RcloneS3Server, free_port


def unique_bucket() -> str:
    return f"test-{uuid.uuid4().hex[:20]}"


@dataclass
class Backend:
    """An adapter under test plus where its bytes end up on disk."""

    kind: str
    store: ObjectStore
    disk: Path  # folder root, or the bucket's directory inside the rclone server

    def files_on_disk(self) -> list[Path]:
        """Every file, including hidden temporaries that ``list`` does not show."""
        if not self.disk.exists():
            return []
        return sorted(p for p in self.disk.rglob("*") if p.is_file())

    def leave_interrupted_put(self, key: str, age: timedelta = timedelta(hours=2)) -> None:
        """What a process killed during ``put(key, ...)`` leaves behind, begun ``age`` ago.

        The folder: a half-written ``.tmp-*`` file beside the key, last written then. S3: a
        multipart upload with one part and no end (the server dates it now, whatever ``age``).
        """
        if self.kind == "folder":
            directory = self.disk / key.rpartition("/")[0]
            directory.mkdir(parents=True, exist_ok=True)
            temp = directory / ".tmp-killed"
            temp.write_bytes(b"half of a scan")
            then = (datetime.now(UTC) - age).timestamp()
            os.utime(temp, (then, then))
            return
        client = self.store._client  # type: ignore[attr-defined]
        bucket = self.store.bucket  # type: ignore[attr-defined]
        upload_id = client._create_multipart_upload(bucket, key, {})
        client._upload_part(bucket, key, b"p" * (5 * 1024 * 1024), None, upload_id, 1)


def make_backend(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if kind == "folder":
        root = tmp_path / "objects"
        return Backend(kind, open_store(root.as_uri()), root)
    server: RcloneS3Server = request.getfixturevalue("s3_server")
    bucket = unique_bucket()
    return Backend(kind, open_store(server.url(bucket)), server.root / bucket)


@pytest.fixture(params=["folder", "s3"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Each adapter, ready to use, with an empty bucket or folder of its own."""
    made = make_backend(request.param, request, tmp_path)
    made.store.ensure_ready()
    return made


@pytest.fixture(params=["folder", "s3"])
def unprepared_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """Each adapter pointing at a bucket or folder that does not exist yet."""
    return make_backend(request.param, request, tmp_path)


@pytest.fixture
def store(backend: Backend) -> ObjectStore:
    return backend.store


@pytest.fixture
def s3_store(s3_server: RcloneS3Server) -> ObjectStore:
    """Just the S3 adapter, with an empty bucket of its own."""
    store = open_store(s3_server.url(unique_bucket()))
    store.ensure_ready()
    return store


@pytest.fixture
def unused_port() -> int:
    """A loopback port nothing listens on (at least right now)."""
    return free_port()


class GeneratorStream:
    """A binary stream over a generator of chunks, like a request body arriving from a
    socket: ``read(n)`` returns at most one chunk, so reads are often short. Nothing but
    the current chunk is held in memory. ``read_sizes`` records what callers asked for.
    """

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._pending = b""
        self.read_sizes: list[int] = []

    def read(self, size: int = -1) -> bytes:
        self.read_sizes.append(size)
        if size < 0:
            data, self._pending = self._pending + b"".join(self._chunks), b""
            return data
        if not self._pending:
            self._pending = next(self._chunks, b"")
        data, self._pending = self._pending[:size], self._pending[size:]
        return data


def random_chunks(total: int, digest: hashlib._Hash, chunk: int = 1024 * 1024) -> Iterator[bytes]:
    """``total`` random bytes in ``chunk``-sized pieces, fed to ``digest`` as they go out."""
    while total > 0:
        piece = os.urandom(min(chunk, total))
        digest.update(piece)
        total -= len(piece)
        yield piece


@dataclass
class RandomUpload:
    """A stream of random bytes and the SHA-256 of what it has produced so far."""

    stream: GeneratorStream
    digest: hashlib._Hash

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()


@pytest.fixture
def random_upload() -> Callable[[int], RandomUpload]:
    """Factory: ``random_upload(n)`` streams n random bytes without holding them."""

    def make(total: int) -> RandomUpload:
        digest = hashlib.sha256()
        return RandomUpload(GeneratorStream(random_chunks(total, digest)), digest)

    return make


@pytest.fixture
def generator_stream() -> type[GeneratorStream]:
    return GeneratorStream
