"""Everything the bot says, as Telegram HTML: pure functions, no I/O.

Every piece of outside text (titles, key points, outlet names, URLs) goes through `esc`, so a
headline with `<` or `&` can never break the markup. Sending splits what this renders into
messages Telegram accepts (`bot.delivery.split`).

The bot's own words come from the message catalogue in the reader's language (`lang`); times
are clock times in the reader's zone (`zone`, an IANA name), never "5 min ago", which is wrong
by the time a digest or a held push is read. Article text stays in its own language.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Protocol
from urllib.parse import urlsplit

from bot.headlines import sentence_case
from bot.i18n import translator
from bot.ingest.dedup import shown_url
from bot.render_points import (
    KeyPointLike,
    corrected_lines,
    outlets_label,
    point_line,
    render_key_points,
    withdrawn_lines,
)
from bot.render_text import MAX_TITLE, cap_title, esc
from bot.render_time import render_time, render_time_after
from summarizer.cut import cut_points

__all__ = [
    "LIST_HEADLINE_MAX",
    "MAX_SOURCE_LINKS",
    "ListedStory",
    "cap_title",
    "esc",
    "headline",
    "outlets_label",
    "published_time",
    "render_digest",
    "render_key_points",
    "render_latest",
    "render_story",
    "render_time",
    "render_update",
    "shown_url",
    "site_of",
    "story_headline",
]

LIST_HEADLINE_MAX = 110  # a /latest line stays on one or two phone lines
# Outlets linked under a story; the rest are counted ("+10"). Telegram drops the formatting of
# a message after 100 entities, which a story of 30 linked outlets in a digest would pass.
MAX_SOURCE_LINKS = 20


class SourceLike(Protocol):
    @property
    def outlet(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def url(self) -> str: ...


class StoryLike(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def key_points(self) -> Sequence[KeyPointLike]: ...
    @property
    def sources(self) -> Sequence[SourceLike]: ...


class ListedStory(StoryLike, Protocol):
    """A story with its number: the one /latest shows, /story N takes and its button opens."""

    @property
    def id(self) -> int: ...


def published_time(story: StoryLike) -> datetime:
    """When the story's news came out: its publication time when known, else when found."""
    published = getattr(story, "published_at", None)
    return published if isinstance(published, datetime) else story.created_at


def _moved(story: StoryLike) -> datetime | None:
    """When a later report last changed the story's key points (None: as first reported)."""
    moved = getattr(story, "moved_at", None)
    return moved if isinstance(moved, datetime) else None


def _last_changed(story: StoryLike, zone: str, lang: str) -> str:
    """ "updated 14:05 Kyiv, 11 Mar" for a story that moved, else its first report's time."""
    moved = _moved(story)
    if moved is None:
        return render_time(published_time(story), zone, lang)
    return translator(lang).gettext("updated {time}", time=render_time(moved, zone, lang))


def headline(title: str, evidence: Iterable[str] = ()) -> str:
    """A wire headline in capitals in sentence case, its names kept as `evidence` (text about
    the same news: the article, key points, other headlines) writes them; other headlines as
    they are, and so is one in capitals the evidence does not cover (`bot.headlines`).

    "UKRAINE BACKS 30-DAY CEASEFIRE, US SAYS" -> "Ukraine backs 30-day ceasefire, US says" when
    the evidence writes "backs", "ceasefire" and "says" in lower case.
    """
    return sentence_case(title, evidence)


def _story_text(story: StoryLike) -> Iterator[str]:
    """What the story says in running text, for `headline`: its key points, the sentences
    they rest on and its outlets' headlines. Read only for a headline in capitals."""
    for point in story.key_points:
        yield point.text
        yield from getattr(point, "evidence", ()) or ()
    for source in story.sources:
        yield source.title


def story_headline(story: StoryLike, limit: int = MAX_TITLE) -> str:
    """The story's title as every message shows it (not escaped): on one line, cut to
    `limit`, a headline in capitals in sentence case by the story's own text."""
    return headline(cap_title(story.title, limit), _story_text(story))


def site_of(url: str) -> str:
    """The site's domain, without "www.", for showing beside a feed's or outlet's name."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _source_line(source: SourceLike) -> str:
    label = esc(cap_title(source.outlet or source.title or source.url))
    if source.url.startswith(("http://", "https://")):
        return f'<a href="{esc(shown_url(source.url))}">{label}</a>'
    return label


def _outlet(source: SourceLike) -> str:
    return source.outlet or site_of(source.url)


def _sources(story: StoryLike) -> list[SourceLike]:
    """Each outlet once, by its first report's link, in the order the outlets reported: the
    line counts outlets, so it lists outlets, not every article an outlet wrote."""
    chosen: dict[str, SourceLike] = {}
    for source in story.sources:
        chosen.setdefault(_outlet(source), source)
    return list(chosen.values())


def _outlet_count(story: StoryLike) -> int:
    return len(_sources(story))


def _sources_line(story: StoryLike, lang: str) -> str:
    sources = _sources(story)
    if not sources:
        return ""
    links = ", ".join(_source_line(s) for s in sources[:MAX_SOURCE_LINKS])
    if len(sources) > MAX_SOURCE_LINKS:
        links += f" +{len(sources) - MAX_SOURCE_LINKS}"
    return translator(lang).ngettext(
        "{n} outlet reports this: {sources}",
        "{n} outlets report this: {sources}",
        len(sources),
        sources=links,
    )


def render_story(
    story: StoryLike,
    now: datetime | None = None,
    *,
    lang: str = "en",
    zone: str = "UTC",
    points: int | None = None,
    new: Collection[str] = (),
    withdrawn: Sequence[str] = (),
) -> str:
    """A story: title with its publication time (and when it was last updated, if a later
    report changed it), key points with the outlets that report each, then how many outlets
    report it, each linked once.

    Points in `new` (what the reader has not seen) come first and are marked, and the cap on
    the number of points never hides one of them: they are recorded as seen once sent. Points
    the reader had that their outlet has since removed (`withdrawn`) follow, struck through.
    `now` is accepted for callers of the old signature.
    """
    first = published_time(story)
    when = render_time(first, zone, lang)
    moved = _moved(story)
    if moved is not None and render_time(moved, zone, lang) != when:
        # The line has just said the day and the place: a same-day update is only its time.
        later = render_time_after(moved, first, zone, lang)
        updated = translator(lang).gettext("updated {time}", time=later)
        when = f"{when} · {updated}"
    title = esc(story_headline(story))
    lines = [f"<b>{title}</b> <i>({esc(when)})</i>"]
    ordered = sorted(story.key_points, key=lambda p: p.text not in new)
    unseen = sum(1 for p in story.key_points if p.text in new)
    shown = cut_points(ordered, None if points is None else max(points, unseen))
    lines.extend(render_key_points(shown, new, attribute=_outlet_count(story) > 1, lang=lang))
    lines.extend(withdrawn_lines(withdrawn, lang))
    sources_line = _sources_line(story, lang)
    if sources_line:
        lines.append(sources_line)
    return "\n".join(lines)


def render_update(
    story: StoryLike,
    new_points: Sequence[KeyPointLike],
    *,
    lang: str = "en",
    seen: Collection[str] = (),
    withdrawn: Sequence[str] = (),
) -> str:
    """A short threaded update: only what the chat has not been sent yet, and the outlets.
    Points it was sent that their outlet has since removed (`withdrawn`) are listed struck
    through: a correction that drops a statement must reach those who were told it.

    A new point that gives another figure than a point the chat was sent (`seen`; the
    summarizer marks such versions as `rivals`) has that version repeated under it with its
    outlets, so the reader sees outlets disagree, not a correction or a repeat; two new
    versions of one figure show as a push shows them ("↳ Outlets disagree:"); a point that
    corrects one says what was first reported.
    """
    t = translator(lang)
    title = esc(story_headline(story))
    lines = [t.gettext("<b>Update:</b> {title}", title=title)]
    by_text = {p.text: p for p in story.key_points}

    def notes(point: KeyPointLike) -> list[str]:
        label = t.gettext("Outlets disagree. The other version, sent before:")
        return corrected_lines(point, lang) + [
            f"↳ <i>{esc(label)}</i> {point_line(by_text[rival], attribute=True)}"
            for rival in getattr(point, "rivals", ()) or ()
            if rival in seen and rival in by_text
        ]

    lines += render_key_points(new_points, attribute=True, lang=lang, notes=notes)
    lines += withdrawn_lines(withdrawn, lang)
    sources_line = _sources_line(story, lang)
    if sources_line:
        lines.append(sources_line)
    return "\n".join(lines)


def render_latest(
    stories: Sequence[ListedStory],
    *,
    start: int = 0,
    lang: str = "en",
    zone: str = "UTC",
    capped_from: int | None = None,
    more: bool = True,
) -> str:
    """`/latest`: one line per story (its number, when it last changed, headline, outlet
    count), one message; the list is in that order, newest change first.

    A story's number is its id ("#1234"), not its place in the list: that is the number
    `/story N` takes and its button shows, and it stays the story's own when newer stories
    push it down the list. `start` (stories on earlier pages) tells a page past the end from
    an empty list; `capped_from` is the count the user asked for
    when it was more than a page holds, so the answer says it shows fewer and that the
    buttons page on, but only when `more` (older stories past this page) says there are more:
    a list of every story there is has nothing to page to.
    """
    t = translator(lang)
    if not stories:
        if start:
            return t.gettext("No older stories.")
        return t.gettext("No stories yet. New ones appear here as the feeds are read.")
    lines: list[str] = []
    if capped_from is not None and more:
        lines.append(
            t.gettext(
                "Showing the newest {shown} of the {asked} asked for; the buttons page on.",
                shown=len(stories),
                asked=capped_from,
            )
        )
    for story in stories:
        when = _last_changed(story, zone, lang)
        outlets = t.ngettext("{n} outlet", "{n} outlets", max(_outlet_count(story), 1))
        title = esc(story_headline(story, LIST_HEADLINE_MAX))
        lines.append(f"#{story.id} · <i>{esc(when)}</i> · <b>{title}</b> ({outlets})")
    lines.append(
        t.gettext(
            "Tap a number for the key points and sources; /story {id} shows how story #{id} "
            "developed.",
            id=stories[0].id,
        )
    )
    return "\n".join(lines)


def render_digest(
    stories: Sequence[StoryLike],
    now: datetime | None = None,
    *,
    lang: str = "en",
    zone: str = "UTC",
    new: Mapping[int, Collection[str]] | None = None,
    withdrawn: Mapping[int, Sequence[str]] | None = None,
    points: int | None = None,
    total: int | None = None,
    continued: bool = False,
    chosen: bool = True,
) -> str:
    """A digest: a heading, then each story in its newest state, what is new marked 🆕.

    `new` maps a story id to its points the reader has not seen, for stories sent before,
    `withdrawn` to the points it had that their outlet has since removed.
    A digest too long for one message goes as several: the first is headed with the number
    of stories in all of them (`total`), the later ones (`continued`) have no heading, so
    the reader sees one digest, not several. A reader of instant pushes whose stories piled
    up (quiet hours, a burst of news) did not choose a digest (`chosen` False), so theirs is
    headed "2 new stories", not "Digest".
    """
    t = translator(lang)
    count = len(stories) if total is None else total
    if chosen:
        heading = t.ngettext("Digest: {n} story", "Digest: {n} stories", count)
    else:
        heading = t.ngettext("{n} new story", "{n} new stories", count)
    marks, gone = new or {}, withdrawn or {}
    body = "\n\n".join(
        render_story(
            story,
            lang=lang,
            zone=zone,
            points=points,
            new=marks.get(getattr(story, "id", -1), ()),
            withdrawn=gone.get(getattr(story, "id", -1), ()),
        )
        for story in stories
    )
    return body if continued else f"<b>{heading}</b>\n\n{body}"
