"""Outside text made safe for Telegram HTML: escaped, on one line, cut to a length."""

from __future__ import annotations

import html

from bot.ingest.clean import clean_text

__all__ = ["MAX_TITLE", "cap_title", "esc"]

MAX_TITLE = 300  # a headline longer than this is junk or a whole article in the title field


def esc(text: object) -> str:
    """Escape outside text for Telegram HTML: `<`, `>`, `&`, and `"` for attribute values."""
    return html.escape(str(text), quote=False).replace('"', "&quot;")


def cap_title(title: str, limit: int = MAX_TITLE) -> str:
    """`title` on one line, without invisible characters, cut to at most `limit` characters
    at a word boundary with an ellipsis.

    Applied before escaping, so a cut can never fall inside an entity. Cleaning here too
    covers titles that did not come through a feed (the page title `/summary` shows).
    """
    title = " ".join(clean_text(title).split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"
