"""A chat asks for a story the daily prune deleted: the bot says it has no such story, and
/latest lists only what is kept."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.context import BotApp
from bot.services import Services
from bot.storage.fanout import fan_out
from bot.storage.models import Article, Story, utcnow
from bot.storage.retention import prune
from tests.bot.conftest import add_story, button
from tests.bot.test_chat import press, say
from tests.servers.telegram_api import BotApiServer


async def test_a_pruned_story_is_no_longer_shown_by_story_n_latest_or_its_old_button(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    old = add_story(services.db, "Envoys met in Istanbul", points=("Envoys met.",))
    kept = add_story(services.db, "A truce holds", points=("The truce holds.",))
    listing = await say(app, server, 81, "/latest all")
    assert "Envoys met in Istanbul" in listing.text
    long_ago = utcnow() - timedelta(days=120)
    fan_out(services.db, utcnow())  # both were pushed (to nobody: no chat subscribed)
    with services.db.session() as session:  # its last report came in four months ago
        session.execute(update(Article).where(Article.story_id == old).values(fetched_at=long_ago))
        session.execute(update(Story).where(Story.id == old).values(updated_at=long_ago))

    assert prune(services.db, utcnow(), services.settings.retention).stories == 1

    answer = await say(app, server, 81, f"/story {old}")
    assert answer.text.startswith(f"I have no story '{old}'.")
    assert (await say(app, server, 81, f"/story {kept}")).text.startswith("<b>Timeline:</b>")
    latest = (await say(app, server, 81, "/latest all")).text
    assert "A truce holds" in latest
    assert "Envoys met in Istanbul" not in latest
    # The button of the list shown before the prune.
    sent = len(server.messages_to(81))
    await press(app, server, 81, listing, button(listing, f"#{old}"))
    assert server.callback_answers[-1].text == "That story is no longer available."
    assert len(server.messages_to(81)) == sent
