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

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from storage._names import content_disposition, validate_key, validate_prefix
from storage.contract import (
    ObjectInfo,
    ObjectNotFound,
    ObjectStore,
    ObjectStream,
    ObjectTooLarge,
    StorageError,
    StorageUnavailable,
)

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
