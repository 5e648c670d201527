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

from collections.abc import Sequence
from dataclasses import dataclass, replace

from summarizer import corrected
from summarizer.core import KeyPoint, Summary
from summarizer.embedder import SupportsEmbed
from summarizer.extractive import (
    DEFAULT_WEIGHTS,
    Weights,
    check_count,
)
from summarizer.follow_on import follow_on_order, goes_on
from summarizer.story_choice import Choice, Ranking, antecedent_before, open_to_choice
from summarizer.story_pool import Pool

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
        the same text, each with another outlet's version of it when that version disputes a
        figure or denies it (in room of its own, beyond `max_points`); new points fill up to
        `max_points`, best first (reading order when the
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
        choice = Choice(count)
        withdrawn = choice.keep_previous(story, previous, sw.same)
        choice.add_kept_rivals(story, sw)
        remaining = [i for i in range(len(story.candidates)) if i not in choice.rivals]
        # A shown point an outlet has since corrected: its new version is the news, first,
        # even if another outlet said the rest of that sentence before.
        # (A rival version of another outlet's point may be that version too.)
        corrections = corrected.corrections(
            story, [*remaining, *choice.rivals], previous, withdrawn, sw.conflict
        )
        remaining, last_resort = open_to_choice(story, remaining, known, sw.same)
        for i in corrections:
            if i not in choice.rivals and not choice.full:
                choice.new.append((story.point(i, sw.point_chars), i))
        remaining = [i for i in remaining if i not in corrections]
        last_resort = [i for i in last_resort if i not in corrections]
        ranking = Ranking(
            story, w, sw, story.scores(w, sw), story.shared_vocabulary if sw.coverage > 0 else {}
        )
        # A restatement of a chosen point waits until nothing else is left: a push shows three
        # points, and three outlets' wordings of one fact would fill them.
        choice.add_new(
            ranking,
            remaining,
            last_resort,
            len(story.articles) > 1 and sw.restatements_wait,
            antecedent_before(story, remaining) if w.speaker_first else {},
        )
        if len(story.articles) == 1:  # one article: reading order, like extractive
            choice.new.sort(key=lambda item: item[1])
        else:
            choice.new = follow_on_order(
                choice.new,
                lambda i: story.candidates[i].article,
                lambda i: goes_on(story.candidates[i].sentence.text),
            )
        return choice.key_points(story, corrections, sw)
