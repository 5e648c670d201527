"""A story that moves: one push, then short threaded updates with only what is new."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.context import BotApp
from bot.delivery import jobs
from bot.delivery.sender import Sender
from bot.preferences import Preferences
from bot.scheduling import quiet_hours_end
from bot.services import Services, build_services
from bot.storage import fanout
from bot.storage.db import Database
from bot.storage.models import Delivery, utcnow
from bot.storage.stories import stories_by_ids
from bot.storage.subscribers import get_subscription, subscribe, update_prefs
from config.settings import Settings
from summarizer import KeyPoint
from tests.bot.conftest import add_report, add_story, hours_ago
from tests.servers.telegram_api import BotApiServer

FIRST = ("Ukraine backs a 30-day cease-fire.", "Aid and intelligence sharing resume.")
NEW = "The Kremlin says it will study the offer."
MORE = (
    "A second round is set for next week.",
    "Prisoner exchange agreed.",
    "The UN offered to monitor the line.",
    "Turkey will host a follow-up meeting.",
)


async def deliver(services: Services, app: BotApp) -> None:
    """What the bot's send job does: fan out new revisions, then send what is due."""
    await jobs.deliver(services, app.bot)


async def pushed_to_chat_1(services: Services, app: BotApp) -> int:
    """Chat 1 subscribes and gets the first push of a story; the story's id."""
    subscribe(services.db, 1, hours_ago(1))
    story = add_story(services.db, "Talks in Jeddah", points=FIRST)
    await deliver(services, app)
    return story


def cooldown_passes(db: Database) -> None:
    with db.session() as session:
        for row in session.scalars(select(Delivery).where(Delivery.status == "pending")):
            row.due_at = utcnow() - timedelta(seconds=1)


async def test_a_new_fact_arrives_as_a_threaded_update_with_only_that_fact(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    story = add_story(db, "Ukraine backs US plan for 30-day ceasefire", points=FIRST)
    await deliver(services, app)
    [push] = server.messages_to(1)

    add_report(db, story, "Kremlin to study truce offer", points=(*FIRST, NEW))
    await deliver(services, app)

    [_, update] = server.messages_to(1)
    assert update.reply_to == push.message_id
    assert update.text.startswith("<b>Update:</b>")
    assert NEW in update.text
    assert FIRST[0] not in update.text
    assert "2 outlets report this" in update.text


async def test_an_update_with_another_outlets_figure_shows_the_figure_the_reader_has_beside_it(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    update_prefs(db, 1, Preferences(language="uk"), utcnow())
    fewer = "Омбудсман отримав список із 120 вивезених цивільних."  # outlets and figures invented
    more = "За даними джерел, у списку 150 вивезених цивільних."
    story = add_report(
        db, None, "Списки вивезених", points=[KeyPoint(fewer, (fewer,), ("Вісник",))]
    )
    await deliver(services, app)
    [push] = server.messages_to(1)

    # Another outlet gives 150: the summarizer keeps both figures as rival versions.
    add_report(
        db,
        story,
        "150 у списку",
        points=[
            KeyPoint(fewer, (fewer,), ("Вісник",), (more,)),
            KeyPoint(more, (more,), ("Кур'єр",), (fewer,)),
        ],
    )
    await deliver(services, app)

    [_, update] = server.messages_to(1)
    assert update.reply_to == push.message_id
    lines = update.text.splitlines()
    assert lines[1] == f"• {more} <i>(Кур'єр)</i>"
    assert lines[2] == (
        f"↳ <i>Видання розходяться. Інша версія, надіслана раніше:</i> {fewer} <i>(Вісник)</i>"
    )


async def test_a_re_report_that_adds_nothing_sends_nothing(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    story = await pushed_to_chat_1(services, app)
    add_report(db, story, "Syndicated copy", points=FIRST)
    await deliver(services, app)
    assert len(server.messages_to(1)) == 1


async def _an_update_held(services: Services, app: BotApp, news: Sequence[str]) -> int:
    """Chat 1 got the story and a first update (NEW); a report bringing `news` comes within
    30 minutes of that update, so the cooldown holds it. The story's id."""
    story = await pushed_to_chat_1(services, app)
    add_report(services.db, story, "Kremlin reacts", points=(*FIRST, NEW))
    await deliver(services, app)
    add_report(services.db, story, "Second round", points=(*FIRST, NEW, *news))
    await deliver(services, app)
    return story


async def test_updates_during_the_cooldown_merge_into_one_message(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    later, third = MORE[:2]
    story = await _an_update_held(services, app, [later])
    assert len(server.messages_to(1)) == 2
    add_report(db, story, "Prisoners", points=(*FIRST, NEW, later, third))
    await deliver(services, app)
    cooldown_passes(db)
    await deliver(services, app)
    [_, _, merged] = server.messages_to(1)
    assert later in merged.text
    assert third in merged.text
    assert NEW not in merged.text


async def test_every_point_merged_during_the_cooldown_reaches_the_chat_however_many(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    story = await _an_update_held(services, app, MORE[:2])  # the chat reads 3 points a story
    add_report(db, story, "Monitors", points=(*FIRST, NEW, *MORE))
    await deliver(services, app)  # merged into the held update
    cooldown_passes(db)
    await deliver(services, app)

    [_, _, merged] = server.messages_to(1)
    assert [point in merged.text for point in MORE] == [True] * 4


async def test_a_digest_marks_every_new_point_even_past_the_readers_number(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    update_prefs(db, 1, Preferences(mode="digest", digest_times=("08:00",), points=3), utcnow())
    story = add_story(db, "Talks in Jeddah", points=FIRST)
    await deliver(services, app)
    cooldown_passes(db)  # digest time
    await deliver(services, app)
    add_report(db, story, "Monitors", points=(*FIRST, *MORE))
    await deliver(services, app)
    cooldown_passes(db)
    await deliver(services, app)

    [_, second] = server.messages_to(1)
    assert [f"🆕 {point}" in second.text for point in MORE] == [True] * 4


def _quiet_hours_later(prefs: Preferences) -> Preferences:
    now = utcnow()
    start, end = ((now + timedelta(hours=h)).strftime("%H:%M") for h in (5, 6))
    return replace(prefs, quiet_start=start, quiet_end=end)


@pytest.mark.parametrize(
    "change",
    [
        lambda prefs: replace(prefs, language="uk", points=5),
        lambda prefs: replace(prefs, timezone="Europe/Kyiv"),
        _quiet_hours_later,
    ],
    ids=["language and points", "time zone", "quiet hours for later"],
)
async def test_a_settings_change_does_not_release_an_update_held_by_the_cooldown(
    app: BotApp,
    services: Services,
    server: BotApiServer,
    change: Callable[[Preferences], Preferences],
) -> None:
    db = services.db
    await _an_update_held(services, app, MORE[:1])

    info = get_subscription(db, 1)
    assert info is not None
    update_prefs(db, 1, change(info.prefs), utcnow())
    await deliver(services, app)
    assert len(server.messages_to(1)) == 2  # still held

    cooldown_passes(db)
    await deliver(services, app)
    [_, _, held] = server.messages_to(1)
    assert MORE[0] in held.text


async def test_a_settings_change_keeps_the_bots_own_update_cooldown(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    from tests.bot.test_handlers import say

    services.sender.cooldown = timedelta(hours=2)  # UPDATE_COOLDOWN_MINUTES=120
    db = services.db
    await _an_update_held(services, app, MORE[:1])

    await say(app, server, 1, "/settings timezone Europe/Kyiv")

    with db.session() as session:
        held = session.scalars(select(Delivery).where(Delivery.status == "pending")).one()
    assert held.due_at > utcnow() + timedelta(hours=1, minutes=30)


async def test_an_update_never_overtakes_the_first_push(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    now = utcnow()
    later = (now + timedelta(hours=2)).strftime("%H:%M")
    update_prefs(db, 1, Preferences(mode="digest", digest_times=(later,)), now)
    story = add_story(db, "Talks in Jeddah", points=FIRST)
    await deliver(services, app)
    add_report(db, story, "Kremlin reacts", points=(*FIRST, NEW))
    await deliver(services, app)
    assert server.messages_to(1) == []
    with db.session() as session:  # digest time
        for row in session.scalars(select(Delivery)):
            row.due_at = utcnow() - timedelta(seconds=1)
    await deliver(services, app)
    [digest] = server.messages_to(1)
    assert NEW in digest.text  # the story in its newest state, once
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 1


async def test_two_fan_outs_racing_write_each_delivery_once(services: Services) -> None:
    db = services.db
    for chat in range(1, 6):
        subscribe(db, chat, hours_ago(1))
    for n in range(5):
        add_story(db, f"Story {n}")
    now = utcnow()
    results = await asyncio.gather(*(asyncio.to_thread(fanout.fan_out, db, now) for _ in range(4)))
    assert sum(sum(r.values()) for r in results) == 25
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 25


async def test_what_quiet_hours_held_back_comes_as_one_message(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    now = utcnow()
    start = (now - timedelta(hours=1)).strftime("%H:%M")
    end = (now + timedelta(hours=1)).strftime("%H:%M")
    update_prefs(db, 1, Preferences(quiet_start=start, quiet_end=end), now)
    for title in ("One", "Two", "Three"):
        add_story(db, title, points=(f"{title} happened.",))
    await deliver(services, app)
    assert server.messages_to(1) == []  # quiet
    ends = quiet_hours_end(now, start, end, "UTC")
    assert ends is not None
    await Sender(db, stories_by_ids, per_chat_interval=0, clock=lambda: ends).drain(app.bot)
    [held] = server.messages_to(1)
    assert all(f"{title} happened." in held.text for title in ("One", "Two", "Three"))


async def test_a_digest_shows_a_story_again_with_what_is_new_since_the_last_digest_marked(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    now = utcnow()
    update_prefs(db, 1, Preferences(mode="digest", digest_times=("08:00", "20:00")), now)

    async def digest_time() -> None:
        with db.session() as session:
            for row in session.scalars(select(Delivery).where(Delivery.status == "pending")):
                row.due_at = utcnow() - timedelta(seconds=1)
        await deliver(services, app)

    story = add_story(db, "Talks in Jeddah", points=FIRST)
    await deliver(services, app)
    await digest_time()
    add_report(db, story, "Kremlin reacts", points=(*FIRST, NEW))
    await deliver(services, app)
    await digest_time()
    [first, second] = server.messages_to(1)
    assert first.text.startswith("<b>Digest: 1 story</b>")
    assert f"🆕 {NEW}" in second.text
    assert f"🆕 {FIRST[0]}" not in second.text
    assert second.reply_to is None  # a digest is its own message


async def test_an_update_that_turned_out_empty_does_not_hold_the_next_one_back(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    story = await pushed_to_chat_1(services, app)
    # The new point was dropped again before the update went out: nothing to say.
    add_report(db, story, "Kremlin reacts", points=(*FIRST, NEW))
    fanout.fan_out(db, utcnow())
    add_report(db, story, "Correction", points=FIRST)
    await deliver(services, app)
    assert len(server.messages_to(1)) == 1
    add_report(db, story, "Kremlin reacts again", points=(*FIRST, NEW))
    await deliver(services, app)
    [_, update] = server.messages_to(1)
    assert NEW in update.text


async def test_update_cooldown_minutes_0_sends_every_update_at_once(
    app: BotApp, settings: Settings, server: BotApiServer
) -> None:
    services = await build_services(
        settings.model_copy(update={"update_cooldown_minutes": 0}), "send"
    )
    try:
        db = services.db
        subscribe(db, 1, hours_ago(1))
        story = add_story(db, "Talks in Jeddah", points=FIRST)
        await deliver(services, app)
        add_report(db, story, "Kremlin reacts", points=(*FIRST, NEW))
        await deliver(services, app)
        later = "A second round is set for next week."
        add_report(db, story, "Second round", points=(*FIRST, NEW, later))
        await deliver(services, app)
    finally:
        await services.aclose()
    [_, first_update, second_update] = server.messages_to(1)
    assert NEW in first_update.text
    assert later in second_update.text
