"""Fixtures for ingestion: a loopback news site, fake models, and the real embedder once."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.ingest.pipeline import Ingestor
from bot.storage.db import Database
from config import Settings
from summarizer import KeyPoint, Summary
from summarizer.story import StoryArticle
from tests.fakes import HashingEmbedder
from tests.servers.news_site import NewsSite


class FirstSentencesSummarizer:
    """A story's key points are the first two sentences of its first article, kept stable."""

    def __init__(self) -> None:
        self.calls: list[list[StoryArticle]] = []
        self.known: list[int] = []
        self.earlier: list[list[StoryArticle]] = []

    def summarize(
        self,
        articles: Sequence[StoryArticle],
        max_points: int | None = None,
        previous: Sequence[KeyPoint] = (),
        known: int = 0,
        earlier: Sequence[StoryArticle] = (),
    ) -> Summary:
        self.calls.append(list(articles))
        self.known.append(known)
        self.earlier.append(list(earlier))
        first = articles[0]
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", first.text) if s][:2]
        outlets = tuple(dict.fromkeys(a.outlet for a in articles))
        return Summary(tuple(KeyPoint(s, (s,), outlets) for s in sentences), "extractive")


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with NewsSite() as server:
        yield server


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    db.migrate()
    yield db
    db.dispose()


def make_settings(tmp_path: Path, site: NewsSite, feeds: list[str], **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "feeds": feeds,
        "data_dir": tmp_path,
        "database_url": f"sqlite:///{tmp_path / 'bot.db'}",
        "fetch_allowed_hosts": [site.netloc],
        "fetch_timeout_seconds": 3.0,  # a busy CI machine must not time out a local fetch
        "fetch_max_bytes": 1_000_000,
        "relevance_threshold": -1.0,  # the hashing embedder is no judge; the keyword gate is
        "poll_interval_seconds": 60,
    }
    values.update(extra)
    return Settings(_env_file=None, **values)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(headers={"User-Agent": "ingest-test/1"}) as client:
        yield client


@pytest.fixture
def executor() -> Iterator[ThreadPoolExecutor]:
    pool = ThreadPoolExecutor(max_workers=1)
    yield pool
    pool.shutdown(wait=True)


@pytest.fixture
def summarizer() -> FirstSentencesSummarizer:
    return FirstSentencesSummarizer()


@pytest.fixture
def make_ingestor(database, http, executor, summarizer, site, tmp_path):
    def build(feeds: list[str], **extra: Any) -> Ingestor:
        settings = make_settings(tmp_path, site, feeds, **extra)
        return Ingestor(settings, database, http, HashingEmbedder(384), summarizer, executor)

    return build


@pytest.fixture(scope="session")
def real_embedder() -> Any:
    """The packaged all-MiniLM-L6-v2, loaded once per session (tests marked `model`)."""
    from summarizer import load_embedder

    return load_embedder()
