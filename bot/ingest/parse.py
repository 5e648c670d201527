"""Feed bytes -> entries, for RSS 0.9x/1.0/2.0 and Atom (feedparser) and JSON Feed (here:
feedparser 6.0 does not read it). Runs in a worker thread. Malformed but readable feeds are
accepted (feedparser's "bozo" with entries); an HTML page or garbage raises FeedParseError with
a reason an admin understands.
"""

from __future__ import annotations

import calendar
import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

__all__ = ["FeedEntry", "FeedParseError", "ParsedFeed", "parse_feed"]

_TAG = re.compile(r"<[^>]+>")


class FeedParseError(ValueError):
    """The body is not a feed we can read; str(e) says why."""


@dataclass(frozen=True)
class FeedEntry:
    """One item: `link` may be empty (then the entry is skipped), `published` may be None."""

    guid: str
    link: str
    title: str
    summary: str
    content: str
    published: datetime | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: tuple[FeedEntry, ...]


def _plain(markup: str) -> str:
    """HTML fragment to plain text: paragraphs kept as newlines, tags and entities gone."""
    text = re.sub(r"(?i)</p>|<br\s*/?>", "\n", markup)
    text = html.unescape(_TAG.sub(" ", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _looks_like_html(content: bytes) -> bool:
    head = content[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def parse_feed(content: bytes, content_type: str = "") -> ParsedFeed:
    """Parse a feed body; duplicate guids keep their first entry."""
    if not content.strip():
        raise FeedParseError("empty response, not a feed")
    if "json" in content_type or content.lstrip()[:1] == b"{":
        return _parse_json_feed(content)
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=False)
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = str(entry.get("link") or "").strip()
        guid = str(entry.get("id") or entry.get("guid") or link).strip()
        if not link and guid.startswith(("http://", "https://")):
            link = guid
        key = guid or link or str(entry.get("title", ""))
        if not key or key in seen:
            continue
        seen.add(key)
        content_html = ""
        if entry.get("content"):
            content_html = " ".join(str(c.get("value", "")) for c in entry["content"])
        entries.append(
            FeedEntry(
                guid=guid,
                link=link,
                title=_plain(str(entry.get("title", ""))),
                summary=_plain(str(entry.get("summary", ""))),
                content=_plain(content_html),
                published=_published(entry),
            )
        )
    title = _plain(str(parsed.feed.get("title", "")))
    if not entries and not title:
        if _looks_like_html(content):
            raise FeedParseError("got an HTML page, not a feed")
        if parsed.bozo:
            reason = str(getattr(parsed, "bozo_exception", "") or "unreadable")
            raise FeedParseError(f"malformed feed ({reason.splitlines()[0][:120]})")
        if not parsed.version:
            raise FeedParseError("not a feed (no RSS, Atom or JSON Feed found)")
    return ParsedFeed(title=title, entries=tuple(entries))


def _iso_date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parse_json_feed(content: bytes) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        data = json.loads(content.decode("utf-8-sig", errors="replace"))
    except ValueError as exc:
        raise FeedParseError(f"malformed JSON feed ({exc})") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise FeedParseError("not a feed (JSON without a JSON Feed version)")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    items = data.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = str(item.get("url") or item.get("external_url") or "").strip()
        guid = str(item.get("id") or link).strip()
        if not guid or guid in seen:
            continue
        seen.add(guid)
        body = item.get("content_html") or item.get("content_text") or ""
        entries.append(
            FeedEntry(
                guid=guid,
                link=link,
                title=_plain(str(item.get("title") or "")),
                summary=_plain(str(item.get("summary") or "")),
                content=_plain(str(body)),
                published=_iso_date(item.get("date_published") or item.get("date_modified")),
            )
        )
    return ParsedFeed(title=_plain(str(data.get("title") or "")), entries=tuple(entries))
