"""`python -m summarizer`: key points of a file, stdin, a web page or a JSONL batch.

The only module here that does I/O. Bad input gets one clear line on stderr and exit code 2,
never a traceback; the environment (SUMMARIZER_BACKEND, SUMMARIZER_MODEL, EMBEDDING_MODEL) only
supplies defaults for the flags.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, get_args

from summarizer.charset import decode_body
from summarizer.core import (
    Article,
    Backend,
    Summarizer,
    SummarizerConfig,
    Summary,
    SummaryError,
)

if TYPE_CHECKING:
    import httpx

    from bot.net.guard import Resolver

__all__ = ["main"]

log = logging.getLogger("summarizer")

MAX_INPUT_BYTES = 5_000_000
FETCH_TIMEOUT = 20.0
EXIT_BAD_INPUT = 2


class InputError(Exception):
    """Input the user can fix; the message is shown as is."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        _check_usage(args)
        if args.jsonl is not None:
            lines = _read_lines(args.jsonl)
            summarizer = _load(args)
            return _run_jsonl(summarizer, lines, args.points)
        article = _read_article(args.source, args.title)
        summarizer = _load(args)
        summary = summarizer.summarize(article, max_points=args.points)
    except (InputError, SummaryError) as error:
        sys.stderr.write(f"summarizer: {error}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("summarizer: interrupted\n")
        return 130
    except Exception as error:  # the CLI never shows a traceback; -v logs it
        log.debug("unexpected failure", exc_info=True)
        sys.stderr.write(f"summarizer: failed: {type(error).__name__}: {error}\n")
        return 1
    sys.stdout.write(_render(summary, as_json=args.json) + "\n")
    return 0


BACKENDS: tuple[str, ...] = get_args(Backend)


def _check_usage(args: argparse.Namespace) -> None:
    if args.backend not in BACKENDS:  # argparse checks --backend, not the environment default
        raise InputError(
            f"SUMMARIZER_BACKEND={args.backend!r} is not a backend: use extractive, seq2seq or llm"
        )
    if args.jsonl is None and args.source is None:
        raise InputError("give a FILE, '-' for stdin, an http(s) URL, or --jsonl FILE")
    if args.jsonl is not None and args.source is not None:
        raise InputError("give either a source or --jsonl, not both")
    if args.points is not None and not 1 <= args.points <= 20:
        raise InputError("--points must be between 1 and 20")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m summarizer",
        description="Print the key points of a news article, each backed by source sentences.",
    )
    parser.add_argument("source", nargs="?", help="a text/HTML file, '-' for stdin, or a URL")
    parser.add_argument("--json", action="store_true", help="print JSON instead of bullets")
    parser.add_argument(
        "--jsonl", type=Path, help='summarize lines {"id", "article", "title"?} to stdout'
    )
    parser.add_argument("--title", default="", help="the article title, if known")
    parser.add_argument("-n", "--points", type=int, default=None, help="key points (default 3)")
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default=os.environ.get("SUMMARIZER_BACKEND", "extractive"),
    )
    parser.add_argument("--model", default=os.environ.get("SUMMARIZER_MODEL") or None)
    parser.add_argument("--embedding-model", default=os.environ.get("EMBEDDING_MODEL") or None)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    return parser


def _load(args: argparse.Namespace) -> Summarizer:
    import torch
    from transformers.utils import logging as hf_logging

    from summarizer.embedder import load_embedder
    from summarizer.factory import build_summarizer

    torch.set_num_threads(max(1, args.threads))
    if not args.verbose:
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    config = SummarizerConfig(
        backend=args.backend,
        model=args.model,
        max_points=args.points or 3,
        embedding_model=args.embedding_model,
    )
    return build_summarizer(config, load_embedder(config.embedding_model))


def _read_article(source: str, title: str) -> Article:
    """Read before loading any model, so bad input fails in a blink."""
    article = _read_source(source, title)
    if not article.text.strip():
        raise InputError("the article is empty")
    return article


def _read_source(source: str, title: str) -> Article:
    if source.startswith(("http://", "https://")):
        return _fetch(source, title)
    if "://" in source:
        raise InputError(f"only http and https URLs are supported, not {source.split(':')[0]}")
    if source == "-":
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"no such file: {source}")
        with path.open("rb") as handle:
            raw = handle.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"the input is larger than {MAX_INPUT_BYTES // 1_000_000} MB")
    # A saved page often declares windows-1251 or the like in its <meta>; a text file may be
    # in any code page: the same decoding as the bot's fetched pages, never UTF-8 blindly.
    text = decode_body(raw)
    if _looks_like_html(text):
        return _from_html(text, title, url="")
    return Article(text=text, title=title)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith("<") and any(tag in head for tag in ("<html", "<body", "<p", "<div"))


def _from_html(html: str, title: str, url: str) -> Article:
    import trafilatura

    extracted = trafilatura.extract(
        html, url=url or None, output_format="json", with_metadata=True, favor_precision=True
    )
    if not extracted:
        raise InputError("could not find an article in the page")
    data: dict[str, Any] = json.loads(extracted)
    return Article(
        text=str(data.get("text") or ""), title=title or str(data.get("title") or ""), url=url
    )


def _fetch(
    url: str,
    title: str,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver | None = None,
) -> Article:
    """Download a page and extract its article with the bot's one page reader (address checks
    on every hop, bounded decompression, size and time caps, the tuned extraction).

    The summarizer's core never touches the network; only this command-line entry does, and
    it borrows the reader rather than keeping a second fetcher.
    """
    import asyncio

    import httpx

    from bot.ingest.pages import PageReader
    from bot.net import FetchError, UrlGuard

    async def read() -> tuple[str, str, str]:
        async with httpx.AsyncClient(transport=transport) as http:
            reader = PageReader(
                http,
                max_bytes=MAX_INPUT_BYTES,
                timeout=FETCH_TIMEOUT,
                guard=UrlGuard(resolver=resolver),
                user_agent="ceasefire-bot summarizer",
            )
            page = await reader.read(url)
            return page.url, page.title, page.text

    try:
        final_url, page_title, text = asyncio.run(read())
    except FetchError as error:
        raise InputError(f"could not fetch {url}: {error}") from error
    if not text:
        raise InputError("could not find an article in the page")
    return Article(text=text, title=title or page_title, url=final_url)


def _read_lines(path: Path) -> list[str]:
    if str(path) == "-":
        return sys.stdin.read().splitlines()
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def _run_jsonl(summarizer: Summarizer, lines: list[str], points: int | None) -> int:
    """One output line per input line; a bad line is reported and the run goes on."""
    bad = 0
    for number, record in _records(lines, sys.stderr):
        if record is None:
            bad += 1
            continue
        story_id = record.get("id", number)
        try:
            article = Article(
                text=str(record.get("article") or ""),
                title=str(record.get("title") or ""),
                url=str(record.get("url") or ""),
            )
            summary = summarizer.summarize(article, max_points=points)
            out: dict[str, Any] = {"id": story_id, **_as_dict(summary)}
        except SummaryError as error:
            bad += 1
            out = {"id": story_id, "key_points": [], "error": str(error)}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return EXIT_BAD_INPUT if bad else 0


def _records(lines: list[str], err: IO[str]) -> Iterator[tuple[int, dict[str, Any] | None]]:
    from tqdm import tqdm

    for number, line in enumerate(tqdm(lines, unit="article", file=err, disable=None), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            err.write(f"summarizer: line {number} is not JSON; skipped\n")
            yield number, None
            continue
        if not isinstance(record, dict):
            err.write(f"summarizer: line {number} is not a JSON object; skipped\n")
            yield number, None
            continue
        yield number, record


def _as_dict(summary: Summary) -> dict[str, Any]:
    return {
        "backend": summary.backend,
        "key_points": [
            {"text": point.text, "evidence": list(point.evidence)} for point in summary.key_points
        ],
    }


def _render(summary: Summary, as_json: bool) -> str:
    if as_json:
        return json.dumps(_as_dict(summary), ensure_ascii=False, indent=2)
    return "\n".join(f"• {point.text}" for point in summary.key_points)
