"""Dossier attachments: their kinds, safe display names, and when they may change.

An attachment added while the dossier is with its clerk stays removable until the dossier is
submitted; from then on it is sealed: kept for the audit, never deleted or replaced. While a
dossier is returned for revision the clerk may add new versions beside the sealed ones.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import PurePosixPath

from service.domain.errors import Invalid

MAX_NAME = 255
FALLBACK_NAME = "tep-dinh-kem"


class AttachmentKind(StrEnum):
    PROPOSAL = "proposal"
    COUNCIL_MINUTES = "council_minutes"
    ACHIEVEMENT_REPORT = "achievement_report"
    OTHER = "other"


@dataclass(frozen=True)
class Attachment:
    id: str
    dossier_id: int
    kind: AttachmentKind
    filename: str
    size: int
    sha256: str
    content_type: str
    object_key: str
    created_at: datetime
    created_by: str
    sealed: bool


def parse_kind(raw: str | None) -> AttachmentKind:
    try:
        return AttachmentKind(raw or "")
    except ValueError:
        allowed = ", ".join(k.value for k in AttachmentKind)
        problem = f"Chọn một trong: {allowed}."
        raise Invalid("Loại tài liệu không hợp lệ.", {"kind": problem}) from None


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
