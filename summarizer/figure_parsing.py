"""Reading the figures a sentence states: each number with the thing it counts and how.

Judging whether two reports' figures disagree (`summarizer.figures`) is only as narrow as what
is read here allows, so a number counts as a figure only when the thing it counts follows it
directly ("30-day truce", "28 Palestinians", "$5m"): a date, a year, a list number or a name
such as "COVID-19" is none. Each figure keeps what decides whether two of them can be compared
at all: its precision, a bound or approximation before it, a rate or an increase, the place it
is counted in, and the words and names around it (`figure_context`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.bounds import bound_before
from summarizer.fates import fate_of_count
from summarizer.figure_context import names_near, near, per_party, scope
from summarizer.figure_text import tokenized
from summarizer.grounding import content_words
from summarizer.numbers import is_number_word, number_at, scale_of, with_parts
from summarizer.units import (
    AND,
    CYRILLIC_PEOPLE,
    MEASURES,
    PEOPLE,
    SMALLER_TIME,
    SPELLINGS,
    converts,
)

__all__ = ["Figure", "figures_in"]

_RATES = {"day", "week", "month", "year", "hour", "minute", "night", "daily", "weekly"}
_RATE_WORDS = {
    "daily": "day", "weekly": "week", "monthly": "month", "annually": "year",
    "щодня": "day", "щоденно": "day", "ежедневно": "day", "щотижня": "week",
    "еженедельно": "week", "щомісяця": "month", "ежемесячно": "month", "щороку": "year",
    "ежегодно": "year",
}  # fmt: skip
_PER_CYRILLIC = frozenset(["на", "в"])
"""Before a unit of time, "per" in Ukrainian and Russian: "1500 загиблих на добу", "в сутки"."""
_DELTA_BEFORE = {"additional", "extra", "another", "further"}
_CHANGE = ("ris", "rose", "increas", "jump", "grew", "grow", "fell", "fall", "drop", "up", "down")
"""Verbs whose "by" gives a change, not a total: "rose by 30"."""
_DELTA_AFTER = {"more", "fewer", "additional", "extra", "less"}
_TIME_UNITS = frozenset(["minute", "hour", "day", "week", "month", "year"])
_OFFSET_WORDS = frozenset(["after", "before", "since", "ago", "later", "earlier"])
_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
"""A number after a month name is a day of it ("Feb. 26 killing"), no count."""


@dataclass(frozen=True)
class Figure:
    """A number and what it counts, as a sentence states it."""

    value: float
    step: float
    """The precision it is given to: 0.1 for "9.2 million" (100,000), 1 for "28"."""
    unit: str
    """The stem of what it counts ("day", "$", "percent"), "person" for any people-noun."""
    noun: str
    """The counted word itself ("palestinian", "people"); equals `unit` except for people."""
    bound: str = ""
    """"min" ("at least", "more than"), "max" ("up to", "nearly"), "about", or exact ""."""
    rate: str = ""
    """What it is counted per ("day" for "1,500 deaths a day"), "more" for an increase,
    "age" for a person's age."""
    scope: str = ""
    """The place it is counted in ("homs" for "104 killed in Homs")."""
    near: frozenset[str] = frozenset()
    """Content words near it, and `names` the capitalised ones among them."""
    names: frozenset[str] = frozenset()
    owners: frozenset[str] = frozenset()
    """Where the party it belongs to is named: the names before it and in its counted words
    ("Lestovian Airways flights take 3 hours", "Hamas would release 33 Israeli hostages"),
    not one after it ("... in exchange for Palestinian prisoners")."""
    offset: str = ""
    """For a time counted from an event, from which: "after authoriz" for "eight months after
    first authorizing the vaccine", "ago" for "two days ago"."""
    fate: str = ""
    """What befell the counted people, when a word by the number says it: "dead" for "12 people
    were killed" or "the strike killed at least 12 people", "hurt" for "30 injured", also
    "in hospital", "moved", "held", "freed", "missing"; "" when nothing says."""
    span: tuple[float, float] | None = None
    """For one end of a range ("1 to 2.4 hours", "2.5 hours to four hours", "between 20 and
    25", "10-20", "від 10 до 20"), the range, lowest first."""
    aged: str = ""
    """For an age, whose it is: the content word after it ("21-year-old Mara Orin" / "her
    2-year-old son"), "" if none."""
    each: bool = False
    """It counts each party's share (`figure_context.per_party`): "84 prisoners each"."""


def figures_in(text: str) -> list[Figure]:
    """Every number directly followed by the thing it counts (dates, list numbers and years
    alone are no figures)."""
    joined, raw, starts, breaks = tokenized(text)
    dollars = {m.end() for m in re.finditer(r"[$€£]\s?", joined)}
    lower = [t.lower() for t in raw]
    figures: list[Figure] = []
    measured_to = -1  # the token after the last measure's unit, which a conversion follows
    n = 0
    while n < len(raw):
        parsed = number_at(lower, n)
        if parsed is None:
            n += 1
            continue
        value, step, end = parsed
        currency = starts[n] in dollars
        if not currency and (_is_year(raw[n]) or (n and lower[n - 1].rstrip(".") in _MONTHS)):
            n = end
            continue
        if end < len(lower) and (scale := scale_of(lower[end], currency)):
            value, step, end = with_parts(
                lower, breaks, value * scale, step * scale, end + 1, scale
            )
        times = value / parsed[0] if parsed[0] else 1.0  # what a range's other end is scaled by
        if n and joined[starts[n] - 1 : starts[n]] == "-" and raw[n - 1][:1].isalpha():
            n = end  # "COVID-19", "G-7": a name, no count
            continue
        if n and joined[starts[n] - 1 : starts[n]] == "/" and raw[n - 1][:1].isdigit():
            n = end  # "9/11 hijackers", "24/7": a name or a date, no count
            continue
        extra = end < len(lower) and lower[end] in _DELTA_AFTER | {"new", "other"}
        noun, after = _counted_past_attribute(raw, lower, end + int(extra))
        if not currency and (duration := _duration(lower, n, value, step, noun, after)):
            value, step, noun, after = duration
            end = max(end, after)
        unit = "$" if currency else noun
        if not unit or (
            noun in MEASURES and converts(joined, starts, raw, measured_to, n)
        ):  # no count, or "(19,350 feet)" after "5,900 meters": the same height again
            n = max(end, n + 1)
            continue
        before = lower[max(0, n - 3) : n]
        delta = (extra and lower[end] in _DELTA_AFTER) or _is_delta(before, lower, after)
        rate = _rate(lower, after) or ("more" if delta else "")
        if "aged" in before or before[-2:] in (
            ["age", "of"],
            ["younger", "than"],
            ["older", "than"],
        ):
            unit = noun = "age"  # "aged 5 to 11 years", "children younger than 12 years"
        person = (
            noun in PEOPLE
            or noun in CYRILLIC_PEOPLE
            or _demonym(raw[end] if end < len(raw) else "")
        )
        figures.append(
            Figure(
                value=value,
                step=step,
                unit="person" if person and not currency else unit,
                noun=noun,
                bound=bound_before(" ".join(lower[max(0, n - 3) : n])),
                rate=rate,
                scope=scope(raw, after),
                near=near(raw, n, after),
                names=names_near(raw, n, after),
                owners=names_near(raw, n, after, after=False),
                offset=_offset(noun, lower, after),
                span=_span(joined, starts, lower, n, after, parsed[0], times),
                fate=fate_of_count(lower, n, after, breaks),
                aged=_whose_age(unit, lower, after),
                each=per_party(lower, n, after, breaks),
            )
        )
        measured_to = after if noun in MEASURES else -1
        n = max(end, n + 1)
    return figures


def _duration(
    lower: list[str], n: int, value: float, step: float, noun: str, after: int
) -> tuple[float, float, str, int] | None:
    """A time given in two units is one figure in the larger: "two hours and 15 minutes" is
    2.25 hours, "an hour and 40 minutes" 1.67 (not 15 or 40 minutes, which another outlet's
    "100 minutes" would dispute); with the token after it. None when it is in one unit."""
    if noun in SMALLER_TIME:
        smaller, per = SMALLER_TIME[noun]
        k = after + int(after < len(lower) and lower[after] in AND)
        parsed = number_at(lower, k) if k < len(lower) else None
        if parsed:
            part, part_step, part_end = parsed
            part_noun, part_after = _counted(lower, part_end)
            if part_noun == smaller:
                return value + part / per, part_step / per, noun, part_after
    for larger, (smaller, per) in SMALLER_TIME.items():
        if (
            smaller == noun
            and n >= 3
            and lower[n - 1] == "and"
            and lower[n - 3] in ("a", "an", "one")
            and _counted(lower, n - 2)[0] == larger
        ):
            return 1 + value / per, step / per, larger, after
    return None


def _counted_past_attribute(raw: list[str], lower: list[str], n: int) -> tuple[str, int]:
    """`_counted`, past a capitalised word that only describes the counted one: "33 Israeli
    hostages" counts hostages, as "30 hostages" does (not "Israeli" things), while "28
    Palestinians died", "3 Lestovian Airways flights" and "3 December" count as before."""
    if (
        n + 1 < len(raw)
        and raw[n][:1].isupper()
        and not _demonym(raw[n])
        and lower[n].rstrip(".") not in _MONTHS
        and raw[n + 1].isalpha()
        and raw[n + 1].islower()
        and (raw[n + 1].endswith("s") or raw[n + 1] in PEOPLE)
    ):
        noun, after = _counted(lower, n + 1)
        if noun:
            return noun, after
    return _counted(lower, n)


def _counted(tokens: list[str], n: int) -> tuple[str, int]:
    """The stem of the word at `n` if a number can count it, else "", and the token after it.
    Made singular first: "a 30-day truce" and "a truce of 20 days" count the same thing, as
    "30 km" and "30 kilometres" do (`units.SPELLINGS`)."""
    if n >= len(tokens):
        return "", n
    token = tokens[n]
    if token[0].isdigit() or is_number_word(token) or not content_words(token):
        return "", n
    if token in ("year", "years") and tokens[n + 1 : n + 2] == ["old"]:
        return "age", n + 2
    if len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
    elif len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    if token == "peopl":
        token = "people"
    word = next(iter(content_words(token)), "")
    word = SPELLINGS.get(word, word)
    if word == "square" and (measure := _counted(tokens, n + 1))[0] in MEASURES:
        return f"square {measure[0]}", measure[1]  # not "20 square miles" against "50 sq km"
    return word, n + 1


def _whose_age(unit: str, lower: list[str], after: int) -> str:
    """The content word after an age ("21-year-old Mara", "2-year-old son"), or ""."""
    if unit != "age" or after >= len(lower):
        return ""
    return next(iter(content_words(lower[after])), "")


def _is_year(token: str) -> bool:
    """ "2020" (no separator, 1800-2100) is a year, no count: "in 2020 compared with"."""
    return token.isdigit() and len(token) == 4 and 1800 <= int(token) <= 2100


def _demonym(word: str) -> bool:
    """A capitalised plural of a people ("Palestinians", "Israelis")."""
    return word[:1].isupper() and word.endswith(("ians", "ans", "is", "ese"))


def _rate(tokens: list[str], n: int) -> str:
    """ "a day", "per week", "each year", "daily", "на добу", "щодня" right after the counted
    thing."""
    rest = tokens[n : n + 2]
    if rest[:1] and rest[0] in _RATE_WORDS:
        return _RATE_WORDS[rest[0]]
    if len(rest) == 2 and rest[0] in ("a", "an", "per", "each", "every") and rest[1] in _RATES:
        return rest[1]
    if len(rest) == 2 and rest[0] in _PER_CYRILLIC:
        unit = _counted(tokens, n + 1)[0]
        return unit if unit in _RATES else ""
    return ""


def _offset(noun: str, tokens: list[str], n: int) -> str:
    """A time counted from an event ("eight months after first authorizing the vaccine", "two
    days ago"): the word that says so and, after "after", "before" or "since", the event's
    first content word."""
    if noun not in _TIME_UNITS or n >= len(tokens) or tokens[n] not in _OFFSET_WORDS:
        return ""
    if tokens[n] in ("ago", "later", "earlier"):
        return tokens[n]
    for token in tokens[n + 1 : n + 5]:
        words = content_words(token)
        if words and token not in ("first", "only", "just"):
            return f"{tokens[n]} {min(words)}"  # a set: one fixed choice of its words
    return tokens[n]


def fates_in(text: str) -> set[tuple[str, float]]:
    """What befell the people each number counts (`Figure.fate`), the counted word said or not,
    with the number: "The attack killed 12 people and injured 30" gives ("dead", 12) and
    ("hurt", 30)."""
    _, raw, _, breaks = tokenized(text)
    lower = [t.lower() for t in raw]
    fates = set()
    for n in range(len(lower)):
        parsed = number_at(lower, n)
        if (
            parsed is not None
            and not _is_year(raw[n])
            and (fate := fate_of_count(lower, n, parsed[2], breaks))
        ):
            fates.add((fate, parsed[0]))
    return fates


def _span(
    joined: str,
    starts: list[int],
    tokens: list[str],
    n: int,
    after: int,
    value: float,
    scale: float,
) -> tuple[float, float] | None:
    """The range whose end the number at `n` (`value` as written, counting up to `after`, times
    `scale`) is, lowest first: "1 to 2.4 hours", "2.5 hours to four hours", "between 20 and 25
    people", "10-20 people", "від 10 до 20 людей" (not a change: "rose from 0.68 to 1.23 per
    million"). The other end takes this one's scale when it has none ("between 1 and 2.4
    million")."""
    if "from" in tokens[max(0, n - 5) : n]:
        return None
    other: tuple[float, float, int] | None = None
    if tokens[after : after + 1] == ["to"] and after + 1 < len(tokens):
        other = number_at(tokens, after + 1)
    elif n and tokens[n - 1][:1].isdigit() and joined[starts[n] - 1 : starts[n]] in ("-", "–"):
        other = number_at(tokens, n - 1)
    elif n > 2 and tokens[n - 1] == "до" and tokens[n - 3] in ("від", "от"):
        other = number_at(tokens, n - 2)
    elif tokens[n - 1 : n] in (["to"], ["and"]) and (
        tokens[n - 1] == "to" or "between" in tokens[max(0, n - 5) : n]
    ):
        before = tokens[max(0, n - 3) : n - 1]
        ends = [number_at(before, k) for k in range(len(before))]
        ends += [(1.0, 1.0, 0)] if "one" in before else []
        other = next((end for end in ends if end is not None), None)
    if other is None:
        return None
    low, high = sorted((value * scale, other[0] * (scale if other[0] < value else 1)))
    return low, high


def _is_delta(before: list[str], tokens: list[str], after: int) -> bool:
    """An increase rather than a total: "an additional 4,901 murders", "4,901 more"."""
    if set(before[-2:]) & _DELTA_BEFORE:
        return True
    if before[-1:] == ["by"] and len(before) > 1 and before[-2].startswith(_CHANGE):
        return True
    return tokens[after : after + 1] in ([w] for w in _DELTA_AFTER)
