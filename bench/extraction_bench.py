"""Full-text extraction vs hand-checked article bodies: token F1 and time per page.

    .venv/bin/python bench/extraction_bench.py ../shared/data/extraction

Compares our trafilatura settings (bot.ingest.extract) with trafilatura's defaults and a naive
text-of-<p> extractor, on the same pages in the same run. Token F1 is the ScrapingHub
benchmark's: bag of lower-cased word tokens, precision and recall against the ground truth.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
import lxml.html
import trafilatura

from bot.ingest.extract import extract_text
from bot.net import FetchResult


def tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def f1(predicted: str, truth: str) -> tuple[float, float, float]:
    got, want = tokens(predicted), tokens(truth)
    if not got or not want:
        return 0.0, 0.0, float(not got and not want)
    common = sum((got & want).values())
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return precision, recall, (2 * precision * recall / (precision + recall) if common else 0.0)


def naive_paragraphs(page: str, url: str) -> str:
    tree = lxml.html.fromstring(page or "<html/>")
    return "\n".join(p.text_content().strip() for p in tree.iter("p"))


def trafilatura_defaults(page: str, url: str) -> str:
    return str(trafilatura.extract(page, url=url) or "")


METHODS: dict[str, Callable[[str, str], str]] = {
    "ours (bot.ingest.extract)": extract_text,
    "trafilatura defaults": trafilatura_defaults,
    "naive text of <p>": naive_paragraphs,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="folder with ground-truth.json and html/")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = parser.parse_args()
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    items = sorted(truth.items())[: args.limit or None]
    results: dict[str, list[tuple[float, float, float, float]]] = {m: [] for m in METHODS}
    for key, expected in items:
        raw = gzip.decompress((args.data / "html" / f"{key}.html.gz").read_bytes())
        page = FetchResult(expected["url"], 200, httpx.Headers(), raw).text()
        for name, method in METHODS.items():
            started = time.perf_counter()
            text = method(page, expected["url"])
            elapsed = time.perf_counter() - started
            results[name].append((*f1(text, expected["articleBody"]), elapsed))
    print(f"{len(items)} pages\n")
    print("| method                    | precision | recall | F1 (mean) | F1 (median) | p50 ms |")
    print("|---------------------------|-----------|--------|-----------|-------------|--------|")
    for name, rows in results.items():
        p, r, f, t = zip(*rows, strict=True)
        print(
            f"| {name:<25} | {statistics.mean(p):9.3f} | {statistics.mean(r):6.3f} "
            f"| {statistics.mean(f):9.3f} | {statistics.median(f):11.3f} "
            f"| {1000 * statistics.median(t):6.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
