"""End to end: an outlet corrects a figure in place, and the subscriber is told.

The real bot process with the packaged model, the loopback Bot API and a loopback news site.
The outlet reports 390 prisoners handed over; the subscriber gets the push. The outlet then
corrects its page to 307 at the same address (its feed lists the item changed): the subscriber
gets a threaded update with the corrected figure and the first one struck through, once.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e.conftest import BotProcess
from tests.e2e.test_living_story import serve_feed
from tests.servers.news_site import NewsSite
from tests.servers.telegram_api import BotApiServer

pytestmark = [pytest.mark.e2e, pytest.mark.model]

USER = 778
TITLE = "Russia and Ukraine swap prisoners after cease-fire talks in Istanbul"
REPORT = (
    "Russia handed over {n} Ukrainian prisoners of war on Friday in the first stage of an "
    "exchange agreed at the cease-fire talks in Istanbul, Ukrainian officials said. "
    "The swap followed the first direct talks between the two delegations in three years. "
    "Both sides said the next stage of the exchange would take place over the weekend. "
    "Turkish mediators said the talks on a cease-fire would continue in Istanbul in June."
)


async def test_a_figure_corrected_in_place_reaches_the_subscriber_as_a_threaded_correction(
    api: BotApiServer, news_site: NewsSite, bot_process: BotProcess
) -> None:
    feed = serve_feed(news_site, "/wire.xml", "Wire", [])
    bot_process.env["FEEDS"] = feed
    await bot_process.start(api)
    api.push_message(USER, "/subscribe")
    await api.wait_for_messages(USER, 1, 30)
    await asyncio.sleep(3)  # the feed's first (empty) poll is done: what comes next is news
    before = len(api.messages_to(USER))

    serve_feed(news_site, "/wire.xml", "Wire", [("/wire/swap", TITLE, REPORT.format(n=390))])
    [push] = (await api.wait_for_messages(USER, before + 1, 90))[before:]
    assert "390" in push.text

    serve_feed(news_site, "/wire.xml", "Wire", [("/wire/swap", TITLE, REPORT.format(n=307))])
    update = (await api.wait_for_messages(USER, before + 2, 120))[before + 1]
    assert update.reply_to == push.message_id
    lines = update.text.splitlines()
    corrected = next(n for n, line in enumerate(lines) if "307" in line)
    assert "Corrected" in lines[corrected + 1]
    assert "<s>" in lines[corrected + 1]
    assert "390" in lines[corrected + 1]

    await asyncio.sleep(6)  # more polls: the corrected page, listed again, brings nothing more
    assert len(api.messages_to(USER)) == before + 2
