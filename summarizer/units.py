"""Units of measure and of time as outlets write them, and the nouns that count people: a
measure converted in brackets ("5,900 meters (19,350 feet)") and a time in two units ("two
hours and 15 minutes") are one figure each, not two that another outlet's rounding or wording
could dispute (`figure_parsing.figures_in` reads them)."""

from __future__ import annotations

import re

__all__ = [
    "AND",
    "CYRILLIC_PEOPLE",
    "MEASURES",
    "PEOPLE",
    "SMALLER_TIME",
    "SPELLINGS",
    "converts",
]

MEASURES = frozenset(
    [
        "meter",
        "metre",
        "m",
        "km",
        "kilometer",
        "kilometre",
        "cm",
        "mm",
        "mile",
        "nautical",
        "foot",
        "feet",
        "ft",
        "inch",
        "inche",
        "yard",
        "kg",
        "kilogram",
        "gram",
        "pound",
        "lb",
        "lbs",
        "ounce",
        "ton",
        "tonne",
        "acre",
        "hectare",
        "square",
        "sq",
        "litre",
        "liter",
        "gallon",
        "barrel",
        "mph",
        "kph",
        "knot",
        "degree",
        "celsiu",
        "fahrenheit",
    ]
)
"""Units of measure: one given in another in brackets is a conversion ("5,900 meters (19,350
feet)"), and outlets convert and round differently ("19,356 feet (5,900 m)")."""
_LATIN_SPELLINGS = {
    "kilometer": "km",
    "kilometre": "km",
    "meter": "metre",
    "feet": "foot",
    "ft": "foot",
    "inche": "inch",
    "kilogram": "kg",
    "lb": "pound",
    "lbs": "pound",
    "liter": "litre",
    "sq": "square",
    "ruble": "rouble",
}
"""One counted word for a unit's spellings: "a 30-kilometre zone" and "a zone of 40 km" give
one depth that outlets disagree on. Tons and tonnes stay apart (not the same weight)."""
_CYRILLIC = {
    "hour": ("годин", "час", "часа", "часов"),
    "minute": ("хвили", "минут", "хв", "мин"),
    "second": ("секун", "сек"),
    "day": ("день", "дні", "днів", "дня", "дней", "доба", "доби", "добу", "діб", "суток", "сутки")
    + ("денне", "денно", "денни", "денну", "дневн"),
    "week": ("тижде", "тижні", "тижня", "тижне", "недел"),
    "month": ("місяц", "месяц", "місяч", "месяч"),
    "year": ("рік", "роки", "років", "року", "год", "года", "лет", "річне", "летне"),
    "km": ("кілом", "килом", "км"),
    "metre": ("метр", "метри", "метрі", "метра", "метро"),
    "people": ("людей", "люди", "людин", "осіб", "особи", "особа", "челов"),
    "dollar": ("долар", "долла"),
    "euro": ("євро", "евро"),
    "hryvnia": ("гриве", "гривн", "грн"),
    "rouble": ("рублі", "рубле", "рубля"),
}
"""Ukrainian and Russian units and people-nouns by their stems (`grounding.content_words`), in
the forms a number takes ("2 години", "5 годин"; "2 часа", "5 часов"; "30-денне") and shortened
("15 хв.", "40 мин."): one unit for all of them, as in English, so "переговори тривали 2
години" and "5 годин" disagree. "год" is a Russian year; a Ukrainian "год." is hours
(`figure_text` reads it so, in Ukrainian text and where Russian could not mean years)."""
SPELLINGS = _LATIN_SPELLINGS | {stem: unit for unit, stems in _CYRILLIC.items() for stem in stems}
"""The one counted word for each spelling of a unit."""
PEOPLE = frozenset(
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
CYRILLIC_PEOPLE = frozenset(
    ["жител", "мешка", "детей", "дети", "дітей", "діти", "дитин", "ребен", "солда", "бойцо",
     "бійці", "пленн", "полон", "залож", "заруч", "бежен", "біжен", "ранен", "поран", "погиб",
     "загиб", "мирны", "мирни", "гражд", "пасса", "пасаж", "сотру", "співр", "полиц", "поліц",
     "спаса", "рятув", "медик", "наблю", "боеви", "мигра", "мігра", "студе", "женщи", "жінок",
     "мужчи", "чолов", "пацие", "паціє", "члено", "члені", "цивил", "цивіл"]
)  # fmt: skip
"""The same in Ukrainian and Russian, by the stems a count's noun is read as ("пятеро
жителей", "19 раненых", "5 мирных жителей"), so "погибли пятеро жителей" is no support for
"погибли семь человек". Stems another common noun shares are left out: "военн" / "війсь"
(also "военных кораблей"), "постр" (also "построек"), "грома" (also "громад"), "журна" (also
"журналов"), "спост" (also "спостережень"), "бойов" (also "бойових")."""
AND = frozenset(["and", "і", "й", "та", "и"])
"""What joins a time's two units: "two hours and 15 minutes", "2 години і 15 хвилин"."""
_CONVERSION_GAP = re.compile(r"\s*\(\s*(?:about|around|roughly|nearly|some|approximately|~)?\s*")
SMALLER_TIME = {
    "year": ("month", 12),
    "week": ("day", 7),
    "day": ("hour", 24),
    "hour": ("minute", 60),
    "minute": ("second", 60),
}
"""A unit of time and the next smaller one it is given with ("two hours and 15 minutes")."""


def converts(joined: str, starts: list[int], raw: list[str], measured_to: int, n: int) -> bool:
    """The number at `n` opens brackets right after a measure (`measured_to`): "5,900 meters
    (19,350 feet)", "the 26,291-foot (8,013 m) peak", "(about 18 miles)"."""
    if measured_to < 1 or measured_to > n:
        return False
    gap = joined[starts[measured_to - 1] + len(raw[measured_to - 1]) : starts[n]]
    return _CONVERSION_GAP.fullmatch(gap) is not None
