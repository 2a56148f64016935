"""Attachment display names and kinds (the transport-independent part of the upload rules)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from service.domain.attachments import (
    Attachment,
    DuplicateAttachment,
    EmptyFile,
    clean_filename,
    name_for_type,
    object_key,
    rename_notice,
    renamed_from,
    require_new_content,
    require_not_empty,
)
from service.domain.content_types import DOCX, JPEG, PDF, PNG, XLSX


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


def _stored(sha256: str = "ab" * 32) -> Attachment:
    at = datetime(2026, 3, 1, tzinfo=UTC)
    return Attachment(
        "a1",
        7,
        "to_trinh",
        "Tờ trình.pdf",
        10,
        sha256,
        PDF,
        "k",
        at,
        "dc.clerk",
        False,
    )


@pytest.mark.parametrize(
    ("sent", "content_type", "kept"),
    [
        ("fake.exe", PDF, "fake.pdf"),
        ("Tờ trình.PDF", PDF, "Tờ trình.PDF"),
        ("ảnh.jpeg", JPEG, "ảnh.jpeg"),
        ("ảnh.png", JPEG, "ảnh.jpg"),
        ("Báo cáo", DOCX, "Báo cáo.docx"),
        ("Quyết định năm 2026.12", PDF, "Quyết định năm 2026.12.pdf"),
        ("danh-sach.xls", XLSX, "danh-sach.xlsx"),
        ("tep-dinh-kem", PNG, "tep-dinh-kem.png"),
    ],
)
def test_a_file_is_named_for_what_its_bytes_are(sent: str, content_type: str, kept: str) -> None:
    assert name_for_type(sent, content_type) == kept


def test_a_renamed_long_name_stays_within_255_characters() -> None:
    name = name_for_type("ả" * 251 + ".exe", PDF)
    assert len(name) == 255 and name.endswith("ả.pdf")


def test_a_name_not_matching_its_type_is_served_under_the_right_one() -> None:
    old_row = replace(_stored(), filename="fake.exe")  # kept before names followed types
    assert old_row.download_name() == "fake.pdf"
    assert _stored().download_name() == "Tờ trình.pdf"


def test_the_clerk_is_told_the_name_sent_and_the_name_kept() -> None:
    kept = replace(_stored(), filename="fake.pdf")
    assert renamed_from("fake.exe", kept) == "fake.exe"
    assert renamed_from("fake.pdf", kept) is None
    assert rename_notice("fake.exe", kept) == (
        "Tệp «fake.exe» thực chất là PDF nên được lưu với tên «fake.pdf»."
    )


def test_an_empty_file_has_its_own_message() -> None:
    require_not_empty(1)
    with pytest.raises(EmptyFile) as caught:
        require_not_empty(0)
    assert caught.value.message.startswith("Tệp rỗng")
    assert caught.value.fields["file"].startswith("Tệp rỗng")


def test_the_same_bytes_twice_are_refused_naming_the_attachment_they_repeat() -> None:
    require_new_content("cd" * 32, [_stored()])
    with pytest.raises(DuplicateAttachment) as caught:
        require_new_content("ab" * 32, [_stored("cd" * 32), _stored()])
    assert "«Tờ trình.pdf»" in caught.value.message
    assert "dc.clerk" in caught.value.message
