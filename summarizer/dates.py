"""Do two close sentences put a thing on different days? "The ceasefire will start on Monday"
and "... on Thursday" do.

An embedding places such sentences as close as one fact said twice (about 0.97), so the outlet
reporting Thursday would be credited with Monday, and a later report moving the start would
not be news. Like two figures for one thing, two days for it are two versions. Weekdays, month
names and a month's day numbers are read in English, Ukrainian and Russian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Days", "days_differ", "days_in", "undated", "unspoken"]

_WEEKDAYS = (
    ("monday", "понеділок", "понеділка", "понедельник", "понедельника"),
    ("tuesday", "вівторок", "вівторка", "вторник", "вторника"),
    ("wednesday", "середу", "среду"),
    ("thursday", "четвер", "четверга", "четверг"),
    ("friday", "п'ятниця", "п'ятницю", "п'ятниці", "пятница", "пятницу", "пятницы"),
    ("saturday", "субота", "суботу", "суботи", "суббота", "субботу", "субботы"),
    ("sunday", "неділя", "неділю", "неділі", "воскресенье", "воскресенья"),
)
"""Weekday forms a date is said in ("в среду", "у п'ятницю"). The nominative "среда" /
"середа" is left out: it is also "environment"."""
_MONTHS = (
    ("January", "січня", "січні", "січень", "января", "январе", "январь"),
    ("February", "лютого", "лютому", "февраля", "феврале", "февраль"),
    ("March", "березня", "березні", "березень", "марта", "марте", "март"),
    ("April", "квітня", "квітні", "квітень", "апреля", "апреле", "апрель"),
    ("May", "травня", "травні", "травень", "мая", "мае", "май"),
    ("June", "червня", "червні", "червень", "июня", "июне", "июнь"),
    ("July", "липня", "липні", "липень", "июля", "июле", "июль"),
    ("August", "серпня", "серпні", "серпень", "августа", "августе", "август"),
    ("September", "Sept", "вересня", "вересні", "вересень", "сентября", "сентябре", "сентябрь"),
    ("October", "жовтня", "жовтні", "жовтень", "октября", "октябре", "октябрь"),
    ("November", "листопада", "листопаді", "ноября", "ноябре", "ноябрь"),
    ("December", "грудня", "грудні", "грудень", "декабря", "декабре", "декабрь"),
)
"""Month forms. English ones only capitalised ("a march" is no month); "лютий" (also "fierce")
and "листопад" (also "leaf fall") only in their date forms."""
_WEEKDAY = {form: n for n, forms in enumerate(_WEEKDAYS) for form in forms}
_MONTH = {form.lower(): n for n, forms in enumerate(_MONTHS) for form in forms}
_APOSTROPHES = re.compile(r"[’ʼ`]")
_WEEKDAY_ALTS = "|".join(sorted(_WEEKDAY, key=len)[::-1])
_WEEKDAY_WORD = re.compile(rf"(?<!\w)({_WEEKDAY_ALTS})(?!\w)")
_MONTH_WORD = "|".join(sorted((f for forms in _MONTHS for f in forms), key=len)[::-1])
_DAY = r"(?<![\d.,])([0-3]?\d)(?!\d)(?:st|nd|rd|th)?(?![.,]\d)"
_DATE = re.compile(
    rf"{_DAY}(?:\s+of)?\s+({_MONTH_WORD})(?!\w)|(?<!\w)({_MONTH_WORD})\.?\s+{_DAY}",
    re.IGNORECASE,
)
_MONTH_ALONE = re.compile(rf"(?<!\w)({_MONTH_WORD})(?!\w)")
_TO = r"\s*[-–—]\s*|\s+(?:and|to|і|й|и|та|до|по)\s+"
_RANGE = re.compile(
    rf"(?<![\d.,])([0-3]?\d)(?:{_TO})([0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH_WORD})(?!\w)"
    rf"|(?<!\w)({_MONTH_WORD})\.?\s+([0-3]?\d)(?:{_TO})([0-3]?\d)(?!\d)",
    re.IGNORECASE,
)
"""Two days of one month: "15-16 March", "March 15 to 18", "15 і 16 березня". Both ends and
what lies between count, so "15-16 March" and "15 March" are one version, not two."""
_SPEECH = r"(?:said|says|told|announced|stated|заяв\w*|сказа\w*|повідоми\w*|сообщи\w*)"
_SPOKEN_DAY = re.compile(
    rf"\b(?i:{_SPEECH})(?:\s+(?:the|[A-Z][\w.'’-]*)){{0,4}}(\s+(?i:on\s+)?(?i:{_WEEKDAY_ALTS}))(?!\w)"
    rf"|(?<!\w)(?i:у|в|во|on)\s+(?i:{_WEEKDAY_ALTS})(?=\s+(?i:{_SPEECH})\b)"
)
"""The day a source spoke ("Zelensky said on Tuesday that...", "told The Washington Post on
Tuesday", "Зеленський у вівторок заявив"), which is no day of what was said. The words between
the verb and the day may only be a name (capitalised): "said the truce starts on Monday" keeps
its day."""
_AMBIGUOUS_ALONE = frozenset(["may", "май", "мая"])
"""A month name that counts only with a day number: "May" is also a verb (and a name)."""


@dataclass(frozen=True)
class Days:
    """The weekdays, months and days of a month a sentence names."""

    weekdays: frozenset[int] = frozenset()
    months: frozenset[int] = frozenset()
    dates: dict[int, frozenset[int]] = field(default_factory=dict)
    """Per month, the day numbers given with it ("March 5": {2: {5}})."""


def days_in(text: str) -> Days:
    text = _APOSTROPHES.sub("'", text)
    weekdays = frozenset(_WEEKDAY[m.group(1)] for m in _WEEKDAY_WORD.finditer(text.lower()))
    dates: dict[int, set[int]] = {}
    for m in _DATE.finditer(text):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if not _is_month(month, alone=False) or not 1 <= int(day) <= 31:
            continue
        dates.setdefault(_MONTH[month.lower()], set()).add(int(day))
    for m in _RANGE.finditer(text):
        first, last, month = (
            (m.group(1), m.group(2), m.group(3))
            if m.group(1)
            else (m.group(5), m.group(6), m.group(4))
        )
        low, high = sorted((int(first), int(last)))
        if _is_month(month, alone=False) and low >= 1 and high <= 31:
            dates.setdefault(_MONTH[month.lower()], set()).update(range(low, high + 1))
    months = {_MONTH[m.group(1).lower()] for m in _MONTH_ALONE.finditer(text)}
    months = {n for n in months if _named_alone(text, n)} | set(dates)
    return Days(weekdays, frozenset(months), {k: frozenset(v) for k, v in dates.items()})


def _is_month(word: str, alone: bool) -> bool:
    """Cyrillic forms in any case; English ones capitalised; "May" only beside a day."""
    if alone and word.lower() in _AMBIGUOUS_ALONE:
        return False
    return not word[:1].isascii() or word[:1].isupper()


def _named_alone(text: str, month: int) -> bool:
    return any(
        _MONTH[m.group(1).lower()] == month and _is_month(m.group(1), alone=True)
        for m in _MONTH_ALONE.finditer(text)
    )


def days_differ(a: str, b: str) -> bool:
    """Each names a weekday the other lacks, or a month the other lacks, or a day of a month
    both name that the other lacks ("March 5" / "March 15"). A sentence naming fewer days
    ("on Tuesday" / "on Tuesday, to start on Monday") differs from none."""
    one, two = days_in(a), days_in(b)
    return (
        _each_has_its_own(one.weekdays, two.weekdays)
        or _each_has_its_own(one.months, two.months)
        or any(
            _each_has_its_own(one.dates[m], two.dates[m])
            for m in one.dates.keys() & two.dates.keys()
        )
    )


def _each_has_its_own(one: frozenset[int], two: frozenset[int]) -> bool:
    return bool(one - two) and bool(two - one)


def undated(text: str) -> str:
    """The text without its weekdays, dates and month names: what is said of the day."""
    text = _DATE.sub(" ", _APOSTROPHES.sub("'", text))
    text = _MONTH_ALONE.sub(" ", text)
    return _WEEKDAY_WORD.sub(" ", text.lower())


def unspoken(text: str) -> str:
    """The text without the day its source spoke: that day is when it was said, not a day of
    what was said, and two outlets quoting one statement often date the quote differently."""
    return _SPOKEN_DAY.sub(_keep_the_verb, _APOSTROPHES.sub("'", text))


def _keep_the_verb(match: re.Match[str]) -> str:
    if match.group(1) is None:  # "у вівторок" before the verb
        return " "
    return match.group(0)[: match.start(1) - match.start()]
