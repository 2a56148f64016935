"""Dossier attachments: the part each is (a checklist kind, ``domain.checklists``), safe display
names, and when they may change.

An attachment added while the dossier is with its clerk stays removable until the dossier is
submitted; from then on it is sealed: kept for the audit, never deleted or replaced. While a
dossier is returned for revision the clerk may add new versions beside the sealed ones.

What an upload must be: not empty, not byte for byte a file the dossier already holds (same
SHA-256), and named for what its bytes are: ``fake.exe`` holding a PDF is kept as ``fake.pdf``,
so no download ever carries an extension its content belies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from service.domain import content_types as types
from service.domain.errors import Conflict, Invalid

MAX_NAME = 255
FALLBACK_NAME = "tep-dinh-kem"


@dataclass(frozen=True)
class Attachment:
    id: str
    dossier_id: int
    # A checklist kind of the dossier's award (domain.checklists), as stored.
    kind: str
    filename: str
    size: int
    sha256: str
    content_type: str
    object_key: str
    created_at: datetime
    created_by: str
    sealed: bool
    # The nominee a per-nominee part is filed for; None for a part of the whole dossier.
    nominee_id: int | None = None

    def download_name(self) -> str:
        """The name to serve it under: rows kept before names followed types get it fixed here."""
        return name_for_type(self.filename, self.content_type)


# The extensions each accepted type may carry; the first is the one a misnamed file is given.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    types.PDF: (".pdf",),
    types.DOCX: (".docx",),
    types.XLSX: (".xlsx",),
    types.DOC: (".doc",),
    types.XLS: (".xls",),
    types.JPEG: (".jpg", ".jpeg"),
    types.PNG: (".png",),
}
TYPE_NAMES = {
    types.PDF: "PDF",
    types.DOCX: "Word (DOCX)",
    types.XLSX: "Excel (XLSX)",
    types.DOC: "Word (DOC)",
    types.XLS: "Excel (XLS)",
    types.JPEG: "ảnh JPEG",
    types.PNG: "ảnh PNG",
}
# What reads as a file extension to replace (".exe", ".txt"), not part of the name (".2026").
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}")


class EmptyFile(Invalid):
    code = "empty_file"
    default_message = "Tệp rỗng (0 byte); hãy chọn tệp có nội dung."

    def __init__(self) -> None:
        super().__init__(None, {"file": self.default_message})


class DuplicateAttachment(Conflict):
    """The dossier already holds a file with these very bytes (the same SHA-256)."""

    code = "duplicate_attachment"


def clean_filename(raw: str | None) -> str:
    """The display name to keep: NFC, no path parts, no control characters, at most 255 chars."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if not name:
        return FALLBACK_NAME
    if len(name) <= MAX_NAME:
        return name
    suffix = PurePosixPath(name).suffix
    suffix = suffix if len(suffix) <= 16 else ""
    return name[: MAX_NAME - len(suffix)] + suffix


def object_key(dossier_id: int, attachment_id: str) -> str:
    """The store key: ids only, never the user's file name."""
    return f"dossiers/{dossier_id}/attachments/{attachment_id}"


def name_for_type(name: str, content_type: str) -> str:
    """``name`` with an extension that matches ``content_type``: a wrong one is replaced,
    a missing one added. Names of types not in EXTENSIONS are left as they are."""
    allowed = EXTENSIONS.get(content_type)
    if not allowed:
        return name
    path = PurePosixPath(name)
    suffix = path.suffix
    if suffix.lower() in allowed:
        return name
    stem = name[: -len(suffix)] if suffix and _EXTENSION.fullmatch(suffix) else name
    if stem == "":  # "" or ".exe": a name that is only an extension
        stem = FALLBACK_NAME
    return stem[: MAX_NAME - len(allowed[0])] + allowed[0]


def renamed_from(sent: str | None, kept: Attachment) -> str | None:
    """The (cleaned) name the file was sent under when its extension had to change, else None."""
    original = clean_filename(sent)
    return original if original != kept.filename else None


def rename_notice(sent: str, kept: Attachment) -> str:
    """What the clerk is told when their file is kept under a name matching its content."""
    kind = TYPE_NAMES.get(kept.content_type, kept.content_type)
    return f"Tệp «{sent}» thực chất là {kind} nên được lưu với tên «{kept.filename}»."


def require_not_empty(size: int) -> None:
    if size == 0:
        raise EmptyFile()


def require_new_content(sha256: str, existing: Iterable[Attachment]) -> None:
    """Refuse a file the dossier already holds byte for byte, naming the attachment it repeats."""
    same = next((a for a in existing if a.sha256 == sha256), None)
    if same is not None:
        raise DuplicateAttachment(
            f"Hồ sơ đã có tệp này (cùng nội dung, SHA-256 {sha256[:12]}…): "
            f"«{same.filename}» do {same.created_by} tải lên; không cần tải lên lần nữa."
        )
