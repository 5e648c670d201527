"""How a story's points are chosen, one after another: the previous points kept, rival versions
beside them, the candidates open to choice, and the best next point.

`StorySummarizer` (story.py) builds the pool and calls these in order; the order is the
behaviour (an update's news is what comes after the kept points), so each step is a function
or a method of `Choice`, the points chosen so far.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from summarizer.antecedents import answers_unnamed, leans_on_before, names_nobody
from summarizer.core import KeyPoint
from summarizer.disputes import another_statement, different_facts, disputes
from summarizer.extractive import Weights, held_back
from summarizer.figures import figures_differ
from summarizer.recaps import recaps
from summarizer.repeats import repeats_in_words, restated_in_words
from summarizer.story_pool import Point, Pool

if TYPE_CHECKING:
    from summarizer.story import StoryWeights

__all__ = ["Choice", "Ranking", "antecedent_before", "open_to_choice"]


def open_to_choice(
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


def antecedent_before(story: Pool, candidates: Sequence[int]) -> dict[int, int]:
    """Each candidate that a reader understands only with the sentence before it in its
    article, with that sentence's candidate (-1: none): the two are points together
    (`Choice.add_new`), as in the single-article summarizer (`extractive.select`).

    In a story of one article that is a sentence opening with a pronoun for a person ("He
    added ...", "По его словам, ...") or denying a claim it does not state (`leans_on_before`),
    since the points keep reading order. In a story of several articles a pronoun sentence is a
    last resort (`open_to_choice`), and a denial ("Russia's defence ministry denied any attack")
    comes with the claim it answers when that sentence may be a point too: in a trial an update
    showed the denial without Kyiv's accusation. When the claim may not be a point (the reader
    has it, or it is old news), the denial goes alone."""
    at = {(c.article, c.sentence.index): i for i, c in enumerate(story.candidates)}
    single = len(story.articles) == 1
    open_now = set(candidates)
    pairs: dict[int, int] = {}
    for i in candidates:
        c = story.candidates[i]
        before = at.get((c.article, c.sentence.index - 1), -1)
        if (single and leans_on_before(c.sentence.text)) or (
            before in open_now and answers_unnamed(c.sentence.text)
        ):
            pairs[i] = before
    return pairs


@dataclass
class Choice:
    """The points of one summary as they are chosen: `shown` holds the previous points kept
    and the rival versions found for them, `new` the new points with their candidate's index
    (for reading order), up to `count` in all and a kept point's rival in room of its own."""

    count: int
    shown: list[Point] = field(default_factory=list)
    new: list[tuple[Point, int]] = field(default_factory=list)
    rivals: dict[int, int] = field(default_factory=dict)
    """A rival of a kept point: its candidate index, and its place in `shown`."""

    @property
    def full(self) -> bool:
        return not self._room_for(1)

    def _room_for(self, points: int) -> bool:
        return len(self.shown) + len(self.new) + points <= self.count + len(self.rivals)

    def _holds(self, story: Pool, candidate: int) -> bool:
        """The candidate's sentence is a point already, new or kept from before."""
        source = story.candidates[candidate].sentence.source
        return any(i == candidate for _, i in self.new) or any(
            source in p.evidence for p in self.shown
        )

    def keep_previous(self, story: Pool, previous: Sequence[KeyPoint], same: float) -> list[int]:
        """Keep each previous point an article still supports, with its text, until the
        summary is full; return the ones no article says any more.

        Only a repeat of a kept point's very text is left out. Readers were told each of these
        points as a fact of its own, and judging them again by another rule than the one that
        let them in loses facts: a new point need only bring words of its own
        (`restated_in_words`), while the duplicate check these points were once put through
        again (a cosine of `Weights.duplicate`, or half of the shorter one's words,
        `repeats_in_words`) took "the delegations agreed to exchange 1,000 prisoners each,
        Umerov said" for a repeat of "talks between the delegations began in Istanbul", which
        shares five of its ten words, and the exchange left the story, unannounced, at the next
        report (a trial)."""
        withdrawn: list[int] = []
        for n, old in enumerate(previous):
            if self.full:
                break
            kept = story.still_supported(old, story.previous_vectors[n], same)
            if kept is None:
                withdrawn.append(n)
            elif all(kept.text != p.text for p in self.shown):
                self.shown.append(kept)
        return withdrawn

    def add_kept_rivals(self, story: Pool, sw: StoryWeights) -> None:
        """Beside each kept point, another outlet's version with other figures or denying it,
        in room of its own: the room left is for new facts. Taking it from them lost the news
        of the very report that disputed a figure: in a trial, a second outlet's "1,000
        prisoners each" against the push's "1,200" filled one of an update's two places, and
        its headline, "Russia will hand over the bodies of 6,000 Ukrainian soldiers", never
        reached readers (once a revision is made from a report, nothing it says is news)."""
        for point in list(self.shown):
            rival = story.rival(point, self.shown, sw)
            if rival is not None:
                self.shown.append(story.point(rival, sw.point_chars))
                self.rivals[rival] = len(self.shown) - 1

    def add_new(
        self,
        ranking: Ranking,
        remaining: list[int],
        last_resort: list[int],
        wait: bool,
        speakers: Mapping[int, int] | None = None,
    ) -> None:
        """Fill the summary with the best candidates, the last resorts only when no other
        candidate may be a point, a restatement of a chosen point (`wait`) only when no other
        candidate is left, and both versions whenever outlets disagree on a figure. A
        candidate in `speakers` (`antecedent_before`) comes with the one named there, which
        names its speaker or states the claim it denies; with room for one point only, the
        next best is taken instead."""
        story, sw = ranking.story, ranking.story_weights
        speakers = dict(speakers or {})
        waiting: set[int] = set()
        while (remaining or last_resort) and not self.full:
            if not remaining:
                remaining, last_resort = last_resort, []
            fresh = [p for p, _ in self.new]
            open_now = [i for i in remaining if i not in waiting]
            best, waited = ranking.best(open_now, self.shown, fresh, wait)
            if best < 0 and waited:
                wait = False
                continue
            if best < 0 and waiting:
                speakers, waiting = {}, set()
                continue
            speaker = speakers.get(best)
            if speaker is not None and not self._holds(story, speaker):
                if speaker < 0 or speaker in speakers or not self._room_for(2):
                    waiting.add(best)
                    continue
                self.new.append((story.point(speaker, sw.point_chars), speaker))
                remaining = [i for i in remaining if i != speaker]
                last_resort = [i for i in last_resort if i != speaker]
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
            elif self._room_for(2):
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
class Ranking:
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
                _says_again(story, i, p, w, shown=True) for p in shown
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
    shown: bool = False,
) -> bool:
    """Candidate `i` repeats a chosen point: close by embedding or a restatement (either way
    between new points, `repeats_in_words`; by the candidate's own words against a point the
    reader already has, `shown`: `restated_in_words`), about the same parties, places and
    days ("Lestovia accepted too" is another fact), from the same speaker (another's answer
    is news). Against a point the reader has, a count that point never gives is news too
    (`Pool.novel`): "the toll rose to seven" after "five were killed"."""
    close = float(story.vectors[i] @ point.vector) >= weights.duplicate
    text = story.candidates[i].sentence.text
    in_words = restated_in_words if shown else repeats_in_words
    if not (close or in_words(story.words[i], point.words, text, point.sentence)):
        return False
    if shown and figures_differ(text, point.sentence):
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
