"""The default backend: pick salient, non-redundant source sentences and quote them.

News puts the most important facts first, so a position prior does most of the work; centrality
(similarity to the article centroid and to the title) moves up the sentences the story is about,
and maximal marginal relevance keeps points from repeating each other. Points are verbatim
source sentences (only datelines and stray quotes trimmed), so each one is its own evidence.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from summarizer.antecedents import leans_on_before, names_nobody
from summarizer.core import Article, KeyPoint, Summary, SummaryError
from summarizer.embedder import SupportsEmbed
from summarizer.grounding import content_words
from summarizer.lexical import embedder_for
from summarizer.recaps import recaps
from summarizer.shorten import POINT_CHARS, shorten
from summarizer.text import Document, Sentence, split_document

__all__ = [
    "DEFAULT_WEIGHTS",
    "ExtractiveSummarizer",
    "Prepared",
    "Weights",
    "prepare",
    "restates",
    "score_sentences",
    "held_back",
    "is_question",
    "names_nobody",
    "select",
]

MAX_CANDIDATES = 40
"""Sentences past this are never embedded: they almost never carry a news story's key points,
and embedding them is most of the cost on long articles."""
RESTATES = 0.5
"""Share of the smaller point's content words found in another point that makes it a repeat."""
CLAUSE_RESTATES = 0.75
"""The same, for one clause of a point: "..., as the US agreed to resume aid" repeats a point
about aid resuming even when the rest of the sentence is new."""
LONG_POINT_CHARS = 240
"""Longer points are a last resort (a design cap, not tuned): only sentences with no safe
clause boundary stay this long, and a list of them is what made pushes hard to read."""
_CLAUSE_MIN_WORDS = 4
_CLAUSE = re.compile(
    r",\s+|;\s+|\s+[—–-]\s+|\s+(?:and|but|as|while|which|after|і|та|а|але|и|но|однак)\s+"
)

_PRONOUN_START = re.compile(
    r"^(he|she|it|they|this|that|these|those|his|her|their|its|but|and|so|also|however|"
    r"meanwhile|then|there|yet|still|instead|moreover|thus|therefore|hence|besides)\b",
    re.IGNORECASE,
)
_QUOTE_START = re.compile(r"^[\"“'‘]")
_QUESTION_END = re.compile(r"\?[!?]*[\"'”’»)\]]*\s*$")
_REPORTED_QUOTE = re.compile(r"\s[\"“«‘]")


@dataclass(frozen=True)
class Weights:
    """How much each signal counts; tuned on the dev set (see bench/summarize_bench.py --grid)."""

    position: float = 1.0
    position_decay: float = 3.0
    centroid: float = 1.0
    title: float = 0.3
    too_long: float = 0.3
    too_short: float = 0.5
    quote: float = 0.15
    dangling: float = 0.15
    question: float = 0.3
    mmr_lambda: float = 0.8
    duplicate: float = 0.72
    speaker_first: bool = True
    """A point opening with a pronoun for a person ("He added ...", "По его словам, ...") comes
    with the sentence before it, which names the speaker, and a denial of a claim it does not
    state with the sentence that states it (`select`; False: the rule before, a baseline for
    bench/speaker_bench.py)."""


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Prepared:
    """An article split and embedded once, so every backend and the grid search can reuse it."""

    doc: Document
    embeddings: npt.NDArray[np.float32]
    """One row per candidate sentence (the first MAX_CANDIDATES), L2-normalised."""
    title_embedding: npt.NDArray[np.float32] | None

    @property
    def candidates(self) -> tuple[Sentence, ...]:
        return self.doc.sentences[: len(self.embeddings)]


def prepare(article: Article, embedder: SupportsEmbed) -> Prepared:
    """Split and embed an article; an article with nothing to summarize is a `SummaryError`."""
    if not article.text or not article.text.strip():
        raise SummaryError("The article has no text to summarize.")
    doc = split_document(article.text, article.title)
    if not doc.sentences:
        raise SummaryError("The article has no sentences to summarize (only boilerplate).")
    candidates = doc.sentences[:MAX_CANDIDATES]
    texts = [s.text for s in candidates]
    if doc.title:
        texts.append(doc.title)
    vectors = embedder_for(embedder, [doc.language]).embed(texts)
    if doc.title:
        return Prepared(doc, vectors[:-1], vectors[-1])
    return Prepared(doc, vectors, None)


def score_sentences(
    prepared: Prepared, weights: Weights = DEFAULT_WEIGHTS
) -> npt.NDArray[np.float64]:
    """Salience of each candidate: position prior + centrality - style penalties."""
    emb = prepared.embeddings.astype(np.float64)
    count = len(emb)
    centroid = emb.mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    centrality = emb @ (centroid / norm) if norm > 0 else np.zeros(count)
    about = emb @ prepared.title_embedding if prepared.title_embedding is not None else centrality
    position = np.exp(-np.arange(count) / max(weights.position_decay, 1e-6))
    scores = weights.position * position + weights.centroid * centrality + weights.title * about
    for i, sentence in enumerate(prepared.candidates):
        scores[i] -= _style_penalty(sentence, weights)
    return np.asarray(scores, dtype=np.float64)


def _style_penalty(sentence: Sentence, weights: Weights) -> float:
    text = shorten(sentence.text)
    penalty = 0.0
    if len(text) > POINT_CHARS:
        penalty += weights.too_long * min(2.0, (len(text) - POINT_CHARS) / POINT_CHARS + 0.5)
    if sentence.words < 6:
        penalty += weights.too_short
    if _QUOTE_START.match(text):
        penalty += weights.quote
    if _PRONOUN_START.match(text):
        penalty += weights.dangling
    if text.endswith("?"):
        penalty += weights.question
    return penalty


def select(
    prepared: Prepared,
    scores: npt.NDArray[np.float64],
    count: int,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[int]:
    """Pick `count` candidates by maximal marginal relevance, best first.

    A point still over LONG_POINT_CHARS after shortening (no safe clause boundary), a
    question ("Is the service the future of gaming?": a teaser, not a fact) or a recap of
    earlier news ("Напомним, ...") is taken only when the article has too few other candidates.
    A sentence opening with a pronoun for a person comes with the sentence before it, which
    names the speaker, even when that one would not be picked: "По его словам, Владимир
    Зеленский поручил ему ..." under another point reads as someone else's words (in the dev
    articles its speaker was in the sentence before, not picked). So does a denial of a claim
    it does not state ("Varga denies the allegations.", `answers_unnamed`). With room for one
    point only, the next best is taken instead, and the pronoun alone only when nothing else
    is left.
    """
    emb = prepared.embeddings
    points = [shorten(s.text) for s in prepared.candidates]
    words = [content_words(p) for p in points]
    clauses = [_clause_words(p) for p in points]
    chosen: list[int] = []
    last_resort = [len(p) > LONG_POINT_CHARS or held_back(p) for p in points]
    remaining = [i for i in range(len(scores)) if not last_resort[i]]
    too_long = [i for i in range(len(scores)) if last_resort[i]]
    speakerless = [weights.speaker_first and leans_on_before(p) for p in points]
    waiting: set[int] = set()  # speakerless, with no room left for the sentence before
    while (remaining or too_long) and len(chosen) < count:
        if not remaining:
            remaining, too_long = too_long, []
        best, best_value = -1, -np.inf
        for i in remaining:
            if i in waiting:
                continue
            overlap = max((float(emb[i] @ emb[j]) for j in chosen), default=0.0)
            if overlap >= weights.duplicate or any(
                restates(words[i], words[j], clauses[i], clauses[j]) for j in chosen
            ):
                continue
            value = weights.mmr_lambda * scores[i] - (1 - weights.mmr_lambda) * overlap
            if value > best_value:
                best, best_value = i, value
        if best < 0 and too_long:
            remaining, too_long = remaining + too_long, []
            continue
        if best < 0 and waiting:
            speakerless, waiting = [False] * len(points), set()
            continue
        if best < 0:
            break
        if speakerless[best] and best - 1 not in chosen:
            if best == 0 or speakerless[best - 1] or len(chosen) + 2 > count:
                waiting.add(best)
                continue
            chosen.append(best - 1)  # the speaker, however it scored
            remaining, too_long = _without(remaining, best - 1), _without(too_long, best - 1)
        chosen.append(best)
        remaining.remove(best)
    return chosen


def _without(indices: list[int], index: int) -> list[int]:
    return [i for i in indices if i != index]


def held_back(point: str) -> bool:
    """A question (a teaser, not a fact) or a recap of earlier news ("Напомним, ..."): a point
    only when nothing else is left, in a summary and in a story alike."""
    return is_question(point) or recaps(point)


def is_question(point: str) -> bool:
    """The point asks rather than tells: it ends with a question mark that no quotation
    opened after its start holds ('..., he asked: "Why now?"' reports a question)."""
    if not _QUESTION_END.search(point):
        return False
    return not _REPORTED_QUOTE.search(point)


def restates(
    a: AbstractSet[str],
    b: AbstractSet[str],
    a_clauses: tuple[set[str], ...] = (),
    b_clauses: tuple[set[str], ...] = (),
) -> bool:
    """One point repeats the other: half of the smaller one's content words are in the other,
    or a clause of either says again what the other says."""
    if a and b and len(a & b) >= RESTATES * min(len(a), len(b)):
        return True
    return any(len(c & b) >= CLAUSE_RESTATES * len(c) for c in a_clauses) or any(
        len(c & a) >= CLAUSE_RESTATES * len(c) for c in b_clauses
    )


def _clause_words(point: str) -> tuple[set[str], ...]:
    """Content words of each clause with enough words to say something on its own."""
    clauses = (content_words(part) for part in _CLAUSE.split(point))
    return tuple(c for c in clauses if len(c) >= _CLAUSE_MIN_WORDS)


def to_key_point(sentence: Sentence, limit: int = POINT_CHARS) -> KeyPoint:
    """The sentence as a point, cut at a clause boundary when longer than `limit`; the
    evidence is always the whole sentence."""
    return KeyPoint(text=shorten(sentence.text, limit), evidence=(sentence.source,))


class ExtractiveSummarizer:
    """Key points quoted from the article; needs only the sentence embedder."""

    backend = "extractive"

    def __init__(
        self, embedder: SupportsEmbed, max_points: int = 3, weights: Weights = DEFAULT_WEIGHTS
    ) -> None:
        self.embedder = embedder
        self.max_points = max_points
        self.weights = weights

    def summarize(self, article: Article, max_points: int | None = None) -> Summary:
        count = check_count(max_points if max_points is not None else self.max_points)
        prepared = prepare(article, self.embedder)
        return Summary(self.points(prepared, count), "extractive")

    def points(self, prepared: Prepared, count: int) -> tuple[KeyPoint, ...]:
        """The best `count` points in reading order (what reads well as a list)."""
        scores = score_sentences(prepared, self.weights)
        picked = sorted(select(prepared, scores, count, self.weights))
        return tuple(to_key_point(prepared.candidates[i]) for i in picked)

    def ranked(self, prepared: Prepared, count: int) -> tuple[KeyPoint, ...]:
        """Up to `count` points, best first: what a backend tops up its own points with."""
        scores = score_sentences(prepared, self.weights)
        picked = select(prepared, scores, count, self.weights)
        return tuple(to_key_point(prepared.candidates[i]) for i in picked)


def check_count(count: int) -> int:
    if not 1 <= count <= 20:
        raise SummaryError(f"The number of key points must be between 1 and 20, not {count}.")
    return count
