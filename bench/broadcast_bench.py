"""Broadcast one story to many subscribers through the outbox, within Telegram's limits.

    python bench/broadcast_bench.py --subscribers 1000

Runs the real Application and Sender against the loopback Bot API server enforcing 30 messages/s
overall and 1/s per chat (answering 429 beyond), then measures /latest round trips (user message
-> getUpdates -> handler -> sendMessage) while idle and while summaries are being computed in the
model thread. Prints a table: total time against the 1000/30 s ceiling, messages sent, 429s
seen, duplicates and lost (both must be 0), and /latest p50/p95.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PTB_TIMEDELTA", "true")

import httpx  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.delivery.sender import Sender  # noqa: E402
from bot.ingest.topic import load_topic  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.storage import outbox  # noqa: E402
from bot.storage.db import Database  # noqa: E402
from bot.storage.models import (  # noqa: E402
    Article,
    KeyPointRow,
    Story,
    Subscriber,
    Subscription,
    utcnow,
)
from config import Settings  # noqa: E402
from tests.servers.telegram_api import BotApiServer  # noqa: E402

TOKEN = "123456:" + "B" * 35
ARTICLE = " ".join(
    f"Paragraph {i}: negotiators from both sides met again on day {i} of the cease-fire talks, "
    f"discussing prisoner exchanges, monitoring of the front line and humanitarian corridors."
    for i in range(60)
)


def seed(db: Database, subscribers: int) -> None:
    """N subscribed chats, then one new story with key points and a source."""
    before = utcnow()
    with db.session() as session:
        session.execute(
            insert(Subscriber),
            [{"chat_id": 10_000 + i, "created_at": before} for i in range(subscribers)],
        )
        session.execute(
            insert(Subscription),
            [
                {"subscriber_id": i + 1, "topic": "ceasefire", "since": before, "active": True}
                for i in range(subscribers)
            ],
        )
    time.sleep(0.01)
    with db.session() as session:
        story = Story(title="Delegations agree on a prisoner exchange", created_at=utcnow())
        story.key_points = [
            KeyPointRow(position=0, text="Both sides agreed to exchange 300 prisoners."),
            KeyPointRow(position=1, text="A second round of talks is planned in Geneva."),
        ]
        session.add(story)
        session.flush()
        session.add(
            Article(
                url="https://news.example/a",
                canonical_url="https://news.example/a",
                title=story.title,
                story_id=story.id,
            )
        )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def latest_latencies(server: BotApiServer, first_chat: int, samples: int) -> list[float]:
    """Round trips of /latest through long polling, in milliseconds.

    Each sample comes from its own chat, so Telegram's 1 message/s per chat (which the server
    enforces) does not turn into the latency being measured.
    """
    found = []
    for chat_id in range(first_chat, first_chat + samples):
        before = len(server.messages_to(chat_id))
        start = time.perf_counter()
        server.push_message(chat_id, "/latest 3")
        await server.wait_for_messages(chat_id, before + 1, timeout=30)
        found.append((time.perf_counter() - start) * 1000)
        await asyncio.sleep(0.05)
    return found


async def main(args: argparse.Namespace) -> int:
    from bot.storage.stories import stories_by_ids
    from summarizer import Article as Text
    from summarizer import SummarizerConfig, build_summarizer, load_embedder

    workdir = Path(tempfile.mkdtemp(prefix="broadcast-bench-"))
    db = Database(f"sqlite:///{workdir / 'bench.db'}")
    db.migrate()
    seed(db, args.subscribers)
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="model")
    loop = asyncio.get_running_loop()
    embedder = await loop.run_in_executor(executor, load_embedder, None)
    summarizer = await loop.run_in_executor(
        executor, build_summarizer, SummarizerConfig(), embedder
    )
    async with BotApiServer(enforce_limits=True) as server:
        settings = Settings(
            _env_file=None,
            telegram_bot_token=TOKEN,
            telegram_api_base_url=server.base_url,
            database_url=db.url,
            feeds=[],
        )
        services = Services(
            settings=settings,
            db=db,
            http=httpx.AsyncClient(),
            model_executor=executor,
            summarizer=summarizer,
            sender=Sender(db, stories_by_ids),
            topic=load_topic(settings.topic_file),
            embedder=embedder,
        )
        app = build_application(settings, services, with_jobs=False)
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=10)

            outbox.fan_out(db, utcnow())
            start = time.perf_counter()
            while outbox.count_by_status(db).get("pending", 0):
                await services.sender.drain(app.bot)
                await asyncio.sleep(0.2)
            elapsed = time.perf_counter() - start

            rejected_in_broadcast = server.rejected.get(429, 0)
            idle = await latest_latencies(server, 1, args.samples)
            stop = asyncio.Event()

            async def summarize_forever() -> int:
                done = 0
                while not stop.is_set():
                    await loop.run_in_executor(executor, summarizer.summarize, Text(ARTICLE))
                    done += 1
                return done

            busy_task = asyncio.create_task(summarize_forever())
            await asyncio.sleep(0.2)
            busy = await latest_latencies(server, 1 + args.samples, args.samples)
            stop.set()
            summaries = await busy_task

            await app.updater.stop()
            await app.stop()
        await services.aclose()

    per_chat = Counter(m.chat_id for m in server.sent if m.chat_id >= 10_000)
    duplicates = sum(count - 1 for count in per_chat.values() if count > 1)
    lost = args.subscribers - len(per_chat)
    ceiling = args.subscribers / 30
    rows = [
        ("subscribers", f"{args.subscribers}"),
        ("broadcast time", f"{elapsed:.1f} s"),
        ("ceiling (N / 30 msg/s)", f"{ceiling:.1f} s"),
        ("time / ceiling", f"{elapsed / ceiling:.2f}x"),
        ("messages sent", f"{sum(per_chat.values())}"),
        (
            "429 answers seen (broadcast / total)",
            f"{rejected_in_broadcast} / {server.rejected.get(429, 0)}",
        ),
        ("duplicates", f"{duplicates}"),
        ("lost", f"{lost}"),
        (
            "/latest p50 / p95 idle",
            f"{percentile(idle, 0.5):.0f} / {percentile(idle, 0.95):.0f} ms",
        ),
        (
            "/latest p50 / p95 while summarizing",
            f"{percentile(busy, 0.5):.0f} / {percentile(busy, 0.95):.0f} ms "
            f"({summaries} summaries ran)",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"| {'metric':<{width}} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")
    return 0 if duplicates == 0 and lost == 0 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=40, help="/latest round trips per phase")
    sys.exit(asyncio.run(main(parser.parse_args())))
