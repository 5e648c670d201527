"""Cleaning and sentence splitting that never loses track of the source.

Every `Sentence` is a span of the article text exactly as given, so the evidence a key point
quotes is verbatim and can be checked with a substring test. Cleaning never rewrites the text:
it drops spans (HTML tags, footers, captions) and trims the edges of a sentence (datelines,
`(CNN)`, stray quotes) to make the point text, while the evidence keeps the whole sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pysbd

__all__ = ["MAX_CHARS", "Document", "Sentence", "split_document"]

MAX_CHARS = 60_000
"""Only this much of an article is read: pysbd slows down on huge inputs, and news puts what
matters first. Longer inputs are summarized from their opening, not rejected."""

_BLOCK_CHARS = 2_000
_PIECE_CHARS = 220
_LONG_SENTENCE_CHARS = 400

# Spans that end a block: line breaks and HTML tags (so a tag never lands inside a sentence).
_BLOCK_BREAK = re.compile(r"\n|<[^<>\n]{0,300}>|&nbsp;")
_TERMINAL = re.compile(r"[.!?…。！？؟।][\"'”’)\]]*\s*$")
_OTHER_SCRIPT_STOP = re.compile(r"(?<=[。！？؟।])\s*")

_BOILERPLATE = re.compile(
    r"^\W*(source link|leave a reply|your email address will not be published|required fields"
    r"|scroll down for video|share this article|share or comment|sign up for|subscribe\b"
    r"|click here|read more\b|related:|advertisement\b|follow us\b|all rights reserved"
    r"|copyright\b|©|we use cookies|this site uses cookies|comments?\b|post a comment"
    r"|(photo|image|picture|video|graphic|credit)s?\s*:|\(?(photo|picture|image) by\b"
    r"|pictured\b|watch\b.*video|by \. )",
    re.IGNORECASE,
)
_BOILERPLATE_ANYWHERE = re.compile(
    r"contributed reporting|contributed to this report|getty images|\bap photo\b"
    r"|reuters/|\(pictured\)|published:\s*\d|updated:\s*\d|\| updated:|e-?mail this"
    r"|javascript|cookie policy|terms of (use|service)"
    r"|\((?:far |second |bottom |top )?(?:left|right|centre|center|top|bottom|above|below)\)",
    re.IGNORECASE,
)
# Picture captions in Daily Mail text end with " ." (a space before the full stop).
_CAPTION_END = re.compile(r"\s\.\s*$")

_DATELINE = re.compile(
    r"^\s*(?:"
    r"\(CNN\)\s*(?:--?|—|–)?\s*"
    r"|[A-Z][A-Za-z .'-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?\s*\((?:CNN|AP|AFP|Reuters)\)\s*"
    r"(?:--?|—|–)?\s*"
    r"|[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Za-z .]{2,30})?\s*(?:--|—|–)\s*"
    r"|[A-Z][A-Za-z .'-]{1,40},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\((?:Reuters|AP|AFP)\)\s*"
    r"(?:--?|—|–)\s*"
    r"|(?:Last updated|Updated|Published)\b[^.]{0,60}\.\s*"
    r")"
)
_LEADING_NOISE = re.compile(r"^[\s\-–—•*·>|]+")


@dataclass(frozen=True)
class Sentence:
    """A sentence as a span of the source, with the cleaned text a reader sees."""

    index: int
    start: int
    end: int
    source: str
    """The verbatim span (outer whitespace stripped): what evidence quotes."""
    text: str
    """The source with datelines, stray quotes and extra whitespace trimmed."""
    block: int
    """Which line/paragraph the sentence came from, for tests and diagnostics."""

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Document:
    """What the summarizers work on: candidate sentences in reading order, and a title."""

    sentences: tuple[Sentence, ...]
    title: str
    truncated: bool


def split_document(text: str, title: str = "") -> Document:
    """Split an article into clean candidate sentences, keeping their spans in `text`.

    A heading-like first line becomes the title when none is given. Text without any sentence
    punctuation is cut into short pieces at word boundaries, so it still gets a summary.
    """
    truncated = len(text) > MAX_CHARS
    body = text[:MAX_CHARS]
    raw: list[tuple[int, int, int]] = []
    headings: list[str] = []
    for block_no, (start, end) in enumerate(_blocks(body)):
        for s_start, s_end in _segment(body, start, end):
            raw.append((s_start, s_end, block_no))
    sentences: list[Sentence] = []
    unpunctuated: list[tuple[int, int, int]] = []
    for s_start, s_end, block_no in raw:
        span = body[s_start:s_end]
        if _is_boilerplate(span) or not any(ch.isalnum() for ch in span):
            continue  # a lone "." left by a doubled full stop is not a statement
        if not _TERMINAL.search(span):
            if len(span.split()) <= 15 and not headings and not sentences:
                headings.append(_squash(span))
            unpunctuated.append((s_start, s_end, block_no))
            continue
        sentences.append(_make_sentence(body, s_start, s_end, block_no, len(sentences)))
    if not sentences:
        # No sentence punctuation anywhere: fall back to word-boundary pieces.
        for s_start, s_end, block_no in unpunctuated:
            for p_start, p_end in _pieces(body, s_start, s_end, _PIECE_CHARS):
                sentences.append(_make_sentence(body, p_start, p_end, block_no, len(sentences)))
    sentences = [s for s in sentences if s.text]
    sentences = [
        Sentence(i, s.start, s.end, s.source, s.text, s.block) for i, s in enumerate(sentences)
    ]
    doc_title = _squash(title) or (headings[0] if headings and len(sentences) > 1 else "")
    return Document(tuple(sentences), doc_title, truncated)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Yield non-blank spans between line breaks and tags, cut down to pysbd-friendly sizes."""
    pos = 0
    for match in _BLOCK_BREAK.finditer(text):
        yield from _sized(text, pos, match.start())
        pos = match.end()
    yield from _sized(text, pos, len(text))


def _sized(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > _BLOCK_CHARS:
        window = text[start : start + _BLOCK_CHARS]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        cut = cut + 2 if cut > _BLOCK_CHARS // 4 else _word_cut(window)
        yield start, start + cut
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def _word_cut(window: str) -> int:
    cut = window.rfind(" ")
    return cut + 1 if cut > 0 else len(window)


def _segment(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split one block with pysbd and find each sentence's span by a moving cursor."""
    block = text[start:end]
    cursor = 0
    for piece in _segmenter().segment(block):
        for part in _OTHER_SCRIPT_STOP.split(piece):
            stripped = part.strip()
            if not stripped:
                continue
            found = block.find(stripped, cursor)
            if found < 0:  # pysbd altered the text; never quote what is not there
                continue
            cursor = found + len(stripped)
            if len(stripped) > _LONG_SENTENCE_CHARS and not _TERMINAL.search(stripped):
                yield from _pieces(text, start + found, start + cursor, _PIECE_CHARS)
            else:
                yield start + found, start + cursor


def _pieces(text: str, start: int, end: int, size: int) -> Iterator[tuple[int, int]]:
    """Cut a span at word boundaries into pieces of at most `size` characters."""
    while end - start > size:
        cut = _word_cut(text[start : start + size])
        yield start, start + cut
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def _is_boilerplate(span: str) -> bool:
    patterns = (_BOILERPLATE, _BOILERPLATE_ANYWHERE, _CAPTION_END)
    return any(pattern.search(span) for pattern in patterns)


def _make_sentence(text: str, start: int, end: int, block: int, index: int) -> Sentence:
    source = text[start:end].strip()
    return Sentence(index, start, end, source, clean_sentence(source), block)


def clean_sentence(source: str) -> str:
    """Trim a dateline, list markers and unbalanced quotes; collapse whitespace."""
    text = _squash(source)
    text = _LEADING_NOISE.sub("", text)
    text = _DATELINE.sub("", text, count=1)
    text = _strip_stray_quotes(text)
    if text and text[0].islower() and text != source:
        text = text[0].upper() + text[1:]
    return text.strip()


def _strip_stray_quotes(text: str) -> str:
    """Drop a quote mark at either edge that has no partner (a quote split across sentences)."""
    for _ in range(2):
        opens, closes, straight = text.count("“"), text.count("”"), text.count('"')
        if (text[:1] == "“" and opens > closes) or (text[:1] == '"' and straight % 2):
            text = text[1:].lstrip()
        elif (text[-1:] == "”" and closes > opens) or (text[-1:] == '"' and straight % 2):
            text = text[:-1].rstrip()
    return text


def _squash(text: str) -> str:
    return " ".join(text.split())


def _segmenter() -> pysbd.Segmenter:
    """A fresh segmenter per block: pysbd keeps the text on the instance, and it is cheap."""
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)
