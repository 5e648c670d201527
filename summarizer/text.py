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
from typing import TYPE_CHECKING, Literal, NamedTuple

from summarizer.paragraphs import TERMINAL, flat, paragraphs, pieces
from summarizer.sentence_ends import UNIT_STOP, continues, pair_quotes, split_glued_stops, unpaired

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
    r"|pictured\b|watch\b.*video|by \. |e-?mail\s*:"
    r"|this (?:shop|post|article|story|page|content|review) (?:has been|was|is) "
    r"(?:compensated|sponsored|paid)|(?:reporter|q|host|anchor|interviewer)\s*:"
    r"|\d{1,2}(?::\d\d)?\s*[ap]\.\s?m\.?(?:\s+[A-Z]{2,4})?\W*$)",
    re.IGNORECASE,
)
_BOILERPLATE_ANYWHERE = re.compile(
    r"contributed reporting|contributed to this report|getty images|\bap photo\b"
    r"|reuters/|\(pictured\)|published:\s*\d|updated:\s*\d|\| updated:|e-?mail this"
    r"|javascript|cookie policy|terms of (use|service)|\baffiliate links?\b"
    r"|\b(?:e-?mail|write to|contact|reach|call|text) us (?:at|on|via)\b"
    r"|[\w.+-]+@[\w-]+\.[a-z]{2,}|©"
    r"|\((?:far |second |bottom |top )?(?:left|right|centre|center|top|bottom|above|below)\)",
    re.IGNORECASE,
)
# Picture captions in Daily Mail text end with " ." (a space before the full stop).
_CAPTION_END = re.compile(r"\s\.\s*$")

_MONTH_GENITIVE = (
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    "|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
)
_AGENCY = (
    r"(?:[.,]?\s*(?:/[^/\n]{2,30}/|[A-ZА-ЯЁІЇЄҐ][\w.-]*(?:\s[A-ZА-ЯЁІЇЄҐ][\w.-]*)?)"
    r"|\([^()\n]{2,30}\)|[-–—]\s*[A-ZА-ЯЁІЇЄҐ][\w.-]*(?:\s[A-ZА-ЯЁІЇЄҐ][\w.-]*)?(?=\s*[.,]))"
)
_CYRILLIC_DATELINE = (
    r"^\s*(?:"
    # A place in capitals or a capitalised place with a full stop, the date, maybe an agency:
    # "МОСКВА, 17 мая. /ТАСС/. ", "Москва. 17 мая. INTERFAX.RU - ", "ТАСС, 17 мая. "
    r"(?:(?:[А-ЯЁІЇЄҐ][А-ЯЁІЇЄҐ'’-]+(?:\s[А-ЯЁІЇЄҐ][А-ЯЁІЇЄҐ'’-]+){0,2})[.,]"
    r"|[А-ЯЁІЇЄҐ][\w'’-]+(?:\s[А-ЯЁІЇЄҐ][\w'’-]+){0,2}\.)"
    rf"\s*\d{{1,2}}\s+(?:{_MONTH_GENITIVE})(?:\s*{_AGENCY})?\s*(?:[-–—]|[.,])\s*"
    # "Київ, 5 березня (Укрінформ) - ": a capitalised place with a comma needs the agency.
    r"|[А-ЯЁІЇЄҐ][\w'’-]+(?:\s[А-ЯЁІЇЄҐ][\w'’-]+){0,2},"
    rf"\s*\d{{1,2}}\s+(?:{_MONTH_GENITIVE})\s*{_AGENCY}\s*(?:[-–—]|[.,])\s*"
    # "РИАМО - 4 мая. "
    rf"|[А-ЯЁІЇЄҐ][А-ЯЁІЇЄҐ'’-]+\s*[-–—]\s*\d{{1,2}}\s+(?:{_MONTH_GENITIVE})\s*[.,]\s*"
    r")(?=[«\"“A-ZА-ЯЁІЇЄҐ0-9]|$)"
)
"""Russian and Ukrainian wire datelines; the date keeps a sentence from being taken for one."""
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
    r"|" + _CYRILLIC_DATELINE
)
_LEADING_NOISE = re.compile(r"^[\s\-–—•*·>|]+")
_CLOSING_START = frozenset(")]}”’»,;:.!?%…")
_WRAPPED_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*(?:\r\n|\r|\n)[ \t]*(?=[^\W\d_])")

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
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
        for s_start, s_end, cut_before, cut_after in _segment(body, start, end, language):
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
    for span in raw:
        text_span = body[span.start : span.end]
        if _is_boilerplate(text_span) or not any(ch.isalnum() for ch in text_span):
            continue  # a lone "." left by a doubled full stop is not a statement
        if not TERMINAL.search(text_span):
            if len(text_span.split()) <= 15 and not headings and not sentences:
                headings.append(_squash(text_span))
            unpunctuated.append(span)
            continue
        if not lower_case_text and starts_mid_sentence(text_span):
            continue  # the tail of a sentence the text does not have
        sentence = _make_sentence(body, span, len(sentences))
        if _is_fragment(sentence):
            fragments.append(sentence)
            continue
        sentences.append(sentence)
    if not sentences:
        # No sentence punctuation anywhere: fall back to pieces cut at clauses or words.
        for span in unpunctuated:
            for p_start, p_end in pieces(body, span.start, span.end, _PIECE_CHARS):
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
            dateline = _DATELINE.match(text[previous.start : span.end])
            if dateline and dateline.end() >= len(before.rstrip()):
                out[-1] = previous._replace(end=span.end, cut_after=span.cut_after)
                continue
        out.append(span)
    return out


def _segment(
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
            for p_start, p_end in pieces(text, s_start, s_end, _PIECE_CHARS):
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


def _is_boilerplate(span: str) -> bool:
    patterns = (_BOILERPLATE, _BOILERPLATE_ANYWHERE, _CAPTION_END)
    return any(pattern.search(span) for pattern in patterns)


def _make_sentence(text: str, span: _Span, index: int) -> Sentence:
    """The sentence for a span; a piece cut from a longer sentence gets "…" where it was cut
    and keeps its first letter as it is (it starts where the cut fell, not a sentence)."""
    source = text[span.start : span.end].strip()
    cleaned = _clean(source, capitalise=not span.cut_before)
    piece = Sentence(index, span.start, span.end, source, cleaned, span.block)
    return _mark_cut(piece, span.cut_before, span.cut_after)


def _is_fragment(sentence: Sentence) -> bool:
    """A sentence the source itself cuts off after a few words ("At the same...", "I was…"):
    a lead truncated by the feed. Longer ones still carry facts and stay candidates."""
    ending = sentence.source.rstrip("\"'”’»)]")
    return ending.endswith(("...", "…")) and sentence.words < _FRAGMENT_WORDS


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
    return _clean(source, capitalise=True)


def _clean(source: str, capitalise: bool) -> str:
    text = _squash(_WRAPPED_HYPHEN.sub("-", source))
    text = _LEADING_NOISE.sub("", text)
    text = _DATELINE.sub("", text, count=1)
    text = _strip_stray_quotes(text)
    text = _DATELINE.sub("", text, count=1)  # one inside a stray quote: "Москва. 17 мая. ...
    if capitalise and text and text[0].islower() and text != source:
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
