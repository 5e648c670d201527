"""How often the dispute checks fire on real reports of one event, beside figures alone.

    .venv/bin/python bench/dispute_bench.py ../shared/data/stories/multidoc_dev.jsonl \
        ../shared/data/stories/clusters_dev.jsonl [--show] [--bar 0.7]

A dispute takes an outlet's credit for a point away and shows its version beside it, so a false
alarm costs a reader as much as a missed one. Reports of one event mostly agree: a check that
fires often on them is too eager. For each event (a `multidoc_dev`-shaped line with `articles`,
or the `clusters_dev`-shaped articles that share an `event`), every pair of sentences from two
different articles with a MiniLM cosine of at least `StoryWeights.conflict` (0.6, the bar at
which a disputing sentence becomes a rival version; outlets are credited from 0.7, `--bar 0.7`)
is checked. Rows: figures only (the check before denials were handled), days (`days_conflict`:
another weekday or date), negation (`negation_conflict`), opposite verbs (`opposite_conflict`),
with/without (`absence_conflict`: "ended without a deal" / "with a deal"), all (`disputes`),
and `names_swapped` (the same statement about other parties: not a dispute, but no credit
and news in an update; it must rarely fire on reports of one event either), and likewise
`other_speakers` (each opens with another named speaker), `other_fates` (counts of people
killed in one, injured in the other) and `other_phases` (an act going on in one, ended in
the other: "still searching" / "finished clearing"). The first 12
sentences of each article are used. `--show` prints each flagged pair, to judge it.

A second table counts the pairs below the credit bar (`StoryWeights.same`, 0.7) that restate
each other by words (half of the shorter one's content words in the other: no news in an
update, no second point) and, of them, those `other_speakers` sets apart (each opens with
another named speaker: "The Kremlin said it would study the US proposal" / "Ukraine said it
was ready to accept the US proposal"), which are news and two points, and likewise those
`other_fates` and `other_phases` set apart.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from story_eval import article_rows

from summarizer import load_embedder
from summarizer.disputes import (
    absence_conflict,
    days_conflict,
    disputes,
    names_swapped,
    negation_conflict,
    opposite_conflict,
    other_speakers,
)
from summarizer.extractive import restates
from summarizer.figures import figures_conflict, other_fates
from summarizer.grounding import content_words
from summarizer.phases import other_phases
from summarizer.story import StoryWeights
from summarizer.text import split_document

SENTENCES = 12
CHECKS: dict[str, Callable[[str, str], bool]] = {
    "figures only (baseline)": figures_conflict,
    "days": days_conflict,
    "negation": negation_conflict,
    "opposite verbs": opposite_conflict,
    "with/without": absence_conflict,
    "all (disputes)": disputes,
    "names swapped (not a dispute)": names_swapped,
    "other speakers (not a dispute)": other_speakers,
    "other fates (not a dispute)": other_fates,
    "other phases (not a dispute)": other_phases,
}


def _events(path: Path) -> list[list[str]]:
    """Each event's article texts, from either file shape."""
    by_event: dict[str, list[str]] = defaultdict(list)
    for event, _, text in article_rows(path):
        by_event[event].append(text)
    return list(by_event.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="print each flagged pair")
    parser.add_argument(
        "--bar", type=float, default=StoryWeights().conflict, help="cosine of a close pair"
    )
    args = parser.parse_args(argv)
    embedder = load_embedder()
    bar = args.bar
    same = StoryWeights().same
    print(f"| file | events | close pairs | {' | '.join(CHECKS)} |")
    print("|---|---|---|" + "---|" * len(CHECKS))
    speakers: list[str] = []
    for path in args.files:
        events = [e for e in _events(path) if len(e) > 1]
        pairs, flags = 0, dict.fromkeys(CHECKS, 0)
        restating = apart = fated = phased = 0
        for texts in events:
            sentences = [
                (a, s.text)
                for a, text in enumerate(texts)
                for s in split_document(text).sentences[:SENTENCES]
            ]
            if len(sentences) < 2:
                continue
            vectors = embedder.embed([s for _, s in sentences])
            sims = vectors @ vectors.T
            words = [content_words(s) for _, s in sentences]
            for i, (ai, si) in enumerate(sentences):
                for j in range(i + 1, len(sentences)):
                    aj, sj = sentences[j]
                    if ai != aj and sims[i, j] < same and restates(words[i], words[j]):
                        restating += 1
                        if other_speakers(si, sj):
                            apart += 1
                            if args.show:
                                print(f"[other speakers] {si} || {sj}")
                        if other_fates(si, sj):
                            fated += 1
                            if args.show:
                                print(f"[other fates] {si} || {sj}")
                        if other_phases(si, sj):
                            phased += 1
                            if args.show:
                                print(f"[other phases] {si} || {sj}")
                    if ai == aj or sims[i, j] < bar:
                        continue
                    pairs += 1
                    for name, check in CHECKS.items():
                        if check(si, sj):
                            flags[name] += 1
                            if args.show and name != "all (disputes)":  # each once
                                print(f"[{name}] {si} || {sj}")
        cells = " | ".join(str(flags[name]) for name in CHECKS)
        print(f"| {path.name} | {len(events)} | {pairs} | {cells} |")
        speakers.append(f"| {path.name} | {restating} | {apart} | {fated} | {phased} |")
    print(
        f"\n| file | pairs restating by words below {same} | of them other speakers "
        "| of them other fates | of them other phases |"
    )
    print("|---|---|---|---|---|")
    print("\n".join(speakers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
