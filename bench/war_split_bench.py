"""How often keeping other wars' reports apart would split one event, beside tags alone.

    .venv/bin/python bench/war_split_bench.py ../shared/data/stories/clusters_dev.jsonl \\
        ../shared/data/stories/multidoc_dev.jsonl

Story placement never lets a report join a story when both name followed wars by those wars'
own terms and share none (`bot.ingest.cluster.other_wars` over `conflicts.named_wars`). A wrong
split sends the same development twice, so the rule must almost never fire on two reports of
one event. For every pair of articles in each file (clustering-shaped lines with `event`, or
multi-document lines whose `articles` are one event), the rule is checked with the default
topic file: same-event pairs kept apart (wrong) and other pairs kept apart (right, though the
text alone already keeps most of them apart). Beside it, the same rule over the reports' tags
(`tag_conflicts`, which also keep a war named only by a shared name such as "Russia"): the
stricter variant not shipped. No threshold here was fitted to these files.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

from story_eval import article_rows

from bot.ingest.cluster import other_wars
from bot.ingest.conflicts import conflict_weights, named_wars, tag_conflicts
from bot.ingest.topic import OTHER, Topic, load_topic

Rule = Callable[[Topic, str, str], frozenset[str]]
RULES: dict[str, Rule] = {
    "wars named by their own terms (shipped)": lambda topic, title, text: named_wars(
        conflict_weights(topic, [(title, text)])
    ),
    "tags (shared names too)": lambda topic, title, text: (
        frozenset(tag_conflicts(topic, title, text)) - {OTHER}
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--topic", type=Path, default=Path("config/topic.toml"))
    args = parser.parse_args(argv)
    topic = load_topic(args.topic)
    print("| file | rule | same-event pairs kept apart | other pairs kept apart |")
    print("|---|---|---|---|")
    for path in args.files:
        articles = article_rows(path)
        for name, rule in RULES.items():
            wars = [rule(topic, title, text) for _, title, text in articles]
            same = same_apart = other = other_apart = 0
            for i, j in itertools.combinations(range(len(articles)), 2):
                apart = other_wars(wars[i], wars[j])
                if articles[i][0] == articles[j][0]:
                    same, same_apart = same + 1, same_apart + apart
                else:
                    other, other_apart = other + 1, other_apart + apart
            print(f"| {path.name} | {name} | {same_apart} of {same} | {other_apart} of {other} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
