"""Recognising an uploaded file's type from its bytes, never from its name.

Accepted: PDF, DOCX, XLSX (ZIP containers with Word or Excel parts), DOC and XLS (OLE2
compound files with a WordDocument or Workbook stream), JPEG and PNG.
"""

from __future__ import annotations

import zipfile
from typing import IO

from service.domain.content_types import DOC, DOCX, JPEG, PDF, PNG, XLS, XLSX

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_SCAN = 4 * 1024 * 1024  # directory entries sit near the start in files Office writes


def detect(stream: IO[bytes]) -> str | None:
    """The content type of a seekable stream, or None if it is not an accepted type.

    The stream is left at position 0.
    """
    stream.seek(0)
    head = stream.read(16)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"PK\x03\x04"):
            return _office_zip(stream)
        if head.startswith(_OLE2):
            return _office_ole(stream)
        return None
    finally:
        stream.seek(0)


def _office_zip(stream: IO[bytes]) -> str | None:
    stream.seek(0)
    try:
        names = zipfile.ZipFile(stream).namelist()
    except (zipfile.BadZipFile, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def _office_ole(stream: IO[bytes]) -> str | None:
    stream.seek(0)
    data = stream.read(_OLE_SCAN)
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return XLS
    return None
