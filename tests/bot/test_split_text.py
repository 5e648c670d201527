"""A text too long for one Telegram message arrives as several: the reader who pasted a whole
article gets one summary of all of it, not a summary of its first part and a notice for the
rest. Texts are invented; the handler tests' summarizer quotes first sentences and records the
text it was given, which is what these tests check (the real model's reading of a long text
is the summarizer's own tests')."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.context import BotApp
from bot.handlers.split_text import LIKELY_CUT, PARTS_WAIT_SECONDS, join_parts
from bot.services import Services
from tests.servers.telegram_api import BotApiServer, SentMessage

_PARTIES = ["Ukrainian", "Russian", "American", "Turkish", "Saudi", "Qatari"]
_ITEMS = [
    "a thirty-day pause in strikes on energy sites",
    "an exchange of all wounded prisoners of war",
    "safe passage for grain ships in the Black Sea",
    "monitors along the front line",
    "the return of children taken from occupied towns",
    "a second round of talks in Geneva",
]
_CITIES = ["Istanbul", "Jeddah", "Geneva", "Abu Dhabi"]
# About 5,800 characters, more than one message holds: a day-by-day record, then the news.
RECORD = " ".join(
    f"On day {n + 1} of the talks the {_PARTIES[n % 6]} delegation put forward "
    f"{_ITEMS[(n * 5) % 6]}, and the mediators in {_CITIES[n % 4]} said they would "
    f"answer within {n + 2} days."
    for n in range(36)
)
NEWS = "The Kremlin said it would study the proposal before giving any answer."
ARTICLE = (
    f"{RECORD} {NEWS} Kyiv asked the mediators to publish the full text of the plan on Friday."
)


def cut(text: str, at: int) -> tuple[str, str]:
    """Where a Telegram app cuts a long text: the last space before `at`."""
    space = text.rindex(" ", 0, at)
    return text[:space], text[space + 1 :]


async def _answers(
    app: BotApp, server: BotApiServer, chat_id: int, parts: list[str]
) -> list[SentMessage]:
    """Send the parts back to back, as an app does, and return every answer once none is due."""
    before = len(server.messages_to(chat_id))
    for part in parts:
        update = server.message_update(chat_id, part)
        await app.process_update(Update.de_json(update, app.bot))
    await server.wait_for_messages(chat_id, before + 1, timeout=30)
    await asyncio.sleep(PARTS_WAIT_SECONDS + 1)  # time for a wrong second answer to come
    return server.messages_to(chat_id)[before:]


def summarized(services: Services) -> str:
    """The text the summarizer was last given (the handler tests' summarizer records it)."""
    return str(services.summarizer.articles[-1].text)  # type: ignore[union-attr]


def test_parts_cut_mid_sentence_run_on_and_finished_sentences_end_a_paragraph() -> None:
    assert join_parts(["They agreed to", "meet again."]) == "They agreed to meet again."
    assert join_parts(["They met.", "They agreed."]) == "They met.\n\nThey agreed."


async def test_a_pasted_article_cut_in_two_gets_one_summary_of_both_parts(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    first, rest = cut(ARTICLE, 4096)
    assert len(first) >= LIKELY_CUT
    assert not first.endswith(".")
    [answer] = await _answers(app, server, 301, [first, rest])
    assert summarized(services) == ARTICLE
    assert answer.reply_to is not None


async def test_summary_with_a_text_cut_in_three_gets_one_summary(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    text = f"{RECORD} {RECORD.replace('talks', 'meetings')} {NEWS}"
    first, rest = cut(f"/summary {text}", 4096)
    second, third = cut(rest, 4096)
    assert len(second) >= LIKELY_CUT
    [answer] = await _answers(app, server, 302, [first, second, third])
    assert summarized(services) == text
    assert answer.text.startswith("• ")


async def test_a_long_text_that_was_not_cut_is_summarized_once_no_part_came(
    app: BotApp, server: BotApiServer, services: Services
) -> None:
    whole = RECORD[: RECORD.rindex(".", 0, 4000) + 1]
    assert len(whole) >= LIKELY_CUT
    [answer] = await _answers(app, server, 303, [whole])
    assert summarized(services) == whole
    assert answer.text.startswith("• ")
