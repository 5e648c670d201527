"""The text a figure is read from, made plain, and its words: a number grouped by spaces is one
word, "%" is "percent", an apostrophe inside a Ukrainian word goes, a Ukrainian "год." is
hours; with where each word starts and which words a clause break comes before.
`figure_parsing` reads figures from these words."""

from __future__ import annotations

import re

from summarizer.grounding import TOKEN
from summarizer.language import detect_language

__all__ = ["tokenized"]

_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d])")
"""A number grouped by spaces ("1 000", "40\u00a0000"): one figure, not two. Only groups of
exactly three digits after a first group of one to three are joined, so "in 2024 300 people"
stays two numbers."""
_CYRILLIC_APOSTROPHE = re.compile(r"(?<=[а-яёіїєґ])['’ʼ`](?=[а-яёіїєґ])", re.IGNORECASE)
"""An apostrophe inside a Ukrainian word ("п'ять", "сім'я"): dropped, so the word is one token
("пять", five, not "п" and "ять"; "сімя", family, not "сім", seven)."""
_HOURS_SHORT = re.compile(r"(?<=\d)(\s?)год\b")
_AT_HOURS = re.compile(r"(?<!\w)(об?\s\d{1,2}\s?)год\b", re.IGNORECASE)
"""Ukrainian "2 год. 15 хв.", "о 15 год.": hours, where a Russian "21 год" is a year. A text
`detect_language` reads as Ukrainian (it has і, ї, є or ґ, which Russian lacks) reads "год"
after a number as hours; "о 15 год." is a time of day in any text (Russian "о" takes no
"год")."""
_COUNT_BEFORE_GOD = re.compile(r"(?<![\d.,])(\d{1,3})(\s?)год\b")
"""A number of one to three digits before "год": hours in any text unless the number ends in 1
(but not 11). Russian says "год" of years only after such a number ("1 год", "21 год"; "2 года",
"5 лет") or a year's four digits, so a short Ukrainian "Переговори тривали 5 год.", whose
letters alone do not tell Ukrainian from Russian, is five hours, not five years."""
_BREAK = re.compile(r"[,;:()\u2013\u2014]|[.!?]\s")
"""What ends a clause between two words: a comma, colon, bracket, dash or sentence end."""


def tokenized(text: str) -> tuple[str, list[str], list[int], frozenset[int]]:
    """The text with thousands joined ("1 000" -> "1,000"), "%" as "percent", apostrophes out
    of Ukrainian words and a Ukrainian "год." as hours, its words,
    where each starts, and the words a clause break comes before ("In addition to the six
    dead, 19 people were wounded": "19")."""
    joined = _GROUPED.sub(lambda m: re.sub(r"\D", ",", m.group()), text)
    joined = re.sub(r"(?<=\d)\s?%", " percent", joined)
    joined = _CYRILLIC_APOSTROPHE.sub("", joined)
    if detect_language(joined) == "uk":
        joined = _HOURS_SHORT.sub(r"\1годин", joined)
    joined = _AT_HOURS.sub(r"\1годин", joined)
    joined = _COUNT_BEFORE_GOD.sub(_hours_unless_russian_years, joined)
    words = list(TOKEN.finditer(joined))
    raw = [m.group() for m in words]
    starts = [m.start() for m in words]
    breaks = frozenset(
        k
        for k in range(1, len(raw))
        if _BREAK.search(joined[starts[k - 1] + len(raw[k - 1]) : starts[k]])
    )
    return joined, raw, starts, breaks


def _hours_unless_russian_years(match: re.Match[str]) -> str:
    number = int(match.group(1))
    if number % 10 == 1 and number % 100 != 11:
        return match.group()
    return f"{match.group(1)}{match.group(2)}годин"
