"""Small, real files of each accepted type (and some that are not), made in memory for tests."""

from __future__ import annotations

import io
import zipfile


def pdf(text: str = "Tờ trình") -> bytes:
    body = text.encode("utf-8")
    return b"%PDF-1.4\n1 0 obj<<>>endobj\n" + body + b"\n%%EOF\n"


def png() -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
        b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
        b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def office_zip(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{part}/document.xml", "<x/>")
    return buffer.getvalue()


def ole(stream_name: str) -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + stream_name.encode("utf-16-le") + b"\x00" * 64


ACCEPTED = {
    "application/pdf": ("bao-cao.pdf", pdf()),
    "image/png": ("anh.png", png()),
    "image/jpeg": ("anh.jpg", jpeg()),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "to-trinh.docx",
        office_zip("word"),
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "danh-sach.xlsx",
        office_zip("xl"),
    ),
    "application/msword": ("to-trinh.doc", ole("WordDocument")),
    "application/vnd.ms-excel": ("danh-sach.xls", ole("Workbook")),
}

REFUSED = {
    "an executable named .pdf": ("to-trinh.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
    "plain text": ("ghi-chu.txt", "Xin chào".encode()),
    "a zip that is not an office file": ("tai-lieu.docx", b""),  # filled below
}


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "x")
    return buffer.getvalue()


REFUSED["a zip that is not an office file"] = ("tai-lieu.docx", _plain_zip())
