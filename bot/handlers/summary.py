"""/summary <url> | <pasted text> | as a reply: key points of one article, computed off the loop.

The model runs in the services' single model thread, so other chats' commands keep being answered
while it works; a "typing" action is repeated every few seconds so the user sees it is busy.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatAction
from telegram.ext import CommandHandler

from bot.context import BotContext
from bot.handlers.common import answer, command_args
from bot.net.fetch import FetchError, FetchRefused, UrlGuard, fetch
from bot.render import esc, render_summary
from bot.services import Services
from summarizer import Article, Summary, SummaryError

__all__ = ["HANDLERS", "SummaryRequest", "UserInputError", "parse_summary_input"]

USAGE = (
    "Send /summary with a link (/summary https://example.com/article), with the article's "
    "text pasted after it, or as a reply to a message that has a link or text."
)
URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(//)?\S+$", re.IGNORECASE)
LINK_WITH_COMMENT = 200  # a link with less text than this around it means "summarize the page"
MIN_TEXT = 200
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TYPING_EVERY = 4.0


class UserInputError(Exception):
    """Input we cannot summarize; str(e) is the message for the user."""


@dataclass(frozen=True)
class SummaryRequest:
    """Either a page to fetch or a text to summarize directly."""

    url: str | None = None
    text: str = ""


def parse_summary_input(text: str, links: Sequence[str] = ()) -> SummaryRequest:
    """Decide between fetching a link and summarizing the text itself."""
    stripped = text.strip()
    urls = list(links) or URL.findall(stripped)
    if urls:
        rest = URL.sub("", stripped).strip()
        if len(rest) < LINK_WITH_COMMENT:
            url = urls[0].rstrip(".,;:!?)")
            # Telegram marks "example.com/story" as a link too; such links are web pages.
            return SummaryRequest(url=url if "://" in url else "https://" + url)
    if OTHER_SCHEME.match(stripped):
        raise UserInputError(
            "I can only open web pages: links that start with http:// or https://."
        )
    if not stripped:
        raise UserInputError(USAGE)
    if len(stripped) < MIN_TEXT:
        raise UserInputError(
            f"That text is too short to summarize ({len(stripped)} characters); send a whole "
            "article or a link to one."
        )
    return SummaryRequest(text=stripped)


def _links(message: Message) -> list[str]:
    found = message.parse_entities([MessageEntity.URL, MessageEntity.TEXT_LINK])
    found.update(message.parse_caption_entities([MessageEntity.URL, MessageEntity.TEXT_LINK]))
    return [e.url if e.url else text for e, text in found.items()]


def request_from(update: Update) -> SummaryRequest:
    """The command's own text, or else the message it replies to."""
    message = update.effective_message
    if message is None:
        raise UserInputError(USAGE)
    own = command_args(update)
    if own:
        return parse_summary_input(own, [u for u in _links(message) if u in own])
    replied = message.reply_to_message
    if replied is not None:
        return parse_summary_input(replied.text or replied.caption or "", _links(replied))
    raise UserInputError(USAGE)


async def _typing(context: BotContext, chat_id: int) -> None:
    with contextlib.suppress(Exception):
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)


async def _keep_typing(context: BotContext, chat_id: int) -> None:
    """Telegram shows "typing" for about 5 s; repeat it until cancelled."""
    while True:
        await asyncio.sleep(TYPING_EVERY)
        await _typing(context, chat_id)


async def _fetch_article(services: Services, url: str) -> tuple[str, str, str]:
    """(final url, title, text) of a web page, or UserInputError saying why not."""
    import trafilatura

    from bot.ingest.extract import extract_text

    settings = services.settings
    try:
        page = await fetch(
            services.http,
            url,
            max_bytes=settings.fetch_max_bytes,
            timeout=settings.fetch_timeout_seconds,
            headers={"User-Agent": settings.user_agent},
            guard=UrlGuard(settings.fetch_allowed_hosts),
            accept=lambda content_type: content_type in HTML_TYPES,
        )
    except FetchRefused as exc:
        raise UserInputError(f"I can't open that address: {exc}.") from None
    except FetchError as exc:
        raise UserInputError(f"I couldn't read that page: {exc}.") from None
    html = page.text()
    text = await asyncio.to_thread(extract_text, html, page.url)
    if not text:
        raise UserInputError("I couldn't find the text of an article on that page.")
    meta = await asyncio.to_thread(trafilatura.extract_metadata, html, default_url=page.url)
    title = (getattr(meta, "title", None) or "") if meta is not None else ""
    return page.url, str(title), text


async def _summarize(services: Services, title: str, url: str, text: str) -> Summary:
    loop = asyncio.get_running_loop()
    article = Article(text=text, title=title, url=url)
    try:
        return await loop.run_in_executor(
            services.model_executor, services.summarizer.summarize, article
        )
    except SummaryError as exc:
        raise UserInputError(str(exc)) from None


async def summary(update: Update, context: BotContext) -> None:
    """Summarize a link, pasted text, or the replied message, with 'typing' while it works."""
    chat = update.effective_chat
    if chat is None:
        return
    try:
        request = request_from(update)
    except UserInputError as exc:
        await answer(update, context, esc(str(exc)))
        return
    services = context.services
    await _typing(context, chat.id)
    typing = asyncio.create_task(_keep_typing(context, chat.id))
    try:
        url, title, text = "", "", request.text
        if request.url is not None:
            url, title, text = await _fetch_article(services, request.url)
        result = await _summarize(services, title, url, text)
    except UserInputError as exc:
        await answer(update, context, esc(str(exc)))
        return
    finally:
        typing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await typing
    await answer(update, context, render_summary(title, url, result.key_points))


# block=False: a summary takes seconds; the next updates are processed meanwhile.
HANDLERS = [CommandHandler("summary", summary, block=False)]
