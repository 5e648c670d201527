"""What the word-cue gate lets through when a talks word that only dates an attack does not count.

    .venv/bin/python bench/cue_gate_bench.py ../shared/data/topic_train.jsonl \\
        ../shared/data/topic_dev.jsonl ../shared/data/stories/clusters_dev.jsonl \\
        ../shared/data/stories/pairs_dev.jsonl ../shared/data/stories/multidoc_dev.jsonl

The gate decides whether the word-cue model (Ukrainian and Russian reports, and reports in two
scripts) scores an article at all. Before, any talks word passed it beside war or peace
vocabulary, so "Российские дроны атаковали Одессу после переговоров в Стамбуле" was scored (0.89
against a bar of 0.30) and kept. Now a talks word a few words after "after", "после", "перед",
... does not count when its sentence or the headline tells of an attack (`features.names_talks`).
Printed per file: articles the gate passed before and now, by label where the file has one
(the labelled topic files are judged in English words, as `bench/topic_bench.py` judges the cue
model; the story files in both scripts, as the bot does), then the titles whose verdict
changed, for a person to judge. Nothing is tuned here.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from story_eval import file_articles

from bot.ingest.cluster import cluster_text
from bot.ingest.lexicons import ENGLISH, MIXED, Lexicon
from bot.ingest.relevance import cue_model_gate
from bot.ingest.sides import names_both_sides
from bot.ingest.topic import Topic, load_topic
from config import CONFIG_DIR


def gate_before(topic: Topic, title: str, text: str, lexicon: Lexicon) -> bool:
    """The gate as it was: a cease-fire word, or any talks word with war or peace vocabulary,
    or a talks word in the lead beside both sides of a followed war."""
    full = f"{title}\n{text}"
    if lexicon.ceasefire.search(full):
        return True
    if lexicon.talks.search(full) and lexicon.war_or_peace.search(full):
        return True
    lead = cluster_text(title, text)
    sides = any(names_both_sides(conflict, lead) for conflict in topic.conflicts)
    return bool(lexicon.talks.search(lead)) and sides


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    topic = load_topic(CONFIG_DIR / "topic.toml")
    print("| file | label | articles | gate passed before | now |")
    print("|---|---|---|---|---|")
    changed: list[str] = []
    for path in args.files:
        lexicon = ENGLISH if path.name.startswith("topic_") else MIXED
        totals: Counter[str] = Counter()
        before: Counter[str] = Counter()
        now: Counter[str] = Counter()
        for label, _, title, text in file_articles([path]):
            old, new = (
                gate_before(topic, title, text, lexicon),
                cue_model_gate(topic, title, text, lexicon),
            )
            totals[label] += 1
            before[label] += old
            now[label] += new
            if old != new:
                changed.append(f"{path.name} [{label}] {'passed' if old else 'stopped'}: {title}")
        for label in sorted(totals):
            print(f"| {path.name} | {label} | {totals[label]} | {before[label]} | {now[label]} |")
    print(f"\nverdicts changed: {len(changed)}")
    for line in changed:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
