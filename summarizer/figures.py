"""Do two reports disagree on a figure? "A 30-day truce" against "a 20-day truce" do.

A story shows both versions of a disputed figure with the outlets behind each, so the rule that
finds a dispute must be narrow: only a number directly followed by the thing it counts is
compared, and only when both texts count the same thing.
"""

from __future__ import annotations

import re

from summarizer.grounding import CARDINAL_WORDS, TOKEN, content_words

__all__ = ["figures_conflict"]

_SCALE = {"hundred", "thousand", "million", "billion", "percent", "per"}
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d])")
"""A number grouped by spaces ("1 000", "40\u00a0000"): one figure, not two. Only groups of
exactly three digits after a first group of one to three are joined, so "in 2024 300 people"
stays two numbers."""


def _figures(text: str) -> dict[str, set[str]]:
    """Numbers keyed by what they count ("30-day" -> day: {30}, "12 people" -> people: {12}).

    Only a number directly followed by the thing it counts is keyed, so dates and list
    numbers rarely pass for figures.
    """
    joined = _GROUPED.sub(lambda m: re.sub(r"\D", "", m.group()), text)
    tokens = [t.lower() for t in TOKEN.findall(joined)]
    out: dict[str, set[str]] = {}
    for n, token in enumerate(tokens):
        value = token.replace(",", "") if token[0].isdigit() else CARDINAL_WORDS.get(token)
        if value is None:
            continue
        rest = tokens[n + 1 : n + 3]
        unit = ""
        if rest and rest[0] in _SCALE:
            unit = rest[0]
            if len(rest) > 1 and _counts(rest[1]):
                unit += " " + _counts(rest[1])
        elif rest:
            unit = _counts(rest[0])
        if unit:
            out.setdefault(unit, set()).add(value)
    return out


def _counts(token: str) -> str:
    """The stem of a word a number can count, or "" (digits, number words, stopwords).

    The word is made singular first: "a 30-day truce" and "a truce of 20 days" count the same
    thing, but the stemmer leaves short words such as "days" whole.
    """
    if token[0].isdigit() or token in CARDINAL_WORDS or not content_words(token):
        return ""
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    return next(iter(content_words(token)), "")


def figures_conflict(a: str, b: str) -> bool:
    """Both texts count the same thing with different numbers ("30-day" vs "20-day" truce)."""
    fa, fb = _figures(a), _figures(b)
    return any(not (fa[unit] & fb[unit]) for unit in fa.keys() & fb.keys())
