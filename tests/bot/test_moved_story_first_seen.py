"""A reader who first gets a story after it moved sees its developments since the first report
first, marked, however few points they read: in a digest as in a push."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.context import BotApp
from bot.delivery import jobs
from bot.preferences import Preferences
from bot.services import Services
from bot.storage.db import Database
from bot.storage.models import Delivery, utcnow
from bot.storage.subscribers import subscribe, update_prefs
from tests.bot.conftest import add_report, add_story, hours_ago
from tests.servers.telegram_api import BotApiServer

FIRST = ("Ukraine backs a 30-day cease-fire.", "Aid and intelligence sharing resume.")
NEW = "The Kremlin says it will study the offer."
NEWER = "Moscow and Kyiv agree to exchange 1,000 prisoners each."


def _points(text: str) -> list[str]:
    """The bullets of a message without their outlets."""
    return [line[2:].split(" <i>")[0] for line in text.splitlines() if line.startswith("•")]


def _digest_time_comes(db: Database) -> None:
    with db.session() as session:
        for row in session.scalars(select(Delivery).where(Delivery.status == "pending")):
            row.due_at = utcnow() - timedelta(seconds=1)


async def _digest_of(
    app: BotApp, services: Services, server: BotApiServer, points: int, *reports: tuple[str, ...]
) -> str:
    """The digest a reader of `points` points gets of a story whose first report had FIRST and
    whose later reports each brought the points listed, all before their digest time."""
    db = services.db
    subscribe(db, 1, hours_ago(1))
    prefs = Preferences(mode="digest", digest_times=("08:00",), points=points)
    update_prefs(db, 1, prefs, utcnow())
    story = add_story(db, "Talks in Jeddah", points=FIRST)
    for n, points_then in enumerate(reports):
        add_report(db, story, f"Report {n + 2}", points=(*FIRST, *points_then))
    await jobs.deliver(services, app.bot)
    _digest_time_comes(db)
    await jobs.deliver(services, app.bot)
    [digest] = server.messages_to(1)
    return digest.text


@pytest.mark.parametrize("then", [0, 1], ids=["moved", "then re-reported"])
async def test_a_digest_leads_with_the_newest_development_of_a_story_that_moved_before_it(
    app: BotApp, services: Services, server: BotApiServer, then: int
) -> None:
    # A copy that adds nothing: the story's last revision brings no point.
    digest = await _digest_of(app, services, server, 2, (NEW,), *[(NEW,)] * then)
    assert _points(digest)[0] == f"🆕 {NEW}"
    assert digest.count("🆕") == 1


async def test_a_digest_shows_every_development_of_a_story_that_moved_twice_before_it(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    digest = await _digest_of(app, services, server, 1, (NEW,), (NEW, NEWER))
    assert _points(digest) == [f"🆕 {NEW}", f"🆕 {NEWER}"]


async def test_a_push_that_waited_shows_every_development_since_the_first_report(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    story = add_story(db, "Talks in Jeddah", points=FIRST)
    add_report(db, story, "Kremlin to study truce offer", points=(*FIRST, NEW))
    subscribe(db, 1, hours_ago(1))  # joins before the next report: it moves the story for them
    update_prefs(db, 1, Preferences(points=3), utcnow())
    add_report(db, story, "Prisoner swap agreed", points=(*FIRST, NEW, NEWER))
    await jobs.deliver(services, app.bot)

    [push] = server.messages_to(1)
    assert _points(push.text) == [f"🆕 {NEW}", f"🆕 {NEWER}", FIRST[0]]
