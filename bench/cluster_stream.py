"""The labelled article stream the clustering benchmark replays, and how a replay is scored.

Used by bench/cluster_bench.py (the tables) and bench/cluster_grid.py (the threshold search).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bot.ingest.cluster import ClusterArticle, ClusterConfig, cluster_text, effective_time

MAX_STORY_ARTICLES = 20
WORLD_TOPICS = frozenset(
    {
        "World", "Foreign Policy", "Middle East", "Israel", "China", "ISIS", "State Department",
        "National Defense", "National Security", "US Military", "Terrorism", "Russia", "Ukraine",
        "Afghanistan", "Iran", "North Korea", "Europe", "Asia", "Africa", "Latin America",
        "Trade",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    id: str
    event: str
    lang: str
    world: bool
    article: ClusterArticle  # with embedding


Decide = Callable[[int, list[list[int]]], int | None]


def load(path: Path, cache: Path | None = None) -> list[Row]:
    raw = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    event_topics: dict[str, set[str]] = defaultdict(set)
    for r in raw:
        if r.get("topic"):
            event_topics[r["event"]].add(r["topic"])
    if cache is not None and cache.exists():
        vectors = np.load(cache)
    else:
        from summarizer import load_embedder

        vectors = load_embedder().embed([cluster_text(r["title"], r["text"]) for r in raw])
        if cache is not None:
            np.save(cache, vectors)
    rows, last = [], datetime(2000, 1, 1, tzinfo=UTC)
    window = ClusterConfig().window
    for r, vector in zip(raw, vectors, strict=True):
        published = (
            datetime.fromisoformat(r["published"]).replace(tzinfo=UTC)
            if r.get("published")
            else None
        )
        seen = published or last
        when = effective_time(published, seen, window)
        last = when
        article = ClusterArticle(r["title"], r["text"], when, vector)
        world = bool(event_topics[r["event"]] & WORLD_TOPICS)
        rows.append(Row(r["id"], r["event"], r.get("lang", "en"), world, article))
    return rows


def replay(rows: Sequence[Row], decide: Decide) -> list[int]:
    """Story index of each row after the stream; `decide` sees the row index and the stories."""
    stories: list[list[int]] = []
    labels = []
    for i in range(len(rows)):
        choice = decide(i, stories)
        if choice is None:
            choice = len(stories)
            stories.append([])
        stories[choice].append(i)
        labels.append(choice)
    return labels


def pairs(count: int) -> int:
    return count * (count - 1) // 2


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(
    truth: Sequence[str], pred: Sequence[int], scored: Sequence[bool] | None = None
) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 (0-100) of the `scored` articles.

    Articles outside `scored` still count as wrong company: a scored article merged with them
    loses precision, so a subset's figures include its merges with the rest of the stream.
    """
    keep = list(scored) if scored is not None else [True] * len(truth)
    n = sum(keep)
    if n == 0:
        return {k: 0.0 for k in ("pair_p", "pair_r", "pair_f1", "b3_p", "b3_r", "b3_f1")}
    kept = [(t, p) for t, p, k in zip(truth, pred, keep, strict=True) if k]
    both = Counter(kept)
    t_size = Counter(t for t, _ in kept)
    p_size, p_kept = Counter(pred), Counter(p for _, p in kept)
    tp = sum(pairs(v) for v in both.values())
    tpos = sum(pairs(v) for v in t_size.values())
    ppos = sum(pairs(p_size[p]) - pairs(p_size[p] - p_kept[p]) for p in p_kept)
    pair_p = tp / ppos if ppos else 1.0
    pair_r = tp / tpos if tpos else 1.0
    b3_p = sum(both[(t, p)] / p_size[p] for t, p in kept) / n
    b3_r = sum(both[(t, p)] / t_size[t] for t, p in kept) / n
    out = {
        "pair_p": pair_p, "pair_r": pair_r, "pair_f1": _f1(pair_p, pair_r),
        "b3_p": b3_p, "b3_r": b3_r, "b3_f1": _f1(b3_p, b3_r),
    }  # fmt: skip
    return {k: round(100 * v, 1) for k, v in out.items()}


def subset_scores(
    rows: Sequence[Row], pred: Sequence[int], keep: Callable[[Row], bool]
) -> dict[str, float]:
    return scores([r.event for r in rows], pred, [keep(r) for r in rows])


def half_of(event: str) -> str:
    return "A" if hashlib.sha256(event.encode()).digest()[0] % 2 == 0 else "B"
