"""Clock times as the reader reads them: their zone's city, their language's date.

Split from `bot.render` so the message layouts and the calendar rules each stay one screenful;
`bot.render` re-exports `render_time`.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime, get_timezone_location

__all__ = ["render_time", "render_time_after"]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def render_time(at: datetime, zone: str = "UTC", lang: str = "en") -> str:
    """A clock time, the zone's city and the date, in the reader's zone: "14:05 Kyiv, 11 Mar"."""
    tz = _zone(zone)
    local = at.astimezone(tz)
    if tz.key in {"UTC", "GMT"} or tz.key.startswith("Etc/"):
        place = _utc_offset(local)
    else:
        place = get_timezone_location(tz, locale=lang, return_city=True)
    return f"{local:%H:%M} {place}, {_day(local, lang)}"


def render_time_after(at: datetime, earlier: datetime, zone: str = "UTC", lang: str = "en") -> str:
    """`at` shown after `earlier` on one line: only its clock time ("22:48") when it falls on
    the same day in the reader's zone, as the line already says which day and where."""
    tz = _zone(zone)
    local = at.astimezone(tz)
    if local.date() == earlier.astimezone(tz).date():
        return f"{local:%H:%M}"
    return render_time(at, zone, lang)


def _day(local: datetime, lang: str) -> str:
    """ "11 Mar", but "11 березня" and "5 сентября": a month whose short name is a cut word
    (Ukrainian "лист.", Russian "сент.") is spelled out, as "30 лист" without its dot reads as
    the word "letter" and the dot would look like the end of a sentence in a line of text."""
    day = format_datetime(local, "d MMM", locale=lang)
    if "." in day:
        day = format_datetime(local, "d MMMM", locale=lang)
    return day


def _utc_offset(local: datetime) -> str:
    """ "UTC+3" for a zone that names no place. An Etc/ name reads backwards ("Etc/GMT-3" is
    three hours ahead of UTC), so its name is never shown."""
    offset = local.utcoffset()
    minutes = round(offset.total_seconds() / 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
