"""End to end: an outlet whose article page never answers does not hold back another outlet's
story. The bot waits a few seconds for the rest of a poll, so reports of one development still
come as one push, but not for a page that is still loading when those seconds are up."""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e.conftest import BotProcess
from tests.e2e.test_living_story import ORIGINAL, REWRITE, REWRITE_TITLE, TITLE, USER, serve_feed
from tests.servers.news_site import NewsSite
from tests.servers.telegram_api import BotApiServer

pytestmark = [pytest.mark.e2e, pytest.mark.model]


async def test_a_page_that_never_answers_does_not_hold_back_another_outlets_push(
    api: BotApiServer, news_site: NewsSite, bot_process: BotProcess
) -> None:
    fast = serve_feed(news_site, "/fast.xml", "Outlet Fast", [])
    slow = serve_feed(news_site, "/slow.xml", "Outlet Slow", [])
    bot_process.env.update(
        FEEDS=f"{fast},{slow}", FETCH_TIMEOUT_SECONDS="300", FEED_BUDGET_SECONDS="600"
    )
    await bot_process.start(api)
    api.push_message(USER, "/subscribe")
    await api.wait_for_messages(USER, 1, 30)
    await asyncio.sleep(3)  # every feed's first (empty) poll is done: what comes next is news
    before = len(api.messages_to(USER))

    serve_feed(news_site, "/slow.xml", "Outlet Slow", [("/slow/truce", REWRITE_TITLE, REWRITE)])
    news_site.routes["/slow/truce"].delay = 600  # the page never comes while the test runs
    serve_feed(news_site, "/fast.xml", "Outlet Fast", [("/fast/jeddah", TITLE, ORIGINAL)])

    [push] = (await api.wait_for_messages(USER, before + 1, 90))[before:]
    assert "Outlet Fast" in push.text
    assert news_site.requests_to("/slow/truce"), "the slow page was never asked for"
