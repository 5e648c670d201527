"""Article extraction in a worker process, so a big page never stalls the event loop.

trafilatura and lxml hold the GIL for most of their work, so in a thread a multi-megabyte page
still stops the loop (chat answers, sends) for hundreds of milliseconds; in another process the
loop only waits (bench/extraction_stall.py). A thread also cannot be stopped, a process can: a
page that takes longer than the timeout has its worker killed and replaced, and fails with
ExtractionFailed, which the page reader turns into "no article text" (the feed's own text is
kept, /summary says it found no article).

The page goes to the worker as the bytes the server sent (`PageExtractor.extract_body`), and is
decoded there, in the same call as its extraction, rather than in a thread: charset detection
(charset_normalizer, for a page that declares no charset) is Python code holding the GIL, so a
thread would still take the loop's turns; one call means one timeout covers decoding and
extraction alike, a page stuck in either is killed the same way, and the worker gives back only
the article, never the whole page's text. The bytes are pickled by the pool's feeder thread,
not on the loop.

The workers are started with "spawn", never "fork": the bot has threads and torch, and a fresh
interpreter imports only bot.ingest.extract (trafilatura, lxml) and summarizer.charset (which
brings numpy with the summarizer package, about 20 MB more; no torch), never the models.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.process import BaseProcess
from types import TracebackType

from bot.ingest.extract import extract_page
from bot.ingest.turns import Priority, Turns
from summarizer.charset import decode_body

__all__ = ["ExtractionFailed", "PageExtractor", "Work", "read_body"]

log = logging.getLogger(__name__)

Work = Callable[[str, str], tuple[str, str]]
"""(html, url) -> (text, title); a module-level function, as the worker imports it by name."""

_WARM_PAGE = b"<html><body><article><p>Warm-up.</p></article></body></html>"


def read_body(work: Work, content: bytes, content_type: str, url: str) -> tuple[str, str]:
    """`work` on the body decoded by its charset (`content_type` is the Content-Type header,
    parameters and all): what the worker runs for a page, so that decoding is off the loop too."""
    return work(decode_body(content, content_type), url)


class ExtractionFailed(Exception):
    """A page's article could not be extracted; the message says why (for the log)."""


class PageExtractor:
    """Owns the extraction worker processes: started once, shared by every page reader.

    At most `workers` pages are extracted at once (the others wait their turn, a user's page
    before ingestion's: bot.ingest.turns), so the timeout measures one page's work, not its
    wait. Small pages go to the worker too: a round trip costs a millisecond or two
    (bench/extraction_stall.py), and a small page can be slow too.
    """

    def __init__(
        self,
        *,
        timeout: float,
        workers: int = 1,
        work: Work = extract_page,
        start_timeout: float = 60.0,
    ) -> None:
        """`work` runs in the worker (tests give a slow one); `start_timeout` bounds starting a
        worker, which is not counted in a page's `timeout`."""
        if workers < 1:
            raise ValueError("an extractor needs at least one worker")
        self._timeout = timeout
        self._workers = workers
        self._work = work
        self._start_timeout = start_timeout
        self._context = multiprocessing.get_context("spawn")
        self._turns = Turns(workers)
        self._starting = asyncio.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._closed = False

    async def __aenter__(self) -> PageExtractor:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def start(self) -> None:
        """Start the workers now (at start-up) rather than on the first page."""
        await self._ready_pool()

    async def extract(
        self, page_html: str, url: str = "", *, priority: Priority = Priority.BACKGROUND
    ) -> tuple[str, str]:
        """The page's article text and title (("", "") when it has none); ExtractionFailed
        when the worker took longer than the timeout or died."""
        return await self._run(priority, self._work, page_html, url)

    async def extract_body(
        self,
        content: bytes,
        content_type: str,
        url: str = "",
        *,
        priority: Priority = Priority.BACKGROUND,
    ) -> tuple[str, str]:
        """As `extract`, from the page's bytes and its Content-Type header: the worker decodes
        them (declared charset, else detection) within the same timeout."""
        return await self._run(priority, read_body, self._work, content, content_type, url)

    async def _run(
        self, priority: Priority, call: Callable[..., tuple[str, str]], *args: object
    ) -> tuple[str, str]:
        async with self._turns.turn(priority):
            for attempt in (1, 2):
                pool = await self._ready_pool()
                try:
                    # Submitting raises too when the worker died while idle (the OOM killer).
                    future = asyncio.get_running_loop().run_in_executor(pool, call, *args)
                    async with asyncio.timeout(self._timeout):
                        return await future
                except TimeoutError:
                    await self._discard(pool)
                    raise ExtractionFailed(
                        f"extraction took longer than {self._timeout:g} s; its worker was stopped"
                    ) from None
                except asyncio.CancelledError:
                    # Nobody waits for this page any more (a feed's budget ran out): it must
                    # not hold the worker while the next page's time runs.
                    await self._discard(pool)
                    raise
                except BrokenProcessPool:
                    # Killed for another page's timeout, or it died (out of memory?): once more
                    # on a fresh worker, which an innocent page deserves.
                    if self._pool is pool:
                        log.warning("the extraction worker died; starting a fresh one")
                    await self._discard(pool)
                    if attempt == 2:
                        raise ExtractionFailed("the extraction worker died twice on it") from None
            raise AssertionError("unreachable")

    async def aclose(self) -> None:
        """Stop the workers and wait until they are gone; a page under way fails."""
        self._closed = True
        async with self._starting:
            pool, self._pool = self._pool, None
        if pool is not None:
            await _stop(pool)

    async def _ready_pool(self) -> ProcessPoolExecutor:
        async with self._starting:
            if self._closed:
                raise ExtractionFailed("the extractor is shut down")
            if self._pool is not None:
                return self._pool
            pool = ProcessPoolExecutor(self._workers, mp_context=self._context)
            loop = asyncio.get_running_loop()
            try:
                async with asyncio.timeout(self._start_timeout):
                    # One warm-up page per worker imports trafilatura before real pages come.
                    await asyncio.gather(
                        *(
                            loop.run_in_executor(
                                pool, read_body, self._work, _WARM_PAGE, "text/html", ""
                            )
                            for _ in range(self._workers)
                        )
                    )
            except Exception as exc:  # whatever stopped it, the page cannot be read now
                await _stop(pool)
                raise ExtractionFailed(f"could not start an extraction worker: {exc!r}") from exc
            except BaseException:  # cancelled while starting: leave no orphan behind
                await _stop(pool)
                raise
            self._pool = pool
            return pool

    async def _discard(self, pool: ProcessPoolExecutor) -> None:
        """Kill `pool`'s workers; the next page starts a fresh one."""
        if self._pool is pool:
            self._pool = None
        await _stop(pool)


async def _stop(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers and reap them: extraction keeps no state worth a graceful end,
    and a worker stuck in a page would never finish one. Killed before the first await, so a
    second cancellation cannot skip it."""
    processes: list[BaseProcess] = list((pool._processes or {}).values())  # no public way (<3.14)
    for process in processes:
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    await asyncio.to_thread(_reap, processes)


def _reap(processes: list[BaseProcess]) -> None:
    for process in processes:
        process.join(timeout=5)
