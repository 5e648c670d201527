"""A story's candidate sentences, embedded once, and what each one says about the others.

`StorySummarizer` asks this pool which sentences are salient, which restate one another, which
are a rival version of a point (another figure for the same thing, or its denial), which outlets
support a point and whether a sentence is news to the articles summarized before. Splitting and
embedding are the cost of a story, so the pool bounds how much of each article it reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from summarizer.core import KeyPoint, SummaryError
from summarizer.disputes import (
    another_statement,
    denies,
    different_facts,
    disputes,
    names_swapped,
)
from summarizer.embedder import SupportsEmbed
from summarizer.extractive import (
    MAX_CANDIDATES,
    Prepared,
    Weights,
    score_sentences,
)
from summarizer.figures import figures_differ
from summarizer.grounding import content_words, unsupported_facts
from summarizer.lexical import embedder_for
from summarizer.recaps import recaps
from summarizer.repeats import restated_in_words
from summarizer.shorten import shorten
from summarizer.support import MIN_WORD_SUPPORT, supports
from summarizer.text import Document, Sentence, split_document

if TYPE_CHECKING:
    from summarizer.story import StoryArticle, StoryWeights

__all__ = [
    "CHARS_PER_CANDIDATE",
    "STORY_CANDIDATES",
    "Candidate",
    "Point",
    "Pool",
]

STORY_CANDIDATES = 80
"""Sentences embedded per story, shared among its articles (their openings first, at least
MIN_PER_ARTICLE each): embedding is most of the cost. A story of two articles gets 40 of each
(as a single article would), of three 26, of ten 8: on every third of the bench's events (two
to six articles) 98 % of the points chosen with 33 per article came from the first 26
sentences, and ten outlets' openings repeat each other's main facts."""
MIN_PER_ARTICLE = 8
CHARS_PER_CANDIDATE = 250
"""Of a story with several articles only each one's opening is split (sentence splitting is
the other big cost): this many characters per candidate sentence it may contribute. 250 gave
the same points as 400 on 208 of the bench's events sampled every fifth, and on its story of
the 10 longest articles, in 0.1 s less."""


@dataclass(frozen=True)
class Candidate:
    """A sentence of one of the story's articles (its index among the kept articles)."""

    sentence: Sentence
    article: int


@dataclass(frozen=True)
class Point:
    """A point being assembled: its text, evidence, embedding and the article it quotes."""

    text: str
    """What the reader sees: the sentence, or its opening clauses when it is long."""
    evidence: tuple[str, ...]
    vector: npt.NDArray[np.float32]
    """The whole sentence's embedding: what the point is about, for choosing and crediting."""
    article: int
    words: frozenset[str]
    """The content words of `text`: what the reader has been told, for coverage and repeats."""
    sentence: str
    """The whole sentence `text` was cut from (a previous point: its text). Disagreements are
    judged on it, so cutting a point never hides another outlet's figure or denial: a point in
    one is shown whole."""


@dataclass
class Pool:
    """The articles split, their candidate sentences embedded once, and their similarities."""

    articles: tuple[StoryArticle, ...]
    docs: tuple[Document, ...]
    candidates: tuple[Candidate, ...]
    vectors: npt.NDArray[np.float32]
    previous_vectors: npt.NDArray[np.float32]
    prepared: tuple[Prepared, ...]
    words: tuple[frozenset[str], ...]
    origin: tuple[int, ...]
    """Each kept article's position among the articles given (empty ones are dropped)."""
    earlier: tuple[str, ...] = ()
    """The sentences of earlier versions of articles corrected since they were summarized:
    known for novelty (what the reader may have been told), never a point's source."""
    earlier_vectors: npt.NDArray[np.float32] | None = None
    earlier_words: tuple[frozenset[str], ...] = ()
    earlier_texts: dict[int, str] = field(default_factory=dict)
    """A corrected article's index: its earlier version's text (matched by URL, else by
    outlet)."""

    def novel(self, i: int, known: int, same: float) -> bool:
        """Candidate `i` comes from an article after the first `known` and says what none of
        those said (no close sentence, no restatement of one), nor the earlier version of a
        corrected article. A close sentence that disputes one of theirs (another figure or
        day, the denial of what they said, a refusal of what they say was agreed), is the
        same statement about another party (`names_swapped`), or another speaker's
        (`other_speakers`: "Russia said it was not ready to accept the proposal" after
        "Ukraine said it was ready to accept it"), is news. So is a sentence giving a count the
        known one never gives, as a credit would be refused for it (`figures_differ`): "Число
        погибших ... выросло до семи человек" after "погибли пятеро мирных жителей, еще 19
        человек получили ранения" shares half its words with it, and the toll's rise was
        never sent (a trial)."""
        if self.origin[self.candidates[i].article] < known:
            return False
        text = self.candidates[i].sentence.text
        sims = self.vectors @ self.vectors[i]
        known_sentences = [
            (float(sims[j]), self.words[j], c.sentence.text)
            for j, c in enumerate(self.candidates)
            if self.origin[c.article] < known
        ]
        if self.earlier_vectors is not None:
            earlier_sims = self.earlier_vectors @ self.vectors[i]
            known_sentences += zip(
                (float(x) for x in earlier_sims), self.earlier_words, self.earlier, strict=True
            )
        return not any(
            (sim >= same or restated_in_words(self.words[i], words, text, old))
            and not different_facts(text, old)
            and not figures_differ(text, old)
            for sim, words, old in known_sentences
        )

    @classmethod
    def build(
        cls,
        articles: Sequence[StoryArticle],
        embedder: SupportsEmbed,
        previous: Sequence[str],
        earlier: Sequence[StoryArticle] = (),
    ) -> Pool:
        """`earlier`: the versions summarized before of articles corrected since (see
        `Pool.earlier`), split and embedded like the articles."""
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
            Candidate(sentence, a)
            for a, doc in enumerate(docs)
            for sentence in doc.sentences[:per_article]
        ]
        titles = [(a, doc.title) for a, doc in enumerate(docs) if doc.title]
        # Every sentence of an earlier version, not only its opening: a correction that takes
        # a sentence out brings a later one into the opening, and that one is not news.
        old = [
            sentence.text
            for article in earlier
            if article.text.strip()
            for sentence in split_document(article.text, article.title).sentences
        ]
        texts = (
            [c.sentence.text for c in candidates] + [t for _, t in titles] + list(previous) + old
        )
        vectors = embedder_for(embedder, [doc.language for doc in docs]).embed(texts)
        cut = len(texts) - len(old)
        vectors, earlier_vectors = vectors[:cut], vectors[cut:]
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
            earlier=tuple(old),
            earlier_vectors=earlier_vectors,
            earlier_words=tuple(frozenset(content_words(text)) for text in old),
            earlier_texts={
                a: version.text
                for version in earlier
                for a, article in enumerate(kept)
                if _same_report(article, version)
            },
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

    @cached_property
    def shared_vocabulary(self) -> dict[str, float]:
        """Content words used by at least two articles, with the share of the other articles
        that use them (1.0: every article): the facts the outlets agree on, in their words."""
        vocab: list[set[str]] = [set() for _ in self.prepared]
        for words, candidate in zip(self.words, self.candidates, strict=True):
            vocab[candidate.article] |= words
        others = len(vocab) - 1
        counts: dict[str, int] = {}
        for article_words in vocab:
            for word in article_words:
                counts[word] = counts.get(word, 0) + 1
        return {word: (n - 1) / others for word, n in counts.items() if n >= 2}

    def _shared_words(self) -> npt.NDArray[np.float64]:
        """For each candidate, the mean over its content words of the share of the other
        articles that use them (lexical support)."""
        shared = self.shared_vocabulary
        return np.array(
            [sum(shared.get(w, 0.0) for w in words) / len(words) if words else 0.0
             for words in self.words]
        )  # fmt: skip

    def _best_per_article(self, rows: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """For each row vector, its best similarity to a sentence of each article."""
        sims = rows @ self.vectors.astype(np.float64).T
        out = np.zeros((len(rows), len(self.prepared)))
        mine = np.array([c.article for c in self.candidates])
        for a in range(len(self.prepared)):
            cols = mine == a
            out[:, a] = sims[:, cols].max(axis=1) if cols.any() else 0.0
        return out

    def point(self, i: int, limit: int = 0) -> Point:
        """Candidate `i` as a point, cut by the safe rule (`shorten`) when longer than `limit`
        (0: never), the whole verbatim sentence its evidence: a long push hides the news, a
        clause cut never drops a negation, contrast or speaker, and the reader can check it."""
        c = self.candidates[i]
        text = shorten(c.sentence.text, limit) if limit > 0 else c.sentence.text
        words = self.words[i] if text == c.sentence.text else frozenset(content_words(text))
        return Point(
            text, (c.sentence.source,), self.vectors[i], c.article, words, c.sentence.text
        )

    def still_supported(
        self, old: KeyPoint, vector: npt.NDArray[np.float32], agree: float
    ) -> Point | None:
        """The previous point, same text, if an article still says it (with its figures)."""
        words = frozenset(content_words(old.text))
        for a, article in enumerate(self.articles):
            if old.evidence and all(e in article.text for e in old.evidence):
                return Point(old.text, old.evidence, vector, a, words, old.text)
        sims = self.vectors @ vector
        for i in np.argsort(-sims):
            if sims[i] < agree:
                break
            source = self.candidates[i].sentence.source
            if not (
                unsupported_facts(old.text, source)
                or denies(old.text, source)
                or another_statement(old.text, source)
            ):
                article = self.candidates[i].article
                return Point(old.text, (source,), vector, article, words, old.text)
        return None

    def rival(self, point: Point, chosen: Sequence[Point], sw: StoryWeights) -> int | None:
        """Another article's version of `point` with different figures or denying it, not yet
        shown. The same statement about another party (`names_swapped`) is another fact, not
        a version of this one, and an outlet's recap of earlier news ("Ранее сообщалось, что
        ...") is what was said before, not its version now. Judged on the whole sentences, as
        if no point were cut: the caller shows a point in a disagreement whole."""
        sims = self.vectors @ point.vector
        for i in np.argsort(-sims):
            if sims[i] < sw.conflict:
                break
            c = self.candidates[i]
            if (
                c.article == point.article
                or recaps(c.sentence.text)
                or not disputes(point.sentence, c.sentence.text)
                or names_swapped(point.sentence, c.sentence.text)
            ):
                continue
            shown = any(
                float(self.vectors[i] @ p.vector) >= sw.conflict
                and not disputes(p.sentence, c.sentence.text)
                for p in chosen
            )
            return None if shown else int(i)
        return None

    def outlets(self, point: Point, agree: float) -> tuple[str, ...]:
        """The point's own outlet, then every outlet with a sentence that agrees with it: close,
        saying it (`support.supports`: enough of its words, no other count, month, day or
        chamber), and neither another figure or day, nor a denial or refusal of it, nor the
        same statement about another party, nor another speaker's ("Russia said it was not
        ready to accept the proposal" says nothing of "Ukraine said it was ready to").

        Judged on the point as shown (`text`), not its whole sentence: a credit says the outlet
        reports what the reader reads. An outlet that says the kept clauses says the point, even
        if it lacks the cut aside or gives another day in it; one that gives another figure for
        what is shown, or denies it, is not credited.
        """
        return tuple(name for name in self.credits(point, agree) if name)

    def credits(
        self, point: Point, agree: float, min_share: float = MIN_WORD_SUPPORT
    ) -> dict[str, int]:
        """`outlets` with the candidate sentence that earned each credit (-1: the point's own
        article), at any word-support bar: what bench/credit_bench.py shows for judging."""
        names = {self.articles[point.article].outlet: -1}
        by_words = all(doc.language == "en" for doc in self.docs)
        sims = self.vectors @ point.vector
        for i in np.argsort(-sims):
            if sims[i] < agree:
                break
            c = self.candidates[i]
            if (
                c.article != point.article
                and not different_facts(point.text, c.sentence.text)
                and supports(point.text, c.sentence.text, by_words=by_words, min_share=min_share)
            ):
                names.setdefault(self.articles[c.article].outlet, int(i))
        return names


def _same_report(article: StoryArticle, version: StoryArticle) -> bool:
    """By URL; a caller that gives none (the summarizer used as a library) by outlet."""
    if article.url and version.url:
        return article.url == version.url
    return article.outlet == version.outlet
