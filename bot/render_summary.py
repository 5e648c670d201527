"""`/summary`'s answer: an article's title (linked when there is a URL) and its key points.

Split from `bot.render` (the stories' messages), whose escaping and headline rules it uses.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.i18n import translator
from bot.render import headline, shown_url
from bot.render_points import KeyPointLike, render_key_points
from bot.render_text import cap_title, esc

__all__ = ["render_summary"]

# An article's first characters read for the names in its headline: names come early.
EVIDENCE_CHARS = 20_000


def render_summary(
    title: str, url: str, points: Iterable[KeyPointLike], *, lang: str = "en", text: str = ""
) -> str:
    """`/summary`: the article's title (linked when there is a URL) and its key points.

    `text` is the article's, read (its start) for the names of a headline in capitals."""
    _ = translator(lang).gettext
    lines: list[str] = []
    points = list(points)
    title = headline(cap_title(title), [text[:EVIDENCE_CHARS], *(p.text for p in points)])
    link = esc(shown_url(url)) if url else ""
    if title and url:
        lines.append(f'<b><a href="{link}">{esc(title)}</a></b>')
    elif title:
        lines.append(f"<b>{esc(title)}</b>")
    elif url:
        lines.append(f'<a href="{link}">{link}</a>')
    bullets = render_key_points(points)
    lines.extend(bullets or [_("No key points could be found in this text.")])
    return "\n".join(lines)
