"""Key points for a story told by several outlets: what they say together, and who says it.

A story's points are drawn from all of its articles. Each sentence keeps the single-article
extractive score (position, centrality in its own article, title, style) and gains two story
signals: how central it is to the whole story, and how many other articles say the same thing
(a statement several outlets make is what the story is about). A point is a verbatim sentence,
or when long its opening clauses cut by the single-article safe rule (`shorten`), and its
evidence the whole sentence: every number, name and negation in a point is in its evidence by
construction.

Two things matter to a reader following a story over time. Points already shown keep their
exact text while the articles still support them, so the caller can tell new points by text.
And when outlets give different figures for the same statement, or one denies what another
states, both versions are shown, each with the outlets that report it: picking one would hide a
disagreement the reader should see.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from summarizer import corrected
from summarizer.core import KeyPoint, Summary
from summarizer.disputes import another_statement, different_facts, disputes
from summarizer.embedder import SupportsEmbed
from summarizer.extractive import (
    DEFAULT_WEIGHTS,
    Weights,
    check_count,
    held_back,
    names_nobody,
)
from summarizer.recaps import recaps
from summarizer.repeats import repeats_in_words, restated_in_words
from summarizer.story_pool import Point, Pool

__all__ = [
    "DEFAULT_STORY_WEIGHTS",
    "StoryArticle",
    "StorySummarizer",
    "StoryWeights",
]


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
    already scores a restatement by the little it adds, but only once every other fact is a
    point (a push shows three)."""
    restatements_wait: bool = True
    """A sentence as close to a chosen point as `same` is picked only when nothing else is left
    (False: the rule before, a baseline for bench/story_bench.py)."""
    position_decay: float = 6.0
    """Several articles' openings compete, so each one's prior decays slower than alone."""
    quote: float = 0.0
    """Outlets share the key quotes, and a shared quote is a key point: no quote penalty."""
    conflict: float = 0.6
    """Similarity at which a sentence with different figures, or denying it, is a rival version
    of a point."""
    coverage: float = 1.0
    """Weight of what a sentence adds that the points chosen so far do not say yet: the story
    words it uses that other outlets use too (each weighted by the share of articles using it),
    counted once over all points and divided by the square root of the sentence's length. Unlike
    the static scores it falls as the points cover the story, so the next point brings the
    shared facts still missing instead of a third wording of the same ones."""
    point_chars: int = 240
    """A point's sentence longer than this is cut at a safe clause boundary (`shorten`: no
    negation, contrast, condition or speaker dropped, no verbless part kept), as `/summary`
    cuts its points at 200; 0 quotes whole sentences. A push of several 300-character
    sentences buries the news a reader (often on a phone in the war zone) scans for. 240 was
    chosen on the tune half of bench/story_bench.py among 160, 200 and 240 by R1 + R2 (all
    within 0.1 of each other and of whole sentences); it also leaves the fewest points over
    240 characters, the length at which a push reads long."""


DEFAULT_STORY_WEIGHTS = StoryWeights()


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
        earlier: Sequence[StoryArticle] = (),
    ) -> Summary:
        """Points already shown (`previous`) that the articles still support come first, with
        the same text; new points fill up to `max_points`, best first (reading order when the
        story has a single article, as the single-article summarizer gives them).

        `known` says the first `known` articles were summarized before: then a new point must
        come from a later article and say something none of those said, so an update carries
        news, never a sentence of an old report that was not picked the first time.

        `earlier` are the versions summarized before of articles an outlet has corrected since
        (the corrected ones come after the first `known`): what they said is not news, and a
        shown point they alone supported is replaced by the corrected version of it, first,
        marked as such (`KeyPoint.replaces`), or listed as `Summary.withdrawn` when the outlet
        removed it.
        """
        count = check_count(max_points if max_points is not None else self.max_points)
        story = Pool.build(articles, self.embedder, [p.text for p in previous], earlier)
        points = self._points(story, count, previous, known)
        withdrawn = corrected.withdrawn(story, previous, points, self.story_weights.same)
        return Summary(points, "extractive", withdrawn)

    def _points(
        self, story: Pool, count: int, previous: Sequence[KeyPoint], known: int = 0
    ) -> tuple[KeyPoint, ...]:
        """Kept previous points first, then rival versions of them, corrections of points an
        outlet changed, and the best new points: that order is what makes an update's news
        well defined."""
        sw = self.story_weights
        w = self.weights
        if len(story.articles) > 1:
            w = replace(w, duplicate=sw.distinct, position_decay=sw.position_decay, quote=sw.quote)
        choice = _Choice(count)
        withdrawn = choice.keep_previous(story, previous, w, sw.same)
        choice.add_kept_rivals(story, sw)
        remaining = [i for i in range(len(story.candidates)) if i not in choice.rivals]
        # A shown point an outlet has since corrected: its new version is the news, first,
        # even if another outlet said the rest of that sentence before.
        # (A rival version of another outlet's point may be that version too.)
        corrections = corrected.corrections(
            story, [*remaining, *choice.rivals], previous, withdrawn, sw.conflict
        )
        remaining, last_resort = _open_to_choice(story, remaining, known, sw.same)
        for i in corrections:
            if i not in choice.rivals and not choice.full:
                choice.new.append((story.point(i, sw.point_chars), i))
        remaining = [i for i in remaining if i not in corrections]
        last_resort = [i for i in last_resort if i not in corrections]
        ranking = _Ranking(
            story, w, sw, story.scores(w, sw), story.shared_vocabulary if sw.coverage > 0 else {}
        )
        # A restatement of a chosen point waits until nothing else is left: a push shows three
        # points, and three outlets' wordings of one fact would fill them.
        choice.add_new(
            ranking, remaining, last_resort, len(story.articles) > 1 and sw.restatements_wait
        )
        if len(story.articles) == 1:  # one article: reading order, like extractive
            choice.new.sort(key=lambda item: item[1])
        return choice.key_points(story, corrections, sw)


def _open_to_choice(
    story: Pool, candidates: Sequence[int], known: int, same: float
) -> tuple[list[int], list[int]]:
    """The candidates that may be a new point, and those that may be one only when nothing
    else is left. After `known` articles (or a correction) only news may be a point. Questions
    are a teaser, not a fact, "He said ..." beside other outlets' points reads as their
    speaker's words, and a recap is old news."""
    remaining = list(candidates)
    if known > 0 or story.earlier:
        remaining = [
            i
            for i in remaining
            if story.novel(i, known, same) and not recaps(story.candidates[i].sentence.text)
        ]
    several = len(story.articles) > 1
    last_resort = [
        i
        for i in remaining
        if held_back(text := story.candidates[i].sentence.text) or (several and names_nobody(text))
    ]
    return [i for i in remaining if i not in last_resort], last_resort


@dataclass
class _Choice:
    """The points of one summary as they are chosen: `shown` holds the previous points kept
    and the rival versions found for them, `new` the new points with their candidate's index
    (for reading order), up to `count` in all."""

    count: int
    shown: list[Point] = field(default_factory=list)
    new: list[tuple[Point, int]] = field(default_factory=list)
    rivals: dict[int, int] = field(default_factory=dict)
    """A rival of a kept point: its candidate index, and its place in `shown`."""

    @property
    def full(self) -> bool:
        return len(self.shown) + len(self.new) >= self.count

    def keep_previous(
        self, story: Pool, previous: Sequence[KeyPoint], w: Weights, same: float
    ) -> list[int]:
        """Keep each previous point an article still supports, with its text, until the
        summary is full; return the ones no article says any more."""
        withdrawn: list[int] = []
        for n, old in enumerate(previous):
            if self.full:
                break
            kept = story.still_supported(old, story.previous_vectors[n], same)
            if kept is None:
                withdrawn.append(n)
            elif not any(_same(kept, p, w) for p in self.shown):
                self.shown.append(kept)
        return withdrawn

    def add_kept_rivals(self, story: Pool, sw: StoryWeights) -> None:
        """Beside each kept point, another outlet's version with other figures or denying it."""
        for point in list(self.shown):
            rival = story.rival(point, self.shown, sw)
            if rival is not None and not self.full:
                self.shown.append(story.point(rival, sw.point_chars))
                self.rivals[rival] = len(self.shown) - 1

    def add_new(
        self, ranking: _Ranking, remaining: list[int], last_resort: list[int], wait: bool
    ) -> None:
        """Fill the summary with the best candidates, the last resorts only when no other
        candidate may be a point, a restatement of a chosen point (`wait`) only when no other
        candidate is left, and both versions whenever outlets disagree on a figure."""
        story, sw = ranking.story, ranking.story_weights
        while (remaining or last_resort) and not self.full:
            if not remaining:
                remaining, last_resort = last_resort, []
            fresh = [p for p, _ in self.new]
            best, waited = ranking.best(remaining, self.shown, fresh, wait)
            if best < 0 and waited:
                wait = False
                continue
            if best < 0 and last_resort:
                remaining, last_resort = last_resort, []
                continue
            if best < 0:
                break
            remaining.remove(best)
            point = story.point(best, sw.point_chars)
            rival = story.rival(point, self.shown + fresh, sw)
            if rival is None:
                self.new.append((point, best))
            elif len(self.shown) + len(self.new) + 2 <= self.count:
                # Outlets disagree on a figure: show both versions, never one silently.
                self.new += [(point, best), (story.point(rival, sw.point_chars), best)]
                remaining = [i for i in remaining if i != rival]

    def key_points(
        self, story: Pool, corrections: Mapping[int, tuple[str, ...]], sw: StoryWeights
    ) -> tuple[KeyPoint, ...]:
        """The chosen points with their outlets, rival versions and the points they replace."""
        at = {place: i for i, place in self.rivals.items()}
        replaces = [corrections.get(at.get(n, -1), ()) for n in range(len(self.shown))]
        replaces += [corrections.get(i, ()) for _, i in self.new]
        points = self.shown + [p for p, _ in self.new]
        pairs = [_rivals(p, points, sw) for p in points]
        # Versions that disagree are shown whole: a cut could drop the very figure or day they
        # disagree on, and the reader must see both sides of it (a previous point keeps its text).
        points = [
            replace(p, text=p.sentence) if pair else p
            for p, pair in zip(points, pairs, strict=True)
        ]
        return tuple(
            KeyPoint(
                p.text,
                p.evidence,
                story.outlets(p, sw.same),
                tuple(points[j].text for j in pair),
                replaced,
            )
            for p, pair, replaced in zip(points, pairs, replaces, strict=True)
        )


def _rivals(point: Point, points: Sequence[Point], sw: StoryWeights) -> list[int]:
    """The other chosen points (their indices) that are another outlet's version of `point`
    with different figures or denying it, judged on whole sentences. Marked on the points
    themselves because a kept pair from an earlier revision is not found as a rival again, and
    a reader's cap on points must never show one version."""
    return [
        n
        for n, p in enumerate(points)
        if p.article != point.article
        and float(p.vector @ point.vector) >= sw.conflict
        and disputes(p.sentence, point.sentence)
    ]


@dataclass(frozen=True)
class _Ranking:
    """How a story's candidates compete for the next point: fixed for one summary, while the
    points chosen so far change what each candidate adds."""

    story: Pool
    weights: Weights
    story_weights: StoryWeights
    scores: npt.NDArray[np.float64]
    shared: Mapping[str, float]

    def best(
        self, remaining: Sequence[int], shown: Sequence[Point], new: Sequence[Point], wait: bool
    ) -> tuple[int, bool]:
        """The candidate worth most as the next point (-1: none may be one), and whether a
        restatement of a chosen point was passed over (`wait`) to find it. A candidate that
        repeats a new point or restates a shown one is never the next point."""
        story, w, sw = self.story, self.weights, self.story_weights
        chosen = [*shown, *new]
        quoted = [sum(p.article == a for p in chosen) for a in range(len(story.articles))]
        covered = frozenset().union(*(p.words for p in chosen))
        best, best_value, waited = -1, -np.inf, False
        for i in remaining:
            if any(_says_again(story, i, p, w) for p in new) or any(
                _says_again(story, i, p, w, restated_in_words) for p in shown
            ):
                continue
            if wait and _restates(story, i, chosen, sw.same):
                waited = True
                continue
            overlap = max((float(story.vectors[i] @ p.vector) for p in chosen), default=0.0)
            value = w.mmr_lambda * self.scores[i] - (1 - w.mmr_lambda) * overlap
            value -= sw.spread * quoted[story.candidates[i].article]
            if self.shared:
                value += sw.coverage * story.adds(i, covered, self.shared)
            if value > best_value:
                best, best_value = i, value
        return best, waited


def _says_again(
    story: Pool,
    i: int,
    point: Point,
    weights: Weights,
    in_words: Callable[[AbstractSet[str], AbstractSet[str], str, str], bool] = repeats_in_words,
) -> bool:
    """Candidate `i` repeats a chosen point: close by embedding or a restatement (`in_words`:
    either way between new points, `restated_in_words` against points the reader already
    has), about the same parties, places and days ("Lestovia accepted too" is another fact),
    from the same speaker (another's answer is news)."""
    close = float(story.vectors[i] @ point.vector) >= weights.duplicate
    text = story.candidates[i].sentence.text
    if not (close or in_words(story.words[i], point.words, text, point.sentence)):
        return False
    return not another_statement(text, point.sentence)


def _restates(story: Pool, i: int, chosen: Sequence[Point], same: float) -> bool:
    """Candidate `i` says what a chosen point says, as closely as an outlet credited with that
    point does (`StoryWeights.same`): not about other parties, not disputing it, and not
    another speaker's answer ("Russia said it was not ready to accept the proposal" after
    "Ukraine said it was ready to accept it" is the news, not a restatement)."""
    text = story.candidates[i].sentence.text
    return any(
        float(story.vectors[i] @ p.vector) >= same and not different_facts(text, p.sentence)
        for p in chosen
    )


def _same(a: Point, b: Point, weights: Weights) -> bool:
    close = float(a.vector @ b.vector) >= weights.duplicate
    return close or repeats_in_words(a.words, b.words, a.sentence, b.sentence)
