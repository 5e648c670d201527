"""How long reading a page stalls the event loop: extraction in a thread (the first way), in a
worker process after decoding the body on the loop (before), and with the body's bytes decoded
in the worker too (now, bot.ingest.extractor), side by side in the same run.

    .venv/bin/python bench/extraction_stall.py ../shared/data/extraction

A 5 ms ticker runs on the loop while each page is read from its bytes; a page's "loop lag" is
the worst delay of a tick past its due time (what a chat answer or a send would have waited).
Pages are the benchmark's real ones (their bytes, no Content-Type charset: declared in the page
or detected) plus synthetic multi-megabyte pages built here: one in UTF-8, one in
windows-1251 that declares no charset (so charset detection runs), and one that trafilatura
chokes on; each is read every way, in alternating order. The worker process is checked for
torch and its memory measured, fresh and after the pages (before the pathological page, whose
timeout kills it). A process time after a timeout includes starting the next worker.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import multiprocessing
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.ingest.extract import extract_page
from bot.ingest.extractor import ExtractionFailed, PageExtractor
from summarizer.charset import decode_body

TICK = 0.005
Read = Callable[[bytes, str, str], Awaitable[tuple[str, str]]]
"""(body bytes, Content-Type header, url) -> (text, title)"""


def _article(paragraphs: int) -> str:
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(1500))
    body = "".join(
        f"<p>Paragraph {i}: negotiators met again on day {i} of the talks and said the cease-fire "
        f"held along most of the line, while observers counted {i % 17} violations.</p>"
        for i in range(paragraphs)
    )
    return f"<nav><ul>{nav}</ul></nav><article><h1>Talks resume</h1>{body}</article>"


def synthetic_page(megabytes: float) -> str:
    """A bloated news page as many are: menus, a long article and the site's state as a
    multi-megabyte inline script."""
    state = json.dumps({"items": [{"id": i, "headline": f"Item {i}"} for i in range(100_000)]})
    state = state[: max(0, int(megabytes * 1_000_000) - 300_000)]
    return (
        f"<html><head><title>Talks</title><script>window.__STATE__ = {state}</script></head>"
        f"<body>{_article(400)}</body></html>"
    )


def undeclared_cyrillic_page(megabytes: float) -> bytes:
    """A Russian article in windows-1251 with no charset in the page or its header, as old
    regional sites serve them: the reader must guess, and guessing is the slow part."""
    news = (
        "Переговоры о прекращении огня возобновились в Женеве; делегации обсудили обмен "
        "пленными, линию разграничения и наблюдателей."
    )
    words = news.split()
    paragraphs = []
    size, i = 0, 0
    while size < megabytes * 1_000_000:
        sentence = " ".join(words[(i + k) % len(words)] for k in range(40))
        paragraph = f"<p>{i}. {sentence.capitalize()}, заявили {i % 23} источника.</p>"
        paragraphs.append(paragraph)
        size, i = size + len(paragraph), i + 1
    page = (
        "<html><head><title>Переговоры</title></head><body><article><h1>Переговоры</h1>"
        f"{''.join(paragraphs)}</article></body></html>"
    )
    return page.encode("cp1251")


def pathological_page(megabytes: float) -> str:
    """Thousands of nested comment blocks: trafilatura's time grows with their square."""
    parts = [f"<html><head><title>Talks</title></head><body>{_article(400)}<section>"]
    size, i = len(parts[0]), 0
    while size < megabytes * 1_000_000:
        chunk = (
            f"<div class='comment'><div class='meta'><span>user{i}</span><time>{i}</time></div>"
            f"<div class='text'><p>Comment {i} on the talks, with a <b>reply</b> and a "
            f"<a href='/u/{i}'>link</a>.</p></div></div>"
        )
        parts.append(chunk)
        size, i = size + len(chunk), i + 1
    return "".join([*parts, "</section></body></html>"])


async def timed(read: Read, body: bytes, content_type: str, url: str) -> tuple[float, float]:
    """(reading seconds, worst loop lag in seconds) for one page."""
    worst = 0.0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal worst
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            due = loop.time() + TICK
            await asyncio.sleep(TICK)
            worst = max(worst, loop.time() - due)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(2 * TICK)  # the ticker is running
    worst = 0.0
    started = time.perf_counter()
    with contextlib.suppress(ExtractionFailed):  # timed out: its time is the timeout
        await read(body, content_type, url)
    elapsed = time.perf_counter() - started
    stop.set()
    await task
    return elapsed, worst


def worker_probe() -> list[tuple[int, bool, int]]:
    """(pid, torch mapped, RSS kB) of each live worker process of this one."""
    found = []
    for child in multiprocessing.active_children():
        assert child.pid is not None
        maps = Path(f"/proc/{child.pid}/maps").read_text()
        status = Path(f"/proc/{child.pid}/status").read_text()
        rss = next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")
        )
        found.append((child.pid, "torch" in maps, rss))
    return found


def row(name: str, rows: list[tuple[float, float]]) -> str:
    times = sorted(1000 * t for t, _ in rows)
    lags = sorted(1000 * lag for _, lag in rows)

    def p95(values: list[float]) -> float:
        return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]

    return (
        f"| {name:<66} | {len(rows):5d} | {statistics.median(times):8.1f} | {p95(times):8.1f} "
        f"| {times[-1]:8.1f} | {statistics.median(lags):7.1f} | {p95(lags):7.1f} "
        f"| {lags[-1]:7.1f} |"
    )


async def run(args: argparse.Namespace) -> int:
    # Imported here: the worker imports this script as it starts (spawn), and its memory should
    # be the bot's worker's, which has only bot.ingest.extract.
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    items = sorted(truth.items())[: args.limit or None]
    pages: list[tuple[str, str, bytes, str]] = []  # (group, url, body, Content-Type)
    for key, expected in items:
        raw = gzip.decompress((args.data / "html" / f"{key}.html.gz").read_bytes())
        size = len(raw)
        group = (
            "real < 100 kB"
            if size < 100_000
            else "real 100-500 kB"
            if size < 500_000
            else "real 0.5-1.5 MB"
        )
        pages.append((group, expected["url"], raw, "text/html"))
    synthetic = synthetic_page(args.synthetic_mb).encode()
    cyrillic = undeclared_cyrillic_page(args.synthetic_mb)
    for _ in range(args.synthetic_runs):
        group = f"synthetic {len(synthetic) / 1e6:.1f} MB, UTF-8"
        pages.append((group, "https://x.example/a", synthetic, "text/html; charset=utf-8"))
        group = f"synthetic {len(cyrillic) / 1e6:.1f} MB, 1251 undeclared"
        pages.append((group, "https://x.example/c", cyrillic, "text/html"))
    if args.pathological_mb:
        slow = pathological_page(args.pathological_mb).encode()
        group = f"pathological {len(slow) / 1e6:.1f} MB"
        pages.append((group, "https://x.example/b", slow, "text/html; charset=utf-8"))

    async def idle(body: bytes, content_type: str, url: str) -> tuple[str, str]:
        await asyncio.sleep(0.02)
        return "", ""

    async def in_thread(body: bytes, content_type: str, url: str) -> tuple[str, str]:
        html = decode_body(body, content_type)
        return await asyncio.to_thread(extract_page, html, url)

    async def decoded_on_loop(body: bytes, content_type: str, url: str) -> tuple[str, str]:
        return await extractor.extract(decode_body(body, content_type), url)

    async def decode_only(body: bytes, content_type: str, url: str) -> tuple[str, str]:
        decode_body(body, content_type)  # the part of "before" that is on the loop
        return "", ""

    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    extractor = PageExtractor(timeout=args.timeout)
    started = time.perf_counter()
    await extractor.start()
    start_seconds = time.perf_counter() - started
    probes = [("fresh", worker_probe())]
    methods: dict[str, Read] = {
        "idle 20 ms (noise floor)": idle,
        "decode only, on the loop": decode_only,
        "decode on loop, thread": in_thread,
        "decode on loop, process (before)": decoded_on_loop,
        "bytes to process (now)": extractor.extract_body,
    }
    try:
        for index, (group, url, body, content_type) in enumerate(pages):
            if group.startswith("pathological") and len(probes) == 1:
                probes.append(("after the pages above", worker_probe()))
            order = list(methods.items())
            if index % 2:
                order.reverse()  # no way always runs last, on warm caches
            for name, read in order:
                lag = await timed(read, body, content_type, url)
                results.setdefault((group, name), []).append(lag)
        if len(probes) == 1:
            probes.append(("after the pages above", worker_probe()))
    finally:
        await extractor.aclose()
    print(
        f"{len(items)} real pages and the synthetic ones; tick {TICK * 1000:g} ms; "
        f"worker timeout {args.timeout:g} s\n"
    )
    columns = "count | p50 ms   | p95 ms   | max ms   | lag p50 | lag p95 | lag max |"
    print(f"| {'pages: way':<66} | {columns}")
    print(f"|{'-' * 68}|-------|----------|----------|----------|---------|---------|---------|")
    real = ["real < 100 kB", "real 100-500 kB", "real 0.5-1.5 MB"]
    others = [group for group in dict.fromkeys(g for g, *_ in pages) if group not in real]
    for group in ["all real", *real, *others]:
        for name in methods:
            members = real if group == "all real" else [group]
            rows = [r for member in members for r in results.get((member, name), [])]
            if rows:
                print(row(f"{group}: {name}", rows))
    print(f"\nstarting the worker (spawn, import, warm-up page): {1000 * start_seconds:.0f} ms")
    print("worker process (torch mapped? resident memory):")
    for when, found in probes:
        for pid, torch, rss in found:
            print(f"  {when}, pid {pid}: torch {'yes' if torch else 'no'}, {rss / 1024:.0f} MB")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="folder with ground-truth.json and html/")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--synthetic-mb", type=float, default=3.0)
    parser.add_argument("--synthetic-runs", type=int, default=3)
    parser.add_argument("--pathological-mb", type=float, default=2.0, help="0: none")
    parser.add_argument("--timeout", type=float, default=10.0, help="the worker's, per page")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
