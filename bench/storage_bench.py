"""The two storage lookups that grew with the tables, without and with migration 0005's indexes.

    python bench/storage_bench.py [--deliveries 1000000] [--articles 500000] [--repeat 5]

Seeds a scratch SQLite database (in a temporary folder, removed afterwards) at the newest schema
with `--deliveries` sent messages spread over stories and chats, and `--articles` reports, most
of them off topic and so never in a story (as in a real year of polling), plus a few on-topic
ones a stop left unplaced. Then times, best of `--repeat`:

- fan-out lookup: a story's recipients as every revision's fan-out reads them (who follows the
  topic, who was sent what and when: `fanout._recipients`), for a few stories;
- unplaced check: the on-topic reports left without a story, which every poll looks for first
  (`story_writes.unplaced_articles`).

The fan-out lookup also loads every subscription of the topic (`--chats`), which no index here
changes; the `last_updates_sent` row is its part that reads the deliveries table only.

Each is timed on the schema of revision 0004 (the baseline, no such index) and again after the
upgrade to 0005, in the same run on the same data. Also prints SQLite's plan for each.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Connection, insert  # noqa: E402

from bot.storage.db import Database  # noqa: E402
from bot.storage.fanout import _recipients  # noqa: E402
from bot.storage.models import (  # noqa: E402
    Article,
    Delivery,
    Story,
    Subscriber,
    Subscription,
    utcnow,
)
from bot.storage.sent_history import last_updates_sent  # noqa: E402
from bot.storage.story_writes import unplaced_articles  # noqa: E402
from tests.storage.conftest import migrate_to, query_plans  # noqa: E402

BATCH = 20_000


def seed(db: Database, deliveries: int, articles: int, chats: int, stories: int) -> int:
    """A year of a busy bot: every story sent to some chats, most reports off topic; returns
    the deliveries written (a whole number per story)."""
    now = utcnow()
    year_ago = now - timedelta(days=365)
    with db.engine.begin() as c:
        c.execute(
            insert(Story),
            [
                dict(topic="ceasefire", title=f"Story {i}", created_at=year_ago,
                     updated_at=year_ago, pushable=True, conflicts=[], revision=1, dirty=False)
                for i in range(stories)
            ],
        )  # fmt: skip
        c.execute(insert(Subscriber), [dict(chat_id=1000 + i, created_at=year_ago)
                                       for i in range(chats)])  # fmt: skip
        c.execute(
            insert(Subscription),
            [dict(subscriber_id=i + 1, topic="ceasefire", active=True, since=year_ago, prefs={})
             for i in range(chats)],
        )  # fmt: skip
        per_story = max(1, deliveries // stories)
        sent = (
            dict(subscriber_id=(k % chats) + 1, story_id=k // per_story + 1,
                 seq=(k % per_story) // chats, status="sent", created_at=year_ago,
                 due_at=year_ago, attempts=1, sent_at=year_ago, message_id=k, revision=1)
            for k in range(per_story * stories)
        )  # fmt: skip
        insert_in_batches(c, Delivery, sent)
        text = "Scores and transfers. " * 20
        # One report in ten is about the talks; the last few of those a stop left unplaced.
        reports = (
            dict(url=f"https://news.example/{k}", canonical_url=f"https://news.example/{k}",
                 title=f"Report {k}", text=text, content_hash=f"h{k}", fetched_at=year_ago,
                 relevance=0.9 if k % 10 == 0 else 0.1, on_topic=k % 10 == 0,
                 story_id=(k % stories) + 1 if k % 10 == 0 and k < articles - 50 else None)
            for k in range(articles)
        )  # fmt: skip
        insert_in_batches(c, Article, reports)
    return per_story * stories


def insert_in_batches(c: Connection, model: type, rows: Iterable[dict[str, Any]]) -> None:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            c.execute(insert(model), batch)
            batch = []
    if batch:
        c.execute(insert(model), batch)


def best_ms(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def measure(db: Database, story_ids: list[int], repeat: int) -> dict[str, tuple[float, list[str]]]:
    def fan_out_lookup() -> None:
        with db.session() as session:
            for story_id in story_ids:
                _recipients(session, session.get_one(Story, story_id))

    def cooldown_lookup() -> None:
        with db.session() as session:
            for story_id in story_ids:
                last_updates_sent(session, Delivery.story_id == story_id)

    def unplaced_check() -> None:
        found = unplaced_articles(db)
        assert len(found) == 5, len(found)

    return {
        f"fan-out lookup ({len(story_ids)} stories)": (
            best_ms(fan_out_lookup, repeat),
            query_plans(db, "deliveries", fan_out_lookup),
        ),
        "  of which last_updates_sent": (
            best_ms(cooldown_lookup, repeat),
            query_plans(db, "deliveries", cooldown_lookup),
        ),
        "unplaced check": (
            best_ms(unplaced_check, repeat),
            query_plans(db, "articles", unplaced_check),
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=500_000)
    parser.add_argument("--chats", type=int, default=1_000)
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        db.migrate()
        start = time.perf_counter()
        sent = seed(db, args.deliveries, args.articles, args.chats, args.stories)
        print(f"seeded {sent} deliveries, {args.articles} reports "
              f"({args.stories} stories, {args.chats} chats) in "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        story_ids = [args.stories // 7 * k + 1 for k in range(1, 6)]

        migrate_to(db, "0004", down=True)
        before = measure(db, story_ids, args.repeat)
        start = time.perf_counter()
        db.migrate()
        upgrade = time.perf_counter() - start
        after = measure(db, story_ids, args.repeat)
        db.dispose()

    print(f"upgrade 0004 -> 0005 on this data: {upgrade:.1f} s\n")
    print(f"{'lookup':32} {'0004 (no index) ms':>19} {'0005 ms':>10} {'speed-up':>9}")
    for name, (old_ms, _) in before.items():
        new_ms = after[name][0]
        print(f"{name:32} {old_ms:19.2f} {new_ms:10.2f} {old_ms / max(new_ms, 1e-9):8.0f}x")
    print()
    for name in before:
        print(f"{name}:")
        print(f"  0004: {'; '.join(dict.fromkeys(before[name][1]))}")
        print(f"  0005: {'; '.join(dict.fromkeys(after[name][1]))}")


if __name__ == "__main__":
    main()
