"""Where an article's paragraphs are: the blocks the sentence splitter works on.

Text arrives with HTML tags, blank lines, one paragraph per line (trafilatura) or hard-wrapped
lines (email, PDF, wire copy). A sentence never spans two paragraphs, and a line break inside
a hard-wrapped paragraph is just a space, so telling the two kinds of break apart is a job of
its own, done here on spans of the text so that every offset still points into the source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from summarizer.amounts import ends_range_opener, ends_with_amount, starts_with_amount

__all__ = ["TERMINAL", "clause_cut", "flat", "paragraphs", "pieces", "word_cut"]

BLOCK_CHARS = 2_000
"""Longer paragraphs are cut (at a sentence end when there is one): pysbd slows down on them."""

# Spans that always end a block: HTML tags (so a tag never lands inside a sentence). Line
# breaks end a block only when they are not hard wrapping inside a paragraph (`_joins`).
_HARD_BREAK = re.compile(r"<[^<>\n]{0,300}>|&nbsp;")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LIST_LINE = re.compile(r"^\s*(?:[-*•·–—>#]|\d{1,3}[.)]\s|[a-zа-я][.)]\s)")
_WRAP_MIN_LINES = 3
_WRAP_MIN_WIDTH = 40
_WRAP_MAX_WIDTH = 160
"""Email, PDF and wire copy wrap at 60-130 columns; longer lines are paragraphs (trafilatura
puts one paragraph per line, with subheadings on their own lines)."""
_WRAP_PAST = 1.25
"""A line this much longer than the wrap width was not wrapped (a long URL may be): when more
than one line in ten is, the text is not hard-wrapped."""
_OPEN_PHRASE = re.compile(
    r"(?:,|\s(?:the|a|an|of|to|in|into|on|at|by|for|from|with|about|as|and|or|but|nor|that"
    r"|which|who|whose|his|her|its|their|our|is|are|was|were|has|have|had|will|would|than"
    r"|в|во|на|и|с|со|к|по|для|от|из|о|об|что|как|а|но|или|і|й|та|з|із|у|до|від|про|що|як"
    r"|але|або|чи))$",
    re.IGNORECASE,
)
"""A line that stops on a comma, an article, a preposition or a conjunction: no paragraph
ends there, so the next line carries on its sentence whatever its first letter (unless the line
is a list item or as short as a heading: "12. Find someone to talk to")."""
TERMINAL = re.compile(r"[.!?…。！？؟।][\"'”’)\]]*\s*$")
"""Sentence-final punctuation, with any closing quotes or brackets after it."""


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield paragraphs: spans between tags and blank lines, hard-wrapped lines joined, cut
    down to pysbd-friendly sizes. A line break inside a paragraph is just a space."""
    segments: list[list[tuple[int, int]]] = []
    pos = 0
    for match in _HARD_BREAK.finditer(text):
        segments.append(_lines(text, pos, match.start()))
        pos = match.end()
    segments.append(_lines(text, pos, len(text)))
    width = _wrap_width([text[s:e].strip() for lines in segments for s, e in lines])
    first = next(((s, e) for lines in segments for s, e in lines if text[s:e].strip()), None)
    for lines in segments:
        start, end, previous = -1, -1, ""
        for l_start, l_end in lines:
            line = text[l_start:l_end]
            if not line.strip():  # a blank line always ends a paragraph
                if start >= 0:
                    yield from _sized(text, start, end)
                start, previous = -1, ""
                continue
            if start >= 0 and _joins(previous, line, width, opening=(start, end) == first):
                end = l_end
            else:
                if start >= 0:
                    yield from _sized(text, start, end)
                start, end = l_start, l_end
            previous = line
        if start >= 0:
            yield from _sized(text, start, end)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the lines in text[start:end], without their CRLF, CR or LF."""
    spans: list[tuple[int, int]] = []
    for match in _LINE_BREAK.finditer(text, start, end):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, end))
    return spans


def _wrap_width(lines: list[str]) -> int | None:
    """The width the text was hard-wrapped at, or None if its lines do not look wrapped.

    Wrapped text (email, PDF, wire copy) has most lines just under one width, next to none
    past it, and most of those lines end mid-sentence; a paragraph per line does not. A short
    page (a headline and a few paragraphs) can have lines of about one length by chance, but
    then its other paragraph runs far past that width, which wrapping never leaves, or those
    lines end with full stops: taken for wrapped, its headline was glued to the first sentence.
    """
    lengths = [len(line) for line in lines if line]
    if len(lengths) < _WRAP_MIN_LINES:
        return None
    ordered = sorted(lengths)
    width = ordered[(len(ordered) - 1) * 4 // 5]
    if not _WRAP_MIN_WIDTH <= width <= _WRAP_MAX_WIDTH:
        return None
    near = [line for line in lines if 0.7 * width <= len(line) <= 1.1 * width]
    ended = sum(1 for line in near if TERMINAL.search(line))
    past = sum(1 for n in lengths if n > _WRAP_PAST * width)
    wrapped = 2 * len(near) >= len(lengths) and 10 * past <= len(lengths) and 2 * ended < len(near)
    return width if wrapped else None


def _joins(previous: str, line: str, width: int | None, opening: bool = False) -> bool:
    """Whether the break between two non-blank lines is wrapping, not a paragraph end.

    `opening`: `previous` is the text's first line, where a page puts its headline. A headline
    in sentence case ("Delegations hold round 12 of talks") stops short without a full stop
    like a wrapped line that is not filled, so there only a line the next word did not fit on
    is taken for wrapped: greedy wrapping never leaves room for it.
    """
    before, after = previous.strip(), line.strip()
    if _LIST_LINE.match(after):
        return False  # list items and headings keep their own lines
    if after[0].islower():
        return True  # a sentence never starts in lower case
    if _OPEN_PHRASE.search(before) and len(before.split()) >= 6 and not _LIST_LINE.match(before):
        return True  # "... who in 2008, won the" | "Africa Movie Academy Award ...": one phrase
    if width is None or (line[:1] in " \t" and previous[:1] not in " \t"):
        return False  # not wrapped, or an indented first line of a paragraph
    if len(before) + 1 + len(after.split()[0]) > width:
        return True  # the next word did not fit on the line: greedy wrapping
    # A line that stops short without a full stop is wrapped too, unless it is a headline.
    return (
        not opening
        and not TERMINAL.search(before)
        and len(before) >= 0.75 * width
        and not _title_case(before)
    )


def _title_case(line: str) -> bool:
    words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    return bool(words) and 5 * sum(w[0].isupper() for w in words) >= 3 * len(words)


def _sized(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    yield from pieces(text, start, end, BLOCK_CHARS, _sentence_cut)


def _sentence_cut(window: str) -> int:
    """Where to cut a long paragraph: after its window's last sentence, else at a word."""
    cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
    return cut + 2 if cut > len(window) // 4 else word_cut(window)


def pieces(
    text: str, start: int, end: int, size: int, cut_at: Callable[[str], int] | None = None
) -> Iterator[tuple[int, int]]:
    """Cut text[start:end] into spans of at most `size` characters, each ending where `cut_at`
    says in its window (by default at a clause boundary, else a word boundary)."""
    cut_at = cut_at or clause_cut
    while end - start > size:
        cut = cut_at(flat(text[start : start + size]))
        yield start, start + cut
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def clause_cut(window: str) -> int:
    """Where to cut text that has no full stops: after the window's last comma or semicolon,
    or before its last conjunction, when that keeps at least half the window; else at a word.
    A piece that ends at a clause boundary reads as one thought, not as half a phrase; never
    one that ends a range's first figure ("між 1 000 | та 1 500", "between 1,000 | and 1,500")."""
    ends = [
        m.end() for m in _CLAUSE_END.finditer(window) if not ends_range_opener(window[: m.start()])
    ]
    ends += [
        m.start() + 1
        for m in _CONJUNCTION.finditer(window)
        if not _joins_figures(window[: m.start()], window[m.start() + 1 :])
    ]
    best = max(ends, default=-1)
    return best if best >= len(window) // 2 else word_cut(window)


def _joins_figures(before: str, after: str) -> bool:
    """The conjunction that starts `after` links two figures ("1 000 та 1 500") or closes a
    range that `before` opens ("between 1,000 | and ..."): cutting there splits one figure."""
    rest = after.split(maxsplit=1)[1:]
    return ends_range_opener(before) or (
        ends_with_amount(before) and (not rest or starts_with_amount(rest[0]))
    )


def word_cut(window: str) -> int:
    """After the window's last space in its second half with no digit beside it, so a figure
    stays with its words ("1 000 на 1 000 осіб"); else after its last space that does not split
    a figure; else the whole window."""
    spaces = [m.start() for m in re.finditer(" ", window) if m.start() > 0]
    for cut in reversed(spaces):
        if cut <= len(window) // 2:
            break
        if not (window[cut - 1].isdigit() or window[cut + 1 : cut + 2].isdigit()):
            return cut + 1
    for cut in reversed(spaces):
        if not (window[cut - 1].isdigit() and _DIGIT_GROUP.match(window, cut + 1)):
            return cut + 1
    return len(window)


_DIGIT_GROUP = re.compile(r"\d{3}(?!\d)|\d{0,2}$")
"""What follows the space inside a figure written "1 000": a group of three digits, or the start
of one cut off by the end of the window (all that can be seen of it)."""
_CLAUSE_END = re.compile(r"[,;:](?=\s)")
"""A comma, semicolon or colon before a space: the piece ends with it."""
_CONJUNCTION = re.compile(
    r"\s(?=(?:and|but|or|while|whereas|і|й|та|а|але|або|проте|и|но|или|однако)\s)", re.I
)
"""A space before a conjunction: the next piece starts with it ("а також ...", "and ...")."""


def flat(text: str) -> str:
    """`text` with line breaks as spaces: same length, so offsets still point into the source."""
    return text.replace("\r", " ").replace("\n", " ")
