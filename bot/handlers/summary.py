"""/summary <url> | <pasted text> | as a reply: key points of one article, computed off the loop.

The model runs in the services' single model thread, so other chats' commands keep being answered
while it works; a "typing" action is repeated every few seconds so the user sees it is busy.
That thread has one worker, so a user gets one request under way at a time and everyone a few
(`bot.summary_gate`); the others are told to wait rather than queued.

A bare link or a forwarded post sent to the bot in a private chat is summarized the same way
(`summarize_message`); other plain text gets a one-line pointer to /help.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatAction

from bot.context import BotContext
from bot.handlers.common import Command, answer, command_args, translator_of
from bot.i18n import N_, LocalizedError
from bot.ingest.pages import PageReader
from bot.net import FetchError, FetchRefused
from bot.render import esc, render_summary
from bot.summary_gate import Admission
from summarizer import Article, Summary, SummaryError
from summarizer.text import MAX_CHARS

if TYPE_CHECKING:
    from bot.services import Services

__all__ = [
    "COMMANDS",
    "SummaryRequest",
    "UserInputError",
    "fetch_problem",
    "looks_like_an_article",
    "looks_summarizable",
    "parse_summary_input",
    "point_to_help",
    "summarize_message",
]

USAGE = N_(
    "Send /summary with a link (/summary https://example.com/article), with the article's "
    "text pasted after it, or as a reply to a message that has a link or text. A link or a "
    "forwarded post sent on its own works too."
)
URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
# A link typed without its scheme: "kyivindependent.com/ukraine-backs-30-day-ceasefire/".
BARE_LINK = re.compile(
    r"(?<![\w@/.-])(?:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}|\d{1,3}(?:\.\d{1,3}){3})"
    r"(?::\d{1,5})?(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(//)?\S+$", re.IGNORECASE)
LINK_WITH_COMMENT = 200  # a link with less text than this around it means "summarize the page"
MIN_TEXT = 200
MIN_SENTENCE_WORDS = 6
# Sentences end at a line break or at a full stop, question or exclamation mark or ellipsis
# (and any closing quote or bracket) before a space, so "3.5" inside one does not end it.
# Chinese and Japanese full stops end a sentence with no space after them.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’»)\]])\s+|(?<=[。！？])|\n")
_ENDED = re.compile(r"(?:[.!?…][\"'”’»)\]]?|[。！？])$")
# Scripts written without spaces (Chinese, Japanese; Korean counts the same): about two
# characters a word, and one character says about as much as three Latin letters.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
TYPING_EVERY = 4.0


class UserInputError(LocalizedError):
    """Input we cannot summarize: a code, the message id and its parameters."""


@dataclass(frozen=True)
class SummaryRequest:
    """Either a page to fetch or a text to summarize directly."""

    url: str | None = None
    text: str = ""
    # The user typed no scheme: https is tried first, then http.
    guessed_scheme: bool = field(default=False, compare=False)


def _bare_link(text: str) -> str | None:
    """The text itself when it is one link without a scheme (a dot in the host, or a path)."""
    match = BARE_LINK.fullmatch(text)
    if match is None or ("/" not in text and text.count(".") < 1):
        return None
    return text


def _guess_scheme(link: str) -> str:
    """https, as browsers now assume; http when the link names a port other than 443, which
    is mostly a plain-HTTP service. The other one is tried if this one fails."""
    port = re.match(r"^[^/:]+:(\d+)", link)
    return "http://" if port is not None and port.group(1) != "443" else "https://"


def _trim(link: str) -> str:
    """A link found in running text without the sentence's punctuation after it; a closing
    bracket stays when it closes one the link opened (".../wiki/Minsk_II_(2015)")."""
    while True:
        link = link.rstrip(".,;:!?")
        if not link.endswith(")") or link.count(")") <= link.count("("):
            return link
        link = link[:-1]


def parse_summary_input(text: str, links: Sequence[str] = ()) -> SummaryRequest:
    """Decide between fetching a link and summarizing the text itself.

    `links` are the ones Telegram marked (entities): exact, so kept as they are.
    """
    stripped = text.strip()
    urls = list(links) or [_trim(url) for url in URL.findall(stripped)]
    if not urls:
        # "news.example:8080/talks" is a host and a port, not a scheme: BARE_LINK only lets
        # digits follow a colon, so "mailto:..." and "ftp:..." never match it.
        bare = _bare_link(_trim(stripped.split(maxsplit=1)[0] if stripped else ""))
        if bare is not None:
            urls = [bare]
    if urls:
        rest = URL.sub("", stripped)
        for url in urls:
            rest = rest.replace(url, "")
        if len(rest.strip()) < LINK_WITH_COMMENT:
            url = urls[0]
            # Telegram marks "example.com/story" as a link too; such links are web pages.
            if "://" in url:
                return SummaryRequest(url=url)
            return SummaryRequest(url=_guess_scheme(url) + url, guessed_scheme=True)
    if OTHER_SCHEME.match(stripped):
        raise UserInputError(
            "summary.not_web",
            N_("I can only open web pages: links that start with http:// or https://."),
        )
    if not stripped:
        raise UserInputError("summary.usage", USAGE)
    if len(stripped) < MIN_TEXT:
        raise UserInputError(
            "summary.too_short",
            N_(
                "That text is too short to summarize ({length} characters); send a whole "
                "article or a link to one."
            ),
            length=len(stripped),
        )
    return SummaryRequest(text=stripped)


def looks_like_an_article(text: str) -> bool:
    """Whether a fetched page's text is an article, not a front page, a login wall or a menu.

    Pasted text needs MIN_TEXT characters; a page needs as many characters of prose: finished
    sentences of at least MIN_SENTENCE_WORDS words. Menus and headline lists ("Politics",
    "Talks resume in Istanbul") carry no full stop, so a front page has little prose, and the
    sentences a cookie banner or a paywall has ("Please sign in to continue reading this
    article.") are short: two of them stay well under 200 characters. Characters rather than a
    count of sentences because such notices come in pairs too, while a real two-sentence news
    brief, with the 20-odd words a news sentence usually has, still passes.
    """
    sentences = (piece.strip() for piece in _SENTENCE_BREAK.split(text))
    prose = sum(
        len(sentence) + 2 * len(_UNSPACED.findall(sentence))  # such a character says more
        for sentence in sentences
        if _ENDED.search(sentence) and _words(sentence) >= MIN_SENTENCE_WORDS
    )
    return prose >= MIN_TEXT


def _words(sentence: str) -> int:
    return len(sentence.split()) + len(_UNSPACED.findall(sentence)) // 2


def _links(message: Message) -> list[str]:
    found = message.parse_entities([MessageEntity.URL, MessageEntity.TEXT_LINK])
    found.update(message.parse_caption_entities([MessageEntity.URL, MessageEntity.TEXT_LINK]))
    return [e.url if e.url else text for e, text in found.items()]


def request_from(update: Update) -> SummaryRequest:
    """The command's own text, or else the message it replies to."""
    message = update.effective_message
    if message is None:
        raise UserInputError("summary.usage", USAGE)
    own = command_args(update)
    if own:
        # A link on words ("/summary this report") counts like a pasted one: with little text
        # around it, the page is summarized; a pasted article keeps its words as written.
        return parse_summary_input(own, _links(message))
    replied = message.reply_to_message
    if replied is not None:
        return parse_summary_input(replied.text or replied.caption or "", _links(replied))
    raise UserInputError("summary.usage", USAGE)


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
    reader = PageReader.from_settings(services.http, services.settings)
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
    user's place is freed before the answer goes out, so one sent on seeing it is admitted."""
    chat = update.effective_chat
    if chat is None:
        return
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
    return render_summary(title, url, result.key_points, lang=lang)


async def summary(update: Update, context: BotContext) -> None:
    """Summarize a link, pasted text, or the replied message."""
    try:
        request = request_from(update)
    except UserInputError as exc:
        await answer(update, context, await _render_error(exc, update, context))
        return
    await run_summary(update, context, request)


def looks_summarizable(message: Message) -> bool:
    """A forwarded post, or a message that is a link with little else around it.

    A word with a dot ("thanks.bye") is a link here only when Telegram marked it as one, or it
    has a scheme or a path: in a chat, unlike after /summary, nobody asked for a page.
    """
    if message.forward_origin is not None:
        return True
    text = message.text or message.caption or ""
    links = _links(message)
    try:
        request = parse_summary_input(text, links)
    except UserInputError:
        return False
    if request.url is None:
        return False
    return bool(links) or not request.guessed_scheme or "/" in request.url.split("://", 1)[1]


async def point_to_help(update: Update, context: BotContext) -> None:
    """A private message the bot has nothing to do with (plain text, a sticker, a photo)."""
    t = await translator_of(update, context)
    hint = t.gettext("Send me a link to an article to summarize it; /help lists what I do.")
    await answer(update, context, hint)


async def summarize_message(update: Update, context: BotContext) -> None:
    """A private message that is not a command: summarize a link or a forwarded post, or
    point at /help."""
    message = update.effective_message
    if message is None:
        return
    if not looks_summarizable(message):
        await point_to_help(update, context)
        return
    try:
        request = parse_summary_input(message.text or message.caption or "", _links(message))
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
