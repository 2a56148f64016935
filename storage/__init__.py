"""Object storage for dossier attachments and generated decision documents.

This package owns the bytes of files: scanned PDFs uploaded to a dossier (tens of MB)
and the decision documents the service renders. The database owns everything *about*
a file (owner, original Vietnamese file name, content type, checksum); an object store
only maps an ASCII key such as ``dossiers/12/attachments/7f3c.../blob`` to bytes.

Two adapters implement the same :class:`ObjectStore` contract and are chosen by URL
through :func:`open_store`:

* ``file://var/objects`` (relative to the working directory) or ``file:///srv/objects``
  - a local folder (:mod:`storage.folder`), for development and single-host installs;
* ``s3://KEY:SECRET@127.0.0.1:9000/bucket?secure=false&region=us-east-1`` - MinIO or any
  S3-compatible server (:mod:`storage.s3`, the only module that imports ``minio``).

Uploads are streamed: no adapter ever holds a whole object in memory. ``put`` returns
the SHA-256 computed while streaming; persist it in the database, because ``stat``
may not be able to return it (see each adapter's docstring).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Protocol, runtime_checkable
from urllib.parse import parse_qsl, unquote, urlsplit

from storage._names import content_disposition, validate_key, validate_prefix

__all__ = [
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectStore",
    "ObjectStream",
    "ObjectTooLarge",
    "StorageError",
    "StorageUnavailable",
    "content_disposition",
    "open_store",
    "validate_key",
    "validate_prefix",
]


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
        stream: BinaryIO,
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


def open_store(url: str) -> ObjectStore:
    """Build the adapter named by ``url``.

    * ``file://var/objects`` - folder relative to the current directory (resolved now);
    * ``file:///srv/objects`` - absolute folder;
    * ``s3://KEY:SECRET@host:port/bucket[?secure=false][&region=...]`` - S3/MinIO; key and
      secret are percent-decoded (write ``/`` in a secret as ``%2F``); ``secure``
      defaults to true (HTTPS).

    Raises ``ValueError`` for anything else. Error messages never echo the secret.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        return _open_folder(parts.netloc, parts.path, parts.query)
    if scheme == "s3":
        return _open_s3(parts.netloc, parts.path, parts.query)
    raise ValueError(
        f"unsupported object store URL scheme {parts.scheme!r}: "
        "use file://relative/path, file:///absolute/path or s3://KEY:SECRET@host:port/bucket"
    )


def _open_folder(netloc: str, path: str, query: str) -> ObjectStore:
    from storage.folder import FolderStore

    if query:
        raise ValueError("file:// object store URLs take no query parameters")
    # file://var/objects puts "var" in the netloc: the project's convention for a relative
    # path. file:///srv/objects has an empty netloc and an absolute path.
    raw = unquote(netloc + path) if netloc else unquote(path)
    if not raw:
        raise ValueError("file:// object store URL has no path")
    return FolderStore(Path(raw).absolute())


def _open_s3(netloc: str, path: str, query: str) -> ObjectStore:
    from storage.s3 import S3Store

    userinfo, at, endpoint = netloc.rpartition("@")
    access_key, colon, secret_key = userinfo.partition(":")
    if not at or not colon or not access_key or not secret_key:
        raise ValueError("s3:// object store URL needs credentials: s3://KEY:SECRET@host/bucket")
    if not endpoint:
        raise ValueError("s3:// object store URL has no host")
    bucket = path.strip("/")
    if not bucket or "/" in bucket:
        raise ValueError("s3:// object store URL must name exactly one bucket: .../bucket")
    options = dict(parse_qsl(query, keep_blank_values=True, strict_parsing=False))
    unknown = set(options) - {"secure", "region"}
    if unknown:
        raise ValueError(f"unknown s3:// URL parameter(s): {', '.join(sorted(unknown))}")
    return S3Store(
        endpoint=endpoint,
        access_key=unquote(access_key),
        secret_key=unquote(secret_key),
        bucket=bucket,
        secure=_parse_bool(options.get("secure", "true"), "secure"),
        region=options.get("region") or None,
    )


def _parse_bool(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"s3:// URL parameter {name}={value!r} is not a boolean")
