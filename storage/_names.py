"""Rules for the names and header values the adapters accept.

Owns what a valid object key (and list prefix) is, which content types and presign
expiries are allowed, and how a user's file name - often Vietnamese - is put into a
``Content-Disposition`` header. Pure functions, no I/O, shared by every adapter so that
all of them accept and reject exactly the same input.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from urllib.parse import quote

MAX_KEY_LENGTH = 1024
# What S3 (and so minio-py) allows for presigned URLs.
MAX_PRESIGN_EXPIRY = timedelta(days=7)
MIN_PRESIGN_EXPIRY = timedelta(seconds=1)

# RFC 3986 "pchar" without percent-escapes: safe in URLs, file names and S3 keys alike.
_KEY_SEGMENT = re.compile(r"[A-Za-z0-9\-_~!$&'()*+,;=:@][A-Za-z0-9.\-_~!$&'()*+,;=:@]*")


def validate_key(key: str) -> str:
    """Return ``key`` if it is a valid object key, else raise ``ValueError``.

    A key is 1-1024 ASCII characters: ``/``-separated, non-empty segments of letters,
    digits and ``-._~!$&'()*+,;=:@``. Segments may not start with ``.``: that rules out
    ``.``/``..`` traversal and keeps the names adapters use for temporary files
    (``.tmp-*`` in the folder adapter, ``.rclone_temp_*`` in rclone) out of the key space. Spaces,
    backslashes, ``%?#`` and control characters are rejected.
    """
    if not isinstance(key, str):
        raise ValueError(f"object key must be a string, not {type(key).__name__}")
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"object key must be 1 to {MAX_KEY_LENGTH} characters long")
    for segment in key.split("/"):
        if not _KEY_SEGMENT.fullmatch(segment):
            raise ValueError(
                f"invalid object key {key!r}: segments must be non-empty, must not start "
                "with '.', and may only use ASCII letters, digits and -._~!$&'()*+,;=:@"
            )
    return key


def validate_prefix(prefix: str) -> str:
    """Return ``prefix`` if some valid key could start with it, else raise ``ValueError``."""
    if prefix:
        # A prefix may end in "/" or in the middle of a segment; appending one letter makes
        # it a key exactly when a valid key could start with it.
        try:
            validate_key(prefix + "x")
        except ValueError:
            raise ValueError(f"invalid key prefix {prefix!r}") from None
    return prefix


# RFC 5987 attr-char, minus the alphanumerics quote() keeps anyway.
_ATTR_CHAR_PUNCTUATION = "!#$&+-.^_`|~"


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """A ``Content-Disposition`` value (RFC 6266) carrying a Unicode file name.

    ``filename*=UTF-8''...`` (RFC 5987) keeps Vietnamese names intact in every current
    browser; the plain ``filename="..."`` is an ASCII fallback with the diacritics
    stripped (``Biên bản họp.pdf`` -> ``Bien ban hop.pdf``) for older clients.
    """
    if disposition not in ("attachment", "inline"):
        raise ValueError("disposition must be 'attachment' or 'inline'")
    fallback = _ascii_fallback(filename)
    header = f'{disposition}; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe=_ATTR_CHAR_PUNCTUATION)}"
    return header


def _ascii_fallback(filename: str) -> str:
    # "đ" has no Unicode decomposition, so NFKD alone would turn it into "_".
    text = filename.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    # Quotes, backslashes and CR/LF would break out of the quoted-string (header injection).
    text = "".join(c if " " <= c <= "~" and c not in '"\\/' else "_" for c in text)
    return text.strip() or "download"


# A media type and its parameters: printable ASCII only, so it cannot smuggle a CR/LF into
# an HTTP header or break an extended attribute.
_CONTENT_TYPE = re.compile(r"[\x21-\x7e]+/[\x21-\x7e]+(?:[ \t]*;[\x20-\x7e]*)?")


def check_content_type(content_type: str) -> str:
    if not isinstance(content_type, str) or not _CONTENT_TYPE.fullmatch(content_type):
        raise ValueError(f"invalid content type {content_type!r}")
    return content_type


def check_expiry(expires: timedelta) -> timedelta:
    if not isinstance(expires, timedelta):
        raise ValueError("expires must be a datetime.timedelta")
    if not MIN_PRESIGN_EXPIRY <= expires <= MAX_PRESIGN_EXPIRY:
        raise ValueError("expires must be between 1 second and 7 days")
    return expires
