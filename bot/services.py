"""Everything the handlers and jobs need, built once at start-up and closed once at the end.

Models load in the single model thread, never on the event loop; that same thread later runs
every summary and embedding, so the model is only ever used by one caller at a time.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import secrets
import socket
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

import httpx

from bot.delivery.sender import Sender
from bot.ingest.topic import Topic, load_topic
from bot.storage.db import Database
from bot.storage.feeds import claim_owners, release_claims
from bot.storage.leader import Leadership
from bot.storage.stories import stories_by_ids
from bot.summary_gate import SummaryGate
from config import Settings, SettingsError

if TYPE_CHECKING:
    from bot.ingest.extractor import PageExtractor
    from bot.ingest.pipeline import Ingestor
    from summarizer import Embedder, Summarizer

__all__ = [
    "ROLES",
    "Role",
    "Services",
    "build_services",
    "dead_local_ingesters",
    "ingest_owner",
    "ingest_prefix",
    "release_dead_ingest_claims",
    "sender_id",
]

log = logging.getLogger(__name__)


Role = Literal["all", "web", "ingest", "send"]
ROLES: tuple[Role, ...] = ("all", "web", "ingest", "send")


@dataclass
class Services:
    """The bot's long-lived collaborators; tests build one with fakes where they need to.

    A role builds only what it uses: `send` loads no model, `ingest` no Telegram sender.
    """

    settings: Settings
    db: Database
    http: httpx.AsyncClient
    model_executor: ThreadPoolExecutor
    summarizer: Summarizer | None
    sender: Sender
    # Subscriptions, stories and /latest all use this topic's key, so a bot configured for
    # another conflict (TOPIC_FILE) pushes that conflict's stories to its subscribers.
    topic: Topic
    ingestor: Ingestor | None = None
    embedder: Embedder | None = None
    leader: Leadership | None = None
    """Decides which of several senders on one PostgreSQL sends (None: always this one)."""
    summary_executor: ThreadPoolExecutor | None = None
    """The story summaries' own model thread (roles that ingest)."""
    summary_gate: SummaryGate = field(default_factory=SummaryGate)
    """Bounds the /summary requests under way, per user and in all."""
    extractor: PageExtractor | None = None
    """The article-extraction worker process, for ingestion and /summary (None: a thread)."""
    closed: bool = field(default=False, init=False)

    async def aclose(self) -> None:
        """Stop a background summary run, close the HTTP client, stop the model thread and the
        extraction worker, and release the database."""
        if self.closed:
            return
        self.closed = True
        if self.ingestor is not None:
            await self.ingestor.aclose()
        await self.http.aclose()
        if self.extractor is not None:
            await self.extractor.aclose()
        self.model_executor.shutdown(wait=False, cancel_futures=True)
        if self.summary_executor is not None:
            self.summary_executor.shutdown(wait=False, cancel_futures=True)
        if self.leader is not None:
            await asyncio.to_thread(self.leader.release)
        self.db.dispose()


def sender_id(
    settings: Settings, role: str, pid: int | None = None, token: str | None = None
) -> str:
    """Who claims outbox rows: INSTANCE_ID, else this host, role, process id and a random token.

    The default is one per process, never shared: a sender takes back rows claimed under its
    own id as left by a dead earlier self, so a standby sharing the leader's id would send the
    leader's in-flight messages again. The token keeps a restarted process apart from its
    predecessor even when the process id repeats (pid 1 in a container). A restarted process
    therefore gets its predecessor's rows back only when their lease ends; INSTANCE_ID, a
    stable id the operator keeps unique, takes them back at once.
    """
    if settings.instance_id:
        return settings.instance_id
    pid = os.getpid() if pid is None else pid
    token = secrets.token_hex(4) if token is None else token
    return f"{_host_name(socket.gethostname())}:{role}:{pid}:{token}"


def _host_name(host: str) -> str:
    """The host name, a long one shortened with a hash of the whole, so two pods whose names
    share their first characters still differ and an id stays within the 64-character column."""
    if len(host) > 32:
        return f"{host[:23]}~{hashlib.sha1(host.encode()).hexdigest()[:8]}"
    return host


def ingest_prefix(host: str | None = None, namespace: str | None = None) -> str:
    """This host and process table, as the start of a default ingest id.

    A process id only means something in its own process table: two containers may share a
    host name but not their processes, and must not judge each other's ids.
    """
    host = _host_name(socket.gethostname() if host is None else host)
    namespace = _pid_namespace() if namespace is None else namespace
    return f"{host}:{namespace}:ingest:" if namespace else f"{host}:ingest:"


def _pid_namespace() -> str:
    """The id of this process's process table (Linux), or "" where there is none to read."""
    try:
        return str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        return ""


def ingest_owner(settings: Settings, pid: int | None = None) -> str:
    """Who claims feeds: INSTANCE_ID, else this host, "ingest" and this process's id.

    As a sender's, the default is one per process: a claimer re-takes feeds it holds under
    its own id, so `ingest --once` beside `run`, or two ingest processes on one host, sharing
    an id would poll the same feeds at once. A restarted process takes back what its dead
    predecessor on this host held through `release_dead_ingest_claims`, not through the id.
    """
    if settings.instance_id:
        return settings.instance_id
    return f"{ingest_prefix()}{os.getpid() if pid is None else pid}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def dead_local_ingesters(
    owners: Iterable[str], prefix: str, alive: Callable[[int], bool] = _pid_alive
) -> list[str]:
    """The default ingest ids among `owners` that belong to this host and to no living process.

    A process table is per host (per container), so only ids with this host's prefix can be
    checked; anything else is left to its lease.
    """
    dead = []
    for owner in owners:
        pid = owner.removeprefix(prefix)
        if owner.startswith(prefix) and pid.isdigit() and not alive(int(pid)):
            dead.append(owner)
    return dead


def release_dead_ingest_claims(db: Database, alive: Callable[[int], bool] = _pid_alive) -> int:
    """End the feed claims of ingest processes on this host that died mid-poll; how many.

    Without it a restarted ingester (a new process id, so a new owner) would wait out their
    10-minute lease before polling those feeds again.
    """
    return release_claims(db, dead_local_ingesters(claim_owners(db), ingest_prefix(), alive))


def _limit_torch_threads(threads: int) -> None:
    import torch

    torch.set_num_threads(threads)


def _load_embedder(model: str | None) -> Embedder:
    """The encoder, or a SettingsError naming EMBEDDING_MODEL: the operator's fix is there."""
    from summarizer import SummaryError, load_embedder

    try:
        return load_embedder(model)
    except SummaryError as exc:
        setting = "EMBEDDING_MODEL" if model else "the packaged encoder (EMBEDDING_MODEL unset)"
        raise SettingsError(f"cannot load {setting}: {exc}") from None


async def build_services(settings: Settings, role: Role = "all") -> Services:
    """Migrate the database, load the models the role needs off the loop, wire the rest."""
    from bot.ingest.extractor import PageExtractor
    from bot.ingest.pipeline import Ingestor
    from summarizer import SummarizerConfig, build_summarizer
    from summarizer.embedder import CachedEmbedder
    from summarizer.story import StorySummarizer

    loop = asyncio.get_running_loop()
    db = Database(settings.resolved_database_url)
    await asyncio.to_thread(db.migrate)
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="model")
    http = httpx.AsyncClient(headers={"User-Agent": settings.user_agent})
    topic = load_topic(settings.topic_file)
    summarizer: Summarizer | None = None
    embedder: Embedder | None = None
    ingestor: Ingestor | None = None
    extractor: PageExtractor | None = None
    if role != "send":
        # Pages are extracted in a process of its own (spawned, so without the models):
        # trafilatura holds the GIL, and a stuck page can only be stopped by killing it.
        extractor = PageExtractor(timeout=settings.extract_timeout_seconds)
        await extractor.start()
        await loop.run_in_executor(executor, _limit_torch_threads, settings.model_threads)
        log.info("loading the models (role %s, backend %s)", role, settings.summarizer_backend)
        embedder = await loop.run_in_executor(executor, _load_embedder, settings.embedding_model)
    if role in ("all", "web"):  # /summary's summarizer: a seq2seq or LLM backend is large
        assert embedder is not None
        config = SummarizerConfig(
            backend=settings.summarizer_backend,
            model=settings.summarizer_model,
            max_points=settings.summarizer_max_points,
            embedding_model=settings.embedding_model,
        )
        summarizer = await loop.run_in_executor(executor, build_summarizer, config, embedder)
    summary_executor: ThreadPoolExecutor | None = None
    if role in ("all", "ingest"):
        assert embedder is not None
        if not settings.instance_id:
            released = await asyncio.to_thread(release_dead_ingest_claims, db)
            if released:
                log.info("took back %d feeds a stopped ingest process on this host held", released)
        # Story summaries get a thread and an encoder copy (about 60 MB) of their own: an
        # encoder serves one caller at a time, and a poll must not wait for a summary.
        summary_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summary")
        story_embedder = await loop.run_in_executor(
            summary_executor, _load_embedder, settings.embedding_model
        )
        # Each revision of a story embeds only the sentences its new articles bring.
        story_summarizer = StorySummarizer(CachedEmbedder(story_embedder))
        ingestor = Ingestor(
            settings,
            db,
            http,
            embedder,
            story_summarizer,
            executor,
            topic=topic,
            owner=ingest_owner(settings),
            summary_executor=summary_executor,
            extractor=extractor,
        )
        await ingestor.prepare()
    return Services(
        settings=settings,
        db=db,
        http=http,
        model_executor=executor,
        summarizer=summarizer,
        sender=Sender(
            db,
            stories_by_ids,
            owner=sender_id(settings, role),
            cooldown=timedelta(minutes=settings.update_cooldown_minutes),
        ),
        topic=topic,
        ingestor=ingestor,
        embedder=embedder,
        leader=Leadership(db, "sender"),
        summary_executor=summary_executor,
        extractor=extractor,
    )
