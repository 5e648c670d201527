"""Measure what a story's first update adds: are its new points the facts editors kept?

    python bench/update_bench.py ../shared/data/stories/multidoc_dev.jsonl [--limit N]

For every event with two or more articles, the first article alone makes the first push (as
the bot's first revision, FIRST_POINTS points); then all the articles make the next revision
with the first's points as `previous` and `known=1`, so its new points are the update a
subscriber would get. Scored against the human summary of the whole event with ROUGE
(rouge-score, stemming): the new points' precision (how much of what the update says the
editors also said) and the recall gained over the first push alone.

Beside it in the same run, baselines: the lead of the second report (its first sentences,
as many as our update has points, at least one), what an update that simply quoted the new
report's opening would say, repeats of the first push included (a repeat can add to the
recall gained too: ROUGE counts a word as often as the summary uses it, and a close
paraphrase brings a few new words); the same lead with only its sentences that are news by
the novelty check an update passes (`Pool.novel`); and ours with the rule before for
restatements (a second outlet's wording of a new point could be the next new point).
"restating" counts the updates whose new points hold two that say one thing (a cosine of
`StoryWeights.same`, 0.7, or more), one fact sent twice. Nothing is tuned here. A variant
that left the known reports' echo out of an update's support was measured with an earlier
version of this bench and not kept (docs/experiments.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_eval import (  # noqa: E402
    event_articles,
    load_events,
    make_scorer,
    mean_x100,
    restating,
)

from bot.ingest.story_steps import FIRST_POINTS, story_point_budget  # noqa: E402
from summarizer import StoryArticle, StorySummarizer, load_embedder  # noqa: E402
from summarizer.embedder import CachedEmbedder  # noqa: E402
from summarizer.story import DEFAULT_STORY_WEIGHTS  # noqa: E402
from summarizer.story_pool import Pool  # noqa: E402
from summarizer.text import split_document  # noqa: E402


@dataclass
class Row:
    updates: int = 0
    new_points: int = 0
    precision1: list[float] = field(default_factory=list)
    precision2: list[float] = field(default_factory=list)
    gain1: list[float] = field(default_factory=list)
    gain2: list[float] = field(default_factory=list)
    restating: int = 0


def _update(
    summarizer: StorySummarizer, articles: list[StoryArticle]
) -> tuple[list[str], list[str]]:
    """The first push's points, and the points the next revision adds."""
    first = summarizer.summarize(articles[:1], FIRST_POINTS).key_points
    budget = story_point_budget(len(first))
    later = summarizer.summarize(articles, budget, previous=first, known=1).key_points
    shown = {p.text for p in first}
    return [p.text for p in first], [p.text for p in later if p.text not in shown]


def _lead(article: StoryArticle, count: int) -> list[str]:
    """The report's first `count` sentences, as the summarizer splits them."""
    return [s.text for s in split_document(article.text, article.title).sentences[:count]]


def _lead_news(embedder: CachedEmbedder, articles: list[StoryArticle], count: int) -> list[str]:
    """The second report's first `count` sentences that are news after the first report, by
    the novelty check the update itself passes (`Pool.novel`): what an update quoting the new
    report's opening would say if it, too, left out what the reader already has."""
    pool = Pool.build(articles[:2], embedder, [])
    news = [
        c.sentence.text
        for i, c in enumerate(pool.candidates)
        if pool.origin[c.article] == 1 and pool.novel(i, 1, DEFAULT_STORY_WEIGHTS.same)
    ]
    return news[:count]


def _score(scorer: Any, row: Row, first: list[str], new: list[str], reference: str) -> None:
    if not new:
        return
    row.updates += 1
    row.new_points += len(new)
    alone = scorer.score(reference, "\n".join(new))
    row.precision1.append(alone["rouge1"].precision)
    row.precision2.append(alone["rouge2"].precision)
    before = scorer.score(reference, "\n".join(first))
    after = scorer.score(reference, "\n".join(first + new))
    row.gain1.append(after["rouge1"].recall - before["rouge1"].recall)
    row.gain2.append(after["rouge2"].recall - before["rouge2"].recall)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="multidoc_dev.jsonl")
    parser.add_argument("--limit", type=int, help="only the first N events")
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    events = [e for e in load_events(args.data) if len(event_articles(e)) >= 2][: args.limit]
    embedder = CachedEmbedder(load_embedder())
    summarizers = {
        "ours": StorySummarizer(embedder),
        "ours, restatements not waiting (before)": StorySummarizer(
            embedder, story_weights=replace(DEFAULT_STORY_WEIGHTS, restatements_wait=False)
        ),
    }
    scorer = make_scorer()
    rows: dict[tuple[str, str], Row] = {}
    for n, event in enumerate(events, 1):
        articles = event_articles(event)
        source = event["source"]
        updates = {name: _update(s, articles) for name, s in summarizers.items()}
        for name, (first, new) in updates.items():
            row = rows.setdefault((source, name), Row())
            _score(scorer, row, first, new, event["summary"])
            row.restating += restating(new, embedder)
        first, new = updates["ours"]
        lead = _lead(articles[1], max(1, len(new)))
        baseline = rows.setdefault((source, "lead of the new report"), Row())
        _score(scorer, baseline, first, lead, event["summary"])
        baseline.restating += restating(lead, embedder)
        news = _lead_news(embedder, articles, max(1, len(new)))
        news_row = rows.setdefault((source, "lead of the new report, news only"), Row())
        _score(scorer, news_row, first, news, event["summary"])
        news_row.restating += restating(news, embedder)
        if n % 50 == 0:
            print(f"... {n}/{len(events)} events", file=sys.stderr)
    print(f"{len(events)} events with two or more articles\n")
    print("| source | method | updates | new points | new points' R1 / R2 precision "
          "| R1 / R2 recall gained | restating |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for (source, name), row in sorted(rows.items()):
        print(
            f"| {source} | {name} | {row.updates} | {row.new_points} "
            f"| {mean_x100(row.precision1):.2f} / {mean_x100(row.precision2):.2f} "
            f"| {mean_x100(row.gain1):.2f} / {mean_x100(row.gain2):.2f} | {row.restating} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
