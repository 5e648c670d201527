"""/summary <url> | <pasted text> | as a reply: key points of one article, computed off the loop.

The model runs in the services' single model thread, so other chats' commands keep being answered
while it works; a "typing" action is repeated every few seconds so the user sees it is busy.
That thread has one worker, so a user gets one request under way at a time and everyone a few
(`bot.summary_gate`); the others are told to wait rather than queued.

A link (alone, with a remark about it, or inside a pasted article), a forwarded post or a pasted
article sent to the bot in a private chat is summarized the same way (`summarize_message`);
other plain text gets a one-line pointer to /help.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from typing import TYPE_CHECKING

from telegram import Message, Update
from telegram.constants import ChatAction

from bot.context import BotContext
from bot.handlers.common import Command, answer, translator_of
from bot.handlers.split_text import Parts, collect_parts, join_parts, start_parts, take_part
from bot.handlers.summary_input import (
    URL,
    SummaryRequest,
    UserInputError,
    links_in,
    looks_like_an_article,
    parse_summary_input,
    request_from,
)
from bot.i18n import N_
from bot.ingest.pages import PageReader
from bot.ingest.turns import Priority
from bot.net import FetchError, FetchRefused
from bot.render import esc
from bot.render_summary import render_summary
from bot.summary_gate import Admission
from summarizer import Article, Summary, SummaryError
from summarizer.text import MAX_CHARS

if TYPE_CHECKING:
    from bot.services import Services

__all__ = [
    "COMMANDS",
    "fetch_problem",
    "looks_summarizable",
    "point_to_help",
    "summarize_message",
]

TYPING_EVERY = 4.0


_FETCH_REASONS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"^HTTP (?P<status>\d+)$"), "http_status", N_("the site answered HTTP {status}")),
    (re.compile(r"^timed out"), "timeout", N_("the site did not answer in time")),
    (re.compile(r"^larger than (?P<mb>[\d.]+) MB"), "too_large", N_("it is larger than {mb} MB")),
    (
        re.compile(r"^not a web page \((?P<type>.*)\)$"),
        "not_html",
        N_("it is not a web page ({type})"),
    ),
    (re.compile(r"^could not find the server"), "no_host", N_("there is no such site")),
    (re.compile(r"^too many redirects"), "redirects", N_("it redirects too many times")),
    (
        re.compile(r"private or local network"),
        "private",
        N_("that address is on a private or local network"),
    ),
    (
        re.compile(r"^redirects to a non-web address"),
        "redirect_scheme",
        N_("it redirects to a non-web address"),
    ),
    (
        re.compile(r"only http and https|not a valid web address"),
        "invalid",
        N_("it is not a valid web address"),
    ),
)
FETCH_OTHER = N_("the site could not be reached")


def fetch_problem(exc: FetchError | str) -> UserInputError:
    """A fetch failure (or the reason a past one stored) as a code and parameters, worded
    later in the reader's language."""
    for pattern, code, message in _FETCH_REASONS:
        match = pattern.search(str(exc))
        if match is not None:
            return UserInputError(f"fetch.{code}", message, **match.groupdict())
    return UserInputError("fetch.other", FETCH_OTHER)


async def _typing(context: BotContext, chat_id: int) -> None:
    with contextlib.suppress(Exception):
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)


async def _keep_typing(context: BotContext, chat_id: int) -> None:
    """Telegram shows "typing" for about 5 s; repeat it until cancelled."""
    while True:
        await asyncio.sleep(TYPING_EVERY)
        await _typing(context, chat_id)


async def _fetch_article(services: Services, request: SummaryRequest) -> tuple[str, str, str]:
    """(final url, title, text) of a web page, or UserInputError saying why not."""
    assert request.url is not None
    reader = PageReader.from_settings(
        services.http, services.settings, services.extractor, Priority.INTERACTIVE
    )
    try:
        try:
            page = await reader.read(request.url)
        except FetchError as exc:
            if not request.guessed_scheme or isinstance(exc, FetchRefused):
                raise
            scheme, rest = request.url.split("://", 1)
            other = "http" if scheme == "https" else "https"
            page = await reader.read(f"{other}://{rest}")
    except FetchRefused as exc:
        problem = fetch_problem(exc)
        raise UserInputError(
            "summary.refused", N_("I can't open that address: {reason}."), reason=problem
        ) from None
    except FetchError as exc:
        problem = fetch_problem(exc)
        raise UserInputError(
            "summary.unreadable", N_("I couldn't read that page: {reason}."), reason=problem
        ) from None
    if page.failure:
        raise UserInputError(
            "summary.unreadable",
            N_("I couldn't read that page: {reason}."),
            reason=UserInputError("fetch.slow", N_("it took too long to read")),
        )
    # Judged on the part the summarizer reads: that is all that matters, and a sentence scan of
    # a multi-megabyte page would hold up the event loop for most of a second.
    if not looks_like_an_article(page.text[:MAX_CHARS]):
        raise UserInputError(
            "summary.no_article", N_("I couldn't find the text of an article on that page.")
        )
    return page.url, page.title, page.text


async def _summarize(services: Services, title: str, url: str, text: str) -> Summary:
    loop = asyncio.get_running_loop()
    article = Article(text=text, title=title, url=url)
    if services.summarizer is None:
        raise RuntimeError("this process was started without a summarizer (role send)")
    try:
        return await loop.run_in_executor(
            services.model_executor, services.summarizer.summarize, article
        )
    except SummaryError:
        raise UserInputError(
            "summary.nothing",
            N_("I found no sentences to condense in that text; send a whole article."),
        ) from None


async def _render_error(error: UserInputError, update: Update, context: BotContext) -> str:
    """The error in the reader's language; nested errors (a fetch reason) rendered too."""
    return esc(error.render(await translator_of(update, context)))


STILL_WORKING = N_(
    "I'm still working on your previous summary; send this one again once that one has arrived."
)
BUSY = N_("I'm busy with other people's summaries right now; try again in a minute.")


async def run_summary(update: Update, context: BotContext, request: SummaryRequest) -> None:
    """One request per user and a few in all (the gate); the rest are told why not. The
    user's place is freed before the answer goes out, so one sent on seeing it is admitted.

    A pasted text Telegram may have cut waits for its other parts first, outside the gate;
    call this before any await of the handler's, so the next part finds it held."""
    chat = update.effective_chat
    if chat is None:
        return
    parts = _hold_for_parts(context, request, update.effective_message)
    request = await _with_parts(context, request, parts)
    user = update.effective_user
    # Anonymous group admins, channel posts and a channel's posts forwarded into its discussion
    # group come from shared accounts: their place is the chat's, or every group would share one.
    sent_as_chat = update.effective_message is not None and bool(
        update.effective_message.sender_chat
    )
    requester = chat.id if user is None or user.is_bot or sent_as_chat else user.id
    with context.services.summary_gate.enter(requester) as admitted:
        if admitted is Admission.ADMITTED:
            reply = await _reply(update, context, request, chat.id)
    if admitted is not Admission.ADMITTED:
        notice = STILL_WORKING if admitted is Admission.YOURS_PENDING else BUSY
        reply = (await translator_of(update, context)).gettext(notice)
    await answer(update, context, reply)


async def _reply(
    update: Update, context: BotContext, request: SummaryRequest, chat_id: int
) -> str:
    """Fetch if needed, summarize in the model thread with 'typing' shown: the answer."""
    services = context.services
    await _typing(context, chat_id)
    typing = asyncio.create_task(_keep_typing(context, chat_id))
    try:
        url, title, text = "", "", request.text
        if request.url is not None:
            url, title, text = await _fetch_article(services, request)
        result = await _summarize(services, title, url, text)
    except UserInputError as exc:
        return await _render_error(exc, update, context)
    finally:
        typing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await typing
    lang = (await translator_of(update, context)).lang
    return render_summary(title, url, result.key_points, lang=lang, text=text)


async def summary(update: Update, context: BotContext) -> None:
    """Summarize a link, pasted text, or the replied message."""
    try:
        request = request_from(update)
    except UserInputError as exc:
        await answer(update, context, await _render_error(exc, update, context))
        return
    await run_summary(update, context, request)


def _hold_for_parts(
    context: BotContext, request: SummaryRequest, message: Message | None
) -> Parts | None:
    """A pasted text of the message's own that Telegram may have cut: held for its other
    parts (`bot.handlers.split_text`)."""
    own = (message.text or message.caption or "") if message is not None else ""
    if request.url is not None or not request.text or request.text not in own:
        return None
    return start_parts(context.chat_data, request.text)


async def _with_parts(
    context: BotContext, request: SummaryRequest, parts: Parts | None
) -> SummaryRequest:
    """The request with the held text's other parts joined on, once none comes any more."""
    if parts is None or context.chat_data is None:
        return request
    return SummaryRequest(text=join_parts(await collect_parts(context.chat_data, parts)))


def looks_summarizable(message: Message) -> bool:
    """A forwarded post, a pasted article, or a message with a link: alone, with a remark (the
    page is summarized) or in a pasted article (the article is).

    A word with a dot ("thanks.bye") is a link here only when Telegram marked it as one, or it
    has a scheme or a path: in a chat, unlike after /summary, nobody asked for a page. Text
    with no link is conversation unless it reads as an article (`looks_like_an_article`): a
    reader who pastes a report they cannot link (a paywall, a PDF, a channel's post copied)
    wants its points, and was told to send a link instead.
    """
    if message.forward_origin is not None:
        return True
    text = message.text or message.caption or ""
    links = links_in(message)
    try:
        request = parse_summary_input(text, links)
    except UserInputError:
        return False
    if request.url is None:
        return bool(links) or URL.search(text) is not None or looks_like_an_article(text)
    return bool(links) or not request.guessed_scheme or "/" in request.url.split("://", 1)[1]


async def point_to_help(update: Update, context: BotContext) -> None:
    """A private message the bot has nothing to do with (plain text, a sticker, a photo)."""
    t = await translator_of(update, context)
    hint = t.gettext("Send me a link to an article to summarize it; /help lists what I do.")
    await answer(update, context, hint)


async def summarize_message(update: Update, context: BotContext) -> None:
    """A private message that is not a command: summarize a link, a forwarded post or a
    pasted article, or point at /help."""
    message = update.effective_message
    if message is None or take_part(context.chat_data, message.text or ""):
        return
    if not looks_summarizable(message):
        await point_to_help(update, context)
        return
    try:
        request = parse_summary_input(message.text or message.caption or "", links_in(message))
    except UserInputError as exc:
        await answer(update, context, await _render_error(exc, update, context))
        return
    await run_summary(update, context, request)


COMMANDS = [
    Command(
        "summary",
        N_("Key points of a link, a text, or a replied message"),
        N_(
            "/summary https://example.com/article: key points of a web page; /summary "
            "followed by pasted text, or /summary as a reply to a message"
        ),
        summary,
        block=False,  # a summary takes seconds; the next updates are processed meanwhile
    ),
]
