"""What a .docx from outside may hold: its zip read with every size bounded, its XML hardened.

An uploaded template is a zip the uploader wrote. Its directory states each member's sizes, and
both can lie, so ``check_package`` refuses on the stated sizes first (member count, inflated size
per member and in all, compression ratio) and then inflates each member itself, never past the
stated size and the limits, refusing a member that goes on beyond what its directory claims or
stops short of it. Every XML part is parsed with entity resolution, DTD loading and the network
off, and one that declares a DTD or entities is refused: Word never writes them, and they are
how billion-laughs and external-entity (XXE) attacks start.

Problems are reported as ``PackageInvalid``, a TemplateInvalid on the field ``file``.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from service.documents.errors import TemplateInvalid

MB = 1_000_000
CHUNK = 64 * 1024
LOCAL_HEADER = struct.Struct("<4s5H3L2H")
LOCAL_SIGNATURE = b"PK\x03\x04"
XML_SUFFIXES = (".xml", ".rels")
CONTENT_TYPES = "[Content_Types].xml"
REQUIRED = (CONTENT_TYPES, "word/document.xml")
# Looked for before parsing, in the encodings an XML part may use, so that a DTD is refused by
# name instead of by whatever the parser makes of it; the parsed document is checked again.
DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


@dataclass(frozen=True)
class PackageLimits:
    """How big a .docx may be once inflated. Word's own files are far below every limit."""

    members: int = 500
    member_bytes: int = 10 * MB
    total_bytes: int = 20 * MB
    # Inflated size over compressed size. Word's XML deflates about 30:1 at most; a member of
    # zeros about 1000:1. Members under ``ratio_floor`` may compress as they like.
    ratio: int = 100
    ratio_floor: int = 64 * 1024


LIMITS = PackageLimits()


class PackageInvalid(TemplateInvalid):
    """The upload is not a Word file we can safely open; the message says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Tệp mẫu bị từ chối: {reason}.", {"file": reason})


def check_package(content: bytes, limits: PackageLimits = LIMITS) -> None:
    """Refuse ``content`` unless it is a zip whose members stay within ``limits`` and whose XML
    parts are well formed and declare no DTD; returns quietly when it is fit to open."""
    infos = _directory(content, limits)
    xml_names = _xml_parts(content, infos, limits)
    total = 0
    for info in infos:
        data = b"".join(_inflate(content, info, limits))
        total += len(data)
        if total > limits.total_bytes:
            raise PackageInvalid(_too_big_in_all(limits))
        if info.filename in xml_names:
            parse_xml(data, info.filename)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """``data`` parsed with entities, DTDs and the network off; refused if it declares a DTD."""
    if any(marker in data for marker in DTD_MARKERS):
        raise PackageInvalid(_declares_dtd(name))
    # A parser per call: lxml parsers must not be shared between threads.
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise PackageInvalid(f"phần {name} không phải XML hợp lệ ({err.msg})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise PackageInvalid(_declares_dtd(name))
    return root


def _declares_dtd(name: str) -> str:
    return f"phần {name} khai báo DTD hoặc thực thể (<!DOCTYPE>, <!ENTITY>)"


def _directory(content: bytes, limits: PackageLimits) -> list[zipfile.ZipInfo]:
    """The members as the directory states them, refused on what it states alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise PackageInvalid(
            "tệp không phải tài liệu Word (.docx), vì không phải tệp zip"
        ) from None
    if len(infos) > limits.members:
        raise PackageInvalid(f"tệp có {len(infos)} phần, quá giới hạn {limits.members} phần")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise PackageInvalid("tệp zip có hai phần trùng tên")
    if missing := [n for n in REQUIRED if n not in names]:
        raise PackageInvalid(f"tệp không phải tài liệu Word (.docx): thiếu {', '.join(missing)}")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise PackageInvalid(f"phần {info.filename} được mã hóa")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageInvalid(f"phần {info.filename} dùng kiểu nén không được hỗ trợ")
        _check_size(info.filename, info.file_size, info.compress_size, limits)
        total += info.file_size
        if total > limits.total_bytes:
            raise PackageInvalid(_too_big_in_all(limits))
    return infos


def _check_size(name: str, inflated: int, compressed: int, limits: PackageLimits) -> None:
    if inflated > limits.member_bytes:
        raise PackageInvalid(
            f"phần {name} giải nén ra hơn {limits.member_bytes // MB} MB, quá giới hạn"
        )
    if inflated > limits.ratio_floor and inflated > limits.ratio * max(compressed, 1):
        raise PackageInvalid(f"phần {name} nén hơn {limits.ratio} lần (dấu hiệu bom zip)")


def _too_big_in_all(limits: PackageLimits) -> str:
    return f"tệp giải nén ra hơn {limits.total_bytes // MB} MB, quá giới hạn"


def _xml_parts(content: bytes, infos: list[zipfile.ZipInfo], limits: PackageLimits) -> set[str]:
    """Names of the members python-docx will parse as XML: by suffix, and by content type."""
    by_name = {i.filename: i for i in infos}
    types = parse_xml(b"".join(_inflate(content, by_name[CONTENT_TYPES], limits)), CONTENT_TYPES)
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for element in types:
        tag = etree.QName(element).localname
        kind = element.get("ContentType", "")
        if tag == "Default":
            defaults[element.get("Extension", "").lower()] = kind
        elif tag == "Override":
            overrides[element.get("PartName", "").lstrip("/")] = kind
    xml = set()
    for name in by_name:
        kind = overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower(), "")
        if name.lower().endswith(XML_SUFFIXES) or kind.endswith("xml"):
            xml.add(name)
    return xml


def _inflate(content: bytes, info: zipfile.ZipInfo, limits: PackageLimits) -> Iterator[bytes]:
    """The member's bytes in chunks, never more than its stated size, checked against it.

    zipfile would stop at the stated size too, but silently: a member that goes on inflating
    after it is a lie about its size, and is refused here.
    """
    start = _data_offset(content, info)
    raw = memoryview(content)[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        raise PackageInvalid(f"phần {info.filename} bị cắt cụt")
    stated = info.file_size
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != stated:
            raise PackageInvalid(f"phần {info.filename} khai báo sai kích thước")
        chunks: Iterator[bytes] = (bytes(raw[i : i + CHUNK]) for i in range(0, len(raw), CHUNK))
    else:
        chunks = _deflated(info.filename, raw, stated)
    crc, size = 0, 0
    for chunk in chunks:
        size += len(chunk)
        if size > stated:
            raise PackageInvalid(f"phần {info.filename} khai báo sai kích thước (bom zip)")
        crc = zlib.crc32(chunk, crc)
        yield chunk
    if size != stated or crc != info.CRC:
        raise PackageInvalid(f"phần {info.filename} bị hỏng (sai kích thước hoặc CRC)")


def _deflated(name: str, raw: memoryview, stated: int) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pending = raw
    produced = 0
    try:
        while pending and not inflater.eof:
            # At most one chunk out per call, and one byte more than the stated size in all.
            chunk = inflater.decompress(pending, min(CHUNK, stated - produced + 1))
            produced += len(chunk)
            yield chunk
            if produced > stated:
                return
            pending = memoryview(inflater.unconsumed_tail)
        # Input used up: what inflate still holds is at most a window, so flushing is bounded.
        yield inflater.flush()
    except zlib.error:
        raise PackageInvalid(f"phần {name} bị hỏng (dữ liệu nén lỗi)") from None


def _data_offset(content: bytes, info: zipfile.ZipInfo) -> int:
    """Where the member's data starts: after its local header, whose lengths are its own."""
    header = content[info.header_offset : info.header_offset + LOCAL_HEADER.size]
    if len(header) != LOCAL_HEADER.size:
        raise PackageInvalid(f"phần {info.filename} bị cắt cụt")
    fields = LOCAL_HEADER.unpack(header)
    if fields[0] != LOCAL_SIGNATURE:
        raise PackageInvalid(f"phần {info.filename} bị hỏng (sai đầu mục)")
    name_length: int = fields[-2]
    extra_length: int = fields[-1]
    return info.header_offset + LOCAL_HEADER.size + name_length + extra_length
