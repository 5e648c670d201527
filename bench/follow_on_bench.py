"""How often a point that goes on from its speaker's statement is moved after it.

    .venv/bin/python bench/follow_on_bench.py ../shared/data/stories/multidoc_dev.jsonl

Each story of a multidoc-shaped file is summarized twice in the same run, 20 points, with
the follow-on order (`summarizer/follow_on.py`) and without it (the baseline: best first), and
the table counts the stories whose points differ, whose first three differ, and the points
that say they go on. The points of the first few stories that changed are printed from the
first difference on, before and after, for a person to judge. Nothing is tuned here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_eval import event_articles, load_events  # noqa: E402

import summarizer.story as story_module  # noqa: E402
from summarizer import StorySummarizer, load_embedder  # noqa: E402
from summarizer.embedder import CachedEmbedder  # noqa: E402
from summarizer.follow_on import goes_on  # noqa: E402

POINTS = 20
SHOWN = 3
EXAMPLES = 6


@contextmanager
def best_first() -> Iterator[None]:
    """The summarizer without the follow-on order, as it ranked points before."""
    real = story_module.follow_on_order
    story_module.follow_on_order = lambda points, *_: list(points)
    try:
        yield
    finally:
        story_module.follow_on_order = real


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    args = parser.parse_args()
    events = load_events(args.file)
    summarizer = StorySummarizer(CachedEmbedder(load_embedder()))
    changed = shown_changed = going_on = 0
    examples: list[tuple[list[str], list[str]]] = []
    for event in events:
        articles = event_articles(event)
        now = [p.text for p in summarizer.summarize(articles, max_points=POINTS).key_points]
        with best_first():
            before = [p.text for p in summarizer.summarize(articles, max_points=POINTS).key_points]
        going_on += sum(goes_on(p) for p in now)
        if now == before:
            continue
        changed += 1
        shown_changed += now[:SHOWN] != before[:SHOWN]
        first = next(n for n, (a, b) in enumerate(zip(now, before, strict=True)) if a != b)
        examples.append((before[first : first + 3], now[first : first + 3]))
    print(f"| stories | points that go on | order changed | first {SHOWN} changed |")
    print("|---|---|---|---|")
    print(f"| {len(events)} | {going_on} | {changed} | {shown_changed} |")
    for before, now in examples[:EXAMPLES]:
        print("\nbest first (before):", *(f"  {p[:120]}" for p in before), sep="\n")
        print("follow-on order (now):", *(f"  {p[:120]}" for p in now), sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
