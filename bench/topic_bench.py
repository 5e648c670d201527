"""Relevance on the labelled dev set: our gate + embedding contrast vs keywords alone.

    .venv/bin/python bench/topic_bench.py ../shared/data/topic_dev.jsonl [--threshold 0.0]

on_topic items must be kept (>= 95 %), off_topic dropped (>= 95 %); keeping or dropping
"mentions" are both acceptable, the rate is shown for information.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from bot.ingest.relevance import DEFAULT_THRESHOLD, embed_topic, keyword_hits, score_article
from bot.ingest.topic import load_topic
from config import CONFIG_DIR


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="topic_dev.jsonl")
    parser.add_argument("--topic", type=Path, default=CONFIG_DIR / "topic.toml")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()

    from summarizer import load_embedder

    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()]
    topic = load_topic(args.topic)
    embedder = load_embedder()
    vectors = embed_topic(embedder, topic)
    kept: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    started = time.perf_counter()
    for row in rows:
        title, text, label = row.get("title") or "", row["text"], row["label"]
        baseline = keyword_hits(topic, title, text).passes_gate
        ours = score_article(embedder, topic, vectors, title, text).keep(args.threshold)
        kept["keywords only"][label].append(baseline)
        kept["keywords + embedding"][label].append(ours)
    elapsed = time.perf_counter() - started

    def rate(values: list[bool], keep: bool) -> str:
        share = sum(v == keep for v in values) / len(values)
        return f"{100 * share:5.1f} % ({sum(v == keep for v in values)}/{len(values)})"

    print(f"{len(rows)} items, threshold {args.threshold:+.2f}, {elapsed:.1f} s scoring\n")
    header = ("method", "on_topic kept", "mentions kept", "off_topic dropped")
    print(f"| {header[0]:<22} | {header[1]:<18} | {header[2]:<18} | {header[3]:<18} |")
    print(f"|{'-' * 24}|{'-' * 20}|{'-' * 20}|{'-' * 20}|")
    for method, by_label in kept.items():
        print(
            f"| {method:<22} | {rate(by_label['on_topic'], True):<18} "
            f"| {rate(by_label['mentions'], True):<18} "
            f"| {rate(by_label['off_topic'], False):<18} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
