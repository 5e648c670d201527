"""Broadcast one story to many subscribers through the outbox, within Telegram's limits.

    python bench/broadcast_bench.py --subscribers 1000 [--database-url postgresql://...]

With --database-url (PostgreSQL) it also runs the two-process row: the same broadcast sent by
two `python -m bot run --role send` processes sharing that database, timed from the first
message to the last against the same ceiling (target <= 1.05 x N / 30 s, 0 answers 429).

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
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PTB_TIMEDELTA", "true")

import httpx  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.delivery.sender import Sender  # noqa: E402
from bot.ingest.topic import load_topic  # noqa: E402
from bot.services import Services  # noqa: E402
from bot.storage import fanout, outbox  # noqa: E402
from bot.storage.db import Database  # noqa: E402
from bot.storage.models import Base, utcnow  # noqa: E402
from config import Settings  # noqa: E402
from tests.servers.seed import seed_broadcast  # noqa: E402
from tests.servers.telegram_api import BotApiServer  # noqa: E402

FIRST_CHAT = 10_000

TOKEN = "123456:" + "B" * 35
ROOT = Path(__file__).resolve().parents[1]
ARTICLE = " ".join(
    f"Paragraph {i}: negotiators from both sides met again on day {i} of the cease-fire talks, "
    f"discussing prisoner exchanges, monitoring of the front line and humanitarian corridors."
    for i in range(60)
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
    seed_broadcast(db, args.subscribers, FIRST_CHAT)
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

            fanout.fan_out(db, utcnow())
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

    per_chat = Counter(m.chat_id for m in server.sent if m.chat_id >= FIRST_CHAT)
    duplicates = sum(count - 1 for count in per_chat.values() if count > 1)
    lost = args.subscribers - len(per_chat)
    ceiling = args.subscribers / 30
    two = await two_senders(args) if args.database_url else None
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
    if two is not None:
        two_time, two_sent, two_429, two_dup, two_lost = two
        rows += [
            ("two send processes on PostgreSQL: time", f"{two_time:.1f} s"),
            ("two send processes: time / ceiling", f"{two_time / ceiling:.2f}x"),
            ("two send processes: sent / 429 / duplicates / lost",
             f"{two_sent} / {two_429} / {two_dup} / {two_lost}"),
        ]  # fmt: skip
        duplicates += two_dup
        lost += two_lost
    width = max(len(name) for name, _ in rows)
    print(f"| {'metric':<{width}} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")
    return 0 if duplicates == 0 and lost == 0 else 1


async def two_senders(args: argparse.Namespace) -> tuple[float, int, int, int, int]:
    """The broadcast sent by two `--role send` processes on one PostgreSQL database."""
    from sqlalchemy import text

    db = Database(args.database_url)
    Base.metadata.drop_all(db.engine)
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.migrate()
    seed_broadcast(db, args.subscribers, FIRST_CHAT)
    async with BotApiServer(enforce_limits=True) as server:
        env = {
            **{
                k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))
            },
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "DATABASE_URL": args.database_url,
            "FEEDS": "[]",
            "LOG_LEVEL": "WARNING",
        }
        processes = [
            subprocess.Popen(  # noqa: ASYNC220 - starting them does not block
                [sys.executable, "-m", "bot", "run", "--role", "send"],
                cwd=ROOT,
                env={**env, "INSTANCE_ID": f"bench-send-{i}"},
                stdout=subprocess.DEVNULL,
            )
            for i in range(2)
        ]
        try:
            await server.wait_for(lambda s: len(s.sent) >= 1, timeout=120)
            first = time.perf_counter()
            await server.wait_for(lambda s: len(s.sent) >= args.subscribers, timeout=600)
            elapsed = time.perf_counter() - first
            await asyncio.sleep(3)  # both keep running: nothing more may go out
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
        per_chat = Counter(m.chat_id for m in server.sent if m.chat_id >= FIRST_CHAT)
        rejected = server.rejected.get(429, 0)
    Base.metadata.drop_all(db.engine)
    db.dispose()
    duplicates = sum(count - 1 for count in per_chat.values() if count > 1)
    # The first message is the clock's start: N - 1 intervals at 30 a second.
    return elapsed, sum(per_chat.values()), rejected, duplicates, args.subscribers - len(per_chat)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=40, help="/latest round trips per phase")
    parser.add_argument("--database-url", help="PostgreSQL URL for the two-process row")
    sys.exit(asyncio.run(main(parser.parse_args())))
