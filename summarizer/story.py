"""Key points for a story told by several outlets: what they say together, and who says it.

A story's points are drawn from all of its articles. Each sentence keeps the single-article
extractive score (position, centrality in its own article, title, style) and gains two story
signals: how central it is to the whole story, and how many other articles say the same thing
(a statement several outlets make is what the story is about). Points stay verbatim sentences,
so every number, name and negation in a point is in its evidence by construction.

Two things matter to a reader following a story over time. Points already shown keep their
exact text while the articles still support them, so the caller can tell new points by text.
And when outlets give different figures for the same statement, both versions are shown, each
with the outlets that report it: picking one would hide a disagreement the reader should see.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from summarizer.core import KeyPoint, Summary, SummaryError
from summarizer.embedder import SupportsEmbed
from summarizer.extractive import (
    DEFAULT_WEIGHTS,
    MAX_CANDIDATES,
    Prepared,
    Weights,
    _restates,
    check_count,
    score_sentences,
)
from summarizer.figures import figures_conflict
from summarizer.grounding import content_words, unsupported_facts
from summarizer.text import Document, Sentence, split_document

__all__ = [
    "DEFAULT_STORY_WEIGHTS",
    "StoryArticle",
    "StorySummarizer",
    "StoryWeights",
]

STORY_CANDIDATES = 80
"""Sentences embedded per story, shared among its articles (their openings first, at least
MIN_PER_ARTICLE each): embedding is most of the cost. A story of two articles gets 40 of each
(as a single article would), of three 26, of ten 8: on the bench's two- to six-article events
97 % of the points chosen with 33 per article came from the first 26 sentences, and ten
outlets' openings repeat each other's main facts."""
MIN_PER_ARTICLE = 8
CHARS_PER_CANDIDATE = 250
"""Of a story with several articles only each one's opening is split (sentence splitting is
the other big cost): this many characters per candidate sentence it may contribute. 250 gave
the same points as 400 on 208 of the bench's events sampled every fifth, and on its story of
the 10 longest articles, in 0.1 s less."""


@dataclass(frozen=True)
class StoryArticle:
    """One outlet's report of the story."""

    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""


@dataclass(frozen=True)
class StoryWeights:
    """How the story signals add to the single-article score, for stories of several articles.

    Chosen on one half of the dev events (split by a hash of their id) among about twenty
    settings, then `coverage`, `distinct` and `position_decay` on the same half among twenty
    more; bench/story_bench.py reports them on the other half.
    """

    story: float = 0.0
    """Centrality to the story centroid (the mean of the articles' centroids); cross-article
    support carries the same signal better, so it is off."""
    support: float = 2.0
    """Mean, over the other articles, of the best similarity to one of their sentences."""
    shared_words: float = 2.0
    """Mean share of the other articles that use each of the sentence's content words."""
    titles: float = 0.0
    """Similarity to the mean of the articles' headlines (no gain measured: off)."""
    spread: float = 0.0
    """Penalty per point already quoted from the same article (no gain measured: off)."""
    same: float = 0.7
    """Similarity at which two sentences say the same thing (with no figure in conflict): the
    other outlet is credited with the point, a previous point is still supported, an update's
    sentence is not news. Outlets paraphrase each other more loosely than one article repeats
    itself, so it is below the single-article duplicate threshold."""
    distinct: float = 0.8
    """Similarity at which a sentence is too close to a chosen point to be another point. Above
    `same`: a close paraphrase that adds a detail may still be a point, because `coverage`
    already scores a restatement by the little it adds."""
    position_decay: float = 6.0
    """Several articles' openings compete, so each one's prior decays slower than alone."""
    quote: float = 0.0
    """Outlets share the key quotes, and a shared quote is a key point: no quote penalty."""
    conflict: float = 0.6
    """Similarity at which a sentence with different figures is a rival version of a point."""
    coverage: float = 1.0
    """Weight of what a sentence adds that the points chosen so far do not say yet: the story
    words it uses that other outlets use too (each weighted by the share of articles using it),
    counted once over all points and divided by the square root of the sentence's length. Unlike
    the static scores it falls as the points cover the story, so the next point brings the
    shared facts still missing instead of a third wording of the same ones."""


DEFAULT_STORY_WEIGHTS = StoryWeights()


@dataclass(frozen=True)
class _Candidate:
    sentence: Sentence
    article: int


@dataclass(frozen=True)
class _Point:
    """A point being assembled: its text, evidence, embedding and the article it quotes."""

    text: str
    evidence: tuple[str, ...]
    vector: npt.NDArray[np.float32]
    article: int
    words: frozenset[str]


class StorySummarizer:
    """Key points across every article of a story, attributed to the outlets that support them."""

    backend = "extractive"

    def __init__(
        self,
        embedder: SupportsEmbed,
        max_points: int = 3,
        weights: Weights = DEFAULT_WEIGHTS,
        story_weights: StoryWeights = DEFAULT_STORY_WEIGHTS,
    ) -> None:
        self.embedder = embedder
        self.max_points = max_points
        self.weights = weights
        self.story_weights = story_weights

    def summarize(
        self,
        articles: Sequence[StoryArticle],
        max_points: int | None = None,
        previous: Sequence[KeyPoint] = (),
        known: int = 0,
    ) -> Summary:
        """Points already shown (`previous`) that the articles still support come first, with
        the same text; new points fill up to `max_points`, best first (reading order when the
        story has a single article, as the single-article summarizer gives them).

        `known` says the first `known` articles were summarized before: then a new point must
        come from a later article and say something none of those said, so an update carries
        news, never a sentence of an old report that was not picked the first time.
        """
        count = check_count(max_points if max_points is not None else self.max_points)
        story = _Story.build(articles, self.embedder, [p.text for p in previous])
        return Summary(self._points(story, count, previous, known), "extractive")

    def _points(
        self, story: _Story, count: int, previous: Sequence[KeyPoint], known: int = 0
    ) -> tuple[KeyPoint, ...]:
        sw = self.story_weights
        w = self.weights
        if len(story.articles) > 1:
            w = replace(w, duplicate=sw.distinct, position_decay=sw.position_decay, quote=sw.quote)
        shown: list[_Point] = []  # kept previous points, then rival figures for them
        for n, old in enumerate(previous):
            if len(shown) >= count:
                break
            kept = story.still_supported(old, story.previous_vectors[n], sw.same)
            if kept is not None and not any(_same(kept, p, w) for p in shown):
                shown.append(kept)
        rivals: set[int] = set()
        for point in list(shown):
            rival = story.rival(point, shown, sw)
            if rival is not None and len(shown) < count:
                shown.append(story.point(rival))
                rivals.add(rival)
        scores = story.scores(w, sw)
        shared = story.shared_vocabulary() if sw.coverage > 0 else {}
        new: list[tuple[_Point, int]] = []  # with the candidate's index, for reading order
        remaining = [i for i in range(len(story.candidates)) if i not in rivals]
        if known > 0:
            remaining = [i for i in remaining if story.novel(i, known, sw.same)]
        while remaining and len(shown) + len(new) < count:
            chosen = shown + [p for p, _ in new]
            quoted = [sum(p.article == a for p in chosen) for a in range(len(story.articles))]
            covered = frozenset().union(*(p.words for p in chosen))
            best, best_value = -1, -np.inf
            for i in remaining:
                overlap = max((float(story.vectors[i] @ p.vector) for p in chosen), default=0.0)
                if overlap >= w.duplicate or any(
                    _restates(story.words[i], p.words) for p in chosen
                ):
                    continue
                value = w.mmr_lambda * scores[i] - (1 - w.mmr_lambda) * overlap
                value -= sw.spread * quoted[story.candidates[i].article]
                if shared:
                    value += sw.coverage * story.adds(i, covered, shared)
                if value > best_value:
                    best, best_value = i, value
            if best < 0:
                break
            remaining.remove(best)
            point = story.point(best)
            rival = story.rival(point, chosen, sw)
            if rival is None:
                new.append((point, best))
            elif len(shown) + len(new) + 2 <= count:
                # Outlets disagree on a figure: show both versions, never one silently.
                new += [(point, best), (story.point(rival), best)]
                remaining = [i for i in remaining if i != rival]
        if len(story.articles) == 1:
            new.sort(key=lambda item: item[1])  # one article: reading order, like extractive
        return tuple(
            KeyPoint(p.text, p.evidence, story.outlets(p, sw.same))
            for p in shown + [p for p, _ in new]
        )


def _same(a: _Point, b: _Point, weights: Weights) -> bool:
    return float(a.vector @ b.vector) >= weights.duplicate or _restates(a.words, b.words)


@dataclass
class _Story:
    """The articles split, their candidate sentences embedded once, and their similarities."""

    articles: tuple[StoryArticle, ...]
    docs: tuple[Document, ...]
    candidates: tuple[_Candidate, ...]
    vectors: npt.NDArray[np.float32]
    previous_vectors: npt.NDArray[np.float32]
    prepared: tuple[Prepared, ...]
    words: tuple[frozenset[str], ...]
    origin: tuple[int, ...]
    """Each kept article's position among the articles given (empty ones are dropped)."""

    def novel(self, i: int, known: int, same: float) -> bool:
        """Candidate `i` comes from an article after the first `known` and says what none of
        those said (no close sentence, no restatement of one)."""
        if self.origin[self.candidates[i].article] < known:
            return False
        old = [j for j, c in enumerate(self.candidates) if self.origin[c.article] < known]
        if not old:
            return True
        if float(np.max(self.vectors[old] @ self.vectors[i])) >= same:
            return False
        return not any(_restates(self.words[i], self.words[j]) for j in old)

    @classmethod
    def build(
        cls, articles: Sequence[StoryArticle], embedder: SupportsEmbed, previous: Sequence[str]
    ) -> _Story:
        usable = [a for a in articles if a.text and a.text.strip()]
        per_article = max(
            MIN_PER_ARTICLE, min(MAX_CANDIDATES, STORY_CANDIDATES // max(1, len(usable)))
        )
        # One article is split whole, exactly as the single-article summarizer splits it.
        chars = per_article * CHARS_PER_CANDIDATE if len(usable) > 1 else None
        kept: list[StoryArticle] = []
        docs: list[Document] = []
        origin: list[int] = []
        for position, article in enumerate(articles):
            if not (article.text and article.text.strip()):
                continue
            doc = split_document(article.text[:chars], article.title)
            if doc.sentences:
                kept.append(article)
                docs.append(doc)
                origin.append(position)
        if not docs:
            raise SummaryError("The story has no article with sentences to summarize.")
        candidates = [
            _Candidate(sentence, a)
            for a, doc in enumerate(docs)
            for sentence in doc.sentences[:per_article]
        ]
        titles = [(a, doc.title) for a, doc in enumerate(docs) if doc.title]
        texts = [c.sentence.text for c in candidates] + [t for _, t in titles] + list(previous)
        vectors = embedder.embed(texts)
        sentences = vectors[: len(candidates)]
        title_vectors = dict(
            zip(
                [a for a, _ in titles],
                vectors[len(candidates) : len(candidates) + len(titles)],
                strict=True,
            )
        )
        prepared = []
        for a, doc in enumerate(docs):
            rows = [i for i, c in enumerate(candidates) if c.article == a]
            prepared.append(Prepared(doc, sentences[rows], title_vectors.get(a)))
        return cls(
            articles=tuple(kept),
            docs=tuple(docs),
            candidates=tuple(candidates),
            vectors=sentences,
            previous_vectors=vectors[len(candidates) + len(titles) :],
            prepared=tuple(prepared),
            words=tuple(frozenset(content_words(c.sentence.text)) for c in candidates),
            origin=tuple(origin),
        )

    def scores(self, weights: Weights, story_weights: StoryWeights) -> npt.NDArray[np.float64]:
        """Single-article salience plus, when there are several articles, the story signals."""
        own = np.concatenate([score_sentences(p, weights) for p in self.prepared])
        if len(self.prepared) == 1:
            return own
        emb = self.vectors.astype(np.float64)
        centroids = np.stack([p.embeddings.astype(np.float64).mean(axis=0) for p in self.prepared])
        centroid = centroids.mean(axis=0)
        norm = float(np.linalg.norm(centroid))
        central = emb @ (centroid / norm) if norm > 0 else np.zeros(len(emb))
        headlines = np.zeros(len(emb))
        titles = [p.title_embedding for p in self.prepared if p.title_embedding is not None]
        if titles:
            about = np.mean(np.stack(titles).astype(np.float64), axis=0)
            headlines = emb @ (about / max(float(np.linalg.norm(about)), 1e-9))
        best = self._best_per_article(emb)
        mine = np.array([c.article for c in self.candidates])
        others = np.ones_like(best, dtype=bool)
        others[np.arange(len(mine)), mine] = False
        support = (best * others).sum(axis=1) / max(1, len(self.prepared) - 1)
        return np.asarray(
            own
            + story_weights.story * central
            + story_weights.titles * headlines
            + story_weights.support * support
            + story_weights.shared_words * self._shared_words(),
            dtype=np.float64,
        )

    def adds(self, i: int, covered: AbstractSet[str], shared: Mapping[str, float]) -> float:
        """The shared words candidate `i` brings that the points so far lack, per square root
        of its length: a long sentence brings more words, not more of them per word read."""
        gain = sum(shared.get(word, 0.0) for word in self.words[i] - covered)
        return gain / float(np.sqrt(max(1, self.candidates[i].sentence.words)))

    def shared_vocabulary(self) -> dict[str, float]:
        """Content words used by at least two articles, with the share of the other articles
        that use them (1.0: every article): the facts the outlets agree on, in their words."""
        vocab = self._vocabularies()
        others = len(vocab) - 1
        counts: dict[str, int] = {}
        for words in vocab:
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        return {word: (n - 1) / others for word, n in counts.items() if n >= 2}

    def _vocabularies(self) -> list[set[str]]:
        """Each article's content words (over its candidate sentences)."""
        vocab: list[set[str]] = [set() for _ in self.prepared]
        for words, candidate in zip(self.words, self.candidates, strict=True):
            vocab[candidate.article] |= words
        return vocab

    def _shared_words(self) -> npt.NDArray[np.float64]:
        """For each candidate, how widely the other articles use its words (lexical support)."""
        vocab = self._vocabularies()
        others = max(1, len(self.prepared) - 1)
        out = np.zeros(len(self.candidates))
        for i, words in enumerate(self.words):
            if words:
                shared = sum(sum(w in v for v in vocab) - 1 for w in words)
                out[i] = shared / (others * len(words))
        return out

    def _best_per_article(self, rows: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """For each row vector, its best similarity to a sentence of each article."""
        sims = rows @ self.vectors.astype(np.float64).T
        out = np.zeros((len(rows), len(self.prepared)))
        mine = np.array([c.article for c in self.candidates])
        for a in range(len(self.prepared)):
            cols = mine == a
            out[:, a] = sims[:, cols].max(axis=1) if cols.any() else 0.0
        return out

    def point(self, i: int) -> _Point:
        c = self.candidates[i]
        return _Point(
            c.sentence.text, (c.sentence.source,), self.vectors[i], c.article, self.words[i]
        )

    def still_supported(
        self, old: KeyPoint, vector: npt.NDArray[np.float32], agree: float
    ) -> _Point | None:
        """The previous point, same text, if an article still says it (with its figures)."""
        words = frozenset(content_words(old.text))
        for a, article in enumerate(self.articles):
            if old.evidence and all(e in article.text for e in old.evidence):
                return _Point(old.text, old.evidence, vector, a, words)
        sims = self.vectors @ vector
        for i in np.argsort(-sims):
            if sims[i] < agree:
                break
            source = self.candidates[i].sentence.source
            if not unsupported_facts(old.text, source):
                return _Point(old.text, (source,), vector, self.candidates[i].article, words)
        return None

    def rival(self, point: _Point, chosen: Sequence[_Point], sw: StoryWeights) -> int | None:
        """Another article's version of `point` with different figures, not yet shown."""
        sims = self.vectors @ point.vector
        for i in np.argsort(-sims):
            if sims[i] < sw.conflict:
                break
            c = self.candidates[i]
            if c.article == point.article or not figures_conflict(point.text, c.sentence.text):
                continue
            shown = any(
                float(self.vectors[i] @ p.vector) >= sw.conflict
                and not figures_conflict(p.text, c.sentence.text)
                for p in chosen
            )
            return None if shown else int(i)
        return None

    def outlets(self, point: _Point, agree: float) -> tuple[str, ...]:
        """The point's own outlet, then every outlet with a sentence that agrees with it."""
        names = [self.articles[point.article].outlet]
        sims = self.vectors @ point.vector
        for i in np.argsort(-sims):
            if sims[i] < agree:
                break
            c = self.candidates[i]
            if c.article != point.article and not figures_conflict(point.text, c.sentence.text):
                names.append(self.articles[c.article].outlet)
        return tuple(dict.fromkeys(n for n in names if n))
