"""One story per development: should a new article join a recent story, and which one?

Two reports of one development may share few words (one outlet leads with the quote, another
with the venue), while two developments of one negotiation a day apart share almost all of
theirs. No single signal separates both cases, so the decision blends two:

- lexical: TF-IDF cosine over the title (counted twice) and the first BODY_CHARS of the body.
  Names, places and numbers are what two reports of one event share and what the next day's
  report changes. Document frequencies come from the candidate pool (the articles of the
  stories passed in plus the new article): the pool is exactly the set the decision has to
  tell apart, so the words every candidate shares (the topic's own vocabulary, "ceasefire",
  "talks") weigh little and the words of one event weigh much, with no corpus to ship and in
  any language. A short stop-word list covers tiny pools, where frequencies say little.
  Words are cut to their first STEM_CHARS letters, a crude stemmer that is good enough for
  Russian endings and English plurals alike.
- semantic: cosine of the caller's unit-norm embeddings of `cluster_text` (title + lead), which
  holds reports that paraphrase each other. The packaged encoder is English-only: on other
  scripts it puts unrelated articles close together, so where the article is not mostly Latin
  script, or either side has no embedding, the decision is lexical alone with its own bar.

The blended score is (1 - w) * lexical + w * semantic, averaged over the story's articles,
minus a penalty per day between the article and the story's latest article, so that
tomorrow's development of the same talks starts its own story unless the texts clearly say it
is the same event. The average, not the best match: with the best match, one article of the
next day's development that slips in pulls all its siblings after it (chaining); on the dev
stream the average scored about a point higher in both B-cubed and pairwise F1 (each at its
own best thresholds).

When the pool is large enough (`pool_min` counted reports with embeddings), a story must also
stand out from it: the blend of the two similarities as z-scores against the pool's articles,
each story counted by at most its POOL_REPORTS_PER_STORY newest, must reach `z_threshold` (less
`z_day_penalty` a day), beside a raw floor. Counted whole, a development many outlets report
made the pool in its own image, and a story cannot stand out from a pool made of itself: in a
trial of the real bot 24 outlets' reports of one energy truce made seven stories. A bot that
follows one conflict reads a pool in which every report is close to every other (same places,
same actors, same vocabulary); an absolute bar cannot tell its distinct developments apart, a
bar relative to that pool can. There the day is the z bar's to judge: the raw floor carries no
day penalty of its own (with one, a second outlet's report a day later paid for the day twice,
and most missed pairs of the dev stream were such reports). The raw floor is what keeps a
report on another subject out when the pool is all one event's look-alikes: against such a pool
any story a little closer stands out by z. Smaller pools keep the absolute rule, with its own
bar and day penalty: nothing there to stand out from, so the bar alone must keep two
developments of one negotiation apart.

An article never joins a story about other wars: when both name followed conflicts by those
conflicts' own terms (`conflicts.named_wars`: "RSF", "Darfur", "Kyiv", not a shared "Saudi
Arabia" or "Russia") and share none, they are two developments however alike they read.
Sudan's army and the RSF resuming talks in Jeddah and Ukraine backing a US truce plan in
Jeddah share the venue, the mediators and the vocabulary, and in a small pool they merged (in a
trial of the real bot), so a Sudan reader got the Ukraine story and the other way round. A
report naming no followed war by its own terms is judged by its text alone.

Defaults were chosen on one half of the events of the project's story-clustering dev set and
checked on the other half (bench/cluster_bench.py); the small-pool bar and day penalty within
the product's limits (the dev stream's small pools hold no look-alike developments to keep
apart, see the bench's GRID_SMALL_*). Plain Python
dictionaries, no scikit-learn: pools are tens of short texts, where building a vectorizer
costs more than the arithmetic.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

import numpy as np
import numpy.typing as npt

__all__ = [
    "ClusterArticle",
    "ClusterConfig",
    "ClusterStory",
    "LEAD_SENTENCES",
    "SENTENCE_END",
    "choose_story",
    "cluster_text",
    "dated_before_window",
    "effective_time",
    "is_latin",
    "lexical_similarity",
    "other_wars",
]

LEAD_SENTENCES = 3
LEAD_CHARS = 600
BODY_CHARS = 2000
STEM_CHARS = 6
POOL_REPORTS_PER_STORY = 2
"""How many of a story's reports (its newest) the pool's statistics count (module doc). The
dev stream the bars were chosen on has events of two or three reports, so with two its pools
are nearly what they were and the bars still hold (0.1 B-cubed less held out); counting each
story once, by its mean, cost 0.6 B-cubed and 1.8 pairwise F1 held out."""
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\w+")
# Function words only: topic words are left to the pool's document frequencies.
STOP_WORDS = frozenset(
    """a about after again against all also am an and any are as at be because been before
    being between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself
    just me more most my no nor not now of off on once only or other our out over own said
    same says she should so some such than that the their them then there these they this
    those through to too under until up very was we were what when where which while who
    whom why will with would you your new one two after told
    а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да
    для до его ее её если есть еще ещё же за и из или им их к как когда кто ли либо мне
    может мы на над не него нее неё нет ни них но ну о об однако он она они оно от очень по
    под после при про с со так также такой там те тем то того тоже той только том ты у уже
    хотя чего чей чем что чтобы чье чья эта эти это этого этой этом этот я заявил сообщил
    сообщает словам год года году""".split()  # noqa: SIM905
)  # fmt: skip


@dataclass(frozen=True)
class ClusterArticle:
    """An article as the clustering sees it; `time` is its effective time (see effective_time)."""

    title: str
    text: str
    time: datetime
    embedding: npt.NDArray[np.float32] | None = None  # unit-norm embedding of cluster_text()
    wars: AbstractSet[str] = frozenset()  # followed conflicts it names by their own terms

    # Cached: one placement compares each pool article with the report, and a new story's
    # waiting near misses with the whole pool (`StorySteps._near_misses_for`).
    @cached_property
    def latin(self) -> bool:
        """Whether the encoder can read it (see is_latin)."""
        return is_latin(f"{self.title} {self.text[:300]}")

    @cached_property
    def terms(self) -> Counter[str]:
        """Its stemmed term counts, the title counted twice (read only)."""
        body = self.text[:BODY_CHARS]
        words = _WORD.findall(f"{self.title} {self.title} {body}".casefold())
        return Counter(w[:STEM_CHARS] for w in words if len(w) > 1 and w not in STOP_WORDS)


@dataclass(frozen=True)
class ClusterStory:
    """A recent story; the caller may pass only its newest articles (~20)."""

    story_id: int
    articles: Sequence[ClusterArticle]
    wars: AbstractSet[str] = frozenset()


@dataclass(frozen=True)
class ClusterConfig:
    """Bars of the join decision; defaults chosen on half the dev events (see module doc)."""

    window: timedelta = timedelta(hours=72)
    threshold: float = 0.375  # mean blended score from which an article joins a story (small pool)
    embedding_weight: float = 0.6  # share of the embedding cosine in the blend (Latin script)
    lexical_threshold: float = 0.175  # TF-IDF cosine bar when the embedding is not trusted
    day_penalty: float = 0.1  # subtracted per day since the story's latest article (small pool)
    pool_min: int = 8  # counted reports with embeddings from which the pool-relative bar applies
    z_threshold: float = 1.5  # how far above the pool's mean (in standard deviations)
    z_day_penalty: float = 1.0  # subtracted from that per day since the story's latest article
    raw_floor: float = 0.35  # the blended score's own bar when the pool-relative one applies


def cluster_text(title: str, text: str) -> str:
    """Title and lead, what the caller embeds: the lead says what happened, the rest digresses.

    Same shape as the relevance scorer's first passage, so one embedding can serve both.
    """
    sentences = [s for s in SENTENCE_END.split(" ".join(text.split())) if s]
    lead = " ".join(sentences[:LEAD_SENTENCES])[:LEAD_CHARS]
    head = ". ".join(part for part in (title.strip().rstrip("."), lead) if part)
    return head or title or text[:LEAD_CHARS]


def effective_time(published: datetime | None, seen: datetime, window: timedelta) -> datetime:
    """The article's own time when plausible, else when we saw it.

    A feed's date is better than ours when a backlog is read late, but feeds also send future
    dates (time-zone slips) and old items re-dated; those would place an article in another
    story's window, so they fall back to the seen time.
    """
    if published is None:
        return seen
    published = _aligned(published, seen)
    if published > seen or published < seen - window:
        return seen
    return published


def dated_before_window(published: datetime | None, seen: datetime, window: timedelta) -> bool:
    """The article says it came out before the story window when we saw it: old news read late
    (a long feed's older entries, an old item newly listed), to list but not to push."""
    return published is not None and _aligned(published, seen) < seen - window


def _aligned(published: datetime, seen: datetime) -> datetime:
    """`published` with `seen`'s awareness (SQLite hands some times back without a zone)."""
    if published.tzinfo is None and seen.tzinfo is not None:
        return published.replace(tzinfo=seen.tzinfo)
    if published.tzinfo is not None and seen.tzinfo is None:
        return published.replace(tzinfo=None)
    return published


def is_latin(text: str) -> bool:
    """True when most letters are Latin script: the encoder only knows English."""
    latin = other = 0
    for ch in text[:1000]:
        if ch.isalpha():
            if ch.isascii() or unicodedata.name(ch, "").startswith("LATIN"):
                latin += 1
            else:
                other += 1
    return latin >= other


def _tfidf(bags: Sequence[Counter[str]]) -> list[dict[str, float]]:
    """Sublinear TF times pool IDF, L2-normalised, one sparse vector per bag."""
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    vectors = []
    for bag in bags:
        vec = {t: (1.0 + math.log(c)) * _idf(n, df[t]) for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({t: v / norm for t, v in vec.items()})
    return vectors


def _idf(n: int, df: int) -> float:
    """Smoothed, so a word in every document of a two-article pool still counts a little."""
    return math.log((1 + n) / (1 + df)) + 1.0


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def lexical_similarity(article: ClusterArticle, others: Sequence[ClusterArticle]) -> list[float]:
    """TF-IDF cosine of `article` to each of `others`, IDF over them and the article."""
    vectors = _tfidf([article.terms, *(o.terms for o in others)])
    return [_cosine(vectors[0], v) for v in vectors[1:]]


def _latest(story: ClusterStory) -> datetime:
    return max(a.time for a in story.articles)


def choose_story(
    article: ClusterArticle, stories: Sequence[ClusterStory], config: ClusterConfig
) -> int | None:
    """The story_id the article joins, or None to start a new story.

    Only stories whose latest article is within `config.window` of the article count; the best
    blended score (less the day penalty) wins if it reaches the bar.
    """
    live = [s for s in stories if s.articles and abs(article.time - _latest(s)) <= config.window]
    if not live:
        return None
    pool = [a for s in live for a in s.articles]
    lexical = lexical_similarity(article, pool)
    semantic_ok = article.embedding is not None and article.latin
    relative = _PoolScale.of(article, live, lexical, config) if semantic_ok else None
    best_id, best_margin = None, 0.0
    bar = config.threshold if semantic_ok else config.lexical_threshold
    at = 0
    for story in live:
        lex = lexical[at : at + len(story.articles)]
        at += len(story.articles)
        if other_wars(article.wars, story.wars):
            continue
        scores = [
            _blend(article, other, value, semantic_ok, config)
            for other, value in zip(story.articles, lex, strict=True)
        ]
        days = abs((article.time - _latest(story)).total_seconds()) / 86400
        mean = sum(scores) / len(scores)
        if relative is None:
            margin = mean - config.day_penalty * days - bar
        else:  # time is the z bar's to judge; the raw floor only rules out the plainly unlike
            z = relative.score(article, story.articles, lex) - config.z_day_penalty * days
            margin = min(z - config.z_threshold, mean - config.raw_floor)
        if margin >= 0 and (best_id is None or margin > best_margin):
            best_id, best_margin = story.story_id, margin
    return best_id


def other_wars(one: AbstractSet[str], other: AbstractSet[str]) -> bool:
    """Both name followed wars, and none in common."""
    return bool(one and other) and not one & other


@dataclass(frozen=True)
class _PoolScale:
    """Means and spreads of the article's similarities to the pool, for z-scores: to each
    story's newest POOL_REPORTS_PER_STORY reports, so a story many outlets report does not
    drown the others."""

    lexical_mean: float
    lexical_sd: float
    semantic_mean: float
    semantic_sd: float
    weight: float

    @classmethod
    def of(
        cls,
        article: ClusterArticle,
        live: Sequence[ClusterStory],
        lexical: Sequence[float],
        config: ClusterConfig,
    ) -> _PoolScale | None:
        assert article.embedding is not None
        counted: list[float] = []
        semantic: list[float] = []
        at = 0
        for story in live:
            newest = sorted(range(len(story.articles)), key=lambda n: story.articles[n].time)[
                -POOL_REPORTS_PER_STORY:
            ]
            counted += [lexical[at + n] for n in newest]
            at += len(story.articles)
            for other in (story.articles[n] for n in newest):
                if other.embedding is not None and other.latin:
                    semantic.append(float(np.dot(article.embedding, other.embedding)))
        if len(semantic) < config.pool_min:
            return None
        return cls(
            float(np.mean(counted)),
            float(np.std(counted)) or 1e-6,
            float(np.mean(semantic)),
            float(np.std(semantic)) or 1e-6,
            config.embedding_weight,
        )

    def score(
        self, article: ClusterArticle, members: Sequence[ClusterArticle], lexical: Sequence[float]
    ) -> float:
        """Mean over the story's articles with embeddings of the blended z-scores."""
        assert article.embedding is not None
        values = [
            self.weight
            * (float(np.dot(article.embedding, other.embedding)) - self.semantic_mean)
            / self.semantic_sd
            + (1 - self.weight) * (lex - self.lexical_mean) / self.lexical_sd
            for other, lex in zip(members, lexical, strict=True)
            if other.embedding is not None and other.latin
        ]
        return sum(values) / len(values) if values else -math.inf


def _blend(
    article: ClusterArticle,
    other: ClusterArticle,
    lexical: float,
    semantic_ok: bool,
    config: ClusterConfig,
) -> float:
    """Blended score of two articles; the lexical score alone (shifted onto the blended bar)
    when the embedding cannot be trusted for this pair."""
    if semantic_ok and other.embedding is not None and other.latin:
        assert article.embedding is not None
        semantic = float(np.dot(article.embedding, other.embedding))
        w = config.embedding_weight
        return (1 - w) * lexical + w * semantic
    if semantic_ok:  # the story's article has no embedding: judge lexically, on the blend's bar
        return lexical - config.lexical_threshold + config.threshold
    return lexical
