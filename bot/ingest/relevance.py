"""Is an article about the topic? A keyword gate, then a model learned from labelled news.

Pure functions: the caller embeds (off the event loop) and hands the vectors in, so this is
tested without a model. The decision:

1. Gate: some topic keyword occurs at a word start ("truces", "ceasefire-monitors" count;
   "talks" and other weak words only as whole words). No keyword, no embedding work.
2. Score: the title + lead and ~400-character chunks of the body are embedded; the title+lead
   vector, the mean of all passage vectors and a few word cues (bot/ingest/features.py) go
   through a calibrated RBF-kernel SVM (config/relevance_model.json, trained on labelled
   news by `python -m bot.ingest.train`). The score is a probability of on-topic.
3. Keep when score >= threshold: the model file's cross-validated threshold unless
   RELEVANCE_THRESHOLD is set; or when the report has the sides of a followed war exchanging
   prisoners (bot/ingest/exchanges.py), which the model, trained on detainee swaps, misses.

Ukrainian and Russian text skips the encoder, which reads only English: it is gated on the
Cyrillic war-or-peace and talks words (`features.cue_gate`), or a talks word beside both sides
of a followed war (bot/ingest/sides.py), and scored by the word-cue model
(bot/ingest/cue_model.py), the same cues counted in the Cyrillic lexicon (bot/ingest/lexicons.py).

Without a model (`TopicVectors.model is None`) the score is the earlier hand-tuned one: best
passage's cosine to the description minus its best cosine to a look-alike prototype, kept at
>= PROTOTYPE_THRESHOLD. The benchmark prints it beside the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from bot.ingest.cluster import LEAD_SENTENCES, SENTENCE_END, cluster_text
from bot.ingest.conflicts import tag_conflicts
from bot.ingest.cue_model import CueModel, load_cue_model
from bot.ingest.exchanges import prisoner_exchange
from bot.ingest.features import article_features, cue_features, cue_gate, mentions_war_or_peace
from bot.ingest.lexicons import MIXED, Lexicon
from bot.ingest.model import ModelError, RelevanceModel, load_model
from bot.ingest.sides import talks_between_sides
from bot.ingest.topic import Topic
from summarizer.text import detect_language

__all__ = [
    "PROTOTYPE_THRESHOLD",
    "WEAK_KEYWORDS",
    "EmbedderLike",
    "KeywordHits",
    "Relevance",
    "TopicVectors",
    "contrast_score",
    "cue_model_gate",
    "embed_topic",
    "is_relevant",
    "keyword_hits",
    "model_gate",
    "model_score",
    "prototype_vectors",
    "score_article",
    "scoring_passages",
]

Vectors = npt.NDArray[np.float32]

PROTOTYPE_THRESHOLD = 0.0
# Words that also describe business, politics or sport: they pass the gate only as whole words.
WEAK_KEYWORDS = frozenset(
    {"talks", "negotiations", "negotiators", "mediation", "mediator", "envoy"}
)
CHUNK_CHARS = 400
MAX_CHUNKS = 8


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
    """What scoring needs, made once: the description's embedding (d,), the negative
    prototypes' (k, d), the learned model (None: the prototype score alone) and the word-cue
    model for Cyrillic text (None: such text is scored like English)."""

    description: Vectors
    negatives: Vectors
    model: RelevanceModel | None = None
    cues: CueModel | None = None


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
    sentences = [s for s in SENTENCE_END.split(" ".join(text.split())) if s]
    passages = [cluster_text(title, text)]
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


def embed_topic(
    embedder: EmbedderLike,
    topic: Topic,
    model: RelevanceModel | None = None,
    cues: CueModel | None = None,
) -> TopicVectors:
    """Embed the description and prototypes once and load the models (slow: call off the loop).

    `model` None loads the packaged config/relevance_model.json, `cues` None the packaged
    config/relevance_cues.json. The main model's coefficients are only
    meaningful for the encoder it was trained with; a different width is refused here,
    at start-up, rather than scoring nonsense.
    """
    vectors = embedder.embed([topic.description, *topic.negatives])
    model = model or load_model()
    if vectors.shape[1] != model.dimension:
        raise ModelError(
            f"the relevance model expects {model.dimension}-dimensional embeddings "
            f"(all-MiniLM-L6-v2) but the embedding model gives {vectors.shape[1]}: retrain it "
            "with `python -m bot.ingest.train` for that EMBEDDING_MODEL"
        )
    return TopicVectors(
        description=vectors[0], negatives=vectors[1:], model=model, cues=cues or load_cue_model()
    )


def prototype_vectors(embedder: EmbedderLike, topic: Topic) -> TopicVectors:
    """The earlier scorer's vectors, without a model (the benchmark's baseline)."""
    vectors = embedder.embed([topic.description, *topic.negatives])
    return TopicVectors(description=vectors[0], negatives=vectors[1:])


@dataclass(frozen=True)
class Relevance:
    """One article's verdict; `embedding` (title + lead) is None when the gate said no.

    `score` is a calibrated probability of being on topic (the prototype score without a
    model); `threshold` is the one that goes with it. `conflicts` are the keys of the
    followed conflicts the article is about (weighed, bot.ingest.conflicts), ("other",) for
    none, () when the gate said no.
    """

    hits: KeywordHits
    score: float | None
    embedding: Vectors | None
    threshold: float = PROTOTYPE_THRESHOLD
    conflicts: tuple[str, ...] = ()
    exchange: str | None = None
    """The followed conflict whose sides the report has exchanging prisoners
    (`bot.ingest.exchanges`): kept whatever the score."""

    def keep(self, threshold: float | None = None) -> bool:
        """Keep at `threshold`, or at the model's own when None (RELEVANCE_THRESHOLD unset),
        or as a prisoner exchange of a followed war.

        No score means a gate said no: dropped at any threshold."""
        if self.score is None:
            return False
        limit = self.threshold if threshold is None else threshold
        return self.score >= limit or self.exchange is not None

    def near_miss(self, threshold: float | None, join_threshold: float) -> bool:
        """Dropped at `threshold` (as `keep`), but scored at least `join_threshold`: judged
        alone it is not about the talks, yet it may report a development the bot keeps in other
        words (a headline without the talks words), so it may join that development's story,
        never start one. A gated report has no score and no embedding: never."""
        if self.score is None or self.keep(threshold):
            return False
        return self.score >= join_threshold


def model_score(model: RelevanceModel, passages: Vectors, title: str, text: str) -> float:
    """The model's calibrated probability for one article's embedded passages."""
    row = article_features(passages, title, text)
    return float(model.probability(row[np.newaxis, :])[0])


def score_article(
    embedder: EmbedderLike, topic: Topic, vectors: TopicVectors, title: str, text: str
) -> Relevance:
    """Gate on keywords, then embed the passages and score them (slow: call off the loop)."""
    hits = keyword_hits(topic, title, text)
    if vectors.cues is not None and detect_language(f"{title}\n{text}") != "en":
        return _score_by_cues(embedder, topic, vectors.cues, hits, title, text)
    # An exchange between a war's sides is kept whatever the score, so it passes the gate too:
    # "246 defenders return home from Russian captivity" names no war or peace word.
    exchange = prisoner_exchange(topic, title, text) if vectors.model is not None else None
    if exchange is None and not model_gate(hits, title, text, learned=vectors.model is not None):
        return Relevance(hits, None, None)
    embedded = embedder.embed(scoring_passages(title, text))
    conflicts = tag_conflicts(topic, title, text)
    if vectors.model is None:
        score = contrast_score(embedded, vectors)
        return Relevance(hits, score, embedded[0], PROTOTYPE_THRESHOLD, conflicts)
    score = model_score(vectors.model, embedded, title, text)
    return Relevance(hits, score, embedded[0], vectors.model.threshold, conflicts, exchange)


def model_gate(hits: KeywordHits, title: str, text: str, learned: bool = True) -> bool:
    """Whether to embed and score at all: a topic keyword, or for the learned model any war or
    peace word (the topic keywords alone miss a fifth of the training file's talks stories)."""
    return hits.passes_gate or (learned and mentions_war_or_peace(title, text))


def cue_model_gate(topic: Topic, title: str, text: str, lexicon: Lexicon = MIXED) -> bool:
    """Whether the word-cue model scores an article: its own words (`features.cue_gate`), or
    a talks word beside both sides of a followed war, which a short report of the talks may
    name instead of any war or peace word (bot/ingest/sides.py)."""
    return cue_gate(title, text, lexicon) or talks_between_sides(topic, title, text, lexicon)


def _score_by_cues(
    embedder: EmbedderLike, topic: Topic, cues: CueModel, hits: KeywordHits, title: str, text: str
) -> Relevance:
    """A Ukrainian or Russian report: gated and scored by the word cues alone, counting the
    Cyrillic and the English words (an English headline over a Russian text counts too).
    Its title + lead is still embedded, as story clustering stores it, but clustering judges
    Cyrillic text by its words (bot/ingest/cluster.py)."""
    if not cue_model_gate(topic, title, text):
        return Relevance(hits, None, None)
    score = cues.probability(cue_features(title, text, MIXED))
    embedding = embedder.embed([cluster_text(title, text)])[0]
    return Relevance(hits, score, embedding, cues.threshold, tag_conflicts(topic, title, text))
