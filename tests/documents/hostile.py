"""Hostile decision templates, built in memory from the stock ones so they are real Word files.

Each builder unzips a stock template of ``templates/``, edits ``word/document.xml`` or adds a
member, and zips it again. The zip bombs are made small: a member of zeros deflates about 1000:1,
and the lying directory is a real zip whose central directory is then patched to claim less.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from xml.sax.saxutils import escape

from service.documents import template_path

MB = 1024 * 1024
PASSWD = "file:///etc/passwd"


def stock(family: str = "giay_khen") -> bytes:
    return template_path(family).read_bytes()


def rezip(
    content: bytes,
    edit: Callable[[str], str] | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """``content`` with ``edit`` applied to word/document.xml and ``extra`` members added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if edit is not None and info.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def with_text(text: str, family: str = "giay_khen") -> bytes:
    """A stock template with one more paragraph at the top of the body, holding ``text``."""
    paragraph = f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    return rezip(stock(family), lambda xml: xml.replace("<w:body>", "<w:body>" + paragraph, 1))


def with_doctype(subset: str, text: str) -> bytes:
    """A stock template whose document.xml declares ``subset`` as its DTD and shows ``text``."""

    def edit(xml: str) -> str:
        declaration, rest = xml.split("?>", 1)
        paragraph = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        rest = rest.replace("<w:body>", "<w:body>" + paragraph, 1)
        return f"{declaration}?><!DOCTYPE w:document [{subset}]>{rest}"

    return rezip(stock(), edit)


def billion_laughs() -> bytes:
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return with_doctype("".join(lol), "&lol9;")


def external_entity() -> bytes:
    return with_doctype(f'<!ENTITY xxe SYSTEM "{PASSWD}">', "&xxe;")


def external_dtd() -> bytes:
    return rezip(
        stock(),
        lambda xml: xml.replace("?>", f'?><!DOCTYPE w:document SYSTEM "{PASSWD}">', 1),
    )


def malformed() -> bytes:
    return rezip(stock(), lambda xml: xml.replace("</w:body>", "", 1))


def zeros(blocks: int) -> bytes:
    """``blocks`` MiB of zero bytes, deflated raw as in a zip, in about 1 KiB per MiB.

    Each block is compressed after a full flush, which resets the compressor, so every block
    comes out the same and a 4 GiB member costs one block's work and 4 MiB of memory.
    """
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(bytes(MB)) + deflate.flush(zlib.Z_FULL_FLUSH)
    return block * blocks + deflate.flush()


# A zip member without the Zip64 extension holds under 4 GiB; its CRC-32 was worked out once
# (computing it takes a second).
BOMB_BLOCKS = 4095
BOMB_CRC = 0x65D3537A


def zip_bomb() -> bytes:
    """The attack as found: a 4 MiB .docx holding a 4 GiB "image", its directory honest."""
    bomb = zeros(BOMB_BLOCKS)
    return _add_raw_member(stock(), "word/media/image1.png", bomb, BOMB_BLOCKS * MB, BOMB_CRC)


def lying_directory(blocks: int = 64, claimed: int = 1000) -> bytes:
    """A member that inflates to ``blocks`` MiB while the zip directory says ``claimed`` bytes.

    The CRC is that of the first ``claimed`` bytes, so zipfile itself reads the member without
    complaint: it stops at the claimed size and never notices the rest.
    """
    crc = zlib.crc32(bytes(claimed))
    return _add_raw_member(stock(), "word/media/image1.png", zeros(blocks), claimed, crc)


def many_members(count: int) -> bytes:
    return rezip(stock(), extra={f"customXml/item{i}.bin": b"x" for i in range(100, 100 + count)})


IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _referencing(member: str, data: bytes, added: str) -> bytes:
    """``data`` of ``member``, changed so that the document refers to the ``added`` image and
    python-docx loads it (an unreferenced member would simply be skipped)."""
    if member == "word/_rels/document.xml.rels":
        target = added.removeprefix("word/")
        rel = f'<Relationship Id="rIdBomb" Type="{IMAGE_REL}" Target="{target}"/>'
        return data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    if member == "[Content_Types].xml":
        png = b'<Default Extension="png" ContentType="image/png"/>'
        return data.replace(b"<Default ", png + b"<Default ", 1)
    return data


def _add_raw_member(content: bytes, name: str, deflated: bytes, size: int, crc: int) -> bytes:
    """Append a deflated member by hand, declaring ``size`` as its inflated size.

    zipfile cannot write a member whose sizes lie, so the local header, the data and the central
    directory entry are written here; the other members are copied with zipfile.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, _referencing(info.filename, src.read(info), name))
    archive = out.getvalue()
    # Split off the central directory (its offset is in the end record, the last 22 bytes).
    end = archive[-22:]
    entries, _, directory_offset = struct.unpack("<HII", end[10:20])
    body, directory = archive[:directory_offset], archive[directory_offset:-22]
    encoded = name.encode()
    fields = (20, 0, zipfile.ZIP_DEFLATED, 0, 0x21, crc, len(deflated), size, len(encoded))
    local = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, *fields[1:], 0)
    central = struct.pack(
        "<4s4B4HL2L5H2L",
        b"PK\x01\x02",
        20,
        3,
        20,
        0,
        *fields[1:],
        0,
        0,
        0,
        0,
        0o644 << 16,
        len(body),
    )
    member = local + encoded + deflated
    directory += central + encoded
    end = struct.pack(
        "<4s4H2LH",
        b"PK\x05\x06",
        0,
        0,
        entries + 1,
        entries + 1,
        len(directory),
        len(body) + len(member),
        0,
    )
    return body + member + directory + end
