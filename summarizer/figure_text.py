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
_NUMBER_GOD = re.compile(
    r"(?:(?<!\w)(?P<at>(?i:об?)\s))?(?<![\d.,])(?P<number>\d+(?:[.,]\d+)*)(?P<gap>\s?)"
    r"(?P<god>(?i:год))\b"
)
"""A number before "год", with the "о" / "об" a time of day is said after: hours, not the
Russian year "21 год", when `_hours_god` says so."""
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
    ukrainian = detect_language(joined) == "uk"
    joined = _NUMBER_GOD.sub(
        lambda m: (
            m.string[m.start() : m.end("gap")] + "годин" if _hours_god(m, ukrainian) else m[0]
        ),
        joined,
    )
    words = list(TOKEN.finditer(joined))
    raw = [m.group() for m in words]
    starts = [m.start() for m in words]
    breaks = frozenset(
        k
        for k in range(1, len(raw))
        if _BREAK.search(joined[starts[k - 1] + len(raw[k - 1]) : starts[k]])
    )
    return joined, raw, starts, breaks


def _hours_god(match: re.Match[str], ukrainian: bool) -> bool:
    """ "год" after this number is hours: Ukrainian "2 год. 15 хв." in a text `detect_language`
    reads as Ukrainian (it has і, ї, є or ґ, which Russian lacks); "о 15 год.", a time of day,
    in any text (Russian "о" takes no "год"); and in any text after one to three digits not
    ending in 1 (11 aside), since Russian says "год" of years only after 1, 21, 31 ... ("2
    года", "5 лет") or a year's four digits, so a short Ukrainian "Переговори тривали 5 год.",
    whose letters alone do not tell it from Russian, is five hours. A Russian "21 год" stays a
    year."""
    number = match["number"]
    if match["at"] is not None and number.isdigit() and len(number) <= 2:
        return True
    if match["god"] != "год":
        return False  # capitals only after "о"
    if ukrainian:
        return True
    russian_years = number.isdigit() and int(number) % 10 == 1 and int(number) % 100 != 11
    return number.isdigit() and len(number) <= 3 and not russian_years
