"""What a /summary asks for: a page to fetch or a text to summarize, read from the message.

Pure parsing of the user's input (no fetching, no model): which link to open, with which
scheme when none was typed, and whether a text is long enough, or a fetched page's text
article-like enough, to be worth summarizing. Bad input is a `UserInputError` whose message
the handler shows in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from telegram import Message, MessageEntity, Update

from bot.handlers.common import command_args
from bot.i18n import N_, LocalizedError

__all__ = [
    "SENTENCE_ENDED",
    "URL",
    "USAGE",
    "SummaryRequest",
    "UserInputError",
    "links_in",
    "looks_like_an_article",
    "parse_summary_input",
    "request_from",
]

USAGE = N_(
    "Send /summary with a link (/summary https://example.com/article), with the article's "
    "text pasted after it, or as a reply to a message that has a link or text. A link, a "
    "forwarded post or an article's text sent on its own works too."
)
URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
# A link typed without its scheme: "kyivindependent.com/ukraine-backs-30-day-ceasefire/".
BARE_LINK = re.compile(
    r"(?<![\w@/.-])(?:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}|\d{1,3}(?:\.\d{1,3}){3})"
    r"(?::\d{1,5})?(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(//)?\S+$", re.IGNORECASE)
# A link with less text than this around it means "summarize the page"; with more, the text is
# summarized when it reads as an article (`looks_like_an_article`), else the page: a long remark
# about a link is no article.
LINK_WITH_COMMENT = 200
MIN_TEXT = 200
MIN_SENTENCE_WORDS = 6
# Sentences end at a line break or at a full stop, question or exclamation mark or ellipsis
# (and any closing quote or bracket) before a space, so "3.5" inside one does not end it.
# Chinese and Japanese full stops end a sentence with no space after them.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’»)\]])\s+|(?<=[。！？])|\n")
SENTENCE_ENDED = re.compile(r"(?:[.!?…][\"'”’»)\]]?|[。！？])$")
"""A text that ends a sentence: a mark, and any closing quote or bracket after it."""
# Scripts written without spaces (Chinese, Japanese; Korean counts the same): about two
# characters a word, and one character says about as much as three Latin letters.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


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

    `links` are the ones Telegram marked (entities): exact, so kept as they are. A link with
    text around it opens the page unless the text is an article of its own.
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
        if len(rest.strip()) < LINK_WITH_COMMENT or not looks_like_an_article(rest):
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
        if SENTENCE_ENDED.search(sentence) and _words(sentence) >= MIN_SENTENCE_WORDS
    )
    return prose >= MIN_TEXT


def _words(sentence: str) -> int:
    return len(sentence.split()) + len(_UNSPACED.findall(sentence)) // 2


def links_in(message: Message) -> list[str]:
    """The links Telegram marked in a message's text and caption, exact (a link on words
    gives its address)."""
    found = message.parse_entities([MessageEntity.URL, MessageEntity.TEXT_LINK])
    found.update(message.parse_caption_entities([MessageEntity.URL, MessageEntity.TEXT_LINK]))
    return [e.url if e.url else text for e, text in found.items()]


def request_from(update: Update) -> SummaryRequest:
    """The command's own text, or else the message it replies to.

    "/summary what is this?" as a reply is a question about the replied message, not a text
    to summarize: when the command's own text is neither a link nor long enough, the replied
    message is summarized if it can be. When neither can, the answer is about the replied
    message if it has text (that is what the user pointed at), else about their own.
    """
    message = update.effective_message
    if message is None:
        raise UserInputError("summary.usage", USAGE)
    own = command_args(update)
    replied = message.reply_to_message
    replied_text = (replied.text or replied.caption or "") if replied is not None else ""
    if own:
        try:
            # A link on words ("/summary this report") counts like a pasted one: with little
            # text around it, the page is summarized; a pasted article keeps its words.
            return parse_summary_input(own, links_in(message))
        except UserInputError:
            if not replied_text.strip():
                raise
    if replied is not None:
        return parse_summary_input(replied_text, links_in(replied))
    raise UserInputError("summary.usage", USAGE)
