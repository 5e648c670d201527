"""Points that say "He added ..." or "По его словам, ..." with their speaker left behind in the
article, or "X denied the allegations" with the allegations left behind: now (the sentence
before comes with them) beside the rule before, in one run.

    .venv/bin/python bench/speaker_bench.py ../shared/data/stories/clusters_dev.jsonl \\
        ../shared/data/stories/pairs_dev.jsonl [--show 10]

Reads articles from clusters-shaped lines (`text`, `title`, `lang`), pairs-shaped lines (`a`
and `b`) or multidoc-shaped lines (`articles`), each distinct text once, and summarizes each
one as `/summary` does (3 points, `ExtractiveSummarizer`) and as the first push of a story of
that one report (`StorySummarizer`, 3 points). A point "names nobody" when it opens with a pronoun
for a person (`antecedents.names_nobody`); its speaker is unseen when the point shown before
it is not the text right before it in the article; likewise a point denying a claim it does
not state (`antecedents.answers_unnamed`) and its claim. Also counted: the Ukrainian and Russian
back-references ("Об этом сообщил X.") joined to the sentence after them, in both rows (a
sentence of its own, never a point, before). The files carry no labels; `--show` prints the
points that changed for a person to read.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from summarizer import Article, StoryArticle, StorySummarizer, load_embedder
from summarizer.antecedents import answers_unnamed, names_nobody, names_the_speaker
from summarizer.core import KeyPoint
from summarizer.embedder import CachedEmbedder
from summarizer.extractive import ExtractiveSummarizer, Weights
from summarizer.hollow import points_back
from summarizer.text import split_document

_FIRST_SENTENCE = re.compile(r"^(.+?[.!])\s+(.+)$", re.DOTALL)


def articles(paths: Sequence[Path]) -> Iterator[tuple[str, str, str]]:
    """(language, title, text) of each distinct article in the files."""
    seen: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row: dict[str, Any] = json.loads(line)
            lang = str(row.get("lang", "en"))
            found = [row] if "text" in row else [row[k] for k in ("a", "b") if k in row]
            found += row.get("articles", [])
            for item in found:
                text = str(item.get("text", ""))
                if text.strip() and text not in seen:
                    seen.add(text)
                    yield lang, str(item.get("title", "")), text


def unseen_before(
    text: str, points: Sequence[KeyPoint], needs: Callable[[str], bool] = names_nobody
) -> list[str]:
    """The points that `needs` the sentence before them (naming nobody, by default) whose
    previous point is not the text right before them."""
    found = []
    for n, point in enumerate(points):
        if not needs(point.text):
            continue
        start = text.find(point.evidence[0]) if point.evidence else -1
        before = points[n - 1].evidence[-1] if n and points[n - 1].evidence else None
        end = text.find(before) + len(before) if before and before in text else -1
        if start < 0 or end < 0 or text[end:start].strip():
            found.append(point.text)
    return found


def joined(text: str) -> int:
    """Sentences of the article that are a back-reference and the pronoun sentence after it."""
    count = 0
    for sentence in split_document(text).sentences:
        parts = _FIRST_SENTENCE.match(sentence.text)
        if parts and points_back(parts[1]) and names_the_speaker(parts[1], parts[2]):
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    embedder = CachedEmbedder(load_embedder(), capacity=10**6)
    rules = {"before": Weights(speaker_first=False), "now": Weights()}
    counts: Counter[tuple[str, str, str, str]] = Counter()
    joins: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    changed: list[str] = []
    for lang, title, text in articles(args.files):
        languages[lang] += 1
        joins[lang] += joined(text)
        for mode in ("summary", "push"):
            shown: dict[str, tuple[KeyPoint, ...]] = {}
            for rule, weights in rules.items():
                try:
                    if mode == "summary":
                        summary = ExtractiveSummarizer(embedder, weights=weights).summarize(
                            Article(text=text, title=title)
                        )
                    else:
                        summary = StorySummarizer(embedder, weights=weights).summarize(
                            [StoryArticle(text=text, title=title)]
                        )
                except ValueError:  # nothing to summarize
                    break
                shown[rule] = summary.key_points
                counts[(lang, mode, rule, "points")] += len(summary.key_points)
                counts[(lang, mode, rule, "nobody")] += sum(
                    names_nobody(p.text) for p in summary.key_points
                )
                counts[(lang, mode, rule, "unseen")] += len(
                    unseen_before(text, summary.key_points)
                )
                counts[(lang, mode, rule, "denials")] += sum(
                    answers_unnamed(p.text) for p in summary.key_points
                )
                counts[(lang, mode, rule, "claim unseen")] += len(
                    unseen_before(text, summary.key_points, answers_unnamed)
                )
            if len(shown) == 2 and shown["before"] != shown["now"]:
                counts[(lang, mode, "now", "changed")] += 1
                if len(changed) < args.show:
                    before = "\n".join(f"    - {p.text[:150]}" for p in shown["before"])
                    now = "\n".join(f"    + {p.text[:150]}" for p in shown["now"])
                    changed.append(f"[{lang} {mode}]\n{before}\n{now}")
    print(
        f"{'lang':5} {'output':8} {'rule':7} {'articles':>8} {'points':>7} {'names nobody':>12} "
        f"{'speaker unseen':>14} {'denials':>7} {'claim unseen':>12} {'changed':>8} {'joined':>7}"
    )
    for lang in sorted(languages):
        for mode in ("summary", "push"):
            for rule in rules:
                print(
                    f"{lang:5} {mode:8} {rule:7} {languages[lang]:8} "
                    f"{counts[(lang, mode, rule, 'points')]:7} "
                    f"{counts[(lang, mode, rule, 'nobody')]:12} "
                    f"{counts[(lang, mode, rule, 'unseen')]:14} "
                    f"{counts[(lang, mode, rule, 'denials')]:7} "
                    f"{counts[(lang, mode, rule, 'claim unseen')]:12} "
                    f"{counts[(lang, mode, rule, 'changed')] if rule == 'now' else '':>8} "
                    f"{joins[lang]:7}"
                )
    for block in changed:
        print(block)


if __name__ == "__main__":
    main()
