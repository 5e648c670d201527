"""Is an article about the topic? A keyword gate, then embeddings contrasted with look-alikes.

Pure functions: the caller embeds (off the event loop) and hands the vectors in, so this is
tested without a model. The decision, tuned on the labelled dev set (bench/topic_bench.py):

1. Gate: some topic keyword occurs at a word start ("truces", "ceasefire-monitors" count;
   "talks" and other weak words only as whole words). No keyword, no embedding work.
2. Score: for the title + lead and each chunk of the body, cosine to the topic description
   minus the best cosine to a negative prototype (trade truce, business talks, sport...);
   the article's score is the best passage's. A trade "truce" sits closer to the trade
   prototype than to the description, so it scores below zero.
3. Keep when score >= threshold (DEFAULT_THRESHOLD unless RELEVANCE_THRESHOLD is set).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from bot.ingest.topic import Topic

__all__ = [
    "DEFAULT_THRESHOLD",
    "WEAK_KEYWORDS",
    "EmbedderLike",
    "KeywordHits",
    "Relevance",
    "TopicVectors",
    "contrast_score",
    "embed_topic",
    "is_relevant",
    "keyword_hits",
    "score_article",
    "scoring_passages",
]

Vectors = npt.NDArray[np.float32]

DEFAULT_THRESHOLD = 0.0
# Words that also describe business, politics or sport: they pass the gate only as whole words.
WEAK_KEYWORDS = frozenset(
    {"talks", "negotiations", "negotiators", "mediation", "mediator", "envoy"}
)
LEAD_SENTENCES = 3
LEAD_CHARS = 600
CHUNK_CHARS = 400
MAX_CHUNKS = 8
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class KeywordHits:
    """Which topic words an article uses: strong ones, weak ones, and the conflict's actors."""

    strong: tuple[str, ...]
    weak: tuple[str, ...]
    focus: tuple[str, ...]

    @property
    def passes_gate(self) -> bool:
        return bool(self.strong or self.weak)


@dataclass(frozen=True)
class TopicVectors:
    """The topic description's embedding (d,) and the negative prototypes' (k, d)."""

    description: Vectors
    negatives: Vectors


def _pattern(word: str, whole_word: bool) -> re.Pattern[str]:
    body = r"[\s-]+".join(re.escape(part) for part in word.split())
    tail = r"(?![\w-])" if whole_word else ""
    return re.compile(r"(?<![\w-])" + body + tail, re.IGNORECASE)


def _matches(words: Sequence[str], text: str, weak: frozenset[str]) -> list[str]:
    found = []
    for word in words:
        whole = " " in word or word.lower() in weak
        if _pattern(word, whole).search(text):
            found.append(word)
    return found


def keyword_hits(topic: Topic, title: str, text: str) -> KeywordHits:
    """Find the topic's keywords and focus names in the title and text."""
    full = f"{title}\n{text}"
    hits = _matches(topic.keywords, full, WEAK_KEYWORDS)
    return KeywordHits(
        strong=tuple(h for h in hits if h.lower() not in WEAK_KEYWORDS),
        weak=tuple(h for h in hits if h.lower() in WEAK_KEYWORDS),
        focus=tuple(_matches(topic.focus, full, frozenset(w.lower() for w in topic.focus))),
    )


def scoring_passages(title: str, text: str, max_chunks: int = MAX_CHUNKS) -> list[str]:
    """Title + lead sentences first, then ~400-character chunks of the rest of the body.

    The lead catches what the article is about; chunks catch a paragraph on the talks inside
    a wider story. The first passage is also the article's embedding for story clustering.
    """
    sentences = [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]
    lead = " ".join(sentences[:LEAD_SENTENCES])[:LEAD_CHARS]
    head = ". ".join(part for part in (title.strip().rstrip("."), lead) if part)
    passages = [head or title or text[:LEAD_CHARS]]
    chunk = ""
    for sentence in sentences[LEAD_SENTENCES:]:
        chunk = f"{chunk} {sentence}".strip()
        if len(chunk) >= CHUNK_CHARS:
            passages.append(chunk)
            chunk = ""
            if len(passages) > max_chunks:
                return passages
    if chunk:
        passages.append(chunk)
    return passages


def contrast_score(passages: Vectors, topic: TopicVectors) -> float:
    """Best passage's (cosine to the description - best cosine to a negative prototype)."""
    if passages.shape[0] == 0:
        return -1.0
    positive = passages @ topic.description
    if topic.negatives.shape[0]:
        negative = (passages @ topic.negatives.T).max(axis=1)
    else:
        negative = np.zeros_like(positive)
    return float((positive - negative).max())


def is_relevant(hits: KeywordHits, score: float | None, threshold: float) -> bool:
    """Keep an article that passes the keyword gate and scores at least `threshold`."""
    return hits.passes_gate and score is not None and score >= threshold


class EmbedderLike(Protocol):
    """What relevance needs of `summarizer.Embedder`: L2-normalised rows."""

    def embed(self, texts: Sequence[str]) -> Vectors: ...


def embed_topic(embedder: EmbedderLike, topic: Topic) -> TopicVectors:
    """Embed the description and the negative prototypes once (slow: call off the loop)."""
    vectors = embedder.embed([topic.description, *topic.negatives])
    return TopicVectors(description=vectors[0], negatives=vectors[1:])


@dataclass(frozen=True)
class Relevance:
    """One article's verdict; `embedding` (title + lead) is None when the gate said no."""

    hits: KeywordHits
    score: float | None
    embedding: Vectors | None

    def keep(self, threshold: float) -> bool:
        return is_relevant(self.hits, self.score, threshold)


def score_article(
    embedder: EmbedderLike, topic: Topic, vectors: TopicVectors, title: str, text: str
) -> Relevance:
    """Gate on keywords, then embed the passages and score them (slow: call off the loop)."""
    hits = keyword_hits(topic, title, text)
    if not hits.passes_gate:
        return Relevance(hits, None, None)
    embedded = embedder.embed(scoring_passages(title, text))
    return Relevance(hits, contrast_score(embedded, vectors), embedded[0])
