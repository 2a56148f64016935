"""Byte accounting for uploads, shared by the adapters.

:class:`HashingReader` owns what every ``put`` must do to the incoming stream: hash it
with SHA-256, count it, stop it once it exceeds ``max_size``, and remember whether a
failure came from the *source* (e.g. the browser hung up) rather than from the store,
so adapters do not report a client's disconnect as "storage unavailable".
"""

from __future__ import annotations

import hashlib
from typing import IO

from storage import ObjectTooLarge

READ_ALL_CHUNK = 1024 * 1024


class HashingReader:
    """A read-only file-like view of ``source`` that hashes and counts what passes through
    and raises :class:`ObjectTooLarge` as soon as more than ``max_size`` bytes have arrived.
    """

    def __init__(self, source: IO[bytes], max_size: int | None = None) -> None:
        if max_size is not None and max_size < 0:
            raise ValueError("max_size must not be negative")
        if not callable(getattr(source, "read", None)):
            raise TypeError("stream must be a binary file-like object with read()")
        self._source = source
        self._max_size = max_size
        self._hash = hashlib.sha256()
        self.size = 0
        self.too_large = False
        self.source_error: BaseException | None = None

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if self.too_large:
            raise self._too_large()
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(READ_ALL_CHUNK), b""))
        data = self._fill(size)
        self.size += len(data)
        if self._max_size is not None and self.size > self._max_size:
            self.too_large = True
            raise self._too_large()
        self._hash.update(data)
        return data

    def _fill(self, size: int) -> bytes:
        # Return the full `size` in one piece when the source allows it. minio-py glues
        # short reads together with `bytes +=`, which copies the growing part every time.
        first = self._read_source(size)
        if len(first) >= size or not first:
            return first
        pieces = [first]
        missing = size - len(first)
        while missing > 0:
            piece = self._read_source(missing)
            if not piece:
                break
            pieces.append(piece)
            missing -= len(piece)
        return b"".join(pieces)

    def _read_source(self, size: int) -> bytes:
        try:
            data = self._source.read(size)
        except BaseException as exc:
            self.source_error = exc
            raise
        if data is None:  # a non-blocking raw stream with nothing ready yet
            raise BlockingIOError("upload stream returned None: use a blocking stream")
        if not isinstance(data, bytes):
            if isinstance(data, bytearray | memoryview):
                return bytes(data)
            raise TypeError(f"upload stream returned {type(data).__name__}, not bytes")
        return data

    def _too_large(self) -> ObjectTooLarge:
        return ObjectTooLarge(f"upload exceeds the limit of {self._max_size} bytes")
