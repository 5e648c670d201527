"""A year of synthetic data in a temporary SQLite database, before and after the daily prune.

    python bench/retention_bench.py [--scale 1.0] [--days 90] [--keep path.db]

Seeds (generated text only) a year of stories spread evenly in time, each with on-topic reports
and two revisions, sent deliveries and a few still pending on old stories, and off-topic reports
carrying a 1.5 KB text as the bot stored them before it dropped them (scale 1: 20k stories, 50k
on-topic and 200k off-topic reports, 100k deliveries). Then prints the database's size and the
hot queries. times (best of 5) before and after `prune`, side by side, and the prune's own time.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from bot.storage import fanout, feeds, outbox, seen, story_writes  # noqa: E402
from bot.storage.db import Database  # noqa: E402
from bot.storage.models import (  # noqa: E402
    Article,
    Delivery,
    Feed,
    KeyPointRow,
    Story,
    StoryRevision,
    Subscriber,
    Subscription,
    utcnow,
)
from bot.storage.retention import prune  # noqa: E402
from bot.storage.stories import latest_stories  # noqa: E402

WORDS = (
    "talks",
    "truce",
    "envoy",
    "front",
    "line",
    "prisoner",
    "exchange",
    "ceasefire",
    "shelling",
    "delegation",
    "draft",
    "guarantee",
    "monitor",
    "corridor",
    "mediator",
    "statement",
    "ministry",
    "region",
    "village",
    "city",
)
YEAR = timedelta(days=365)


def _text(rnd: random.Random, size: int = 1500) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < size:
        words.append(rnd.choice(WORDS))
    return " ".join(words)


def seed(db: Database, scale: float, pending_old: int) -> dict[str, int]:
    """Insert the year's rows in bulk; the counts per table."""
    n_feeds, n_stories = 200, int(20_000 * scale)
    n_on, n_off = int(50_000 * scale), int(200_000 * scale)
    n_subs, n_deliveries = 1000, int(100_000 * scale)
    now = utcnow()
    start = now - YEAR
    rnd = random.Random(1)
    texts = [_text(rnd) for _ in range(64)]
    embedding = np.random.default_rng(0).standard_normal(384).astype(np.float32).tobytes()
    with db.engine.begin() as c:
        c.execute(
            insert(Feed),
            [
                dict(
                    url=f"https://f{i}.example/rss",
                    enabled=True,
                    added_at=start,
                    consecutive_errors=0,
                    origin="settings",
                    first_polled_at=start,
                )
                for i in range(n_feeds)
            ],
        )
        times = [start + i * YEAR / n_stories for i in range(n_stories)]
        c.execute(
            insert(Story),
            [
                dict(
                    topic="ceasefire",
                    title=f"Story {i}",
                    created_at=at,
                    updated_at=at,
                    pushable=True,
                    conflicts=["ru-ua"],
                    revision=2,
                    dirty=False,
                    changed_at=at,
                )
                for i, at in enumerate(times)
            ],
        )
        point = {"text": "A point.", "evidence": ["A point."], "outlets": ["o"], "rivals": []}
        c.execute(
            insert(StoryRevision),
            [
                dict(
                    story_id=i + 1,
                    number=n,
                    created_at=at,
                    key_points=[point],
                    new_points=["A point."],
                    outlets=["o"],
                    article_count=2,
                    fanned_out_at=at,
                )
                for i, at in enumerate(times)
                for n in (1, 2)
            ],
        )
        c.execute(
            insert(KeyPointRow),
            [
                dict(
                    story_id=i + 1,
                    position=p,
                    text="A point.",
                    evidence=["A point."],
                    outlets=["o"],
                    rivals=[],
                )
                for i in range(n_stories)
                for p in (0, 1)
            ],
        )
        rows: list[dict[str, Any]] = []

        def flush(force: bool = False) -> None:
            if rows and (force or len(rows) >= 5000):
                c.execute(insert(Article), rows)
                rows.clear()

        def report(kind: str, i: int, at: datetime, **extra: object) -> None:
            rows.append(
                dict(
                    feed_id=rnd.randrange(n_feeds) + 1,
                    url=f"https://{kind}.example/{i}",
                    canonical_url=f"https://{kind}.example/{i}",
                    guid=f"{kind}{i}",
                    title=f"{kind} {i}",
                    text=texts[i % 64],
                    content_hash=f"{kind}{i}",
                    published_at=at,
                    fetched_at=at,
                    **extra,
                )
            )
            flush()

        for i in range(n_on):
            s = i * n_stories // n_on
            report("on", i, times[s], shown_at=times[s], placement=1, relevance=0.9,
                   on_topic=True, story_id=s + 1, embedding=embedding)  # fmt: skip
        flush(force=True)  # one row shape per insert
        for i in range(n_off):
            report("off", i, start + i * YEAR / n_off, relevance=0.1, on_topic=False)
        flush(force=True)
        c.execute(
            insert(Subscriber), [dict(chat_id=1000 + i, created_at=start) for i in range(n_subs)]
        )
        c.execute(
            insert(Subscription),
            [
                dict(subscriber_id=i + 1, topic="ceasefire", active=True, since=start, prefs={})
                for i in range(n_subs)
            ],
        )
        per = max(1, n_deliveries // n_stories)
        deliveries = []
        for s, at in enumerate(times):
            for j in range(per):
                # A few old stories still have a message waiting (a chat's digest, a retry).
                waiting = s < pending_old and j == 0
                deliveries.append(
                    dict(
                        subscriber_id=(s * per + j) % n_subs + 1,
                        story_id=s + 1,
                        seq=0,
                        status="pending" if waiting else "sent",
                        created_at=at,
                        due_at=now + timedelta(days=1) if waiting else at,
                        attempts=1,
                        sent_at=None if waiting else at,
                        revision=2,
                    )
                )
        c.execute(insert(Delivery), deliveries)
    return {"stories": n_stories, "articles": n_on + n_off, "deliveries": len(deliveries)}


def hot_queries(db: Database) -> dict[str, Callable[[], object]]:
    """What the bot runs every poll, send round or chat command."""
    now = utcnow()
    with db.engine.connect() as c:
        last = int(c.exec_driver_sql("SELECT max(id) FROM stories").scalar_one())

    def known() -> bool:
        with db.session() as session:
            return seen.known_article(session, 5, "nope", "https://nope.example/", "nohash")

    def recipients() -> object:
        with db.session() as session:
            story = session.get(Story, last)
            return None if story is None else fanout._recipients(session, story)

    return {
        "cluster_candidates (poll)": lambda: story_writes.cluster_candidates(
            db, "ceasefire", now - timedelta(hours=144)
        ),
        "unplaced_articles (poll)": lambda: story_writes.unplaced_articles(db),
        "known_article miss (each entry)": known,
        "dirty_stories (summary run)": lambda: story_writes.dirty_stories(db),
        "fan_out, nothing new (send round)": lambda: fanout.fan_out(db, now),
        "recover_expired (send round)": lambda: outbox.recover_expired(db, now),
        "_recipients of newest story (fan-out)": recipients,
        "due_feeds (poll)": lambda: feeds.due_feeds(db, now, owner="bench"),
        "latest_stories(5) (/latest)": lambda: latest_stories(db, 5, "ceasefire"),
        "latest_stories(5, conflicts) (/latest)": lambda: latest_stories(
            db, 5, "ceasefire", ["ru-ua"]
        ),
    }


def _count(db: Database, table: str) -> int:
    with db.engine.connect() as c:
        return int(c.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())  # noqa: S608


def time_queries(db: Database) -> dict[str, float]:
    times = {}
    for name, query in hot_queries(db).items():
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            query()
            best = min(best, time.perf_counter() - started)
        times[name] = best * 1000
    return times


def sizes(path: Path) -> tuple[float, float]:
    """The file's size and the part of it holding data (free pages excluded), in MB."""
    with sqlite3.connect(path) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = c.execute("PRAGMA page_size").fetchone()[0]
        used = (
            c.execute("PRAGMA page_count").fetchone()[0]
            - c.execute("PRAGMA freelist_count").fetchone()[0]
        )
    return path.stat().st_size / 1e6, used * page / 1e6


def state(
    db: Database, path: Path
) -> tuple[dict[str, int], tuple[float, float], dict[str, float]]:
    """Rows per table, the sizes and the hot queries' times, as the table shows them."""
    rows = {t: _count(db, t) for t in ("stories", "articles", "deliveries")}
    return rows, sizes(path), time_queries(db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: a year as above")
    parser.add_argument("--days", type=int, default=90, help="RETENTION_DAYS (default 90)")
    parser.add_argument(
        "--pending-old",
        type=int,
        default=20,
        help="old stories seeded with a message still waiting",
    )
    parser.add_argument("--keep", type=Path, help="write the database here instead of a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "year.db"
        if path.exists():
            path.unlink()
        db = Database(f"sqlite:///{path}")
        db.migrate()
        started = time.perf_counter()
        counts = seed(db, args.scale, args.pending_old)
        print(f"seeded {counts} in {time.perf_counter() - started:.0f} s")  # noqa: T201
        rows_before, size_before, before = state(db, path)
        started = time.perf_counter()
        report = prune(db, utcnow(), args.days)
        prune_seconds = time.perf_counter() - started
        rows_after, size_after, after = state(db, path)
        started = time.perf_counter()
        again = prune(db, utcnow(), args.days)
        second_seconds = time.perf_counter() - started
        db.dispose()
        with sqlite3.connect(path) as c:
            c.execute("VACUUM")
        vacuumed = path.stat().st_size / 1e6
        _print(rows_before, rows_after, size_before, size_after, vacuumed, before, after)
        print(
            f"\nprune (RETENTION_DAYS={args.days}): {prune_seconds:.1f} s; "  # noqa: T201
            f"the next day's run: {second_seconds:.2f} s "
            f"({again.stories} stories, {again.off_topic_texts_cleared} texts)"
        )
        print("  " + "; ".join(report.lines()))  # noqa: T201


def _print(
    rows_before: dict[str, int],
    rows_after: dict[str, int],
    size_before: tuple[float, float],
    size_after: tuple[float, float],
    vacuumed: float,
    before: dict[str, float],
    after: dict[str, float],
) -> None:
    lines = [f"{'':42} {'before':>10} {'after':>10}"]
    for table in rows_before:
        lines.append(f"{'rows: ' + table:42} {rows_before[table]:>10} {rows_after[table]:>10}")
    lines.append(f"{'database file, MB':42} {size_before[0]:>10.0f} {size_after[0]:>10.0f}")
    lines.append(
        f"{'  of it in use (free pages reused), MB':42} "
        f"{size_before[1]:>10.0f} {size_after[1]:>10.0f}"
    )
    lines.append(f"{'  file after VACUUM, MB':42} {'':>10} {vacuumed:>10.0f}")
    for name in before:
        lines.append(f"{name + ', ms':42} {before[name]:>10.1f} {after[name]:>10.1f}")
    print("\n".join(lines))  # noqa: T201


if __name__ == "__main__":
    main()
