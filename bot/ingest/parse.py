"""Feed bytes -> entries, for RSS 0.9x/1.0/2.0 and Atom (feedparser) and JSON Feed (here:
feedparser 6.0 does not read it). Runs in a worker thread. Malformed but readable feeds are
accepted (feedparser's "bozo" with entries); an HTML page or garbage raises FeedParseError with
a reason an admin understands.
"""

from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from bot.ingest.boilerplate import HEADLINE_WORDS, drop_cross_links, strip_feed_boilerplate
from bot.ingest.clean import html_to_text
from bot.ingest.outlet_names import without_outlet_name
from summarizer.charset import declared_charset, decode_body

__all__ = ["FeedEntry", "FeedParseError", "ParsedFeed", "parse_feed"]

_XML_DECLARATION = re.compile(r"""^(\ufeff?\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")


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
    revised: str = ""
    """When the outlet says it last changed the item, as written ("updated", JSON Feed's
    "date_modified"): a new value makes the bot read an already stored item again."""
    source: str = ""
    """The outlet an aggregator's feed names for the item (`<source>`, `<News:Source>`), so a
    story read through one news aggregator still counts and credits each outlet; "" in an
    outlet's own feed."""


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: tuple[FeedEntry, ...]


MAX_SOURCE = 200


def _source(entry: Any) -> str:
    """RSS and Atom `<source>`, or Bing News' `<News:Source>`."""
    source = entry.get("source")
    name = source.get("title") if isinstance(source, Mapping) else None
    name = name or entry.get("news_source")
    return _plain(name).strip()[:MAX_SOURCE] if isinstance(name, str) else ""


_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


def _own_text(body: str, source: str, headline: str) -> str:
    """An aggregator's item text; its headline alone when the text is only headlines (its
    item's and often related reports' from other outlets, each with its outlet's name:
    "Kyiv backs truce - Reuters  Reuters"), short lines none of which ends a sentence. Kept,
    other outlets' headlines would become points credited to this outlet; the item's own
    headline is what the outlet said when its page, as often behind an aggregator's link,
    cannot be read. No text stays none, as in an outlet's own feed."""
    if not source or not body or not all(_headline_like(line) for line in body.split("\n")):
        return body
    return headline


def _headline_like(line: str) -> bool:
    """No sentence ends the line, and it is short: an excerpt cut mid-sentence is longer."""
    return len(line.split()) < HEADLINE_WORDS and not _SENTENCE_END.search(line.strip())


def _plain(markup: str) -> str:
    """HTML fragment to clean plain text: paragraphs kept as newlines, real tags and
    entities gone, invisible characters (bidi overrides, zero-width) dropped."""
    return _unescaped(markup)


def _body(markup: str) -> str:
    """An item's summary or content as plain text without its CMS trailer ("Read more") and
    links to other reports."""
    return strip_feed_boilerplate(drop_cross_links(_unescaped(markup)))


_MARKUP_LEFT = re.compile(
    r"</?[a-zA-Z][^<>]{0,200}>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"
)


def _unescaped(markup: str) -> str:
    """Plain text even from a feed that escaped its HTML twice (`&amp;lt;em&amp;gt;`): what is
    left looking like tags or entities after one pass is markup too."""
    text = html_to_text(markup)
    return html_to_text(text) if _MARKUP_LEFT.search(text) else text


def _as_utf8(content: bytes, content_type: str) -> tuple[bytes, str]:
    """The feed re-encoded as UTF-8 by its declared charset, and a header saying so.

    feedparser re-guesses the whole document when one byte does not decode, and reads
    `text/xml` without a charset as ASCII; decoding here loses only the bad bytes.
    """
    text = decode_body(content, content_type).lstrip("\ufeff")
    text = _XML_DECLARATION.sub(r"\1\2utf-8\2", text, count=1)
    media_type = content_type.split(";", 1)[0].strip() or "application/xml"
    return text.encode("utf-8"), f"{media_type}; charset=utf-8"


# Zone names feedparser does not know and reads as UTC (or not at all, for "GMT+3"): the
# region's outlets use them, and a Moscow time read as UTC is three hours off.
_ZONE_OFFSETS = {"MSK": "+0300", "EET": "+0200", "EEST": "+0300", "CET": "+0100",
                 "CEST": "+0200", "WET": "+0000", "WEST": "+0100"}  # fmt: skip
_NAMED_ZONE = re.compile(
    r"^(?P<head>.*\d{1,2}:\d{2}(?::\d{2})?)\s*"
    r"(?:(?P<name>[A-Z]{3,4})|(?:GMT|UTC)(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)$"
)


def _with_named_zone(raw: str) -> datetime | None:
    """An RFC 822 date whose zone is a name above or "GMT+3": the right instant, else None."""
    match = _NAMED_ZONE.match(raw.strip())
    if match is None:
        return None
    if match["name"] is not None:
        offset = _ZONE_OFFSETS.get(match["name"])
        if offset is None:
            return None
    else:
        offset = f"{match['sign']}{int(match['hours']):02d}{match['minutes'] or '00'}"
    try:
        return parsedate_to_datetime(f"{match['head']} {offset}").astimezone(UTC)
    except (TypeError, ValueError, OverflowError):  # year 9999 in a zone east of UTC
        return None


def _published(entry: Any) -> datetime | None:
    present = set(entry.keys())  # asking feedparser for an absent "updated" warns
    for key in ("published", "updated", "created"):
        raw = entry[key] if key in present else None
        if isinstance(raw, str) and (named := _with_named_zone(raw)) is not None:
            return named
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry[key] if key in present else None
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _revised(entry: Any) -> str:
    """The item's "updated" time as written ("" when it has none)."""
    present = set(entry.keys())  # as in _published: asking for an absent "updated" warns
    return str(entry["updated"]) if "updated" in present else ""


def _looks_like_html(content: bytes) -> bool:
    head = content[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def _absolute(link: str, base_url: str) -> str:
    """`link` resolved against the feed's URL: some feeds list items as "/world/talks-1",
    which names no page on its own. Only a link that is clearly relative is resolved: one
    written without its scheme ("www.partner-news.com/world/talks-1") names another site,
    and resolving it would make a broken page on the feed's own host; it is left as written,
    so it is judged unusable and counted with the items without a link, rather than guessed
    to be https. A link that does not parse is left as written too."""
    if not link or not base_url or link.startswith(("http://", "https://")):
        return link
    if not _clearly_relative(link):
        return link
    try:
        return urljoin(base_url, link)
    except ValueError:  # an unclosed "[" in either
        return link


def _clearly_relative(link: str) -> bool:
    """A path on the feed's own site ("/world/talks-1", "../talks-3", "?id=5", "talks-1",
    "2025/03/talks.html", "talks-1.html"), not a host written without its scheme: a first
    segment with a dot followed by a path ("partner-news.com/world/talks-1") or starting
    with "www." names a host, as no file name on a site's path does. A link with a scheme
    of its own ("mailto:") is no path either."""
    if link.startswith(("/", "./", "../", "?")):
        return True
    cut = min((i for i in map(link.find, "/?#") if i >= 0), default=len(link))
    first, then = link[:cut], link[cut : cut + 1]
    if ":" in first:
        return False
    if "." not in first:
        return True
    return not (then == "/" or first.lower().startswith("www."))


def parse_feed(content: bytes, content_type: str = "", base_url: str = "") -> ParsedFeed:
    """Parse a feed body; an entry listed twice (same guid and link) is kept once, and a guid
    several entries share is dropped (see `_unique_guids`).

    `content_type` is the Content-Type header; its charset, when given, wins over the
    document's XML declaration. `base_url` is where the feed was read from (after redirects):
    relative item links are resolved against it. Every title and text comes out clean (see
    `bot.ingest.clean`).
    """
    if not content.strip():
        raise FeedParseError("empty response, not a feed")
    if "json" in content_type or content.lstrip()[:1] == b"{":
        return _parse_json_feed(_json_text(content, content_type), base_url)
    utf8, header = _as_utf8(content, content_type)
    parsed = feedparser.parse(utf8, response_headers={"content-type": header}, sanitize_html=False)
    entries: list[FeedEntry] = []
    seen: set[tuple[str, str, str]] = set()
    for entry in parsed.entries:
        link = _absolute(str(entry.get("link") or "").strip(), base_url)
        guid = str(entry.get("id") or entry.get("guid") or link).strip()
        if not link and guid.startswith(("http://", "https://")):
            link = guid
        key = (guid, link, "" if guid or link else str(entry.get("title", "")))
        if not any(key) or key in seen:
            continue
        seen.add(key)
        content_html = ""
        if entry.get("content"):
            content_html = " ".join(str(c.get("value", "")) for c in entry["content"])
        source = _source(entry)
        headline = without_outlet_name(_plain(str(entry.get("title", ""))), source)
        entries.append(
            FeedEntry(
                guid=guid,
                link=link,
                title=headline,
                summary=_own_text(_body(str(entry.get("summary", ""))), source, headline),
                content=_own_text(_body(content_html), source, headline),
                published=_published(entry),
                revised=_revised(entry),
                source=source,
            )
        )
    entries = _unique_guids(entries)
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


def _unique_guids(entries: list[FeedEntry]) -> list[FeedEntry]:
    """The entries with a guid that several of them share, or that is a site's home page,
    blanked out.

    Some CMSs give every item the site's home URL or a constant as its guid; such a guid names
    no article, and trusting it would make every later item look already stored. Without it,
    deduplication falls back on the canonical URL and the text's hash. The home-page test also
    covers a feed that lists a single item at a time.
    """
    counts = Counter(entry.guid for entry in entries if entry.guid)
    return [
        replace(e, guid="") if counts[e.guid] > 1 or _is_home_page(e.guid, e.link) else e
        for e in entries
    ]


def _is_home_page(guid: str, link: str) -> bool:
    if guid == link or not guid.startswith(("http://", "https://")):
        return False
    parts = urlsplit(guid)
    return parts.path in ("", "/") and not parts.query


def _iso_date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError):  # year 1 in a zone east of UTC
        return None


def _json_text(content: bytes, content_type: str) -> str:
    """A JSON Feed's text: UTF-8 (RFC 8259) unless a BOM or the header's charset says otherwise,
    with the same fallback as any feed or page when the bytes contradict that (see
    summarizer.charset): servers send windows-1252 JSON too, and read as UTF-8 it reached readers
    as "Zelenskyy�s". UTF-8 stands in for a charset the header leaves out (or names wrongly),
    as JSON declares none of its own: a `<meta charset>` in an item's HTML says nothing of it."""
    header = content_type if declared_charset(b"", content_type) else "charset=utf-8"
    return decode_body(content, header).lstrip("\ufeff")


def _parse_json_feed(text: str, base_url: str) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FeedParseError(f"malformed JSON feed ({exc})") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise FeedParseError("not a feed (JSON without a JSON Feed version)")
    entries: list[FeedEntry] = []
    seen: set[tuple[str, str]] = set()
    items = data.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = _absolute(str(item.get("url") or item.get("external_url") or "").strip(), base_url)
        guid = str(item.get("id") or link).strip()
        if not guid or (guid, link) in seen:
            continue
        seen.add((guid, link))
        body = item.get("content_html") or item.get("content_text") or ""
        entries.append(
            FeedEntry(
                guid=guid,
                link=link,
                title=_plain(str(item.get("title") or "")),
                summary=_body(str(item.get("summary") or "")),
                content=_body(str(body)),
                published=_iso_date(item.get("date_published") or item.get("date_modified")),
                revised=str(item.get("date_modified") or ""),
            )
        )
    title = _plain(str(data.get("title") or ""))
    return ParsedFeed(title=title, entries=tuple(_unique_guids(entries)))
