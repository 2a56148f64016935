"""Where every request enters, for both front ends: what is refused before any view runs.

- A multipart part whose name cannot be read is refused (422), like a NUL.
- No NUL (``service.domain.inputs``) in the query string, the path's segments or the form: the
  query and path are checked before the views (and before the bearer-token and CSRF checks), the
  form when it is first read, so an upload the view refuses early is still never parsed for it.
- ``<int:…>`` in a route matches only what a database INTEGER holds; a bigger id is no such
  address (404), the same as an id that does not exist.
- JSON bodies nested deeper than ``MAX_JSON_DEPTH``, found by scanning the bytes before the
  parser could recurse (``json_too_deep``; the API's body parser calls it).
"""

from __future__ import annotations

from flask import Flask, Request, request
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from service.domain.errors import Invalid
from service.domain.inputs import MAX_INT, MAX_JSON_DEPTH, refuse_nul

NAMELESS_PART = "Một phần của biểu mẫu tải lên không có tên hợp lệ; hãy gửi lại tệp từ biểu mẫu."


class BoundedInt(IntegerConverter):
    """The ``int`` converter of every route: a number beyond a database INTEGER is no such thing.

    It answers 404 itself rather than not matching: Werkzeug picks the rule by its pattern first,
    so a rule that matched the path but not the value would be reported as 405 whenever another
    method's rule shares the path (GET and PUT /dossiers/<id>).
    """

    def to_python(self, value: str) -> int:
        number: int = super().to_python(value)
        if number > MAX_INT:
            raise NotFound()
        return number


class CheckedRequest(Request):
    """A request whose form, once parsed, is refused if a field's name or value holds a NUL."""

    def _load_form_data(self) -> None:
        parsed = "form" in self.__dict__
        super()._load_form_data()
        if not parsed:
            # Werkzeug names a part None when its Content-Disposition cannot be read.
            if None in self.form or None in self.files:
                raise Invalid(NAMELESS_PART, {"body": "phần không có tên"})
            refuse_nul(self.form.items(multi=True))


def refuse_nul_in_url() -> None:
    refuse_nul(request.args.items(multi=True))
    segments = (request.view_args or {}).items()
    refuse_nul((name, value) for name, value in segments if isinstance(value, str))


def install(app: Flask) -> None:
    """Before the blueprints are registered: their rules take the converter when they are added."""
    app.request_class = CheckedRequest
    app.url_map.converters["int"] = BoundedInt
    app.before_request(refuse_nul_in_url)


# Only brackets are kept, all of one kind: how deep a body nests does not depend on which.
_BRACKETS_ONLY = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def json_too_deep(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether ``raw`` nests arrays and objects more than ``limit`` deep, found without recursing.

    Escaped backslashes and quotes go first, so every quote left opens or closes a string; then
    the strings; then everything but brackets, written as one kind. Openers next to each other in
    what is left are nested, so ``limit + 1`` of them in a row is too deep. Each pass removes the
    innermost empty pairs, one level (``bytes.replace`` does not look again at the pairs its own
    removals join), so a body at most ``limit`` deep is gone after ``limit`` passes; one that stops
    shrinking earlier is unbalanced, and the parser refuses it before it is ``limit`` deep. Every
    step is a C loop over the bytes: a 10 MB body is scanned in a fraction of a second.
    """
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.split(b'"')[::2])
    brackets = outside.translate(_BRACKETS_ONLY, _NOT_BRACKETS)
    run = b"[" * (limit + 1)
    for _ in range(limit):
        if run in brackets:
            return True
        reduced = brackets.replace(b"[]", b"")
        if len(reduced) == len(brackets):
            return False
        brackets = reduced
    return b"[]" in brackets or run in brackets
