"""Made-up feeds and pages for tests (invented text, no real articles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Item:
    title: str
    link: str | None
    description: str = ""
    guid: str | None = None
    published: datetime | None = field(
        default_factory=lambda: datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    )
    """An hour ago by default: news, within any story window (an older item is backlog)."""
    source: str = ""
    """The outlet an aggregator's feed names for the item (`<source>`), "" for none."""


def rss(title: str, items: list[Item], encoding: str = "utf-8") -> bytes:
    parts = [f'<?xml version="1.0" encoding="{encoding}"?>',
             "<rss version=\"2.0\"><channel>", f"<title>{escape(title)}</title>",
             "<link>http://example.org/</link><description>test feed</description>"]  # fmt: skip
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(item.title)}</title>")
        if item.link:
            parts.append(f"<link>{escape(item.link)}</link>")
        if item.guid:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.published:
            parts.append(f"<pubDate>{format_datetime(item.published)}</pubDate>")
        parts.append(f"<description>{escape(item.description)}</description>")
        if item.source:
            parts.append(f'<source url="http://example.org/">{escape(item.source)}</source>')
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode(encoding, errors="xmlcharrefreplace")


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Copyright Example News. All rights reserved.</footer></body></html>"
    ).encode()


CEASEFIRE = [
    "Negotiators from Ukraine and Russia met in Geneva on Tuesday for cease-fire talks "
    "mediated by envoys from Turkey and the United Nations.",
    "The delegations discussed a 30-day truce along the front line, a prisoner exchange and "
    "security guarantees, according to officials who attended the meeting.",
    "Both sides said the negotiations would continue next week, while fighting went on in "
    "the east of the country and civilians waited for a halt to the shelling.",
    "Diplomats described the atmosphere as businesslike and said a draft text of the "
    "agreement on a ceasefire had been exchanged between the two delegations.",
]
CEASEFIRE_B = [
    "Ukrainian and Russian delegations held cease-fire talks in Geneva on Tuesday, mediated by "
    "envoys from Turkey and the United Nations.",
    "A 30-day truce along the front line, a prisoner exchange and security guarantees were "
    "discussed, officials who attended the meeting said.",
    "The negotiations will continue next week, both sides said, as fighting went on in the "
    "east of the country and civilians waited for a halt to the shelling.",
    "Diplomats called the atmosphere businesslike; a draft text of the agreement on a "
    "ceasefire was exchanged between the two delegations.",
]
ELECTION = [
    "The mayor opened a new public library in the city centre on Monday, with six floors of "
    "books, a music studio and a cafe on the roof.",
    "The building took four years to finish and cost more than planned, the city council "
    "said, but visitors queued for hours to see it on the first day.",
    "Children's events are planned for every weekend of the summer, and the library will stay "
    "open until ten in the evening on weekdays.",
]
CEASEFIRE_RU = [
    "Переговоры о прекращении огня возобновились во вторник в Женеве при посредничестве "
    "Турции и ООН.",
    "Делегации обсудили тридцатидневное перемирие вдоль линии фронта, обмен пленными и "
    "гарантии безопасности.",
    "Обе стороны заявили, что переговоры продолжатся на следующей неделе, а бои на востоке "
    "не прекращаются.",
    "Дипломаты назвали атмосферу деловой и сказали, что проект текста соглашения будет готов "
    "к концу месяца.",
]


def legacy_page(title: str, paragraphs: list[str], encoding: str = "cp1251") -> bytes:
    """`page` in an old single-byte code page, declaring no charset in the document: only an
    HTTP header can say it, or the reader must guess."""
    return page(title, paragraphs).decode().replace("<meta charset='utf-8'>", "").encode(encoding)
