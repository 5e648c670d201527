"""What the story benches share, so their figures stay comparable: the events they read, the
tune/held-out split, the articles ours is given, and how an output is cut and scored.

Events are lines of a multidoc_dev.jsonl-shaped file (id, source, articles, summary). Scores
are rouge-score's ROUGE-1/2/Lsum F1 with stemming, rougeLsum one sentence per line.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import sys
from collections.abc import Iterator, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

from summarizer import StoryArticle
from summarizer.story import DEFAULT_STORY_WEIGHTS

__all__ = [
    "article_rows",
    "cut_to_words",
    "event_articles",
    "half_of",
    "load_events",
    "make_scorer",
    "mean_x100",
    "reference_lines",
    "restating",
    "rouge",
]


def load_events(path: Path) -> list[dict[str, Any]]:
    """The events that can be scored: one with no articles or no summary is skipped, said on
    stderr, so a broken line is seen rather than silently counted as a zero. An event with no
    `source` is counted under "unknown", one with no `id` is named by its line."""
    events = []
    for n, line in enumerate(path.open(encoding="utf-8"), 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as error:
            raise SystemExit(f"{path}:{n}: not JSON ({error})") from error
        if not event.get("articles") or not event.get("summary"):
            print(f"{path}:{n}: skipped (no articles or no summary)", file=sys.stderr)
            continue
        if not event.get("id"):
            event["id"] = f"{path.name}:{n}"
            print(f"{path}:{n}: no id, named {event['id']} (its half follows)", file=sys.stderr)
        event.setdefault("source", "unknown")
        events.append(event)
    return events


def article_rows(path: Path) -> list[tuple[str, str, str]]:
    """(event, title, text) of every article of a file of either shape: multi-document lines
    (`id`, `articles`: one event each) or clustering lines (`event`, `title`, `text`), for the
    benches that judge pairs of reports of one event on both files."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    if rows and "articles" in rows[0]:
        return [
            (str(r["id"]), a.get("title") or "", a.get("text") or "")
            for r in rows
            for a in r["articles"]
        ]
    return [(str(r["event"]), r.get("title") or "", r.get("text") or "") for r in rows]


def file_articles(paths: Sequence[Path]) -> Iterator[tuple[str, str, str, str]]:
    """(label or "-", key, title, text) of every article in topic-, clusters-, pairs- or
    multidoc-shaped files, each once across them (by id, else URL, else title)."""
    seen: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            items = (row.get("a"), row.get("b")) if "a" in row else row.get("articles") or (row,)
            for item in items:
                if not isinstance(item, dict):
                    continue
                key = str(item.get("id") or item.get("url") or item.get("title"))
                if key in seen:
                    continue
                seen.add(key)
                label = str(row.get("label", "-"))
                yield label, key, item.get("title") or "", item.get("text") or ""


def half_of(event_id: str) -> str:
    """The event's half, "tune" or "held-out", by a hash of its id: the same in every bench and
    every run, whatever the file's order or --limit."""
    digest = hashlib.sha256(event_id.encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "held-out"


def event_articles(event: dict[str, Any]) -> list[StoryArticle]:
    """The event's articles as the story summarizer takes them; empty texts are left out, and an
    article with no outlet is named by its position so credits stay distinct."""
    return [
        StoryArticle(
            text=a.get("text", ""),
            title=a.get("title", "") or "",
            outlet=a.get("outlet") or f"article {n}",
            url=a.get("url", "") or "",
        )
        for n, a in enumerate(event["articles"], 1)
        if (a.get("text") or "").strip()
    ]


def cut_to_words(points: list[str], words: int) -> list[str]:
    """Keep points in order until `words` words, cutting the last one mid-sentence: every method
    gets the same length, so ROUGE compares content rather than how much was said."""
    out: list[str] = []
    left = words
    for point in points:
        if left <= 0:
            break
        tokens = point.split()
        out.append(" ".join(tokens[:left]))
        left -= len(tokens)
    return out


def make_scorer() -> Any:
    """ROUGE-1/2/Lsum with stemming; imported here so importing this module stays cheap."""
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)


def reference_lines(summary: str) -> str:
    """One sentence per line for rougeLsum (pysbd, as the articles are split)."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return "\n".join(s.strip() for s in segmenter.segment(summary) if s.strip())


def rouge(scorer: Any, points: list[str], reference: str) -> tuple[float, float, float]:
    """R1, R2 and RLsum F1 of the points, one per line, against the reference's lines."""
    scores = scorer.score(reference, "\n".join(points))
    return (scores["rouge1"].fmeasure, scores["rouge2"].fmeasure, scores["rougeLsum"].fmeasure)


def mean_x100(values: list[float]) -> float:
    """The mean as the tables print it (x100); 0 for no values, so an empty row still prints."""
    return 100.0 * statistics.fmean(values) if values else 0.0


def restating(points: list[str], embedder: Any) -> bool:
    """Two of the points say one thing, as closely as an outlet credited with a point does
    (`StoryWeights.same`), whatever else they say: one fact told twice to a reader."""
    if len(points) < 2:
        return False
    vectors = embedder.embed(points)
    pairs = combinations(range(len(points)), 2)
    return any(float(vectors[i] @ vectors[j]) >= DEFAULT_STORY_WEIGHTS.same for i, j in pairs)
