"""Telegram HTML split into messages Telegram accepts, and the plain-text fallback.

Telegram refuses a message over 4096 characters of the text the reader sees (after it parses
the markup: a tag counts nothing, `&amp;` one character), and any part whose markup does not
close, so a long text is cut only between tags, entities and characters, and each part closes
the elements it cuts and the next reopens them. It also drops the formatting after the 100th
entity of a message, so a part holds at most that many.
"""

from __future__ import annotations

import html
import re

__all__ = ["MAX_ENTITIES", "MAX_MARKUP", "MAX_MESSAGE", "html_to_plain", "split_message"]

MAX_MESSAGE = 4096  # characters the reader sees, counted after Telegram parses the markup
# Characters of HTML in one part, tags and links included: links and escapes make markup
# several times longer than its text, and a part is never allowed to grow without bound.
MAX_MARKUP = 9000
MAX_ENTITIES = 100  # Telegram ignores the formatting of a message after this many
MIN_SHOWN = 10  # a cut leaves at least this much text in a part ("•" alone is no message)
_TAG = re.compile(r"<[^>]+>")


def html_to_plain(text: str) -> str:
    """The fallback when Telegram refuses our markup: tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", text))


def split_message(
    text: str, limit: int = MAX_MESSAGE, markup_limit: int = MAX_MARKUP
) -> list[str]:
    """Split into parts showing at most `limit` characters (what Telegram counts), each at
    most `markup_limit` characters of HTML and MAX_ENTITIES entities, each valid on its own.

    A cut never falls inside a tag or an entity. Where one falls goes by preference: a line
    break outside any element, a line break inside one, a space, then any character; never
    so early that the part shows under MIN_SHOWN characters when a later cut fits. When a cut
    is inside elements (one enormous title or key point), the part closes them and the next
    one reopens them, so Telegram never refuses a part and no link is lost.
    """
    tokens = _TOKEN.findall(text)
    parts: list[str] = []
    start = 0
    opened: list[tuple[str, str]] = []  # (name, opening tag) open where the part starts
    while start < len(tokens):
        while start < len(tokens) and tokens[start] == "\n":
            start += 1  # a part never starts with blank lines
        if start == len(tokens):
            break
        end, stack = _fill(tokens, start, opened, limit, markup_limit)
        body = "".join(tokens[start:end])
        closers = "".join(f"</{name}>" for name, _ in reversed(stack))
        part = "".join(tag for _, tag in opened) + body.rstrip("\n") + closers
        if any(not _is_tag(token) and not token.isspace() for token in tokens[start:end]):
            parts.append(part)  # never a part of bare tags: Telegram refuses an empty text
        start = end
        if start < len(tokens) and tokens[start] == " ":
            start += 1  # the space we cut at
        opened = stack
    return parts or [""]


_TOKEN = re.compile(r"<[^<>]*>|&[#A-Za-z0-9]+;|[^<&]|[<&]", re.S)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")


def _is_tag(token: str) -> bool:
    return len(token) > 2 and token.startswith("<")


def _shown(token: str) -> int:
    """How many characters of `token` Telegram counts: none for a tag, one for an entity."""
    if _is_tag(token):
        return 0
    if len(token) > 2 and token.startswith("&") and token.endswith(";"):
        return 1
    return len(token)


def _after(stack: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    """The open elements after `token` (a tag, an entity or a character)."""
    if not _is_tag(token):
        return stack
    match = _TAG_NAME.match(token)
    if match is None or token.endswith("/>"):
        return stack
    name = match.group(1).lower()
    if not token.startswith("</"):
        return [*stack, (name, token)]
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == name:
            return stack[:depth]
    return stack


def _fill(
    tokens: list[str], start: int, opened: list[tuple[str, str]], limit: int, markup_limit: int
) -> tuple[int, list[tuple[str, str]]]:
    """Where the part starting at `start` ends, and the elements still open there."""
    shown = 0  # characters the reader sees
    text = 0  # of them, not white space
    markup = sum(len(tag) for _, tag in opened)
    entities = len(opened)
    stack = opened
    best: tuple[int, int, list[tuple[str, str]]] | None = None  # (rank, end, stack)
    index = start
    while index < len(tokens):
        token = tokens[index]
        after = _after(stack, token)
        closing = sum(len(name) + 3 for name, _ in after)
        opens = int(len(after) > len(stack))
        too_big = (
            shown + _shown(token) > limit
            or markup + len(token) + closing > markup_limit
            or entities + opens > MAX_ENTITIES
        )
        if too_big and index > start:
            break
        shown += _shown(token)
        text += 0 if _is_tag(token) or token.isspace() else 1
        markup += len(token)
        entities += opens
        stack = after
        index += 1
        if index == len(tokens):
            return index, stack
        following = tokens[index]
        if text < MIN_SHOWN:
            rank = -1  # a last resort: a part of a lone bullet or a word or two
        elif following == "\n":
            rank = 3 if not stack else 2
        elif following == " ":
            rank = 1
        else:
            rank = 0
        if best is None or rank >= best[0]:
            best = (rank, index, stack)
    if best is None:
        return index, stack
    return best[1], best[2]
