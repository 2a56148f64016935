"""The message catalogue: every text a page shows, by key, per language.

Catalogues are JSON files under ``messages/<language>/``; each area of the interface may have a
file of its own, and they are merged. Vietnamese is the only language today; another one is a
folder of the same files translated.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

MESSAGES = Path(__file__).resolve().parent / "messages"
DEFAULT_LANGUAGE = "vi"


@cache
def catalogue(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((MESSAGES / language).glob("*.json")):
        for key, text in json.loads(path.read_text("utf-8")).items():
            if key in merged:
                raise ValueError(f"message key {key!r} appears twice ({path.name})")
            merged[key] = text
    return merged


def translate(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for ``key``, with ``{name}`` placeholders filled; the key itself if missing."""
    text = catalogue(language).get(key)
    if text is None:
        return key
    return text.format(**values) if values else text
