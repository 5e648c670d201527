"""Relevance on the labelled dev set: keywords alone, our score in-sample, and held out.

    .venv/bin/python bench/topic_bench.py ../shared/data/topic_dev.jsonl [--threshold 0.0]

on_topic items must be kept (>= 95 %), off_topic dropped (>= 95 %); keeping or dropping
"mentions" are both acceptable, the rate is shown for information.

The in-sample row uses --threshold, which was itself chosen on this set. The held-out row is
repeated stratified k-fold: the threshold is picked on the training folds only (the middle of
the range that meets both targets there) and applied to the held-out fold. The description and
the negative prototypes were written with this set in view; that is not held out.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.ingest.relevance import DEFAULT_THRESHOLD, embed_topic, keyword_hits, score_article
from bot.ingest.topic import load_topic
from config import CONFIG_DIR

TARGET = 0.95
LABELS = ("on_topic", "mentions", "off_topic")


@dataclass(frozen=True)
class Scored:
    """Labels and scores of the dev items; -inf where the keyword gate said no."""

    labels: np.ndarray
    scores: np.ndarray
    gate: np.ndarray


def passing_range(scored: Scored, rows: np.ndarray, target: float) -> tuple[float, float]:
    """Thresholds t with lo < t <= hi meet both targets on `rows`; empty when lo >= hi."""
    on = np.sort(scored.scores[rows[scored.labels[rows] == "on_topic"]])[::-1]
    off = np.sort(scored.scores[rows[scored.labels[rows] == "off_topic"]])[::-1]
    must_keep = math.ceil(target * len(on) - 1e-9)
    may_keep = len(off) - math.ceil(target * len(off) - 1e-9)
    hi = float(on[must_keep - 1]) if must_keep else math.inf
    lo = float(off[may_keep]) if may_keep < len(off) else -math.inf
    return lo, hi


def pick_threshold(scored: Scored, rows: np.ndarray, target: float) -> float:
    """The middle of the passing range; without one, the best on_topic kept + off_topic dropped."""
    lo, hi = passing_range(scored, rows, target)
    if math.isfinite(lo) and math.isfinite(hi) and lo < hi:
        return (lo + hi) / 2
    values = np.unique(scored.scores[rows][np.isfinite(scored.scores[rows])])
    candidates = (values[1:] + values[:-1]) / 2 if len(values) > 1 else values
    on = scored.scores[rows[scored.labels[rows] == "on_topic"]]
    off = scored.scores[rows[scored.labels[rows] == "off_topic"]]
    return float(max(candidates, key=lambda t: (on >= t).mean() + (off < t).mean(), default=0.0))


def stratified_folds(labels: np.ndarray, k: int, seed: int) -> np.ndarray:
    """A fold number per item, each label spread evenly over the k folds."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(labels), dtype=int)
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        rng.shuffle(members)
        fold[members] = np.arange(len(members)) % k
    return fold


def held_out(
    scored: Scored, k: int, repeats: int, target: float
) -> tuple[list[np.ndarray], list[float]]:
    """Keep/drop of every item when it was held out, per repeat, and the thresholds picked."""
    decisions, thresholds = [], []
    for seed in range(repeats):
        fold = stratified_folds(scored.labels, k, seed)
        keep = np.zeros(len(scored.labels), dtype=bool)
        for f in range(k):
            threshold = pick_threshold(scored, np.flatnonzero(fold != f), target)
            test = np.flatnonzero(fold == f)
            keep[test] = scored.scores[test] >= threshold
            thresholds.append(threshold)
        decisions.append(keep)
    return decisions, thresholds


def rates(labels: np.ndarray, runs: Sequence[np.ndarray]) -> list[str]:
    """'kept %' for on_topic and mentions, 'dropped %' for off_topic, averaged over runs."""
    cells = []
    for label in LABELS:
        members = labels == label
        good = [
            int((run[members] if label != "off_topic" else ~run[members]).sum()) for run in runs
        ]
        mean = sum(good) / len(good)
        count = f"{mean:.0f}" if len(set(good)) == 1 else f"{mean:.1f}"
        cells.append(f"{100 * mean / members.sum():5.1f} % ({count}/{members.sum()})")
    return cells


def score_all(rows: list[dict[str, str]], topic_path: Path) -> tuple[Scored, float]:
    """Gate and score every item with the real model; returns the scores and seconds taken."""
    from summarizer import load_embedder

    topic = load_topic(topic_path)
    embedder = load_embedder()
    vectors = embed_topic(embedder, topic)
    scores, gate = [], []
    started = time.perf_counter()
    for row in rows:
        title, text = row.get("title") or "", row["text"]
        gate.append(keyword_hits(topic, title, text).passes_gate)
        score = score_article(embedder, topic, vectors, title, text).score
        scores.append(-math.inf if score is None else score)
    labels = np.array([row["label"] for row in rows])
    scored = Scored(labels, np.array(scores), np.array(gate))
    return scored, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="topic_dev.jsonl")
    parser.add_argument("--topic", type=Path, default=CONFIG_DIR / "topic.toml")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()]
    scored, elapsed = score_all(rows, args.topic)
    everything = np.arange(len(rows))
    in_sample = scored.scores >= args.threshold
    decisions, thresholds = held_out(scored, args.folds, args.repeats, TARGET)
    cross = f"held-out {args.folds}-fold x{args.repeats}"

    goal = f">= {100 * TARGET:.0f} %"
    print(f"{len(rows)} items, {elapsed:.1f} s scoring; targets: on_topic kept {goal}, ", end="")
    print(f"off_topic dropped {goal}\n")
    table = [
        ("keywords only", rates(scored.labels, [scored.gate])),
        (f"+ embedding, in-sample t={args.threshold:+.2f}", rates(scored.labels, [in_sample])),
        (f"+ embedding, {cross}", rates(scored.labels, decisions)),
    ]
    header = ("method", "on_topic kept", "mentions kept", "off_topic dropped")
    print(f"| {header[0]:<34} | {header[1]:<19} | {header[2]:<19} | {header[3]:<19} |")
    print(f"|{'-' * 36}|{'-' * 21}|{'-' * 21}|{'-' * 21}|")
    for method, cells in table:
        print(f"| {method:<34} | {cells[0]:<19} | {cells[1]:<19} | {cells[2]:<19} |")

    on, off = scored.labels == "on_topic", scored.labels == "off_topic"
    worst_on = min(run[on].mean() for run in decisions)
    worst_off = min((~run[off]).mean() for run in decisions)
    print(
        f"\nheld-out: thresholds picked on the training folds {min(thresholds):+.3f} .. "
        f"{max(thresholds):+.3f}; worst repeat {100 * worst_on:.1f} % on_topic kept, "
        f"{100 * worst_off:.1f} % off_topic dropped"
    )
    lo, hi = passing_range(scored, everything, TARGET)
    if lo < args.threshold <= hi:
        must_keep = math.ceil(TARGET * on.sum() - 1e-9)
        must_drop = math.ceil(TARGET * off.sum() - 1e-9)
        spare_on = int(in_sample[on].sum()) - must_keep
        spare_off = int((~in_sample[off]).sum()) - must_drop
        print(
            f"margin: thresholds above {lo:+.3f} up to {hi:+.3f} meet both targets on all items "
            f"(width {hi - lo:.3f}); at t={args.threshold:+.2f}, {spare_on} more on_topic "
            f"and {spare_off} more off_topic errors would still pass"
        )
    elif lo < hi:
        print(f"margin: thresholds above {lo:+.3f} up to {hi:+.3f} meet both targets on all items")
    else:
        print("margin: no threshold meets both targets on all items")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
