"""Sentences that say nothing a reader can use on their own, so they are never a key point.

Two kinds are found in the news we read:

- a back-reference to the sentence before it, naming only who said it: "Об этом сообщили в
  ГИБДД.", "Про це повідомляє Укрінформ.", "This was reported by Reuters." Ukrainian and
  Russian reports put one second in most articles, where the position prior favours it, and
  out of its article it is a slot of three spent on nothing (seen as a story's second point
  and as the only news of an update);
- a sentence a feed cut off right after a number ("The administration anticipates that
  another $10...", "The vote was 10..."): the figure's scale or other half is what was cut,
  so the point would show a wrong figure;
- a place or a date alone, a dateline a page set in paragraphs of its own ("Стамбул." /
  "2 июня."): seen as a story's first point in a trial.

Both stay in the document as fragments do: points only when a text has nothing else.
"""

from __future__ import annotations

import re

from summarizer.dates import undated

__all__ = ["cut_at_figure", "place_or_date_alone", "points_back"]

_SAID_BY_THEM = (
    r"пишет|пишут|пише|пишуть|сообщает|сообщают|повідомляє|повідомляють|передает|передают"
    r"|передає|передають|информирует|інформує|reports|reported|said"
)
_BACK_REFERENCE = re.compile(
    r"^(?:Об этом|Про це|Такие данные|Такі дані|Эти данные|Ці дані|Эту информацию"
    r"|Цю інформацію|Информацию об этом|Інформацію про це)"
    r"(?:\s+(?:же|ж|также|також|тоже|теж))?\s"
    # Nothing that goes on with content: no clause but a trailing "..., пишет X".
    r"[^,:;«»“”\"„—–]*"
    rf"(?:,\s*(?:{_SAID_BY_THEM})\s[^,:;«»“”\"„—–]*)?[.!]$"
    r"|^(?:This|That) (?:was|has been|is) (?:first )?(?:reported|announced|confirmed|stated)"
    r" by [^,:;\"“”—–]*\.$"
)
_CUT_FIGURE = re.compile(r"(?<![\w.,])[$€£₴₽]?\d(?:[\d.,]*\d)?(?:\.\.\.|…)$")
_YEAR = re.compile(r"(?:19|20)\d\d(?:\.\.\.|…)$")
_ONE_NAME = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][\w'’-]*\.$")
_YEAR_WORD = re.compile(r"\b(?:року|года|р\.|г\.)")


def points_back(sentence: str) -> bool:
    """The sentence only says who said the sentence before it ("Об этом заявили в Кремле.")."""
    return bool(_BACK_REFERENCE.match(sentence.strip()))


def cut_at_figure(source: str) -> bool:
    """The source text ends in "..." right after a number: the feed cut the figure off."""
    ending = source.rstrip("\"'”’»)] ")
    return bool(_CUT_FIGURE.search(ending)) and not _YEAR.search(ending)


def place_or_date_alone(sentence: str) -> bool:
    """The sentence is one capitalised word ("Стамбул.") or a date and nothing else."""
    text = sentence.strip()
    if _ONE_NAME.match(text):
        return True
    rest = _YEAR_WORD.sub(" ", undated(text))
    return any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in rest)
