"""Choosing an adapter from a URL, object key rules, and download file names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storage import content_disposition, open_store, validate_key, validate_prefix
from storage.folder import FolderStore
from storage.s3 import S3Store


def test_a_relative_file_url_opens_a_folder_below_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    store = open_store("file://var/objects")

    assert isinstance(store, FolderStore)
    assert store.root == tmp_path / "var" / "objects"


def test_an_absolute_file_url_opens_that_folder(tmp_path: Path) -> None:
    store = open_store(f"file://{tmp_path}/objects%20here")

    assert isinstance(store, FolderStore)
    assert store.root == tmp_path / "objects here"


def test_an_s3_url_decodes_the_credentials_and_defaults_to_https() -> None:
    store = open_store(
        "s3://AK%2B1:se%2Fcr%40et@minio.internal:9000/dossiers?region=ap-southeast-1"
    )

    assert isinstance(store, S3Store)
    assert store.endpoint == "minio.internal:9000"
    assert store.bucket == "dossiers"
    client = store._client
    assert client._base_url.is_https
    assert client._base_url.region == "ap-southeast-1"
    credentials = client._provider.retrieve()  # type: ignore[union-attr]
    assert (credentials.access_key, credentials.secret_key) == ("AK+1", "se/cr@et")


def test_secure_false_selects_plain_http_and_the_region_defaults_to_us_east_1() -> None:
    store = open_store("s3://KEY:SECRET@127.0.0.1:9000/bucket?secure=false")

    assert isinstance(store, S3Store)
    assert not store._client._base_url.is_https
    assert store._client._base_url.region == "us-east-1"


def test_the_secret_never_appears_in_the_store_repr() -> None:
    store = open_store("s3://KEY:TOPSECRET@127.0.0.1:9000/bucket?secure=false")

    assert "TOPSECRET" not in repr(store)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/objects",
        "objects",
        "/srv/objects",
        "s3://127.0.0.1:9000/bucket",
        "s3://KEY@127.0.0.1:9000/bucket",
        "s3://KEY:SECRET@127.0.0.1:9000/",
        "s3://KEY:SECRET@127.0.0.1:9000/bucket/nested",
        "s3://KEY:SECRET@127.0.0.1:9000/Bad_Bucket",
        "s3://KEY:SECRET@127.0.0.1:9000/bucket?secure=maybe",
        "s3://KEY:SECRET@127.0.0.1:9000/bucket?secur=false",
        "file:///srv/objects?mode=fast",
    ],
)
def test_unsupported_or_malformed_urls_raise_value_error(url: str) -> None:
    with pytest.raises(ValueError):
        open_store(url)


def test_a_malformed_s3_url_does_not_leak_the_secret_in_the_error() -> None:
    with pytest.raises(ValueError) as caught:
        open_store("s3://KEY:TOPSECRET@127.0.0.1:9000/bucket?secure=maybe")

    assert "TOPSECRET" not in str(caught.value)


@pytest.mark.parametrize(
    "key",
    [
        "dossiers/12/attachments/7f3c9a0b/blob",
        "decisions/2024/QD-123_khen-thuong.docx",
        "a",
        "x" * 1024,
        "v1.2/file.tar.gz",
    ],
)
def test_ordinary_ascii_keys_are_accepted(key: str) -> None:
    assert validate_key(key) == key


@pytest.mark.parametrize("prefix", ["", "dossiers/", "dossiers/1", "dossiers/12/attachments/"])
def test_prefixes_that_valid_keys_can_start_with_are_accepted(prefix: str) -> None:
    assert validate_prefix(prefix) == prefix


def test_a_vietnamese_file_name_is_sent_both_as_utf8_and_as_an_ascii_fallback() -> None:
    header = content_disposition("Biên bản họp.pdf")

    assert header == (
        'attachment; filename="Bien ban hop.pdf"; '
        "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf"
    )


def test_the_letter_d_with_stroke_gets_a_readable_ascii_fallback() -> None:
    assert content_disposition("Đề nghị khen thưởng.docx", "inline").startswith(
        "inline; filename=\"De nghi khen thuong.docx\"; filename*=UTF-8''"
    )


def test_a_plain_ascii_file_name_needs_no_extended_parameter() -> None:
    assert content_disposition("report.pdf") == 'attachment; filename="report.pdf"'


def test_quotes_and_line_breaks_cannot_escape_the_header_value() -> None:
    header = content_disposition('a"b\\c\r\nSet-Cookie: x=1.pdf')

    assert "\r" not in header
    assert "\n" not in header
    assert header.startswith('attachment; filename="a_b_c__Set-Cookie: x=1.pdf"; ')


def test_importing_storage_and_using_a_folder_does_not_import_minio(tmp_path: Path) -> None:
    code = (
        "import sys, storage; "
        f"storage.open_store({tmp_path.as_uri()!r}).ensure_ready(); "
        "assert 'minio' not in sys.modules, 'minio imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])
