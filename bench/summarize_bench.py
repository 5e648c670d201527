"""Measure the summarizer against Lead-3 and LexRank on stories with human references.

    python bench/summarize_bench.py ../shared/data/summaries_dev.jsonl [--limit N] [--grid]

Every method gets the same budget (3 sentences / key points by default), so ROUGE compares
content, not length. ROUGE is Google's rouge-score with stemming; rougeLsum gets one sentence
per line. Characters per summary are printed too: a method can buy ROUGE recall with longer
sentences, so compare it with Lead-3's. `--grid` searches the extractive weights on the same file
(dev tuning) and estimates how the tuned weights do on stories they were not tuned on.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_eval import make_scorer, mean_x100  # noqa: E402

from summarizer import Article, load_embedder  # noqa: E402
from summarizer.core import SummarizerConfig  # noqa: E402
from summarizer.extractive import (  # noqa: E402
    DEFAULT_WEIGHTS,
    Prepared,
    Weights,
    prepare,
    score_sentences,
    select,
)
from summarizer.factory import build_summarizer  # noqa: E402
from summarizer.shorten import shorten  # noqa: E402
from summarizer.text import split_document  # noqa: E402


@dataclass
class Row:
    name: str
    r1: list[float]
    r2: list[float]
    rl: list[float]
    grounded: int
    points: int
    seconds: list[float]
    chars: list[int]
    point_chars: list[int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="JSONL with id, article, reference")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--points", type=int, default=3, help="budget for every method")
    parser.add_argument("--grid", action="store_true", help="search extractive weights")
    parser.add_argument(
        "--threads", type=int, default=1, help="torch threads (1 is fastest on a busy 2-core box)"
    )
    parser.add_argument(
        "--backend", default="extractive", choices=["extractive", "seq2seq", "llm"]
    )
    parser.add_argument("--model", default=None, help="model for seq2seq/llm")
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    stories = [json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip()]
    stories = stories[: args.limit] if args.limit else stories
    scorer = make_scorer()
    embedder = load_embedder()

    if args.grid:
        _grid(stories, embedder, scorer, args.points)
        return 0

    summarizer = build_summarizer(
        SummarizerConfig(backend=args.backend, model=args.model, max_points=args.points), embedder
    )
    summarizer.summarize(Article(text=stories[0]["article"]))  # warm-up, not timed

    def ours(article: str) -> list[tuple[str, tuple[str, ...]]]:
        summary = summarizer.summarize(Article(text=article), max_points=args.points)
        return [(p.text, p.evidence) for p in summary.key_points]

    rows = [
        _run("ours (" + args.backend + ")", stories, ours, scorer),
        _run("Lead-3", stories, lambda a: _lead(a, args.points), scorer),
        _run(
            "Lead-3 after our cleaning", stories, lambda a: _lead_cleaned(a, args.points), scorer
        ),
        _run("LexRank (sumy)", stories, _lexrank(args.points), scorer),
    ]
    _print_table(rows, len(stories), args.points)
    return 0


def _run(
    name: str,
    stories: Iterable[dict[str, str]],
    method: Callable[[str], list[tuple[str, tuple[str, ...]]]],
    scorer: object,
) -> Row:
    row = Row(name, [], [], [], 0, 0, [], [], [])
    for story in stories:
        article = story["article"]
        start = time.perf_counter()
        points = method(article)
        row.seconds.append(time.perf_counter() - start)
        r1, r2, rl = _rouge(scorer, [text for text, _ in points], story["reference"])
        row.r1.append(r1)
        row.r2.append(r2)
        row.rl.append(rl)
        row.points += len(points)
        row.chars.append(sum(len(text) for text, _ in points))
        row.point_chars.extend(len(text) for text, _ in points)
        row.grounded += sum(
            1 for _, evidence in points if evidence and all(e in article for e in evidence)
        )
    return row


def _print_table(rows: list[Row], stories: int, points: int) -> None:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nTable: {stories} stories, every method limited to {points} sentences/points; "
        "ROUGE F1 x100 vs the human highlights (rouge-score, stemming, rougeLsum one sentence "
        "per line); grounded = points whose evidence is verbatim in the article.\n"
    )
    print(
        "| method | R1 | R2 | RLsum | points/article | chars/summary | chars/point | max point "
        "| grounded % | s/article p50 | p95 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        seconds = sorted(row.seconds)
        p95 = seconds[min(len(seconds) - 1, int(round(0.95 * (len(seconds) - 1))))]
        grounded = 100.0 * row.grounded / row.points if row.points else 0.0
        print(
            f"| {row.name} | {mean_x100(row.r1):.2f} | {mean_x100(row.r2):.2f} "
            f"| {mean_x100(row.rl):.2f} "
            f"| {row.points / max(1, len(row.r1)):.2f} | {statistics.fmean(row.chars):.0f} "
            f"| {statistics.fmean(row.point_chars or [0]):.0f} | {max(row.point_chars or [0])} "
            f"| {grounded:.1f} "
            f"| {statistics.median(seconds):.3f} | {p95:.3f} |"
        )
    print(f"\nPeak RSS: {peak_mb:.0f} MB (whole process: model, sumy, rouge-score)")


def _reference_lines(reference: str) -> str:
    """The highlights come tokenized, sentences joined by ' . ': one per line for rougeLsum."""
    parts = [p.strip() for p in re.split(r"(?<=\s\.)\s+", reference) if p.strip()]
    return "\n".join(parts)


def _rouge(scorer: object, points: list[str], reference: str) -> tuple[float, float, float]:
    scores = scorer.score(_reference_lines(reference), "\n".join(points))  # type: ignore[attr-defined]
    return (
        scores["rouge1"].fmeasure,
        scores["rouge2"].fmeasure,
        scores["rougeLsum"].fmeasure,
    )


def _lead(article: str, count: int) -> list[tuple[str, tuple[str, ...]]]:
    """The classic baseline: the first sentences exactly as pysbd splits the raw article."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    sentences: list[str] = [str(s).strip() for s in segmenter.segment(article)]
    points: list[tuple[str, tuple[str, ...]]] = [(s, (s,)) for s in sentences if s]
    return points[:count]


def _lead_cleaned(article: str, count: int) -> list[tuple[str, tuple[str, ...]]]:
    """Lead-3 after our cleaning (captions, bylines, datelines dropped): shows what cleaning
    alone is worth, apart from the sentence scoring."""
    sentences = split_document(article).sentences[:count]
    return [(s.text, (s.source,)) for s in sentences]


def _lexrank(count: int) -> Callable[[str], list[tuple[str, tuple[str, ...]]]]:
    from lexrank_baseline import lexrank
    from sumy.parsers.plaintext import PlaintextParser

    summarizer, tokenizer = lexrank()

    def run(article: str) -> list[tuple[str, tuple[str, ...]]]:
        document = PlaintextParser.from_string(article, tokenizer).document
        return [(str(s), (str(s),)) for s in summarizer(document, count)]

    return run


def _grid(stories: list[dict[str, str]], embedder: object, scorer: object, count: int) -> None:
    """Search the extractive weights on already-embedded stories; print the best settings.

    Tuning and measuring on the same 100 stories flatters the result, so a 2-fold estimate
    (tune on odd stories, score the even ones, and back) is printed too, and the same over
    10 random half splits (steadier: one split of 50 stories moves it by a few tenths).
    Lead-3 after our cleaning has nothing to tune, so its figure is the one to compare with.
    """
    prepared: list[Prepared] = [
        prepare(Article(text=s["article"]), embedder)  # type: ignore[arg-type]
        for s in stories
    ]
    refs = [s["reference"] for s in stories]
    cache: dict[tuple[int, tuple[int, ...]], tuple[float, float, float]] = {}

    def per_story(weights: Weights) -> list[tuple[float, float, float]]:
        out = []
        for n, (item, ref) in enumerate(zip(prepared, refs, strict=True)):
            picked = tuple(select(item, score_sentences(item, weights), count, weights))
            if (n, picked) not in cache:
                texts = [shorten(item.candidates[i].text) for i in sorted(picked)]
                cache[n, picked] = _rouge(scorer, texts, ref)
            out.append(cache[n, picked])
        return out

    def mean(rows: list[tuple[float, float, float]], idx: list[int]) -> tuple[float, ...]:
        return tuple(100 * statistics.fmean(rows[i][k] for i in idx) for k in range(3))

    everyone = list(range(len(stories)))
    grid = {
        "position_decay": [2.0, 3.0, 4.0, 6.0],
        "centroid": [0.0, 0.3, 0.6, 1.0],
        "too_long": [0.0, 0.3, 0.6],
        "dangling": [0.0, 0.15, 0.3],
        "mmr_lambda": [0.6, 0.8, 1.0],
    }
    results = []
    for values in itertools.product(*grid.values()):
        weights = replace(DEFAULT_WEIGHTS, **dict(zip(grid, values, strict=True)))
        results.append((per_story(weights), weights))
    base = mean(per_story(DEFAULT_WEIGHTS), everyone)
    print(f"defaults: R1 {base[0]:.2f} R2 {base[1]:.2f} RLsum {base[2]:.2f}  {DEFAULT_WEIGHTS}")
    ranked = sorted(results, key=lambda r: sum(mean(r[0], everyone)[:2]), reverse=True)
    for rows, weights in ranked[:8]:
        r1, r2, rl = mean(rows, everyone)
        print(f"R1 {r1:.2f} R2 {r2:.2f} RLsum {rl:.2f}  {weights}")
    lead = [
        _rouge(scorer, [s.text for s in item.candidates[:count]], ref)
        for item, ref in zip(prepared, refs, strict=True)
    ]
    r1, r2, rl = mean(lead, everyone)
    print(f"Lead-{count} after our cleaning: R1 {r1:.2f} R2 {r2:.2f} RLsum {rl:.2f}")

    def held_out(halves: list[list[int]]) -> list[float]:
        scored: list[tuple[float, ...]] = []
        for half in halves:
            other = [i for i in everyone if i not in set(half)]
            for train, test in ((half, other), (other, half)):
                rows, _ = max(results, key=lambda r: sum(mean(r[0], train)[:2]))
                scored.append(mean(rows, test))
        return [statistics.fmean(fold[k] for fold in scored) for k in range(3)]

    est = held_out([everyone[0::2]])
    print(f"2-fold held-out estimate: R1 {est[0]:.2f} R2 {est[1]:.2f} RLsum {est[2]:.2f}")
    rng = random.Random(0)
    est = held_out([rng.sample(everyone, len(everyone) // 2) for _ in range(10)])
    print(f"2-fold held-out, 10 random splits: R1 {est[0]:.2f} R2 {est[1]:.2f} RLsum {est[2]:.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
