"""Which outlets a Russian-language story's key points are credited to, by word vectors (now)
beside the English encoder (before).

    .venv/bin/python bench/cyrillic_credits.py ../shared/data/stories/clusters_dev.jsonl \\
        [--sample 14] [--seed 7]

Reads a clusters-shaped file, takes the Russian-language events reported by two or more
outlets, summarizes each story (5 points) both ways and counts the points credited to another
outlet. A credit is "unsupported" when no sentence of the credited outlet holds half of the
point's content words: a rough sign of a wrong credit, and one that favours the word vectors
(they are built from those words), so a random sample of credits is printed beside each
outlet's closest sentence for a person to judge. The files carry no labels for this.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import summarizer.story_pool as story_pool
from summarizer import StoryArticle, StorySummarizer, load_embedder
from summarizer.grounding import content_words
from summarizer.lexical import embedder_for
from summarizer.text import split_document


def events(path: Path) -> list[list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("lang") == "ru":
            grouped[row["event"]].append(row)
    return [rows for rows in grouped.values() if len({r["outlet"] for r in rows}) >= 2]


def closest(point: str, text: str) -> tuple[str, float]:
    """The outlet's sentence sharing most of the point's content words, and that share."""
    words = content_words(point)
    best, share = "", 0.0
    for sentence in split_document(text).sentences:
        common = len(words & content_words(sentence.text)) / max(1, len(words))
        if common > share:
            best, share = sentence.text, common
    return best, share


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--sample", type=int, default=14)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    stories = events(args.data)
    encoder = load_embedder()
    summarizer = StorySummarizer(encoder)
    rows = []
    samples = {}
    for name, choose in (
        ("encoder (before)", lambda embedder, languages: embedder),
        ("word vectors (now)", embedder_for),
    ):
        story_pool.embedder_for = choose  # type: ignore[assignment]
        credits = []
        points = 0
        for story in stories:
            articles = [StoryArticle(r["text"], r["title"], r["outlet"]) for r in story]
            for point in summarizer.summarize(articles, 5).key_points:
                points += 1
                for outlet in point.outlets[1:]:
                    text = next(r["text"] for r in story if r["outlet"] == outlet)
                    credits.append((point.text, outlet, *closest(point.text, text)))
        unsupported = sum(1 for *_, share in credits if share < 0.5)
        rows.append((name, points, len(credits), unsupported))
        samples[name] = random.Random(args.seed).sample(credits, min(args.sample, len(credits)))
    story_pool.embedder_for = embedder_for
    print(f"{len(stories)} Russian-language events with 2+ outlets\n")
    print("| method             | points | credits to another outlet | unsupported credits |")
    print("|--------------------|--------|---------------------------|---------------------|")
    for name, points, credited, unsupported in rows:
        print(f"| {name:<18} | {points:>6} | {credited:>25} | {unsupported:>19} |")
    for name, picked in samples.items():
        print(f"\n{name}: {len(picked)} credits at random (point / the outlet's closest sentence)")
        for point, outlet, sentence, share in picked:
            print(f"- {point[:150]}\n  {outlet} ({share:.2f}): {sentence[:150]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
