"""Do two reports disagree on a figure? "A 30-day truce" against "a 20-day truce" do.

Two uses, two strictnesses. A rival version (`figures_conflict`) forces a second point on the
reader, so it must be narrow: only a number directly followed by the thing it counts is
compared, only when both texts count the same thing in the same way (per day or in all, an
increase or a total, in one place or everywhere, with a neighbouring word in common), and a
rounded, approximate or bounded figure ("about 10,000", "more than 400", "$1 trillion" for
$1.2 trillion) disputes nothing. When unsure, no rival: one version is still shown with its own
outlets. A credit (`figures_differ`) is the other way round: an outlet whose sentence gives
another count of the point's thing ("26 people" for "28 Palestinians", "651,690 deaths" for
"1,500 deaths a day") does not support the point and is not credited with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.grounding import TOKEN, content_words

__all__ = ["Figure", "figures_conflict", "figures_differ", "figures_in"]

_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d])")
"""A number grouped by spaces ("1 000", "40\u00a0000"): one figure, not two. Only groups of
exactly three digits after a first group of one to three are joined, so "in 2024 300 people"
stays two numbers."""
_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_ABBREVIATIONS = {"bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3, "tn": 1e12}
_LOWER_BOUND = ("at least", "more than", "over", "above", "upwards of", "in excess of")
_UPPER_BOUND = (
    "at most",
    "up to",
    "fewer than",
    "less than",
    "under",
    "below",
    "nearly",
    "almost",
)
_ABOUT = ("about", "around", "roughly", "some", "approximately", "an estimated", "estimated")
_RATES = {"day", "week", "month", "year", "hour", "minute", "night", "daily", "weekly"}
_RATE_WORDS = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year"}
_DELTA_BEFORE = {"additional", "extra", "another", "further"}
_CHANGE = ("ris", "rose", "increas", "jump", "grew", "grow", "fell", "fall", "drop", "up", "down")
"""Verbs whose "by" gives a change, not a total: "rose by 30"."""
_DELTA_AFTER = {"more", "fewer", "additional", "extra", "less"}
_SCOPE_WORDS = {"in", "across", "at", "from", "throughout", "inside", "near"}
_PEOPLE = frozenset(
    [
        "people",
        "person",
        "persons",
        "civilian",
        "soldier",
        "troop",
        "child",
        "children",
        "adult",
        "men",
        "women",
        "man",
        "woman",
        "militant",
        "fighter",
        "migrant",
        "refugee",
        "resident",
        "patient",
        "victim",
        "worker",
        "hostage",
        "prisoner",
        "protester",
        "demonstrator",
        "passenger",
        "student",
        "police",
        "officer",
        "member",
    ]
)
"""Nouns that count people: "28 Palestinians" and "26 people" count the same dead."""
_RECORD = frozenset(
    [
        "record",
        "records",
        "previous",
        "prior",
        "surpassed",
        "surpasses",
        "broke",
        "beat",
        "beats",
        "shattered",
    ]
)
"""A sentence about a record compares a new figure with an old one: never a rival."""
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
WINDOW = 4
"""Content words on each side of a figure that say what it is about."""


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


def figures_in(text: str) -> list[Figure]:
    """Every number directly followed by the thing it counts (dates, list numbers and years
    alone are no figures)."""
    joined = _GROUPED.sub(lambda m: re.sub(r"\D", ",", m.group()), text)
    joined = re.sub(r"(?<=\d)\s?%", " percent", joined)
    raw = TOKEN.findall(joined)
    dollars = {m.end() for m in re.finditer(r"[$€£]\s?", joined)}
    starts = [m.start() for m in TOKEN.finditer(joined)]
    lower = [t.lower() for t in raw]
    figures: list[Figure] = []
    n = 0
    while n < len(raw):
        parsed = _number(lower, n)
        if parsed is None:
            n += 1
            continue
        value, step, end = parsed
        currency = starts[n] in dollars
        if not currency and (_is_year(raw[n]) or (n and lower[n - 1].rstrip(".") in _MONTHS)):
            n = end
            continue
        if end < len(lower) and (
            lower[end] in _SCALES
            or lower[end] in ("bn", "mn", "tn")
            or (currency and lower[end] in _SCALE_ABBREVIATIONS)  # "$5m", not "20 m" deep
        ):
            scale = _SCALES.get(lower[end]) or _SCALE_ABBREVIATIONS[lower[end]]
            value, step, end = value * scale, step * scale, end + 1
        if n and joined[starts[n] - 1 : starts[n]] == "-" and raw[n - 1][:1].isalpha():
            n = end  # "COVID-19", "G-7": a name, no count
            continue
        extra = end < len(lower) and lower[end] in _DELTA_AFTER | {"new", "other"}
        noun, after = _counted(lower, end + int(extra))
        unit = "$" if currency else noun
        if not unit:
            n = max(end, n + 1)
            continue
        before = lower[max(0, n - 3) : n]
        delta = (extra and lower[end] in _DELTA_AFTER) or _is_delta(before, lower, after)
        rate = _rate(lower, after) or ("more" if delta else "")
        if before[-1:] == ["aged"] or before[-2:] == ["age", "of"]:
            unit = noun = "age"
        person = noun in _PEOPLE or _demonym(raw[end] if end < len(raw) else "")
        figures.append(
            Figure(
                value=value,
                step=step,
                unit="person" if person and not currency else unit,
                noun=noun,
                bound=_bound(" ".join(lower[max(0, n - 3) : n])),
                rate=rate,
                scope=_scope(raw, after),
                near=_near(raw, n, after),
                names=_names_near(raw, n, after),
            )
        )
        n = max(end, n + 1)
    return figures


def _number(tokens: list[str], n: int) -> tuple[float, float, int] | None:
    """The number starting at token `n` (digits or English number words), its precision and
    the token after it; "one" alone is a pronoun, no number."""
    token = tokens[n]
    if token[0].isdigit():
        digits = token.replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            return None
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        return value, 10.0**-decimals, n + 1
    total, current, end = 0.0, 0.0, n
    while end < len(tokens):
        word = tokens[end]
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred" and end > n:
            current = max(current, 1.0) * 100
        elif word in ("thousand", "million", "billion", "trillion") and end > n:
            total += max(current, 1.0) * _SCALES[word]
            current = 0.0
        elif word == "and" and end > n and tokens[end - 1] == "hundred":
            pass
        else:
            break
        end += 1
    if end == n or (end == n + 1 and token == "one"):
        return None
    return total + current, 1.0, end


def _counted(tokens: list[str], n: int) -> tuple[str, int]:
    """The stem of the word at `n` if a number can count it, else "", and the token after it.
    Made singular first: "a 30-day truce" and "a truce of 20 days" count the same thing."""
    if n >= len(tokens):
        return "", n
    token = tokens[n]
    if token[0].isdigit() or token in _UNITS or token in _TENS or not content_words(token):
        return "", n
    if token in ("year", "years") and tokens[n + 1 : n + 2] == ["old"]:
        return "age", n + 2
    if len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
    elif len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        token = token[:-1]
    if token == "peopl":
        token = "people"
    return next(iter(content_words(token)), ""), n + 1


def _is_year(token: str) -> bool:
    """ "2020" (no separator, 1800-2100) is a year, no count: "in 2020 compared with"."""
    return token.isdigit() and len(token) == 4 and 1800 <= int(token) <= 2100


def _demonym(word: str) -> bool:
    """A capitalised plural of a people ("Palestinians", "Israelis")."""
    return word[:1].isupper() and word.endswith(("ians", "ans", "is", "ese"))


def _bound(before: str) -> str:
    if before.endswith(_LOWER_BOUND):
        return "min"
    if before.endswith(_UPPER_BOUND):
        return "max"
    if before.endswith(_ABOUT):
        return "about"
    return ""


def _rate(tokens: list[str], n: int) -> str:
    """ "a day", "per week", "each year", "daily" right after the counted thing."""
    rest = tokens[n : n + 2]
    if rest[:1] and rest[0] in _RATE_WORDS:
        return _RATE_WORDS[rest[0]]
    if len(rest) == 2 and rest[0] in ("a", "an", "per", "each", "every") and rest[1] in _RATES:
        return rest[1]
    return ""


def _is_delta(before: list[str], tokens: list[str], after: int) -> bool:
    """An increase rather than a total: "an additional 4,901 murders", "4,901 more"."""
    if set(before[-2:]) & _DELTA_BEFORE:
        return True
    if before[-1:] == ["by"] and len(before) > 1 and before[-2].startswith(_CHANGE):
        return True
    return tokens[after : after + 1] in ([w] for w in _DELTA_AFTER)


def _scope(raw: list[str], n: int) -> str:
    """The place named right after the counted thing: "104 killed in Homs" -> "homs"."""
    for k in range(n, min(n + 4, len(raw) - 1)):
        if raw[k].lower() in _SCOPE_WORDS and raw[k + 1][:1].isupper():
            return raw[k + 1].lower()
        if raw[k].lower() in ("nationwide", "statewide", "worldwide"):
            return raw[k].lower()
    return ""


def _near(raw: list[str], start: int, end: int) -> frozenset[str]:
    before = [w for t in raw[max(0, start - 2 * WINDOW) : start] for w in content_words(t)]
    after = [w for t in raw[end : end + 2 * WINDOW] for w in content_words(t)]
    return frozenset(before[-WINDOW:] + after[:WINDOW])


def _names_near(raw: list[str], start: int, end: int) -> frozenset[str]:
    """Capitalised words near a figure (not a sentence's first word): whose figure it is."""
    window = range(max(1, start - 2 * WINDOW), min(len(raw), end + 2 * WINDOW))
    return frozenset(w for k in window if raw[k][:1].isupper() for w in content_words(raw[k]))


def _rounds_to(a: Figure, b: Figure) -> bool:
    """One figure is the other rounded to its own precision: "$1 trillion" for $1.2 trillion,
    "9.2 million" for 9.21 million (not "$2 billion" for $1.5 billion: that is half a step)."""
    step = max(a.step, b.step)
    return abs(a.value - b.value) < step / 2 - 1e-9 * step


def _compatible(a: Figure, b: Figure) -> bool:
    """Both can be true: equal once rounded, within a tenth when either is approximate, or
    inside each other's bounds ("at least 150" and "more than 180" both hold for 190)."""
    if _rounds_to(a, b) or a.value == b.value:
        return True
    if "about" in (a.bound, b.bound):
        return abs(a.value - b.value) <= 0.1 * max(a.value, b.value)
    for x, y in ((a, b), (b, a)):
        if x.bound == "min" and (y.value >= x.value or y.bound == "min"):
            return True
        if x.bound == "max" and (y.value <= x.value or y.bound == "max"):
            return True
    return False


def figures_conflict(a: str, b: str) -> bool:
    """Both texts count the same thing in the same way with numbers that cannot both be true
    ("30-day" vs "20-day" truce): a rival version.

    Compared only when each text has one figure of that thing (a list of them is no version
    of one), with the same counted word, rate, increase or total, and place; when the two are
    about it in shared words (a neighbouring word in common, or half of each text's words);
    when neither names a party by the figure that the other lacks (two airlines' times); and
    when neither text is about a record (a new one against the old one).
    """
    fa, fb = figures_in(a), figures_in(b)
    if not (fa and fb) or _about_records(a) or _about_records(b):
        return False
    words_a, words_b = content_words(a), content_words(b)
    alike = _share(words_a, words_b) >= 0.5 and _share(words_b, words_a) >= 0.5
    for x in fa:
        same = [y for y in fb if _key(y) == _key(x)]
        if len(same) != 1 or sum(_key(z) == _key(x) for z in fa) != 1:
            continue
        y = same[0]
        if not (alike or (x.near & y.near)):
            continue
        if (x.names - words_b) or (y.names - words_a):
            continue
        if not _compatible(x, y):
            return True
    return False


def figures_differ(point: str, sentence: str) -> bool:
    """The sentence counts something the point counts but never with a number the point's can
    be (rounding, approximations and bounds allowed): it does not support the point.

    Looser than `figures_conflict`, because a credit is the claim that the outlet says the
    point: any people-noun counts people ("26 people" against "28 Palestinians"), and a
    figure per day or an increase is no support for a total. A people-noun both count ("nine
    children") is matched with the same noun only.
    """
    fp, fs = figures_in(point), figures_in(sentence)
    if not (fp and fs):
        return False
    for x in fp:
        if x.unit == "person":
            same = [y for y in fs if y.unit == "person" and y.noun == x.noun]
        else:
            same = [y for y in fs if y.unit == x.unit]
        if same and not any(_compatible(x, y) and x.rate == y.rate for y in same):
            return True
    # People counted by different nouns: one of the point's counts must fit one of the
    # sentence's ("28 Lestovians" / "26 people": no; "28 people, nine of them children": yes).
    nouns_p = {f.noun for f in fp if f.unit == "person"}
    nouns_s = {f.noun for f in fs if f.unit == "person"}
    others_p = [x for x in fp if x.unit == "person" and x.noun not in nouns_s]
    others_s = [y for y in fs if y.unit == "person" and y.noun not in nouns_p]
    return bool(others_p and others_s) and not any(
        _compatible(x, y) and x.rate == y.rate for x in others_p for y in others_s
    )


def _key(f: Figure) -> tuple[str, str, str, str]:
    return (f.unit, f.noun, f.rate, f.scope)


def _about_records(text: str) -> bool:
    return any(t.lower() in _RECORD for t in TOKEN.findall(text))


def _share(words: set[str], other: set[str]) -> float:
    """Share of `words` (numbers left out) in `other`, a word matching its longer or shorter
    form ("hostages" / "hostage")."""
    words = {w for w in words if not w[0].isdigit()}
    if not words:
        return 0.0
    found = sum(
        1
        for w in words
        if w in other or any(len(o) >= 4 and len(w) >= 4 and o[:4] == w[:4] and
                             (o.startswith(w) or w.startswith(o)) for o in other)
    )  # fmt: skip
    return found / len(words)
