"""The rulebooks shipped as data packs in ``service/catalog/rulebooks/``, read and checked once.

A pack that does not read, or whose dated rules overlap, stops the service at start with a
message naming the file: a wrong base salary must never be guessed at while drafting.
"""

from __future__ import annotations

import json
from importlib import resources

from service.domain.errors import ConfigurationError
from service.domain.rulebooks import Rulebook, overlaps

PACKAGE = "service.catalog"
FOLDER = "rulebooks"


class RulebookFiles:
    """Every shipped rulebook by code."""

    def __init__(self, books: dict[str, Rulebook]) -> None:
        self._books = books

    @classmethod
    def packaged(cls) -> RulebookFiles:
        books: dict[str, Rulebook] = {}
        folder = resources.files(PACKAGE).joinpath(FOLDER)
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".json"):
                book = _read(entry.name, entry.read_text("utf-8"))
                books[book.code] = book
        return cls(books)

    def all(self) -> list[Rulebook]:
        return sorted(self._books.values(), key=lambda b: b.valid_from)

    def get(self, code: str) -> Rulebook | None:
        return self._books.get(code)

    def require(self, code: str, *, named_by: str = "KT_RULEBOOK") -> Rulebook:
        """The rulebook ``code``; unknown, a configuration error that says where the code was
        given (``named_by``: the setting ``KT_RULEBOOK``, or a command's option) so the reader
        knows what to correct."""
        book = self._books.get(code)
        if book is None:
            known = ", ".join(sorted(self._books))
            raise ConfigurationError(f"Không có bộ quy định '{code}' ({named_by}); có: {known}.")
        return book


def _read(name: str, text: str) -> Rulebook:
    try:
        book = Rulebook.from_record(json.loads(text))
    except (ValueError, KeyError, TypeError, AssertionError) as err:
        raise ConfigurationError(f"Bộ quy định {name} không đọc được: {err!r}") from err
    if not book.levels:
        raise ConfigurationError(f"Bộ quy định {name} không có cấp nào.")
    if clash := overlaps(book.base_salaries):
        raise ConfigurationError(f"Bộ quy định {name}: mức lương cơ sở chồng thời gian {clash}.")
    return book
