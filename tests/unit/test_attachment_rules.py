"""Attachment display names and kinds (the transport-independent part of the upload rules)."""

from __future__ import annotations

import pytest

from service.domain.attachments import AttachmentKind, clean_filename, object_key, parse_kind
from service.domain.errors import Invalid


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\lan\\Báo cáo.pdf", "Báo cáo.pdf"),
        ("/etc/passwd", "passwd"),
        ("a/b/../Tờ trình.docx", "Tờ trình.docx"),
        ("Tờ\ttrình\u200b.pdf", "Tờtrình.pdf"),
        ("Báo\r\ncáo\x00.pdf", "Báocáo.pdf"),
        ("  .hidden.pdf  ", "hidden.pdf"),
        ("", "tep-dinh-kem"),
        (None, "tep-dinh-kem"),
        ("..", "tep-dinh-kem"),
    ],
)
def test_names_lose_paths_and_control_characters(given: str | None, kept: str) -> None:
    assert clean_filename(given) == kept


def test_a_long_name_keeps_its_extension_within_255_characters() -> None:
    name = clean_filename("Biên bản " * 40 + ".xlsx")
    assert len(name) == 255
    assert name.endswith(".xlsx")


def test_the_object_key_is_made_of_ids_only() -> None:
    assert object_key(12, "7f3c") == "dossiers/12/attachments/7f3c"


def test_an_unknown_kind_names_the_allowed_ones() -> None:
    assert parse_kind("council_minutes") is AttachmentKind.COUNCIL_MINUTES
    with pytest.raises(Invalid) as caught:
        parse_kind("selfie")
    assert "achievement_report" in caught.value.fields["kind"]
