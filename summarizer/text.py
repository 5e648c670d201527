"""Sentence splitting that never loses track of the source.

Every `Sentence` is a span of the article text exactly as given, so the evidence a key point
quotes is verbatim and can be checked with a substring test. Cleaning (`summarizer.cleaning`)
only trims the text a reader sees; pysbd's part of the splitting is `summarizer.segmenting`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from summarizer.antecedents import names_the_speaker
from summarizer.cleaning import (
    DATELINE,
    clean,
    clean_sentence,
    is_boilerplate,
    squash,
    starts_mid_sentence,
)
from summarizer.hollow import cut_at_figure, place_or_date_alone, points_back
from summarizer.language import Language, detect_language
from summarizer.paragraphs import TERMINAL, paragraphs, pieces
from summarizer.segmenting import PIECE_CHARS, segment
from summarizer.sentence_ends import continues

__all__ = [
    "MAX_CHARS",
    "Document",
    "Language",
    "Sentence",
    "clean_sentence",
    "detect_language",
    "split_document",
    "starts_mid_sentence",
]

MAX_CHARS = 60_000
"""Only this much of an article is read: pysbd slows down on huge inputs, and news puts what
matters first. Longer inputs are summarized from their opening, not rejected."""

_FRAGMENT_WORDS = 6


class _Span(NamedTuple):
    """A candidate span of the text; the flags say it was cut out of a longer sentence."""

    start: int
    end: int
    block: int
    cut_before: bool = False
    cut_after: bool = False


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
    language: Language = "en"


def split_document(text: str, title: str = "") -> Document:
    """Split an article into clean candidate sentences, keeping their spans in `text`.

    A heading-like first line becomes the title when none is given. Text without any sentence
    punctuation is cut into short pieces (at clauses, else words, never inside a figure such as
    "1 000"), marked with "…" where cut, so it still gets a summary.
    Hard-wrapped lines are joined back into paragraphs, and no candidate starts mid-sentence:
    a piece that opens in lower case or with closing punctuation is glued back to the sentence
    it continues, or dropped when there is none (an article pasted from its middle).
    """
    truncated = len(text) > MAX_CHARS
    body = text[:MAX_CHARS]
    language = detect_language(body)
    raw: list[_Span] = []
    headings: list[str] = []
    for block_no, (start, end) in enumerate(paragraphs(body)):
        for s_start, s_end, cut_before, cut_after in segment(body, start, end, language):
            raw.append(_Span(s_start, s_end, block_no, cut_before, cut_after))
    # Chat-style text typed all in lower case has no sentence starts to go by. A piece cut
    # from an overlong sentence starts where the cut fell, so it says nothing about that.
    whole = [span for span in raw if not span.cut_before] or raw
    lower_case_text = 2 * sum(starts_mid_sentence(body[s.start : s.end]) for s in whole) > len(
        whole
    )
    if not lower_case_text:
        raw = _glue_continuations(body, raw, language)
    sentences: list[Sentence] = []
    fragments: list[Sentence] = []
    unpunctuated: list[_Span] = []
    back_reference: Sentence | None = None
    for span in raw:
        before, back_reference = back_reference, None
        text_span = body[span.start : span.end]
        if is_boilerplate(text_span) or not any(ch.isalnum() for ch in text_span):
            continue  # a lone "." left by a doubled full stop is not a statement
        if not TERMINAL.search(text_span):
            if len(text_span.split()) <= 15 and not headings and not sentences:
                headings.append(squash(text_span))
            unpunctuated.append(span)
            continue
        if not lower_case_text and starts_mid_sentence(text_span):
            continue  # the tail of a sentence the text does not have
        sentence = _make_sentence(body, span, len(sentences))
        if before is not None and names_the_speaker(before.text, sentence.text):
            # "Об этом сообщил X. По его словам, ...": one sentence, so the point names X.
            fragments.remove(before)
            joined = span._replace(start=before.start, cut_before=False)
            sentence = _make_sentence(body, joined, len(sentences))
        if _is_fragment(sentence):
            fragments.append(sentence)
            if points_back(sentence.text):
                back_reference = sentence
            continue
        sentences.append(sentence)
    if not sentences:
        # No sentence punctuation anywhere: fall back to pieces cut at clauses or words.
        for span in unpunctuated:
            for p_start, p_end in pieces(body, span.start, span.end, PIECE_CHARS):
                piece = _Span(
                    p_start,
                    p_end,
                    span.block,
                    span.cut_before or p_start > span.start,
                    span.cut_after or p_end < span.end,
                )
                sentences.append(_make_sentence(body, piece, len(sentences)))
    sentences = [s for s in sentences if s.text] or [s for s in fragments if s.text]
    sentences = [
        Sentence(i, s.start, s.end, s.source, s.text, s.block) for i, s in enumerate(sentences)
    ]
    doc_title = squash(title) or (headings[0] if headings and len(sentences) > 1 else "")
    return Document(tuple(sentences), doc_title, truncated, language)


def _glue_continuations(text: str, raw: list[_Span], language: Language) -> list[_Span]:
    """Join a span to the previous one in its block when it continues it (pysbd cut after an
    abbreviation such as "5 тис.", "ст. 5", "p.m." or "Rt. Hon.", before a lower-case word, or
    inside a dateline such as "Москва. 17 мая.")."""
    out: list[_Span] = []
    for span in raw:
        if out and out[-1].block == span.block:
            previous = out[-1]
            before = text[previous.start : previous.end]
            after = text[span.start : span.end]
            if starts_mid_sentence(after) or continues(before, after, language):
                out[-1] = previous._replace(end=span.end, cut_after=span.cut_after)
                continue
            dateline = DATELINE.match(text[previous.start : span.end])
            if dateline and dateline.end() >= len(before.rstrip()):
                out[-1] = previous._replace(end=span.end, cut_after=span.cut_after)
                continue
        out.append(span)
    return out


def _make_sentence(text: str, span: _Span, index: int) -> Sentence:
    """The sentence for a span; a piece cut from a longer sentence gets "…" where it was cut
    and keeps its first letter as it is (it starts where the cut fell, not a sentence)."""
    source = text[span.start : span.end].strip()
    cleaned = clean(source, capitalise=not span.cut_before)
    piece = Sentence(index, span.start, span.end, source, cleaned, span.block)
    return _mark_cut(piece, span.cut_before, span.cut_after)


def _is_fragment(sentence: Sentence) -> bool:
    """A sentence the source itself cuts off after a few words ("At the same...", "I was…"):
    a lead truncated by the feed. Longer ones still carry facts and stay candidates, unless
    the cut fell on a figure, the sentence only says who said the one before, or it is a
    place or date alone (`summarizer.hollow`)."""
    ending = sentence.source.rstrip("\"'”’»)]")
    if ending.endswith(("...", "…")) and sentence.words < _FRAGMENT_WORDS:
        return True
    return (
        cut_at_figure(sentence.source)
        or points_back(sentence.text)
        or place_or_date_alone(sentence.text)
    )


def _mark_cut(piece: Sentence, cut_before: bool, cut_after: bool) -> Sentence:
    """A piece of a longer unpunctuated text, with "…" where it was cut, so that it never reads
    as a whole statement (the rest may hold the figure's other end or who said it). Only the
    point text is marked: the source stays the verbatim span the evidence quotes."""
    if not piece.text or not (cut_before or cut_after):
        return piece
    text = ("…" if cut_before else "") + piece.text.rstrip(",;:") + ("…" if cut_after else "")
    return Sentence(piece.index, piece.start, piece.end, piece.source, text, piece.block)
