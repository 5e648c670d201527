"""Splitting one paragraph into sentence spans with pysbd, where its output can be trusted.

pysbd may alter the text it is given, never splits inside a quotation and slows down on long
inputs, so each span is found again in the paragraph as it is (what is not there is never
quoted), a paragraph that is plainly one sentence skips it, and an overlong span without a full
stop is cut into pieces instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from summarizer.language import Language
from summarizer.paragraphs import TERMINAL, flat, pieces
from summarizer.sentence_ends import UNIT_STOP, pair_quotes, split_glued_stops, unpaired

if TYPE_CHECKING:
    import pysbd

__all__ = ["PIECE_CHARS", "segment"]

PIECE_CHARS = 220
_LONG_SENTENCE_CHARS = 400

_OTHER_SCRIPT_STOP = re.compile(r"(?<=[。！？؟।])\s*")
_STOP = re.compile(r"[.!?…。！？؟।]")
_QUOTE_OR_BRACKET = re.compile(r"[\"“”‘«»()\[\]]|(?<!\w)['’]|['’](?!\w)")
"""Quote marks and brackets, but not an apostrophe inside a word ("it's")."""


def segment(
    text: str, start: int, end: int, language: Language = "en"
) -> Iterator[tuple[int, int, bool, bool]]:
    """Split one block with pysbd and find each sentence's span by a moving cursor.

    Yields (start, end, cut_before, cut_after): the flags say a span is a piece of an overlong
    sentence without a full stop, cut at a clause or word, not a sentence of its own.
    """
    block = flat(text[start:end])
    # pysbd reads quote marks as it is given them; the spans are cut from the block as it is.
    marked = pair_quotes(block)
    cursor = 0
    segments = [marked] if _one_sentence(block) else _segmenter(language).segment(marked)
    if language != "en":
        segments = [part for segment in segments for part in UNIT_STOP.split(segment)]
    segments = [part for segment in segments for part in _resplit_unquoted(segment, language)]
    parts = [p for segment in segments for p in _OTHER_SCRIPT_STOP.split(segment)]
    for part in (q for p in parts for q in split_glued_stops(p)):
        stripped = part.strip()
        if not stripped:
            continue
        found = marked.find(stripped, cursor)
        if found < 0:  # pysbd altered the text; never quote what is not there
            continue
        cursor = found + len(stripped)
        s_start, s_end = start + found, start + cursor
        if len(stripped) > _LONG_SENTENCE_CHARS and not TERMINAL.search(stripped):
            for p_start, p_end in pieces(text, s_start, s_end, PIECE_CHARS):
                yield p_start, p_end, p_start > s_start, p_end < s_end
        else:
            yield s_start, s_end, False, False


def _resplit_unquoted(segment: str, language: Language) -> list[str]:
    """An overlong segment with no full stop at its end and a quote mark with no partner is
    split again at its sentence ends as if the unpaired kind of mark were not there. pysbd
    never splits inside a quotation, so a stray quote mark can make a paragraph one
    "sentence", which would otherwise be cut at commas, away from who said what."""
    stripped = segment.strip()
    if len(stripped) <= _LONG_SENTENCE_CHARS:
        return [segment]
    present = [marks for marks in ('"', "“”", "«»") if any(m in stripped for m in marks)]
    unbalanced = [
        marks
        for marks in present
        if (stripped.count(marks) % 2 if len(marks) == 1 else unpaired(stripped, marks))
    ]
    if TERMINAL.search(stripped) or not unbalanced:
        return [segment]  # a long quotation with its speaker stays whole, as pysbd keeps it
    unquoted = stripped
    for marks in unbalanced:
        unquoted = re.sub(f"[{marks}]", " ", unquoted)
    parts: list[str] = []
    cursor = 0
    for part in _segmenter(language).segment(unquoted):
        piece = part.strip()
        found = unquoted.find(piece, cursor) if piece else -1
        if found < 0:
            continue
        cursor = found + len(piece)
        parts.append(stripped[found:cursor])
    return parts or [segment]


def _one_sentence(block: str) -> bool:
    """A block whose only sentence punctuation ends it is one sentence, and most news
    paragraphs are: pysbd would give it back whole, at a few milliseconds a call. Quotes and
    brackets still go to pysbd, which splits off a "(CNN)" or a dangling closing quote there."""
    inner = TERMINAL.sub("", block.rstrip())
    return not _STOP.search(inner) and not _QUOTE_OR_BRACKET.search(block)


def _segmenter(language: Language = "en") -> pysbd.Segmenter:
    """A fresh segmenter per block: pysbd keeps the text on the instance, and it is cheap.

    pysbd has no Ukrainian rules; its Russian ones (abbreviations such as "г." and "тыс.",
    initials) suit Ukrainian too, and `summarizer.text` glues back at the Ukrainian abbreviations.
    """
    import pysbd

    return pysbd.Segmenter(language="en" if language == "en" else "ru", clean=False)
