"""What relevance keeps of unlabelled Ukrainian and Russian news, beside the English path.

    .venv/bin/python bench/cyrillic_relevance.py ../shared/data/stories/clusters_dev.jsonl \\
        ../shared/data/stories/pairs_dev.jsonl

Reads articles from clusters-shaped files (one article a line: title, text) and pairs-shaped
ones (`a` and `b` articles a line), keeps the Cyrillic ones (once each, by id) and prints how
many the word-cue model's gate passes and keeps, beside what the English encoder and model did
with the same text before (the baseline), then the titles of the kept ones for a person to
judge: these files carry no relevance labels.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from story_eval import file_articles

from bot.ingest.relevance import TopicVectors, embed_topic, score_article
from bot.ingest.topic import load_topic
from config import CONFIG_DIR
from summarizer.text import detect_language


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, nargs="+")
    args = parser.parse_args()
    from summarizer import load_embedder

    embedder = load_embedder()
    topic = load_topic(CONFIG_DIR / "topic.toml")
    vectors = embed_topic(embedder, topic)
    english = TopicVectors(vectors.description, vectors.negatives, vectors.model, cues=None)
    rows = [
        (title, text)
        for _, _, title, text in file_articles(args.data)
        if detect_language(f"{title}\n{text}") != "en"
    ]
    counts = {"english model (before)": [0, 0], "word cues (now)": [0, 0]}
    kept_titles = []
    for title, text in rows:
        for name, judge in (("english model (before)", english), ("word cues (now)", vectors)):
            verdict = score_article(embedder, topic, judge, title, text)
            counts[name][0] += verdict.score is not None
            counts[name][1] += verdict.keep()
            if name == "word cues (now)" and verdict.keep():
                kept_titles.append(f"{verdict.score:.2f} {title[:100]}")
    print(f"{len(rows)} Cyrillic articles\n")
    print("| method                  | scored (passed the gate) | kept |")
    print("|-------------------------|--------------------------|------|")
    for name, (scored, kept) in counts.items():
        print(f"| {name:<23} | {scored:>24} | {kept:>4} |")
    print("\nkept by the word cues (score, title):")
    print("\n".join(kept_titles) or "(none)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
