"""Do the points readers were sent stay in the story as more reports come? Ours beside the rule
before, in the same run.

    python bench/kept_points_bench.py ../shared/data/stories/multidoc_dev.jsonl [--limit N]

For every event with three or more articles, the articles arrive one by one as a story's
reports do in the bot: the first makes the first revision (FIRST_POINTS points), each later one
the next revision with the points so far as `previous`, `known` the reports summarized before,
and the bot's budget (`story_point_budget`). A point of one revision that the next no longer
has, and does not list as withdrawn (`Summary.withdrawn`, which readers who had it are told),
has left the story unannounced: a fact subscribers were sent (in a push or an update) that
`/latest`, `/story` and the next digest no longer show, and that no update corrects. "rule
before" keeps previous points as the story summarizer did until this bench was written (a
previous point judged a repeat of one kept before it, by the cosine of the duplicate bar or
half of the shorter one's words, was left out: bench/old_keep_rule.py). Nothing is tuned here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from old_keep_rule import old_keep_rule  # noqa: E402
from story_eval import event_articles, load_events  # noqa: E402

from bot.ingest.story_steps import FIRST_POINTS, story_point_budget  # noqa: E402
from summarizer import KeyPoint, StoryArticle, StorySummarizer, load_embedder  # noqa: E402
from summarizer.embedder import CachedEmbedder  # noqa: E402
from summarizer.story import DEFAULT_STORY_WEIGHTS  # noqa: E402


@dataclass
class Row:
    events: int = 0
    revisions: int = 0
    points: int = 0
    """Points of every revision but the last: the ones a next revision could lose."""
    lost: int = 0
    lost_events: int = 0
    withdrawn: int = 0


def replay(summarizer: StorySummarizer, articles: list[StoryArticle], row: Row) -> None:
    previous: tuple[KeyPoint, ...] = ()
    lost_here = 0
    for known in range(len(articles)):
        count = FIRST_POINTS if known == 0 else story_point_budget(len(previous))
        summary = summarizer.summarize(articles[: known + 1], count, previous, known=known)
        if known:
            row.revisions += 1
            row.points += len(previous)
            now = {p.text for p in summary.key_points}
            gone = [p for p in previous if p.text not in now]
            told = [p for p in gone if p.text in summary.withdrawn]
            row.withdrawn += len(told)
            lost_here += len(gone) - len(told)
        previous = summary.key_points
    row.events += 1
    row.lost += lost_here
    row.lost_events += lost_here > 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="multidoc_dev.jsonl")
    parser.add_argument("--limit", type=int, help="only the first N events of three reports")
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    events = [e for e in load_events(args.data) if len(event_articles(e)) >= 3][: args.limit]
    summarizer = StorySummarizer(CachedEmbedder(load_embedder()))
    rows: dict[tuple[str, str], Row] = {}
    for event in events:
        articles = event_articles(event)
        replay(summarizer, articles, rows.setdefault((event["source"], "ours"), Row()))
        with old_keep_rule(DEFAULT_STORY_WEIGHTS.distinct):
            replay(summarizer, articles, rows.setdefault((event["source"], "rule before"), Row()))
    print(
        "| source | rule | events | revisions | points that could be lost | lost unannounced |"
        " events losing one | withdrawn (told) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for (source, rule), r in sorted(rows.items()):
        share = 100 * r.lost / max(r.points, 1)
        print(
            f"| {source} | {rule} | {r.events} | {r.revisions} | {r.points} |"
            f" {r.lost} ({share:.1f} %) | {r.lost_events} | {r.withdrawn} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
