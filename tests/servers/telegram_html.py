"""What Telegram's HTML parse mode accepts: the check the loopback Bot API runs on every text.

Telegram refuses a message whose HTML it cannot parse ("can't parse entities"), so the fake
server refuses it the same way, and render tests call `check_html` directly.
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["ALLOWED_TAGS", "check_html"]

ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span"}
    | {"tg-spoiler", "tg-emoji", "blockquote"}
)


class _EntityChecker(HTMLParser):
    """Telegram's HTML subset: known tags, properly nested and closed, entities escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.error: str | None = None
        self.plain: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = self.error or f'Unsupported start tag "{tag}"'
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f'Unmatched end tag "{tag}"'
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.plain.append(data)


def check_html(text: str) -> tuple[str | None, str]:
    """(error or None, the text as the user would see it)."""
    checker = _EntityChecker()
    checker.feed(text)
    checker.close()
    error = checker.error
    if error is None and checker.stack:
        error = f'Can\'t find end tag corresponding to start tag "{checker.stack[-1]}"'
    if error is None and _has_bare_ampersand(text):
        error = "Character '&' is reserved and must be escaped with the preceding '\\'"
    return error, "".join(checker.plain)


def _has_bare_ampersand(text: str) -> bool:
    index = text.find("&")
    while index != -1:
        end = text.find(";", index)
        name = text[index + 1 : end] if end != -1 else ""
        if not name or not (name in {"lt", "gt", "amp", "quot"} or name.startswith("#")):
            return True
        index = text.find("&", index + 1)
    return False
