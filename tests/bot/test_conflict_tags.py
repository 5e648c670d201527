"""A story's conflict tags decide who gets it; a story found to be about a named war stops being
"any other conflict", and its followers of "other" get nothing more of it."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from bot.context import BotApp
from bot.delivery import jobs
from bot.ingest.conflicts import ConflictTagger, Weights, story_conflicts
from bot.ingest.topic import load_topic
from bot.services import Services
from bot.storage.db import Database
from bot.storage.fanout import fan_out
from bot.storage.models import Delivery, Story, utcnow
from bot.storage.story_writes import (
    NewArticle,
    add_article,
    place_article,
    save_revision,
    story_material,
)
from bot.storage.subscribers import get_subscription, subscribe, update_prefs
from config import CONFIG_DIR
from summarizer import KeyPoint
from tests.bot.conftest import add_report, add_story, hours_ago, prefs_of
from tests.bot.sending import while_sending
from tests.servers.telegram_api import BotApiServer, Fault

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


_URLS = itertools.count(1)


def _report(db: Database, story_id: int | None, title: str, text: str) -> int:
    n = next(_URLS)
    article_id = add_article(
        db,
        NewArticle(None, f"https://r{n}.example/", f"https://r{n}.example/", None, title, text,
                   None, None, 0.5, True),
    )  # fmt: skip
    assert article_id is not None
    return place_article(
        db, article_id, story_id, topic="ceasefire", pushable=True,
        retag=ConflictTagger(TOPIC),
    )  # fmt: skip


def _summarized(db: Database, story_id: int | None, report: tuple[str, str], *points: str) -> int:
    """A report joins the story (or starts one) and the story's next revision has `points`."""
    story = _report(db, story_id, *report)
    material = story_material(db, story)
    assert material is not None
    key_points = [KeyPoint(p, (p,), ("r.example",)) for p in points]
    save_revision(db, material, key_points, "extractive")
    return story


KREMLIN = (
    "Kremlin rejects ceasefire proposal",
    "Peskov said Moscow would not accept a truce now. Putin repeated Russia's terms.",
)
GAZA = (
    "Israel and Hamas agree Gaza truce terms",
    "Hamas and Israel negotiators in Cairo agreed terms for Gaza; Israel frees prisoners, "
    "Hamas hostages.",
)
KYIV = (
    "Zelensky: Kyiv ready for Ukraine truce talks",
    "Zelensky said Ukraine and Kyiv's partners backed a truce in Donbas; Ukraine awaits "
    "Russia's reply.",
)
REJECTED = "The Kremlin rejected the ceasefire proposal."


async def test_a_waiting_push_comes_back_when_the_story_is_about_the_chats_war_again(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    follow(db, 2, "ru-ua", digest=True)
    story = _summarized(db, None, KREMLIN, REJECTED)
    await jobs.deliver(services, app.bot)  # waits for chat 2's digest
    _summarized(db, story, GAZA, REJECTED)  # no new point, but the story reads as Gaza's
    await jobs.deliver(services, app.bot)
    assert tags(db, story) == ["il-gaza"]
    _summarized(db, story, KYIV, REJECTED)  # and Russia-Ukraine's again, still no new point
    await jobs.deliver(services, app.bot)
    assert "ru-ua" in tags(db, story)
    everything_due(db)  # digest time comes
    await jobs.deliver(services, app.bot)

    assert len(server.messages_to(2)) == 1
    assert "Kremlin" in server.messages_to(2)[0].text

    _summarized(db, story, GAZA, REJECTED)  # away and back once more: nothing twice
    await jobs.deliver(services, app.bot)
    _summarized(db, story, KYIV, REJECTED)
    await jobs.deliver(services, app.bot)
    everything_due(db)
    await jobs.deliver(services, app.bot)
    assert len(server.messages_to(2)) == 1


async def test_a_waiting_push_stays_dropped_when_the_story_leaves_the_chats_war_for_good(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    follow(db, 2, "ru-ua", digest=True)
    story = _summarized(db, None, KREMLIN, REJECTED)
    await jobs.deliver(services, app.bot)
    _summarized(db, story, GAZA, REJECTED)
    await jobs.deliver(services, app.bot)
    _summarized(db, story, GAZA, REJECTED)  # another revision, still about Gaza
    await jobs.deliver(services, app.bot)
    everything_due(db)
    await jobs.deliver(services, app.bot)

    assert tags(db, story) == ["il-gaza"]
    assert server.messages_to(2) == []


async def test_a_waiting_update_comes_back_when_the_story_is_about_the_chats_war_again(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    follow(db, 4, "ru-ua", digest=True)
    story = _summarized(db, None, KREMLIN, REJECTED)
    await jobs.deliver(services, app.bot)
    everything_due(db)
    await jobs.deliver(services, app.bot)
    assert len(server.messages_to(4)) == 1  # the first push, at the digest
    swap = "Both sides agreed a prisoner swap."
    kremlin_again = ("Kremlin agrees prisoner swap", "Moscow and Putin's envoy agreed a swap.")
    _summarized(db, story, kremlin_again, REJECTED, swap)  # news: an update waits
    await jobs.deliver(services, app.bot)
    _summarized(db, story, GAZA, REJECTED, swap)  # the story reads as Gaza's for a while
    await jobs.deliver(services, app.bot)
    assert tags(db, story) == ["il-gaza"]
    _summarized(db, story, KYIV, REJECTED, swap)
    await jobs.deliver(services, app.bot)
    everything_due(db)
    await jobs.deliver(services, app.bot)

    assert len(server.messages_to(4)) == 2
    assert "prisoner swap" in server.messages_to(4)[1].text


TERMS = ("negotiators discussed the corridor terms " * 12).strip()
LONG = tuple(f"Point {n}: {TERMS}." for n in range(10))  # two messages' worth
SWAP = "Both sides agreed a prisoner swap."


def _moves_while_it_is_sent(services: Services, story: int, *points: str) -> None:
    """The sender reads the story, then a Kremlin report with `points` moves it (and is fanned
    out) before the push goes out: the news waits behind the push as an update."""

    def move(db: Database) -> None:
        kremlin_again = ("Kremlin agrees prisoner swap", "Moscow and Putin's envoy agreed.")
        _summarized(db, story, kremlin_again, *points)
        fan_out(db, utcnow())

    while_sending(services, move)


async def test_news_waiting_behind_a_cut_push_survives_the_story_reading_as_gazas_for_a_while(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db, sender = services.db, services.sender
    follow(db, 6, "ru-ua")
    update_prefs(db, 6, replace(prefs_of(services, 6), points=10), utcnow())  # every point
    story = _summarized(db, None, KREMLIN, *LONG)
    fan_out(db, utcnow())
    _moves_while_it_is_sent(services, story, *LONG, SWAP)
    server.fail_next("sendMessage", Fault.server_error(), chat_id=6, after=1)
    await sender.drain(app.bot)  # the push's first part, then a passing error
    _summarized(db, story, GAZA, *LONG, SWAP)  # no new point, but the story reads as Gaza's
    fan_out(db, utcnow())
    assert tags(db, story) == ["il-gaza"]
    _summarized(db, story, KYIV, *LONG, SWAP)  # and Russia-Ukraine's again
    fan_out(db, utcnow())
    assert "ru-ua" in tags(db, story)

    sender.clock = lambda: utcnow() + timedelta(minutes=15)
    await sender.drain(app.bot)  # the rest of the push, as it was cut
    sender.clock = lambda: utcnow() + timedelta(minutes=60)  # past the update cooldown
    await sender.drain(app.bot)

    first, second, update = server.messages_to(6)
    assert SWAP not in first.text + second.text
    assert SWAP in update.text  # the news the push was too early for, once
    assert update.reply_to == first.message_id


async def test_a_cut_push_dropped_for_a_while_sends_only_its_rest_when_the_story_comes_back(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db, sender = services.db, services.sender
    follow(db, 7, "ru-ua")
    update_prefs(db, 7, replace(prefs_of(services, 7), points=10), utcnow())  # every point
    story = _summarized(db, None, KREMLIN, *LONG)
    fan_out(db, utcnow())
    server.fail_next("sendMessage", Fault.server_error(), chat_id=7, after=1)
    await sender.drain(app.bot)  # the push's first part, then a passing error
    _summarized(db, story, GAZA, *LONG)  # the story reads as Gaza's: the rest is dropped
    fan_out(db, utcnow())
    _summarized(db, story, KYIV, *LONG, SWAP)  # Russia-Ukraine's again, with news
    fan_out(db, utcnow())

    sender.clock = lambda: utcnow() + timedelta(minutes=15)
    await sender.drain(app.bot)
    sender.clock = lambda: utcnow() + timedelta(minutes=60)
    await sender.drain(app.bot)

    first, second, update = server.messages_to(7)  # not the story again from its start
    assert [(first.text + second.text).count(f"Point {n}:") for n in range(10)] == [1] * 10
    assert second.reply_to == first.message_id
    assert SWAP in update.text
    assert update.reply_to == first.message_id


async def test_ticking_a_conflict_brings_back_no_update_the_chat_already_had(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    follow(db, 5, "ru-ua", digest=True)
    story = _summarized(db, None, KREMLIN, REJECTED)
    await jobs.deliver(services, app.bot)
    everything_due(db)
    await jobs.deliver(services, app.bot)  # the first push, at the digest
    swap, talks = "Both sides agreed a prisoner swap.", "Talks resume in Istanbul."
    kremlin_again = ("Kremlin agrees prisoner swap", "Moscow and Putin's envoy agreed a swap.")
    _summarized(db, story, kremlin_again, REJECTED, swap)  # an update waits...
    await jobs.deliver(services, app.bot)
    _summarized(db, story, GAZA, REJECTED, swap)  # ...and is dropped: the story reads as Gaza's
    await jobs.deliver(services, app.bot)
    _summarized(db, story, KYIV, REJECTED, swap, talks)  # Russia-Ukraine's again, with news
    await jobs.deliver(services, app.bot)
    everything_due(db)
    await jobs.deliver(services, app.bot)
    assert "prisoner swap" in server.messages_to(5)[1].text  # the swap reached the chat
    for _ in range(4):  # Gaza's reports pile up until the story is Gaza's alone
        _summarized(db, story, GAZA, REJECTED, swap, talks)
    crossings = "Gaza crossings reopen."
    _summarized(db, story, GAZA, REJECTED, swap, talks, crossings)  # news the chat does not follow
    await jobs.deliver(services, app.bot)
    assert tags(db, story) == ["il-gaza"]

    follow(db, 5, "ru-ua", "il-gaza", digest=True)  # the chat ticks Gaza too
    everything_due(db)
    await jobs.deliver(services, app.bot)
    assert len(server.messages_to(5)) == 2  # news starts now, not through the swap's old row

    truce = "A truce in Gaza starts on Sunday."
    _summarized(db, story, GAZA, REJECTED, swap, talks, crossings, truce)
    await jobs.deliver(services, app.bot)
    everything_due(db)
    await jobs.deliver(services, app.bot)
    assert len(server.messages_to(5)) == 3  # the story's next move brings what it missed
    assert "crossings" in server.messages_to(5)[2].text
    assert "truce in Gaza" in server.messages_to(5)[2].text


def test_a_storys_tags_are_weighed_again_over_its_reports_so_a_passing_mention_goes(
    db: Database,
) -> None:
    story = _report(db, None, "Envoys meet", "Kyiv's envoy spoke of Sudan.")
    assert tags(db, story) == ["ru-ua", "sudan"]  # one short report: both named as much
    _report(db, story, "Ukraine talks resume in Geneva",
            "Kyiv and Moscow sent delegations; Ukraine wants a truce in Donbas.")  # fmt: skip
    assert tags(db, story) == ["ru-ua"]  # the story is about Ukraine; Sudan was in passing


class _CountingTagger:
    """The shipped tagger, noting how many reports each weighing reads."""

    def __init__(self) -> None:
        self.shipped = ConflictTagger(TOPIC)
        self.read: list[int] = []

    def weigh(self, reports: Iterable[tuple[str, str]]) -> Weights:
        reports = list(reports)
        self.read.append(len(reports))
        return self.shipped.weigh(reports)

    def tags(self, weights: Weights) -> tuple[str, ...]:
        return self.shipped.tags(weights)


def test_a_joining_report_is_weighed_alone_yet_the_story_is_tagged_over_all_its_reports(
    db: Database,
) -> None:
    tagger = _CountingTagger()
    story: int | None = None
    so_far: list[tuple[str, str]] = []
    for title, text in (KREMLIN, GAZA, KYIV, GAZA, KYIV, KYIV):
        article_id = add_article(
            db,
            NewArticle(None, f"https://w{len(so_far)}.example/", f"https://w{len(so_far)}.example/",
                       None, title, text, None, None, 0.5, True),
        )  # fmt: skip
        assert article_id is not None
        story = place_article(db, article_id, story, topic="ceasefire", pushable=True,
                              retag=tagger)  # fmt: skip
        so_far.append((title, text))
        assert tuple(tags(db, story)) == story_conflicts(TOPIC, so_far)
    assert tagger.read == [1] * 6  # never the earlier reports
