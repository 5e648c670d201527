"""/summary shares one model thread: one request per user at a time, a few in all."""

from __future__ import annotations

import asyncio
import threading

import pytest
from telegram import Update

from bot.context import BotApp
from bot.services import Services
from bot.summary_gate import MAX_PENDING_SUMMARIES
from summarizer import Summary, SummaryError
from tests.bot.conftest import FakeSummarizer, make_update
from tests.servers.news_site import NewsSite, Route
from tests.servers.telegram_api import BotApiServer

ARTICLE = (
    "Negotiators from both sides met in Istanbul on Tuesday to discuss a cease-fire. "
    "The talks lasted six hours and ended without a signed agreement. "
    "Both delegations agreed to exchange prisoners next week. "
    "A second round is planned for early next month in Geneva. "
)
STILL_WORKING = "I'm still working on your previous summary"
BUSY = "I'm busy with other people's summaries right now; try again in a minute."


class HeldSummarizer(FakeSummarizer):
    """Works only once `release` is set, so requests stay under way as long as a test needs."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def summarize(self, article: object, max_points: int | None = None) -> Summary:
        self.release.wait(timeout=20)
        return super().summarize(article, max_points)  # type: ignore[no-any-return]


@pytest.fixture
def held(services: Services) -> HeldSummarizer:
    summarizer = HeldSummarizer()
    services.summarizer = summarizer  # type: ignore[assignment]
    yield summarizer  # type: ignore[misc]
    summarizer.release.set()


async def send(app: BotApp, chat_id: int, text: str) -> None:
    await app.process_update(make_update(app.bot, chat_id, text))


async def answers(server: BotApiServer, chat_id: int, n: int) -> list[str]:
    return [m.text for m in await server.wait_for_messages(chat_id, n, timeout=10)]


async def test_a_second_summary_while_the_first_is_under_way_is_turned_away(
    app: BotApp, server: BotApiServer, held: HeldSummarizer
) -> None:
    await send(app, 71, "/summary " + ARTICLE)
    await send(app, 71, "/summary " + ARTICLE)
    [notice] = await answers(server, 71, 1)
    assert notice.startswith(STILL_WORKING)
    await send(app, 72, "/summary " + ARTICLE)  # someone else is not held up by it
    held.release.set()
    assert "Istanbul" in (await answers(server, 71, 2))[1]
    assert "Istanbul" in (await answers(server, 72, 1))[0]
    await send(app, 71, "/summary " + ARTICLE)  # done: the user may ask again
    assert "Istanbul" in (await answers(server, 71, 3))[2]
    assert len(held.articles) == 3


async def test_when_too_many_summaries_are_under_way_the_next_user_is_asked_to_wait(
    app: BotApp, server: BotApiServer, held: HeldSummarizer
) -> None:
    users = range(100, 100 + MAX_PENDING_SUMMARIES)
    for user in users:
        await send(app, user, "/summary " + ARTICLE)
    await send(app, 99, "/summary " + ARTICLE)
    assert await answers(server, 99, 1) == [BUSY]
    held.release.set()
    for user in users:
        assert "Istanbul" in (await answers(server, user, 1))[0]
    await send(app, 99, "/summary " + ARTICLE)
    assert "Istanbul" in (await answers(server, 99, 2))[1]


class FailingSummarizer(FakeSummarizer):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def summarize(self, article: object, max_points: int | None = None) -> Summary:
        raise self.error


async def test_a_failed_summary_does_not_keep_the_user_waiting(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    working = services.summarizer
    with NewsSite() as site:
        missing = site.route("/gone", Route(status=404))
        await send(app, 81, f"/summary {missing}")
        assert "HTTP 404" in (await answers(server, 81, 1))[0]
    services.summarizer = FailingSummarizer(SummaryError("no sentences"))  # type: ignore[assignment]
    await send(app, 81, "/summary " + ARTICLE)
    assert "found no sentences" in (await answers(server, 81, 2))[1]
    services.summarizer = FailingSummarizer(RuntimeError("the model broke"))  # type: ignore[assignment]
    await send(app, 81, "/summary " + ARTICLE)
    assert "something went wrong" in (await answers(server, 81, 3))[2]
    services.summarizer = working
    await send(app, 81, "/summary " + ARTICLE)
    assert "Istanbul" in (await answers(server, 81, 4))[3]
    assert services.summary_gate.pending == 0


async def test_a_summary_cancelled_midway_frees_the_users_place(
    app: BotApp, server: BotApiServer, services: Services, held: HeldSummarizer
) -> None:
    before = asyncio.all_tasks()
    await send(app, 91, "/summary " + ARTICLE)
    started = asyncio.all_tasks() - before
    await server.wait_for(lambda api: (91, "typing") in api.chat_actions)
    assert services.summary_gate.pending == 1
    for task in started:  # as when the bot shuts down
        task.cancel()
    await asyncio.gather(*started, return_exceptions=True)
    assert services.summary_gate.pending == 0
    held.release.set()
    await send(app, 91, "/summary " + ARTICLE)
    assert "Istanbul" in (await answers(server, 91, 1))[0]


ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
CHANNEL_FORWARD = {"id": 777000, "is_bot": False, "first_name": "Telegram"}


def shared_account_update(app: BotApp, group_id: int, sender: dict[str, object]) -> Update:
    """/summary in a group sent as a chat: Telegram gives it one shared account as its user."""
    update = make_update(app.bot, group_id, "/summary " + ARTICLE)
    data = update.to_dict()
    data["message"]["chat"] = {"id": group_id, "type": "supergroup", "title": "G"}
    data["message"]["from"] = sender
    data["message"]["sender_chat"] = {"id": group_id - 1, "type": "channel", "title": "C"}
    return Update.de_json(data, app.bot)


@pytest.mark.parametrize(
    "sender", [ANONYMOUS_ADMIN, CHANNEL_FORWARD], ids=["anonymous admin", "channel forward"]
)
async def test_summaries_sent_as_a_chat_in_two_groups_are_each_answered(
    app: BotApp, server: BotApiServer, held: HeldSummarizer, sender: dict[str, object]
) -> None:
    await app.process_update(shared_account_update(app, -100111, sender))
    await app.process_update(shared_account_update(app, -100222, sender))
    held.release.set()

    assert "Istanbul" in (await answers(server, -100111, 1))[0]
    assert "Istanbul" in (await answers(server, -100222, 1))[0]
