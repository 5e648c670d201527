"""A story's conflict tags decide who gets it; a story found to be about a named war stops being
"any other conflict", and its followers of "other" get nothing more of it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from functools import partial

from sqlalchemy import select

from bot.context import BotApp
from bot.delivery import jobs
from bot.ingest.conflicts import story_conflicts
from bot.ingest.topic import load_topic
from bot.services import Services
from bot.storage.db import Database
from bot.storage.models import Delivery, Story, utcnow
from bot.storage.story_writes import NewArticle, add_article, place_article
from bot.storage.subscribers import get_subscription, subscribe, update_prefs
from config import CONFIG_DIR
from tests.bot.conftest import add_report, add_story, hours_ago
from tests.servers.telegram_api import BotApiServer

TOPIC = load_topic(CONFIG_DIR / "topic.toml")


def follow(db: Database, chat: int, *conflicts: str, digest: bool = False) -> None:
    subscribe(db, chat, hours_ago(2))
    info = get_subscription(db, chat)
    assert info is not None
    prefs = replace(info.prefs, conflicts=conflicts)
    if digest:
        prefs = replace(prefs, mode="digest", digest_times=(_far_from_now(),))
    update_prefs(db, chat, prefs, utcnow())


def _far_from_now() -> str:
    return f"{(utcnow() + timedelta(hours=12)).hour:02d}:00"


def tags(db: Database, story_id: int) -> list[str]:
    with db.session() as session:
        return list(session.get_one(Story, story_id).conflicts)


def everything_due(db: Database) -> None:
    with db.session() as session:
        for row in session.scalars(select(Delivery).where(Delivery.status == "pending")):
            row.due_at = utcnow() - timedelta(seconds=1)


async def test_a_story_found_to_be_about_russia_ukraine_is_no_longer_other(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    follow(db, 1, "other")
    follow(db, 2, "ru-ua")
    story = add_story(db, "Cease-fire talks resume in Geneva", points=("Delegations met.",),
                      conflicts=("other",))  # fmt: skip
    await jobs.deliver(services, app.bot)
    assert len(server.messages_to(1)) == 1  # "any other conflict", as far as anyone knew
    assert server.messages_to(2) == []

    add_report(db, story, "Kremlin: Russia ready for talks with Ukraine",
               points=("Delegations met.", "The Kremlin backs the talks."),
               conflicts=("ru-ua",))  # fmt: skip
    everything_due(db)
    await jobs.deliver(services, app.bot)

    assert tags(db, story) == ["ru-ua"]
    assert len(server.messages_to(1)) == 1  # no update about a war the chat does not follow
    assert "Kremlin" in server.messages_to(2)[0].text  # the war's followers get it now


async def test_a_waiting_digest_push_to_an_other_follower_is_dropped_when_the_story_is_named(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    follow(db, 3, "other", digest=True)
    story = add_story(db, "Cease-fire talks resume in Geneva", points=("Delegations met.",),
                      conflicts=("other",))  # fmt: skip
    await jobs.deliver(services, app.bot)  # planned for the digest, not sent yet
    add_report(db, story, "Kyiv sends a delegation",
               points=("Delegations met.", "Kyiv sent its foreign minister."),
               conflicts=("ru-ua",))  # fmt: skip
    await jobs.deliver(services, app.bot)
    everything_due(db)  # digest time comes
    await jobs.deliver(services, app.bot)

    assert server.messages_to(3) == []


def _report(db: Database, story_id: int | None, title: str, text: str) -> int:
    n = len(title) * 1000 + len(text)
    article_id = add_article(
        db,
        NewArticle(None, f"https://r{n}.example/", f"https://r{n}.example/", None, title, text,
                   None, None, 0.5, True),
    )  # fmt: skip
    assert article_id is not None
    return place_article(
        db, article_id, story_id, topic="ceasefire", pushable=True,
        retag=partial(story_conflicts, TOPIC),
    )  # fmt: skip


def test_a_storys_tags_are_weighed_again_over_its_reports_so_a_passing_mention_goes(
    db: Database,
) -> None:
    story = _report(db, None, "Envoys meet", "Kyiv's envoy spoke of Sudan.")
    assert tags(db, story) == ["ru-ua", "sudan"]  # one short report: both named as much
    _report(db, story, "Ukraine talks resume in Geneva",
            "Kyiv and Moscow sent delegations; Ukraine wants a truce in Donbas.")  # fmt: skip
    assert tags(db, story) == ["ru-ua"]  # the story is about Ukraine; Sudan was in passing
