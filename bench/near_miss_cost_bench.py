"""What offering the waiting near misses to a new story costs, beside one placement.

    .venv/bin/python bench/near_miss_cost_bench.py ../shared/data/topic_train.jsonl \\
        ../shared/data/topic_dev.jsonl

When a kept report starts a story, every near miss waiting in the window (a report relevance
dropped by a little, `Relevance.near_miss`) is compared with the whole pool, as
`StorySteps._near_misses_for` does, outside the placement lock. Real news items (title and
text, embedded by the bot's MiniLM) make pools of P stories of one report each and W waiting
reports. CPU milliseconds, medians of 3 runs, of: one placement (one report against the pool:
what every kept report costs, under the lock), the gathering, and the gathering with fresh
article objects for each comparison, as before the per-article caches (`ClusterArticle.latin`
and `.terms`), so each pool article's Latin-script check and term counts were worked out again
for every report (the check's ASCII shortcut, new with the caches, serves both columns).
Nothing is tuned here.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from lost_reports_bench import WHEN

from bot.ingest.cluster import (
    ClusterArticle,
    ClusterConfig,
    ClusterStory,
    choose_story,
    cluster_text,
)
from bot.ingest.conflicts import ConflictTagger, named_wars
from bot.ingest.topic import load_topic
from config import CONFIG_DIR
from summarizer import load_embedder

POOLS = (20, 50, 100)
WAITING = (100, 300)
RUNS = 3


def articles(paths: Sequence[Path], n: int, seed: int) -> list[ClusterArticle]:
    items = [
        json.loads(line)
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    random.Random(seed).shuffle(items)
    reports = [(i.get("title") or i["text"][:120], i["text"]) for i in items[:n]]
    vectors = load_embedder().embed([cluster_text(title, text) for title, text in reports])
    tagger = ConflictTagger(load_topic(CONFIG_DIR / "topic.toml"))
    return [
        ClusterArticle(title, text, WHEN, vector, named_wars(tagger.weigh([(title, text)])))
        for (title, text), vector in zip(reports, vectors, strict=True)
    ]


def cpu_ms(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        work()
        times.append(1000 * (time.process_time() - start))
    return statistics.median(times)


def pool(reports: Sequence[ClusterArticle]) -> list[ClusterStory]:
    """Stories of one report each, as fresh objects: the bot reads them from the database."""
    return [ClusterStory(n, [replace(a)]) for n, a in enumerate(reports)]


def place_one(
    pool_reports: Sequence[ClusterArticle], report: ClusterArticle, config: ClusterConfig
) -> None:
    """One kept report placed: the pool read for it, the report compared with it."""
    choose_story(replace(report), pool(pool_reports), config)


def gather(
    pool_reports: Sequence[ClusterArticle],
    waiting: Sequence[ClusterArticle],
    config: ClusterConfig,
    fresh: bool,
) -> None:
    stories = pool(pool_reports)  # read once, as the bot reads the candidates
    for report in waiting:
        choose_story(replace(report), pool(pool_reports) if fresh else stories, config)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("items", type=Path, nargs="+", help="labelled topic files (JSONL)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    largest = max(POOLS)
    reports = articles(args.items, largest + max(WAITING), args.seed)
    config = ClusterConfig()
    print("| stories in the pool | waiting near misses | one placement, ms |"
          " gathering, ms | gathering without the caches (before), ms |")  # fmt: skip
    print("|---|---|---|---|---|")
    for size in POOLS:
        for count in WAITING:
            pooled, waiting = reports[:size], reports[largest : largest + count]
            placement = cpu_ms(partial(place_one, pooled, waiting[0], config))
            cached = cpu_ms(partial(gather, pooled, waiting, config, False))
            before = cpu_ms(partial(gather, pooled, waiting, config, True))
            print(f"| {size} | {count} | {placement:.1f} | {cached:.0f} | {before:.0f} |")


if __name__ == "__main__":
    main()
