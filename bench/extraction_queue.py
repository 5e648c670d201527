"""How long a /summary page waits for the extraction worker behind ingestion's queued pages:
in arrival order (before: the worker's turns went first come, first served) and with the
user's page first (now, bot.ingest.turns), side by side in the same run, on the same worker.

    .venv/bin/python bench/extraction_queue.py ../shared/data/extraction

N ingestion pages are handed to the worker at once (the first starts, the others queue), then
a /summary page arrives: its time from arrival to its article is the user's wait, and the
pages read before it say where it stood. "Before" sends it at ingestion's priority, which
orders it exactly as the old semaphore did. Ingestion pages are the benchmark's real pages
(each run the next N of them) or the bloated 2.8 MB page of bench/extraction_stall.py; the
/summary page is the real page of median size. The ways alternate, so neither always runs on
warmer caches. A poll queues at most one page per feed it reads at once (4), and each may take
up to the timeout: then the wait is N pages' timeouts in arrival order, one at most now.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

from bot.ingest.extractor import PageExtractor
from bot.ingest.turns import Priority

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.extraction_stall import synthetic_page  # noqa: E402

Page = tuple[bytes, str]
"""(body bytes, Content-Type header)"""
WAYS = {"arrival order (before)": Priority.BACKGROUND, "summary first (now)": Priority.INTERACTIVE}


async def summary_behind(
    extractor: PageExtractor, queued: list[Page], summary: Page, priority: Priority
) -> tuple[float, int]:
    """(the summary page's seconds from arrival to its article, ingestion pages read before
    it) with `queued` handed to the worker just before it."""
    read = 0

    async def ingest(body: bytes, content_type: str) -> None:
        nonlocal read
        await extractor.extract_body(body, content_type, "https://feed.example/a")
        read += 1

    poll = [asyncio.create_task(ingest(*page)) for page in queued]
    await asyncio.sleep(0)  # the first is under way, the others wait their turn
    started = time.perf_counter()
    await extractor.extract_body(*summary, "https://user.example/a", priority=priority)
    waited, before = time.perf_counter() - started, read
    await asyncio.gather(*poll)
    return waited, before


async def run(args: argparse.Namespace) -> int:
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    real: list[Page] = [
        (gzip.decompress((args.data / "html" / f"{key}.html.gz").read_bytes()), "text/html")
        for key in sorted(truth)
    ]
    summary = sorted(real, key=lambda page: len(page[0]))[len(real) // 2]
    bloated = synthetic_page(3.0).encode()  # 2.8 MB, as in bench/extraction_stall.py
    kinds = {
        "real pages": itertools.cycle(real),
        f"bloated {len(bloated) / 1e6:.1f} MB": itertools.repeat((bloated, "text/html")),
    }
    results: dict[tuple[str, int, str], list[tuple[float, int]]] = {}
    async with PageExtractor(timeout=args.timeout) as extractor:
        alone = [(await summary_behind(extractor, [], summary, Priority.BACKGROUND))[0]
                 for _ in range(3)]  # fmt: skip
        for run_index in range(args.runs):
            for kind, pages in kinds.items():
                for n in args.queued:
                    queued = list(itertools.islice(pages, n))
                    ways = list(WAYS.items())
                    if run_index % 2:
                        ways.reverse()
                    for way, priority in ways:
                        measured = await summary_behind(extractor, queued, summary, priority)
                        results.setdefault((kind, n, way), []).append(measured)
    print(
        f"/summary page {len(summary[0]) / 1000:.0f} kB (alone: {1000 * min(alone):.0f} ms); "
        f"{args.runs} runs each; worker timeout {args.timeout:g} s\n"
    )
    print("| ingestion pages queued first | way                    | wait p50 ms | wait max ms "
          "| pages read before it |")  # fmt: skip
    print("|------------------------------|------------------------|-------------|-------------"
          "|----------------------|")  # fmt: skip
    for (kind, n, way), rows in results.items():
        waits = [1000 * w for w, _ in rows]
        before = sorted({b for _, b in rows})
        print(
            f"| {f'{n} x {kind}':<28} | {way:<22} | {statistics.median(waits):11.0f} "
            f"| {max(waits):11.0f} | {', '.join(map(str, before)):<20} |"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="folder with ground-truth.json and html/")
    parser.add_argument("--queued", type=int, nargs="+", default=[1, 3, 12])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0, help="the worker's, per page")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
