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
from typing import TYPE_CHECKING, Literal

from summarizer.paragraphs import TERMINAL, flat, paragraphs, pieces

if TYPE_CHECKING:
    import pysbd

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

Language = Literal["en", "uk", "ru"]
"""What the splitter needs to know: Ukrainian and Russian get pysbd's Russian rules and the
abbreviation repairs below; everything else gets the English rules (plus CJK/Arabic stops)."""

MAX_CHARS = 60_000
"""Only this much of an article is read: pysbd slows down on huge inputs, and news puts what
matters first. Longer inputs are summarized from their opening, not rejected."""

_PIECE_CHARS = 220
_LONG_SENTENCE_CHARS = 400

_OTHER_SCRIPT_STOP = re.compile(r"(?<=[。！？؟।])\s*")
_STOP = re.compile(r"[.!?…。！？؟।]")
_QUOTE_OR_BRACKET = re.compile(r"[\"“”‘«»()\[\]]|(?<!\w)['’]|['’](?!\w)")
"""Quote marks and brackets, but not an apostrophe inside a word ("it's")."""

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
_CLOSING_START = frozenset(")]}”’»,;:.!?%…")
_WRAPPED_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*(?:\r\n|\r|\n)[ \t]*(?=[^\W\d_])")

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
# Ukrainian and Russian abbreviations that never end a sentence ("м. Київ", "ст. 5", "вул.").
# Those that may ("5 тис.", "2025 р.") are glued only when the next word is lower case.
_CYRILLIC_ABBREVIATION_END = re.compile(
    r"(?:^|[\s(])(?:м|ст|вул|просп|пров|пл|с|смт|ім|им|проф|акад|див|напр|ген|п|пп|ч|ул|пер"
    r"|д|см|т|тел|корп|оз|о|р-н|мкр|гл|рис|табл|св|доц|канд|заст|зам)\.\s*$",
    re.IGNORECASE,
)
_TIME_UNIT_END = re.compile(r"\d\s*(?:год|хв|хвил|сек|мін|мин|ч)\.\s*$", re.IGNORECASE)
"""A duration written with abbreviated units ("2 год. 30 хв."): the next number continues it."""
# pysbd's Russian rules never end a sentence after "руб." or "млн."; before a capital they do.
_UNIT_STOP = re.compile(
    r"(?<=\b(?:руб|грн|млн|тыс|тис|коп|дол)\.)\s+(?=[А-ЯІЇЄҐ«])|(?<=\b(?:млрд|долл)\.)\s+(?=[А-ЯІЇЄҐ«])"
)
_INITIAL_END = re.compile(r"(?:^|[\s(])[А-ЯІЇЄҐA-Z]\.\s*$")


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
    raw: list[tuple[int, int, int]] = []
    headings: list[str] = []
    for block_no, (start, end) in enumerate(paragraphs(body)):
        for s_start, s_end in _segment(body, start, end, language):
            raw.append((s_start, s_end, block_no))
    # Chat-style text typed all in lower case has no sentence starts to go by.
    lower_case_text = 2 * sum(starts_mid_sentence(body[s:e]) for s, e, _ in raw) > len(raw)
    if not lower_case_text:
        raw = _glue_continuations(body, raw, language)
    sentences: list[Sentence] = []
    unpunctuated: list[tuple[int, int, int]] = []
    for s_start, s_end, block_no in raw:
        span = body[s_start:s_end]
        if _is_boilerplate(span) or not any(ch.isalnum() for ch in span):
            continue  # a lone "." left by a doubled full stop is not a statement
        if not TERMINAL.search(span):
            if len(span.split()) <= 15 and not headings and not sentences:
                headings.append(_squash(span))
            unpunctuated.append((s_start, s_end, block_no))
            continue
        if not lower_case_text and starts_mid_sentence(span):
            continue  # the tail of a sentence the text does not have
        sentences.append(_make_sentence(body, s_start, s_end, block_no, len(sentences)))
    if not sentences:
        # No sentence punctuation anywhere: fall back to pieces cut at clauses or words.
        for s_start, s_end, block_no in unpunctuated:
            for p_start, p_end in pieces(body, s_start, s_end, _PIECE_CHARS):
                piece = _make_sentence(body, p_start, p_end, block_no, len(sentences))
                sentences.append(_mark_cut(piece, p_start > s_start, p_end < s_end))
    sentences = [s for s in sentences if s.text]
    sentences = [
        Sentence(i, s.start, s.end, s.source, s.text, s.block) for i, s in enumerate(sentences)
    ]
    doc_title = _squash(title) or (headings[0] if headings and len(sentences) > 1 else "")
    return Document(tuple(sentences), doc_title, truncated, language)


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


def starts_mid_sentence(span: str) -> bool:
    """True when a span opens like the tail of a sentence: in lower case or with closing
    punctuation ("to save the talks.", "and Defense Minister ...", "”, he said.")."""
    text = _LEADING_NOISE.sub("", _squash(span))
    if not text or _DATELINE.match(text):
        return False
    text = _strip_stray_quotes(text)
    if not text:
        return False
    if text[0] in _CLOSING_START:
        return True
    first_word = text.split()[0]
    # "iPhone" and "eBay" open in lower case but are names, not sentence tails.
    return first_word[0].islower() and not any(ch.isupper() for ch in first_word[1:])


def _glue_continuations(
    text: str, raw: list[tuple[int, int, int]], language: Language
) -> list[tuple[int, int, int]]:
    """Join a span to the previous one in its block when it continues it (pysbd cut after an
    abbreviation such as "5 тис." or "ст. 5", or before a lower-case word)."""
    out: list[tuple[int, int, int]] = []
    for start, end, block in raw:
        if out and out[-1][2] == block:
            before = text[out[-1][0] : out[-1][1]]
            glued = starts_mid_sentence(text[start:end])
            if language != "en" and not glued:
                glued = bool(_CYRILLIC_ABBREVIATION_END.search(before))
                glued = glued or bool(_INITIAL_END.search(before))
                glued = glued or (
                    bool(_TIME_UNIT_END.search(before)) and text[start:end].lstrip()[:1].isdigit()
                )
            if glued:
                out[-1] = (out[-1][0], end, block)
                continue
        out.append((start, end, block))
    return out


def _segment(
    text: str, start: int, end: int, language: Language = "en"
) -> Iterator[tuple[int, int]]:
    """Split one block with pysbd and find each sentence's span by a moving cursor."""
    block = flat(text[start:end])
    cursor = 0
    segments = [block] if _one_sentence(block) else _segmenter(language).segment(block)
    if language != "en":
        segments = [part for segment in segments for part in _UNIT_STOP.split(segment)]
    for segment in segments:
        for part in _OTHER_SCRIPT_STOP.split(segment):
            stripped = part.strip()
            if not stripped:
                continue
            found = block.find(stripped, cursor)
            if found < 0:  # pysbd altered the text; never quote what is not there
                continue
            cursor = found + len(stripped)
            if len(stripped) > _LONG_SENTENCE_CHARS and not TERMINAL.search(stripped):
                yield from pieces(text, start + found, start + cursor, _PIECE_CHARS)
            else:
                yield start + found, start + cursor


def _one_sentence(block: str) -> bool:
    """A block whose only sentence punctuation ends it is one sentence, and most news
    paragraphs are: pysbd would give it back whole, at a few milliseconds a call. Quotes and
    brackets still go to pysbd, which splits off a "(CNN)" or a dangling closing quote there."""
    inner = TERMINAL.sub("", block.rstrip())
    return not _STOP.search(inner) and not _QUOTE_OR_BRACKET.search(block)


def _is_boilerplate(span: str) -> bool:
    patterns = (_BOILERPLATE, _BOILERPLATE_ANYWHERE, _CAPTION_END)
    return any(pattern.search(span) for pattern in patterns)


def _make_sentence(text: str, start: int, end: int, block: int, index: int) -> Sentence:
    source = text[start:end].strip()
    return Sentence(index, start, end, source, clean_sentence(source), block)


def _mark_cut(piece: Sentence, cut_before: bool, cut_after: bool) -> Sentence:
    """A piece of a longer unpunctuated text, with "…" where it was cut, so that it never reads
    as a whole statement (the rest may hold the figure's other end or who said it). Only the
    point text is marked: the source stays the verbatim span the evidence quotes."""
    if not piece.text or not (cut_before or cut_after):
        return piece
    text = ("…" if cut_before else "") + piece.text.rstrip(",;:") + ("…" if cut_after else "")
    return Sentence(piece.index, piece.start, piece.end, piece.source, text, piece.block)


def clean_sentence(source: str) -> str:
    """Trim a dateline, list markers and unbalanced quotes; collapse whitespace.

    A word hyphenated across a line break ("cease-\nfire") keeps its hyphen and loses the break.
    """
    text = _squash(_WRAPPED_HYPHEN.sub("-", source))
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


def _segmenter(language: Language = "en") -> pysbd.Segmenter:
    """A fresh segmenter per block: pysbd keeps the text on the instance, and it is cheap.

    pysbd has no Ukrainian rules; its Russian ones (abbreviations such as "г." and "тыс.",
    initials) suit Ukrainian too, and `_glue_continuations` adds the Ukrainian abbreviations.
    """
    import pysbd

    return pysbd.Segmenter(language="en" if language == "en" else "ru", clean=False)
