"""The guard every generated point passes before anyone sees it.

Readers act on these points (families, journalists in a war zone), so a point is shown only if
it rests on source sentences (its evidence) and every number, name and negation in it is found
in that evidence. The checks are lexical on purpose: they are cheap, predictable and explainable,
and a wrong number can never hide behind a high embedding similarity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.negation import NEGATION
from summarizer.text import Sentence

__all__ = [
    "Verdict",
    "align",
    "check_point",
    "CARDINAL_WORDS",
    "TOKEN",
    "content_words",
    "unsupported_facts",
]

MIN_COVERAGE = 0.75
"""Share of a point's content words its evidence must contain."""
MAX_EVIDENCE = 2
MAX_POINT_CHARS = 300
MIN_POINT_WORDS = 4

TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
"""A number (with its separators) or a run of letters: the words of a point."""
CARDINAL_WORDS = {
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "ninety": "90",
}
"""Number words that count something ("one" is left out: it is as often a pronoun)."""
_NUMBER_WORDS = {
    "one": "1",
    **CARDINAL_WORDS,
    "hundred": "100",
    "thousand": "1000",
    "million": "1000000",
    "billion": "1000000000",
    "dozen": "12",
    "dozens": "12",
    "hundreds": "100",
    "thousands": "1000",
    "millions": "1000000",
    "first": "1st",
    "second": "2nd",
    "third": "3rd",
    "half": "1/2",
    "twice": "2x",
}
_STOPWORD_TEXT = (
    "a an the and or but if of to in on at by for with from as into about over after before "
    "under between through during against among than then so that this these those there "
    "here is are was were be been being has have had do does did will would shall should can "
    "could may might must it its it's he she they them his her their our we you i me my your "
    "us who whom which what when where why how also just only very more most said says say "
    "told according mr mrs ms dr "
)
# Ukrainian and Russian function words, so two Cyrillic points do not look alike for sharing them.
_CYRILLIC_STOPWORD_TEXT = (
    "і й та а але або чи що як це ця цей ці той та ті він вона воно вони його її їх їм ми ви "
    "в у на з із зі до від для по про за під над між через при після перед без не ні так "
    "також вже ще лише тільки був була було були є буде будуть може мають має який яка яке "
    "які котрий де коли щоб бо якщо та ж же би б "
    "и в во на с со к ко от для по о об про за под над между через при после перед без не "
    "ни так также уже еще только был была было были есть будет будут может который которая "
    "которое которые где когда чтобы если что как это эта этот эти тот те он она оно они его "
    "ее их им мы вы а но или ли же бы "
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split()) | frozenset(_CYRILLIC_STOPWORD_TEXT.split())
_CYRILLIC_STEM = 5
"""Cyrillic words are cut to their first letters: Ukrainian and Russian inflect too much for
English suffix stripping, and a 5-letter prefix matches 'переговори' with 'переговорів'."""


@dataclass(frozen=True)
class Verdict:
    """Whether a point may be shown, the evidence it rests on, and why not if it may not."""

    ok: bool
    evidence: tuple[Sentence, ...]
    reason: str = ""


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text.replace("’s", "").replace("'s", ""))


_DECIMAL_COMMA = re.compile(r"\d+,(?:\d{1,2}|\d{4,})")
"""A comma before one, two or more than three digits is a decimal comma, as Ukrainian and
Russian write ("84,2%", "1,5 млрд"); before three it groups thousands ("1,500")."""


def plain_number(token: str) -> str:
    """A number token as digits and a decimal point: "1,500" -> "1500", "84,2" -> "84.2", so a
    point's "1,5" is not taken for an article's "15"."""
    if _DECIMAL_COMMA.fullmatch(token):
        return token.replace(",", ".")
    return token.replace(",", "")


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry meaning, crudely stemmed so 'talks' matches 'talk'."""
    return {_stem(t.lower()) for t in _tokens(text) if t.lower() not in _STOPWORDS}


def _stem(word: str) -> str:
    if "\u0400" <= word[:1] <= "\u04ff":
        return word[:_CYRILLIC_STEM]
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def unsupported_facts(point: str, evidence: str) -> list[str]:
    """Numbers, number words, capitalised names and negations in `point` that `evidence` lacks."""
    ev_tokens = _tokens(evidence)
    ev_exact = set(ev_tokens)
    ev_lower = {t.lower() for t in ev_tokens}
    ev_numbers = {plain_number(t) for t in ev_tokens if t[0].isdigit()}
    ev_numbers |= {_NUMBER_WORDS[t] for t in ev_lower if t in _NUMBER_WORDS}
    missing: list[str] = []
    for position, token in enumerate(_tokens(point)):
        lower = token.lower()
        if token[0].isdigit():
            if plain_number(token) not in ev_numbers:
                missing.append(token)
        elif lower in _NUMBER_WORDS:
            if lower not in ev_lower and _NUMBER_WORDS[lower] not in ev_numbers:
                missing.append(token)
        elif token[0].isupper() and token not in ev_exact:
            sentence_start = position == 0 and lower in ev_lower
            if not sentence_start and lower not in _STOPWORDS | {"i"}:
                missing.append(token)
    if NEGATION.search(point.lower()) and not NEGATION.search(evidence.lower()):
        missing.append("(negation)")
    return missing


def align(
    point: str, sentences: Sequence[Sentence], min_coverage: float = MIN_COVERAGE
) -> tuple[Sentence, ...]:
    """The fewest source sentences (at most two) that cover the point's content words.

    Returns an empty tuple when no such evidence exists: the point is then unsupported.
    """
    wanted = content_words(point)
    if not wanted:
        return ()
    words = [content_words(s.text) for s in sentences]
    best = max(range(len(sentences)), key=lambda i: len(wanted & words[i]), default=-1)
    if best < 0:
        return ()
    covered = wanted & words[best]
    if len(covered) >= min_coverage * len(wanted):
        return (sentences[best],)
    second = max(
        (i for i in range(len(sentences)) if i != best),
        key=lambda i: len(wanted & (covered | words[i])),
        default=-1,
    )
    if second < 0:
        return ()
    union = covered | (wanted & words[second])
    if len(union) - len(covered) >= 2 and len(union) >= min_coverage * len(wanted):
        return tuple(sorted((sentences[best], sentences[second]), key=lambda s: s.index))
    return ()


def _shape_problem(point: str) -> str:
    """Why `point` cannot be a statement (degenerate model output), or "" if it can.

    Garbage made of source words would pass the lexical checks, so repetition and punctuation
    runs are rejected before alignment.
    """
    words = point.split()
    if len(words) < MIN_POINT_WORDS:
        return "too short to be a statement"
    if len(point) > MAX_POINT_CHARS:
        return "too long for a key point"
    if not (point[0].isalnum() or point[0] in "\"“‘'"):
        return "does not start like a sentence"
    tokens = [t.lower() for t in _tokens(point)]
    if len(tokens) < 0.8 * len(words):
        return "mostly punctuation"
    if len(set(tokens)) < 0.7 * len(tokens):
        return "repeats itself"
    if any(a == b for a, b in zip(tokens, tokens[1:], strict=False)):
        return "repeats a word"
    if len(content_words(point)) < 3:
        return "says too little"
    return ""


def check_point(point: str, sentences: Sequence[Sentence]) -> Verdict:
    """Decide whether a generated point may be shown; the evidence is verbatim source text."""
    problem = _shape_problem(point)
    if problem:
        return Verdict(False, (), problem)
    evidence = align(point, sentences)
    if not evidence:
        return Verdict(False, (), "no source sentence supports it")
    missing = unsupported_facts(point, " ".join(s.source for s in evidence))
    if missing:
        return Verdict(False, evidence, "not in its evidence: " + ", ".join(missing))
    return Verdict(True, evidence)
