"""Which language a text is in, as far as splitting and cleaning it needs to know.

Only three are told apart: the splitter has rules for English, Ukrainian and Russian, and the
script alone tells those apart cheaply and well enough.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["Language", "detect_language"]

Language = Literal["en", "uk", "ru"]
"""What the splitter needs to know: Ukrainian and Russian get pysbd's Russian rules and the
abbreviation repairs of `summarizer.sentence_ends`; everything else gets the English rules (plus
CJK/Arabic stops)."""

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")


def detect_language(text: str) -> Language:
    """Cheap script check: Cyrillic text is Ukrainian if it has more of і ї є ґ than of ы э ъ ё.

    Each of those letters belongs to one of the two alphabets only, so a few sentences decide.
    """
    sample = text[:5_000]
    cyrillic = len(_CYRILLIC.findall(sample))
    if cyrillic <= len(_LATIN.findall(sample)):
        return "en"
    ukrainian = len(_UKRAINIAN_ONLY.findall(sample))
    return "uk" if ukrainian > len(_RUSSIAN_ONLY.findall(sample)) else "ru"
