"""An outlet corrects its report in place: readers who were told the old version hear what
changed, as a threaded update, and what the outlet removed is said to be no longer reported.
(The story summarizer's part, which point replaces which, is tested in the summarizer; here
the revisions are written as it writes them.)"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from bot.context import BotApp
from bot.preferences import Preferences
from bot.services import Services
from bot.storage.corrections import correct_article
from bot.storage.db import Database
from bot.storage.models import Article
from bot.storage.story_writes import save_revision, story_material
from bot.storage.subscribers import subscribe, update_prefs
from summarizer import KeyPoint
from tests.bot.conftest import add_story, hours_ago
from tests.bot.test_story_updates import cooldown_passes, deliver
from tests.servers.telegram_api import BotApiServer

OLD = "Lestovia freed 390 prisoners on Friday."
NEW = "Lestovia freed 307 prisoners on Friday."
ROUND = "Talks resume in Geneva on Monday."
PESKOV = "The Kremlin said it was ready for a memorandum."


def corrected(
    db: Database, story: int, points: Sequence[KeyPoint], withdrawn: Sequence[str]
) -> None:
    """The outlet corrects its report in place and the story is summarized again."""
    with db.session() as session:
        article = session.scalars(select(Article.id).where(Article.story_id == story)).one()
    correct_article(db, article, title="Swap", text=" ".join(p.text for p in points),
                    content_hash=None, fingerprint="changed")  # fmt: skip
    material = story_material(db, story)
    assert material is not None
    save_revision(db, material, points, "extractive", withdrawn=withdrawn)


async def test_a_reader_told_the_old_version_gets_the_correction_and_the_withdrawal(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    story = add_story(db, "Prisoners freed", points=(OLD, ROUND, PESKOV))
    await deliver(services, app)
    [push] = server.messages_to(1)

    fixed = KeyPoint(NEW, (NEW,), ("Wire",), (), (OLD,))
    corrected(db, story, [KeyPoint(ROUND, (ROUND,)), fixed], withdrawn=[PESKOV])
    await deliver(services, app)

    [_, update] = server.messages_to(1)
    assert update.reply_to == push.message_id
    assert update.text.splitlines()[1:4] == [
        f"• {NEW} <i>(Wire)</i>",
        "↳ <i>Corrected:</i> <s>freed 390 prisoners</s> → freed 307 prisoners",
        f"• <i>No longer reported (removed by its outlet):</i> <s>{PESKOV}</s>",
    ]


async def test_a_correction_that_only_removes_a_statement_still_reaches_the_reader(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    update_prefs(db, 1, Preferences(language="uk"), hours_ago(1))
    story = add_story(db, "Prisoners freed", points=(OLD, PESKOV))
    await deliver(services, app)

    corrected(db, story, [KeyPoint(OLD, (OLD,))], withdrawn=[PESKOV])
    await deliver(services, app)

    [_, update] = server.messages_to(1)
    assert f"<i>Більше не повідомляється (видання прибрало):</i> <s>{PESKOV}</s>" in update.text
    assert OLD not in update.text  # nothing else is new


async def test_a_digest_reader_sees_what_was_withdrawn_since_the_last_digest(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    update_prefs(db, 1, Preferences(mode="digest", digest_times=("08:00",)), hours_ago(1))
    story = add_story(db, "Prisoners freed", points=(OLD, PESKOV))
    await deliver(services, app)
    cooldown_passes(db)  # digest time
    await deliver(services, app)

    corrected(db, story, [KeyPoint(OLD, (OLD,))], withdrawn=[PESKOV])
    await deliver(services, app)
    cooldown_passes(db)
    await deliver(services, app)

    [_, second] = server.messages_to(1)
    assert f"• <i>No longer reported (removed by its outlet):</i> <s>{PESKOV}</s>" in second.text


async def test_a_reader_who_never_had_the_withdrawn_statement_is_not_told_of_it(
    app: BotApp, services: Services, server: BotApiServer
) -> None:
    db = services.db
    subscribe(db, 1, hours_ago(1))
    story = add_story(db, "Prisoners freed", points=(OLD,))
    await deliver(services, app)

    corrected(db, story, [KeyPoint(OLD, (OLD,))], withdrawn=[PESKOV])
    await deliver(services, app)

    assert len(server.messages_to(1)) == 1
