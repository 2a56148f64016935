"""Folder adapter: objects as plain files under one root directory.

Owns the on-disk layout: the object ``dossiers/12/attachments/7f3c/blob`` is the file
``<root>/dossiers/12/attachments/7f3c/blob``. Meant for development, tests and
single-host installs; use the S3 adapter when several hosts share the files.

Atomicity: ``put`` streams into a ``.tmp-*`` file in the destination directory, fsyncs
it, renames it over the key with ``os.replace`` and fsyncs the directory, so a reader
sees either the old object or the complete new one, never a half-written file, even
after a crash. Leftover ``.tmp-*`` files from a crash are invisible to ``list``;
``remove_incomplete`` deletes those older than a cutoff (``storage gc`` does it).

Checksums: the SHA-256 and content type are stored as extended attributes
(``user.storage.sha256``, ``user.storage.content_type``) on the temporary file before
the rename, so they can never disagree with the bytes. No sidecar files. On file
systems without user xattrs (or after a copy that dropped them) ``stat`` returns
``sha256=None`` / ``content_type=None``, which the contract allows.

Files are created with mode 0600: attachments carry personal data.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from stat import S_ISREG
from typing import IO

from storage import (
    ObjectInfo,
    ObjectNotFound,
    ObjectStream,
    StorageError,
    StorageUnavailable,
)
from storage._ingest import HashingReader
from storage._names import check_content_type, check_expiry, validate_key, validate_prefix

CHUNK_SIZE = 1024 * 1024
_TEMP_PREFIX = ".tmp-"
_XATTR_SHA256 = "user.storage.sha256"
_XATTR_CONTENT_TYPE = "user.storage.content_type"
_XATTRS_UNSUPPORTED = {errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM, errno.ENODATA, errno.E2BIG}


class FolderStore:
    """An :class:`storage.ObjectStore` backed by a directory tree."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"FolderStore({str(self.root)!r})"

    def ensure_ready(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageUnavailable(f"cannot create storage folder {self.root}: {exc}") from exc
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise StorageUnavailable(f"storage folder {self.root} is not writable")

    def put(
        self,
        key: str,
        stream: IO[bytes],
        *,
        content_type: str = "application/octet-stream",
        max_size: int | None = None,
    ) -> ObjectInfo:
        path = self._path(key)
        check_content_type(content_type)
        reader = HashingReader(stream, max_size)
        self._require_root()
        try:
            # The root must already exist (checked above): recreating a vanished root, such as
            # an unmounted volume, would silently write to the wrong disk.
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=_TEMP_PREFIX)
        except OSError as exc:
            raise StorageError(f"cannot store {key!r}: {exc}") from exc
        try:
            with os.fdopen(fd, "wb") as temp:
                while chunk := reader.read(CHUNK_SIZE):
                    temp.write(chunk)
                temp.flush()
                _set_xattrs(temp.fileno(), reader.sha256, content_type)
                os.fsync(temp.fileno())
                written = os.fstat(temp.fileno())  # the rename keeps this mtime
            os.replace(temp_name, path)
        except BaseException as exc:
            _remove_quietly(temp_name)
            if isinstance(exc, OSError) and reader.source_error is None:
                raise StorageError(f"cannot store {key!r}: {exc}") from exc
            raise
        _fsync_directory(path.parent)
        return ObjectInfo(
            key=key,
            size=reader.size,
            sha256=reader.sha256,
            content_type=content_type,
            last_modified=_mtime(written),
        )

    def open(self, key: str) -> ObjectStream:
        path = self._path(key)
        try:
            file = builtins.open(path, "rb")  # noqa: SIM115 - ObjectStream closes it
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise self._not_found(key) from None
        except OSError as exc:
            raise StorageError(f"cannot read {key!r}: {exc}") from exc
        return ObjectStream(_read_chunks(file, key), file.close)

    def stat(self, key: str) -> ObjectInfo:
        path = self._path(key)
        try:
            return _info(key, path)
        except (FileNotFoundError, NotADirectoryError):
            raise self._not_found(key) from None

    def delete(self, key: str) -> None:
        path = self._path(key)
        try:
            path.unlink()
        except (FileNotFoundError, NotADirectoryError):
            self._require_root()
        except IsADirectoryError:
            pass  # "a/b" is only a directory because objects live below it: no object here
        except OSError as exc:
            raise StorageError(f"cannot delete {key!r}: {exc}") from exc
        # Empty directories are left in place: removing them would race with a concurrent
        # put that has just created its parent directory.

    def presign_get(
        self,
        key: str,
        expires: timedelta,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> str | None:
        validate_key(key)
        check_expiry(expires)
        if content_type is not None:
            check_content_type(content_type)
        return None  # no server to hand a URL to: the caller streams open(key) itself

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        validate_prefix(prefix)
        self._require_root()
        return self._list(prefix)

    def _list(self, prefix: str) -> Iterator[ObjectInfo]:
        # Only the directory that can contain matches is walked. Keys are collected and
        # sorted so the order matches S3's (plain string order, where "a-b" < "a/b").
        directory = prefix.rpartition("/")[0]
        keys = sorted(k for k in _walk(self.root, directory) if k.startswith(prefix))
        for key in keys:
            try:
                yield _info(key, self.root / key)
            except FileNotFoundError:
                continue  # deleted while we were listing

    def remove_incomplete(self, prefix: str, before: datetime) -> builtins.list[str]:
        """Remove ``.tmp-*`` files last written before ``before`` whose path starts with
        ``prefix`` (for ``dossiers/``: every one below that folder). A put in progress keeps
        writing to its file, so only one stalled or killed for that long ages past ``before``."""
        validate_prefix(prefix)
        self._require_root()
        removed = []
        directory = prefix.rpartition("/")[0]
        for relative in _walk(self.root, directory, temporaries=True):
            if not relative.startswith(prefix):
                continue
            path = self.root / relative
            try:
                if _mtime(path.stat()) >= before:
                    continue
                path.unlink()
            except FileNotFoundError:
                continue  # its put finished (renamed it) or failed (removed it) meanwhile
            except OSError as exc:
                raise StorageError(f"cannot remove {relative!r}: {exc}") from exc
            removed.append(relative)
        return removed

    def _path(self, key: str) -> Path:
        return self.root / validate_key(key)

    def _require_root(self) -> None:
        if not self.root.is_dir():
            raise StorageUnavailable(
                f"storage folder {self.root} does not exist; run ensure_ready()"
            )

    def _not_found(self, key: str) -> StorageError:
        self._require_root()
        return ObjectNotFound(key)


def _read_chunks(file: IO[bytes], key: str) -> Iterator[bytes]:
    try:
        while chunk := file.read(CHUNK_SIZE):
            yield chunk
    except OSError as exc:
        raise StorageError(f"cannot read {key!r}: {exc}") from exc


def _walk(root: Path, relative: str, *, temporaries: bool = False) -> Iterator[str]:
    """The objects' keys below ``relative``; with ``temporaries``, the temporary files' paths."""
    try:
        entries = list(os.scandir(root / relative if relative else root))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        key = f"{relative}/{entry.name}" if relative else entry.name
        if entry.is_dir(follow_symlinks=False):
            if not entry.name.startswith("."):
                yield from _walk(root, key, temporaries=temporaries)
        elif entry.is_file(follow_symlinks=False):
            # Dot files are temporary files of puts in progress (or crashed), never objects.
            wanted = entry.name.startswith(_TEMP_PREFIX) if temporaries else entry.name[0] != "."
            if wanted:
                yield key


def _info(key: str, path: Path) -> ObjectInfo:
    result = path.stat()
    if not S_ISREG(result.st_mode):
        raise FileNotFoundError(path)
    return ObjectInfo(
        key=key,
        size=result.st_size,
        sha256=_get_xattr(path, _XATTR_SHA256),
        content_type=_get_xattr(path, _XATTR_CONTENT_TYPE),
        last_modified=_mtime(result),
    )


def _mtime(result: os.stat_result) -> datetime:
    return datetime.fromtimestamp(result.st_mtime, tz=UTC)


def _set_xattrs(fd: int, sha256: str, content_type: str) -> None:
    if not hasattr(os, "setxattr"):
        return
    try:
        os.setxattr(fd, _XATTR_SHA256, sha256.encode("ascii"))
        os.setxattr(fd, _XATTR_CONTENT_TYPE, content_type.encode("ascii"))
    except OSError as exc:
        if exc.errno not in _XATTRS_UNSUPPORTED:
            raise


def _get_xattr(path: Path, name: str) -> str | None:
    if not hasattr(os, "getxattr"):
        return None
    try:
        return os.getxattr(path, name).decode("ascii")
    except (OSError, UnicodeDecodeError):
        return None


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; without it a crash can forget the new name.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on directories; the data is already synced
    finally:
        os.close(fd)


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name)
