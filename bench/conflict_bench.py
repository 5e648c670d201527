"""Conflict tags: the old rule (every conflict named at all) and the weighed ones, side by side.

    .venv/bin/python bench/conflict_bench.py ../shared/data/topic_train.jsonl \\
        --dev ../shared/data/topic_dev.jsonl --multidoc ../shared/data/stories/multidoc_dev.jsonl

The evaluation files carry no conflict labels. What comes closest is the `note` of
topic_train's on_topic and mentions items: a one-line human description of the piece ("Blair
presses Sudan over Darfur peace", "Hamas condemns US veto of UN cease-fire resolution"). The
followed conflicts a note names (any of their terms, shared ones too) are used as a silver
label of what the piece is about; items whose note names none of them are left out of the
accuracy figures (a note like "deal could free hostages" is too short to say). This is a proxy:
a note names the piece's main subject, so it rewards dropping passing mentions, which is what
is being measured, but it is not a hand label of every conflict a piece is about.

The items are split in two by a hash of their id: shares are compared on half A and the
figures are reported on half B, never on A. The shipped share (0.30) was set before this bench
first ran, as "a second war needs about a third of the main one's weight"; half A only shows
whether it lies on the best plateau (it cannot tell 0.1 from 1.0: few notes name two wars, so
this proxy has little to say about a second war's recall). Half B is shown at the plateau's
ends too, so the choice's sensitivity is visible. Notes that name Russia as a mediator or a UN
voter ("Russia offers to mediate Israel-Hamas") count Russia-Ukraine in the silver label,
which the weighed rule deliberately drops: those count as its misses here.

Three weighed rules are compared: the previous one, which dropped a conflict named only by its
shared names ("Russia", "Moscow") as soon as any conflict was named by its own terms; the
literal half weight (shared names at `SHARED_WEIGHT` in the same share test, for every
conflict); and the shipped one (half weight, and a conflict named only by shared names beside
one named by its own counts when they outweigh that one's names). `SHARED_WEIGHT` (0.5) was
set before this bench ran with it, as even odds that "Russia" names the party to the war.
Multi-tag rates (how often a piece or a story gets more than one conflict) need no labels and
are also shown for topic_dev's on_topic and mentions items and for multidoc_dev's events (a
story of several outlets' reports, tagged over all of them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from bot.ingest.conflicts import (
    SHARE,
    SHARED_WEIGHT,
    conflict_pattern,
    conflict_weights,
    story_conflicts,
)
from bot.ingest.topic import OTHER, Topic, load_topic
from config import CONFIG_DIR

Tagger = Callable[[Sequence[tuple[str, str]]], tuple[str, ...]]
SHARES = (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.75, 1.0)
KEPT = ("on_topic", "mentions")


def old_rule(topic: Topic) -> Tagger:
    """The rule before weighing: every conflict any report names at all, "other" for none."""

    def tag(reports: Sequence[tuple[str, str]]) -> tuple[str, ...]:
        found = [
            c.key
            for c in topic.conflicts
            if c.key != OTHER
            and any(
                (p := conflict_pattern(c)) is not None and p.search(f"{title}\n{text}")
                for title, text in reports
            )
        ]
        return tuple(found) or (OTHER,)

    return tag


def new_rule(topic: Topic, share: float) -> Tagger:
    def tag(reports: Sequence[tuple[str, str]]) -> tuple[str, ...]:
        return story_conflicts(topic, reports, share)

    return tag


def _pick(topic: Topic, totals: dict[str, float], share: float) -> tuple[str, ...]:
    heaviest = max(totals.values(), default=0)
    chosen = {key for key, total in totals.items() if heaviest and total >= share * heaviest}
    return tuple(c.key for c in topic.conflicts if c.key in chosen) or (OTHER,)


def previous_rule(topic: Topic, share: float) -> Tagger:
    """Shared names count only when no conflict is named by its own terms (the rule before)."""

    def tag(reports: Sequence[tuple[str, str]]) -> tuple[str, ...]:
        weights = conflict_weights(topic, reports)
        if any(mine for mine, _ in weights.values()):
            totals = {k: float(mine + theirs) for k, (mine, theirs) in weights.items() if mine}
        else:
            totals = {k: float(theirs) for k, (_, theirs) in weights.items()}
        return _pick(topic, totals, share)

    return tag


def half_weight_rule(topic: Topic, share: float) -> Tagger:
    """Shared names at SHARED_WEIGHT in the share test, with no venue exception."""

    def tag(reports: Sequence[tuple[str, str]]) -> tuple[str, ...]:
        weights = conflict_weights(topic, reports)
        totals = {k: mine + SHARED_WEIGHT * theirs for k, (mine, theirs) in weights.items()}
        return _pick(topic, totals, share)

    return tag


def read(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def half(item_id: object) -> str:
    digest = hashlib.sha256(str(item_id).encode()).digest()
    return "A" if digest[0] % 2 == 0 else "B"


def silver(topic: Topic, note: str) -> tuple[str, ...] | None:
    """The followed conflicts the human note names; None when it names none."""
    tags = old_rule(topic)([(note, "")])
    return None if tags == (OTHER,) else tags


def scores(tagger: Tagger, items: Iterable[tuple[str, str, tuple[str, ...]]]) -> dict[str, float]:
    exact = n = tp = fp = fn = multi = 0
    for title, text, gold in items:
        got = set(tagger([(title, text)])) - {OTHER}
        want = set(gold)
        n += 1
        exact += got == want
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        multi += len(got) > 1
    return {
        "n": n,
        "exact": exact / n if n else 0.0,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "multi": multi / n if n else 0.0,
    }


def multi_rate(tagger: Tagger, stories: Sequence[Sequence[tuple[str, str]]]) -> tuple[float, int]:
    """Share of stories with more than one tag, among those with a named conflict; how many."""
    named = [tags for tags in (tagger(s) for s in stories) if tags != (OTHER,)]
    return (sum(len(t) > 1 for t in named) / len(named) if named else 0.0), len(named)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path, help="topic_train.jsonl")
    parser.add_argument("--dev", type=Path, help="topic_dev.jsonl (multi-tag rate only)")
    parser.add_argument("--multidoc", type=Path, help="stories/multidoc_dev.jsonl")
    parser.add_argument("--topic", type=Path, default=CONFIG_DIR / "topic.toml")
    args = parser.parse_args()
    topic = load_topic(args.topic)

    labelled: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {"A": [], "B": []}
    unlabelled = 0
    for row in read(args.train):
        if row["label"] not in KEPT:
            continue
        gold = silver(topic, str(row.get("note") or ""))
        if gold is None:
            unlabelled += 1
            continue
        labelled[half(row["id"])].append((str(row["title"]), str(row["text"]), gold))
    print(
        f"topic_train on_topic+mentions: {len(labelled['A'])} labelled by their note in half A, "
        f"{len(labelled['B'])} in half B, {unlabelled} whose note names no followed conflict"
    )

    print("\nChoosing the share on half A (exact-set accuracy against the note's conflicts):")
    print(f"{'share':>6} {'exact':>7} {'prec':>7} {'recall':>7} {'multi':>7}")
    on_a = {share: scores(new_rule(topic, share), labelled["A"]) for share in SHARES}
    for share, s in on_a.items():
        print(
            f"{share:>6.2f} {s['exact']:>7.1%} {s['precision']:>7.1%} {s['recall']:>7.1%} "
            f"{s['multi']:>7.1%}"
        )
    best = max(s["exact"] for s in on_a.values())
    plateau = [share for share, s in on_a.items() if s["exact"] == best]
    print(
        f"best on A: {best:.1%} for shares {plateau[0]:.2f}-{plateau[-1]:.2f}; shipped SHARE "
        f"{SHARE:.2f} is {'on' if SHARE in plateau else 'OFF'} it"
    )

    rules: list[tuple[str, Tagger]] = [
        ("old: any mention", old_rule(topic)),
        (f"previous: shared dropped, {SHARE:.2f}", previous_rule(topic, SHARE)),
        (f"half weight, no venues, {SHARE:.2f}", half_weight_rule(topic, SHARE)),
        ("shipped, share 0", new_rule(topic, 0.0)),
        (f"shipped, share {plateau[0]:.2f} (A's lowest)", new_rule(topic, plateau[0])),
        (f"shipped, share {SHARE:.2f}", new_rule(topic, SHARE)),
        (f"shipped, share {plateau[-1]:.2f} (A's highest)", new_rule(topic, plateau[-1])),
    ]
    print(f"\nHalf B (held out; n = {len(labelled['B'])}), per report:")
    print(f"{'rule':<36} {'exact':>7} {'prec':>7} {'recall':>7} {'>1 tag':>7}")
    for name, tagger in rules:
        s = scores(tagger, labelled["B"])
        print(
            f"{name:<36} {s['exact']:>7.1%} {s['precision']:>7.1%} {s['recall']:>7.1%} "
            f"{s['multi']:>7.1%}"
        )

    sets: list[tuple[str, list[list[tuple[str, str]]]]] = []
    if args.dev:
        dev = [r for r in read(args.dev) if r["label"] in KEPT]
        pieces = [[(str(r["title"]), str(r["text"]))] for r in dev]
        sets.append(("topic_dev on_topic+mentions", pieces))
    if args.multidoc:
        events = read(args.multidoc)
        stories = [
            [(str(a.get("title") or ""), str(a.get("text") or "")) for a in articles]
            for e in events
            if isinstance(articles := e["articles"], list)
        ]
        sets.append(("multidoc_dev events (stories)", stories))
    if sets:
        print("\nMore than one tag, among pieces tagged with a named conflict (no labels):")
        for set_name, stories in sets:
            print(f"  {set_name}:")
            for name, tagger in rules:
                rate, named = multi_rate(tagger, stories)
                print(f"    {name:<36} {rate:>6.1%} of {named}")


if __name__ == "__main__":
    main()
