"""Story clustering on a stream of labelled articles: ours, today's rule and TF-IDF side by side.

    .venv/bin/python bench/cluster_bench.py ../shared/data/stories/clusters_dev.jsonl [--json]

Each line is an article (`id`, `event`, `title`, `text`, `published`?, `outlet`, `lang`,
`source`, `topic`?), in stream order. The articles are replayed in file order through the real
`choose_story` functions: each joins a story or starts one, each story keeps its articles (the
newest MAX_STORY_ARTICLES are passed, as the ingestor does). An article without `published`
gets the previous article's time as its seen time, as a stream would.

Systems:
- ours: bot.ingest.cluster.choose_story with MiniLM embeddings of cluster_text();
- today: bot.ingest.dedup.choose_story, cosine >= 0.80 on MiniLM title + lead against the
  story's first article, window 48 h (the rule the ingestor applied before this module);
- tfidf: bot.ingest.cluster.choose_story without embeddings (lexical only, no day penalty).

Held out: events are split in two halves by a hash of the event id. Thresholds are chosen on
one half's stream (grid, best mean of B-cubed and pairwise F1) and applied to the other half's
stream, both ways; the two held-out clusterings (disjoint events) are scored together as the
held-out figures. A half's stream has half the distractors of the whole one, so these figures
are somewhat easier than the whole stream's. The whole-stream rows use the module's defaults,
which were chosen on half A: they are in-sample for half A's events.

Subsets: `ru` is the lang == "ru" articles; `world` is the events whose AllSides topic is
world or foreign policy (WORLD_TOPICS). The other sources carry no topic and are not in it.
Subset scores restrict the predicted and true clusterings to the subset's articles.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from bot.ingest.cluster import (
    ClusterArticle,
    ClusterConfig,
    ClusterStory,
    cluster_text,
    effective_time,
)
from bot.ingest.cluster import choose_story as ours_choose
from bot.ingest.dedup import StoryCandidate
from bot.ingest.dedup import choose_story as today_choose

MAX_STORY_ARTICLES = 20
TODAY_SIMILARITY = 0.80
WORLD_TOPICS = frozenset(
    {
        "World", "Foreign Policy", "Middle East", "Israel", "China", "ISIS", "State Department",
        "National Defense", "National Security", "US Military", "Terrorism", "Russia", "Ukraine",
        "Afghanistan", "Iran", "North Korea", "Europe", "Asia", "Africa", "Latin America",
        "Trade", "Immigration",
    }
)  # fmt: skip
GRID_THRESHOLD = [round(0.30 + 0.025 * i, 3) for i in range(13)]
GRID_WEIGHT = [0.3, 0.45, 0.6, 0.75]
GRID_PENALTY = [0.0, 0.04, 0.08]
GRID_LEXICAL = [round(0.10 + 0.025 * i, 3) for i in range(11)]


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


def ours(rows: Sequence[Row], config: ClusterConfig, *, embeddings: bool = True) -> Decide:
    articles = [
        r.article if embeddings else replace(r.article, embedding=None) for r in rows
    ]

    def decide(i: int, stories: list[list[int]]) -> int | None:
        candidates = [
            ClusterStory(k, [articles[j] for j in members[-MAX_STORY_ARTICLES:]])
            for k, members in enumerate(stories)
            if abs(articles[i].time - articles[members[-1]].time) <= config.window
        ]
        return ours_choose(articles[i], candidates, config)

    return decide


def today(rows: Sequence[Row], window: timedelta = timedelta(hours=48)) -> Decide:
    def decide(i: int, stories: list[list[int]]) -> int | None:
        article = rows[i].article
        assert article.embedding is not None
        candidates = []
        for k, members in enumerate(stories):
            first = rows[members[0]].article
            assert first.embedding is not None
            latest = max(rows[j].article.time for j in members)
            candidates.append(StoryCandidate(k, first.title, first.embedding, latest))
        return today_choose(
            article.embedding, article.title, article.time, candidates, TODAY_SIMILARITY, window
        )

    return decide


def scores(truth: Sequence[str], pred: Sequence[int]) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 (0-100)."""
    n = len(truth)
    if n == 0:
        return {k: 0.0 for k in ("pair_p", "pair_r", "pair_f1", "b3_p", "b3_r", "b3_f1")}
    both = Counter(zip(truth, pred, strict=True))
    t_size, p_size = Counter(truth), Counter(pred)
    pairs = lambda c: sum(v * (v - 1) // 2 for v in c.values())  # noqa: E731
    tp, tpos, ppos = pairs(both), pairs(t_size), pairs(p_size)
    pair_p = tp / ppos if ppos else 1.0
    pair_r = tp / tpos if tpos else 1.0
    b3_p = sum(both[(t, p)] / p_size[p] for t, p in zip(truth, pred, strict=True)) / n
    b3_r = sum(both[(t, p)] / t_size[t] for t, p in zip(truth, pred, strict=True)) / n
    f1 = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0  # noqa: E731
    out = {
        "pair_p": pair_p, "pair_r": pair_r, "pair_f1": f1(pair_p, pair_r),
        "b3_p": b3_p, "b3_r": b3_r, "b3_f1": f1(b3_p, b3_r),
    }  # fmt: skip
    return {k: round(100 * v, 1) for k, v in out.items()}


def subset_scores(rows: Sequence[Row], pred: Sequence[int], keep: Callable[[Row], bool]):
    idx = [i for i, r in enumerate(rows) if keep(r)]
    return scores([rows[i].event for i in idx], [pred[i] for i in idx])


def objective(rows: Sequence[Row], pred: Sequence[int]) -> float:
    s = scores([r.event for r in rows], pred)
    return s["b3_f1"] + s["pair_f1"]


def tune_ours(rows: Sequence[Row]) -> ClusterConfig:
    """Grid on this stream: (weight, threshold, penalty) on the Latin-script articles, then
    the lexical bar on the others (the two decisions hardly interact: their words differ)."""
    base = ClusterConfig()
    latin = [r for r in rows if r.lang != "ru"]
    best = max(
        (
            (objective(latin, replay(latin, ours(latin, cfg))), cfg)
            for w, t, d in itertools.product(GRID_WEIGHT, GRID_THRESHOLD, GRID_PENALTY)
            for cfg in [replace(base, embedding_weight=w, threshold=t, day_penalty=d)]
        ),
        key=lambda pair: pair[0],
    )[1]
    other = [r for r in rows if r.lang == "ru"]
    if not other:
        return best
    return max(
        (
            (objective(other, replay(other, ours(other, cfg))), cfg)
            for t in GRID_LEXICAL
            for cfg in [replace(best, lexical_threshold=t)]
        ),
        key=lambda pair: pair[0],
    )[1]


def tfidf_config(lexical: float) -> ClusterConfig:
    return ClusterConfig(lexical_threshold=lexical, day_penalty=0.0)


def tune_tfidf(rows: Sequence[Row]) -> ClusterConfig:
    return max(
        (
            (objective(rows, replay(rows, ours(rows, cfg, embeddings=False))), cfg)
            for t in GRID_LEXICAL
            for cfg in [tfidf_config(t)]
        ),
        key=lambda pair: pair[0],
    )[1]


def half_of(event: str) -> str:
    return "A" if hashlib.sha256(event.encode()).digest()[0] % 2 == 0 else "B"


def table(title: str, results: dict[str, dict[str, dict[str, float]]], ms: dict[str, float]):
    print(f"\n{title}")
    head = f"{'system':8} {'subset':7} {'n':>5} {'pairP':>6} {'pairR':>6} {'pairF1':>6}"
    print(head + f" {'B3P':>6} {'B3R':>6} {'B3F1':>6} {'ms/art':>7}")
    for system, subsets in results.items():
        for subset, s in subsets.items():
            line = f"{system:8} {subset:7} {int(s['n']):5d} {s['pair_p']:6.1f} {s['pair_r']:6.1f}"
            line += f" {s['pair_f1']:6.1f} {s['b3_p']:6.1f} {s['b3_r']:6.1f} {s['b3_f1']:6.1f}"
            print(line + (f" {ms[system]:7.2f}" if subset == "all" and system in ms else ""))


SUBSETS: dict[str, Callable[[Row], bool]] = {
    "all": lambda r: True,
    "ru": lambda r: r.lang == "ru",
    "world": lambda r: r.world,
}


def evaluate(rows: Sequence[Row], preds: dict[str, list[int]]):
    out: dict[str, dict[str, dict[str, float]]] = {}
    for system, pred in preds.items():
        out[system] = {}
        for name, keep in SUBSETS.items():
            s: dict[str, float] = dict(subset_scores(rows, pred, keep))
            s["n"] = sum(1 for r in rows if keep(r))
            out[system][name] = s
    return out


def timed(rows: Sequence[Row], decide: Decide) -> tuple[list[int], float]:
    start = time.perf_counter()
    pred = replay(rows, decide)
    return pred, 1000 * (time.perf_counter() - start) / max(len(rows), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--json", action="store_true", help="last line: a JSON summary")
    parser.add_argument(
        "--tune-split",
        choices=["both", "none"],
        default="both",
        help="both: tune on each half of the events, report on the other (slow, a few minutes)",
    )
    parser.add_argument(
        "--cache", type=Path, help="an .npy file to keep the embeddings in between runs"
    )
    args = parser.parse_args()
    rows = load(args.file, args.cache)
    defaults = ClusterConfig()
    tfidf_default = tfidf_config(TFIDF_DEFAULT)

    preds, ms = {}, {}
    preds["ours"], ms["ours"] = timed(rows, ours(rows, defaults))
    preds["today"], ms["today"] = timed(rows, today(rows))
    preds["tfidf"], ms["tfidf"] = timed(rows, ours(rows, tfidf_default, embeddings=False))
    whole = evaluate(rows, preds)
    table(
        f"Whole stream, {len(rows)} articles, {len({r.event for r in rows})} events; defaults "
        f"{defaults} (chosen on half A: in-sample for A); tfidf bar {TFIDF_DEFAULT}",
        whole,
        ms,
    )
    summary: dict[str, object] = {
        "articles": len(rows),
        "whole": whole,
        **{system: whole[system]["all"] for system in whole},
    }

    if args.tune_split == "both":
        halves = {h: [r for r in rows if half_of(r.event) == h] for h in "AB"}
        held: dict[str, list[int]] = {"ours": [], "today": [], "tfidf": []}
        held_rows: list[Row] = []
        for tune_half, test_half in (("A", "B"), ("B", "A")):
            tune_rows, test_rows = halves[tune_half], halves[test_half]
            cfg = tune_ours(tune_rows)
            lex = tune_tfidf(tune_rows)
            print(f"\ntuned on half {tune_half}: ours {cfg}; tfidf {lex.lexical_threshold}")
            offset = len(held_rows)
            for system, decide in (
                ("ours", ours(test_rows, cfg)),
                ("today", today(test_rows)),
                ("tfidf", ours(test_rows, lex, embeddings=False)),
            ):
                held[system] += [offset + k for k in replay(test_rows, decide)]
            held_rows += test_rows
        result = evaluate(held_rows, held)
        table("Held out: each half clustered with thresholds chosen on the other half", result, {})
        summary.update({system: result[system]["all"] for system in result})
        summary["held_out"] = result
    if args.json:
        print(json.dumps(summary))


TFIDF_DEFAULT = 0.25

if __name__ == "__main__":
    main()
