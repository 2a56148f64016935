"""Streaming stored files to the browser or API client: one answer for attachments and decisions.

Both front ends send files the same way: streamed in chunks from the object store (never read
whole), named with an RFC 6266/5987 Content-Disposition that keeps Vietnamese names, tagged with
the SHA-256 taken at upload, and never cached by shared caches. A decision may also be had as PDF,
converted on request (``decision_pdf_response``), and a file made on request such as the tờ trình
(``made_response``). A decision's original (``original_response``) says what checking it found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

from flask import Response, redirect
from werkzeug.wrappers import Response as BaseResponse

from service.documents import PdfConverter
from service.domain.content_types import DOCX, PDF
from service.domain.drafting import IssuedDecision
from service.usecases.attachments import Download
from service.usecases.decision_originals import OriginalFile
from service.usecases.decisions import DecisionFile
from storage import ObjectStream, content_disposition


def stream(chunks: ObjectStream, *, name: str, mimetype: str, size: int, sha256: str) -> Response:
    return Response(
        _drain(chunks),
        mimetype=mimetype,
        headers={
            "Content-Disposition": content_disposition(name),
            "Content-Length": str(size),
            "ETag": f'"{sha256}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


def attachment_response(download: Download) -> BaseResponse:
    """The file itself, or a redirect to the store's short-lived presigned URL."""
    if download.url is not None:
        return redirect(download.url, code=302)
    assert download.stream is not None
    a = download.attachment
    return stream(
        download.stream,
        name=a.download_name(),
        mimetype=a.content_type,
        size=a.size,
        sha256=a.sha256,
    )


def decision_name(d: IssuedDecision) -> str:
    # "Quyết định 05-QĐ-UBND HM 2027": slashes cannot appear in a file name.
    return re.sub(r"[/\\]", "-", f"Quyết định {d.number} {d.issuer_org_code} {d.year}")


def decision_response(file: DecisionFile) -> Response:
    d = file.decision
    return stream(
        file.stream, name=decision_name(d) + ".docx", mimetype=DOCX, size=d.size, sha256=d.sha256
    )


def decision_pdf_response(file: DecisionFile, pdf: PdfConverter) -> Response:
    """The decision converted to PDF on the fly (it is not stored: the .docx is the record).

    Raises what ``PdfConverter.convert`` raises; service/failures.py answers each with 503.
    """
    with file.stream:
        content = pdf.convert(file.stream.read_all())
    return made_response(content, name=decision_name(file.decision) + ".pdf", mimetype=PDF)


def made_response(content: bytes, *, name: str, mimetype: str) -> Response:
    """A file made on request (a PDF, a tờ trình), not read from the store: same headers."""
    return Response(
        content,
        mimetype=mimetype,
        headers={
            "Content-Disposition": content_disposition(name),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


def original_response(found: OriginalFile) -> Response:
    """The original as kept, tagged with the SHA-256 recorded when it was kept; a signed one
    with what checking its signature found just now (``X-Signature-Valid``, and the problem)."""
    d, check = found.decision, found.check
    signed = d.original_kind == "pades"
    ext = found.content_type.rsplit("/", 1)[-1].replace("jpeg", "jpg")
    label = "ký số" if signed else "bản quét"
    response = made_response(
        found.content, name=f"{decision_name(d)} ({label}).{ext}", mimetype=found.content_type
    )
    response.headers["ETag"] = f'"{d.original_sha256}"'
    response.headers["X-Original-Kind"] = d.original_kind
    response.headers["X-Original-SHA256"] = d.original_sha256
    if signed:
        response.headers["X-Signature-Valid"] = "true" if check.ok else "false"
    if check.problem:
        # Headers are Latin-1: the Vietnamese message travels percent-encoded (RFC 8187).
        response.headers["X-Signature-Problem"] = "UTF-8''" + quote(check.problem, safe="")
    return response


def _drain(chunks: ObjectStream) -> Iterator[bytes]:
    with chunks:
        yield from chunks
