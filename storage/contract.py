"""The object-store contract: the errors, the object description, the stream and the protocol.

It imports nothing but the standard library and ``storage._names``, so that code which only needs
the shape of a store (the service's use cases) does not import an adapter or its SDK.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import IO, Protocol, runtime_checkable


class StorageError(Exception):
    """Base class of every error raised by an object store."""


class ObjectNotFound(StorageError):
    """No object is stored under the requested key."""


class StorageUnavailable(StorageError):
    """The store cannot be reached or is not set up: server down, refused, timed out,
    bucket or folder missing. Usually worth a retry later (HTTP 503)."""


class ObjectTooLarge(StorageError):
    """An upload delivered more than ``max_size`` bytes; nothing was stored."""


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """What a store knows about one object. ``sha256`` (hex) and ``content_type`` are
    ``None`` when the backend does not keep them; ``last_modified`` is timezone-aware."""

    key: str
    size: int
    sha256: str | None
    content_type: str | None
    last_modified: datetime


class ObjectStream:
    """Chunks of one stored object, read lazily.

    Iterate it (or hand it to a WSGI response, which calls :meth:`close`) and always close
    it - a plain generator would not do: closing a generator that was never started skips
    its ``finally`` and would leak the file handle or pooled HTTP connection.
    """

    def __init__(self, chunks: Iterator[bytes], release: Callable[[], None]) -> None:
        self._chunks = chunks
        self._release: Callable[[], None] | None = release

    def __iter__(self) -> ObjectStream:
        return self

    def __next__(self) -> bytes:
        if self._release is None:
            raise StopIteration
        try:
            return next(self._chunks)
        except BaseException:
            # Exhausted or failed: give the connection back now, not at garbage collection.
            self.close()
            raise

    def read_all(self) -> bytes:
        """The remaining bytes at once - only for objects known to be small."""
        with self:
            return b"".join(self)

    def close(self) -> None:
        release, self._release = self._release, None
        if release is None:
            return
        try:
            close_chunks = getattr(self._chunks, "close", None)
            if close_chunks is not None:
                close_chunks()
        finally:
            release()

    def __enter__(self) -> ObjectStream:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@runtime_checkable
class ObjectStore(Protocol):
    """The contract shared by all adapters (tested once, in ``tests/storage``).

    Every method validates its key or prefix first (:func:`validate_key`) and raises
    ``ValueError`` without touching storage. Failures of the store itself raise
    :class:`StorageError` subclasses; errors raised by the caller's upload stream
    propagate unchanged. Implementations are safe to share between threads.
    """

    def ensure_ready(self) -> None:
        """Create the bucket or folder if it is missing. Idempotent."""
        ...

    def put(
        self,
        key: str,
        stream: IO[bytes],
        *,
        content_type: str = "application/octet-stream",
        max_size: int | None = None,
    ) -> ObjectInfo:
        """Store everything ``stream.read()`` yields under ``key``, replacing any object
        there. Streams in chunks and hashes as it goes. More than ``max_size`` bytes raises
        :class:`ObjectTooLarge` and stores nothing. The object appears atomically."""
        ...

    def open(self, key: str) -> ObjectStream:
        """Start a streaming download; raises :class:`ObjectNotFound` straight away."""
        ...

    def stat(self, key: str) -> ObjectInfo:
        """Size and dates of the object under ``key``; :class:`ObjectNotFound` if none."""
        ...

    def delete(self, key: str) -> None:
        """Remove the object under ``key``; deleting a missing key is not an error."""
        ...

    def presign_get(
        self,
        key: str,
        expires: timedelta,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> str | None:
        """A URL that lets a browser download the object directly until ``expires``
        from now, announced as ``filename``; ``None`` when the backend cannot do that and
        the caller must stream :meth:`open` itself."""
        ...

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Objects whose key starts with ``prefix`` (a plain string prefix, as in S3)."""
        ...

    def remove_incomplete(self, prefix: str, before: datetime) -> builtins.list[str]:
        """Remove what puts under ``prefix`` left half done, if begun before ``before`` (aware).

        A process killed during ``put`` leaves bytes no key shows: the folder adapter's
        temporary file, an S3 multipart upload never completed or aborted. Younger ones may
        belong to a put still running and are kept. Returns a description of each removed.
        """
        ...
