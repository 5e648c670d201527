"""Reading a number as written: digits (a decimal comma too), number words (English, Ukrainian
and Russian), the scales after it in English, Ukrainian and Russian ("$5m", "1,5 млрд"), a
number in parts ("1 млн 532 тис.") as one. `figure_parsing` reads each figure's number here."""

from __future__ import annotations

import re

from summarizer.grounding import plain_number

__all__ = ["is_number_word", "number_at", "scale_of", "with_parts"]

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_CYRILLIC_WORDS = {
    2: "два дві две двох двух двом двум двома двумя двоє двое двоих",
    3: "три трьох трех трёх трьом трем трём трьома тремя троє трое троих",
    4: "чотири четыре чотирьох четырех четырёх чотирьом четырем четырём чотирма четырьмя"
    " четверо четверых",
    5: "пять пяти пятьма пятью пятеро пятьох пятерых",
    6: "шість шесть шести шістьох шістьма шестью шестеро шестерых",
    7: "сім семь семи сімох сімома семью семеро семерых",
    8: "вісім восемь восьми вісьмох вісьма восемью восьмеро восьмерых",
    9: "девять девяти девятьма девятью девятеро девятерых",
    10: "десять десяти десятьма десятью десятеро десятерых",
    11: "одинадцять одиннадцать одинадцяти одиннадцати",
    12: "дванадцять двенадцать дванадцяти двенадцати",
    13: "тринадцять тринадцать тринадцяти тринадцати",
    14: "чотирнадцять четырнадцать чотирнадцяти четырнадцати",
    15: "пятнадцять пятнадцать пятнадцяти пятнадцати",
    16: "шістнадцять шестнадцать шістнадцяти шестнадцати",
    17: "сімнадцять семнадцать сімнадцяти семнадцати",
    18: "вісімнадцять восемнадцать вісімнадцяти восемнадцати",
    19: "девятнадцять девятнадцать девятнадцяти девятнадцати",
    20: "двадцять двадцать двадцяти двадцати",
    30: "тридцять тридцать тридцяти тридцати",
    40: "сорок сорока",
    50: "пятдесят пятьдесят пятдесяти пятидесяти",
    60: "шістдесят шестьдесят шістдесяти шестидесяти",
    70: "сімдесят семьдесят сімдесяти семидесяти",
    80: "вісімдесят восемьдесят вісімдесяти восьмидесяти",
    90: "девяносто",
    100: "сто ста",
    200: "двісті двохсот двести двухсот",
    300: "триста трьохсот трехсот",
    400: "чотириста чотирьохсот четыреста четырехсот",
    500: "пятсот пятисот пятьсот",
}
"""Ukrainian and Russian numbers from two to five hundred in the forms a count takes ("двоє
людей", "трьох поранених", "п'ятеро загиблих", "более ста человек"), apostrophes dropped as
`figure_parsing` drops them ("п'ять" is "пять"). One is left out, as "one" is: "одна" is as
often "one of" as a count."""
_CYRILLIC = {word: value for value, words in _CYRILLIC_WORDS.items() for word in words.split()}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_ABBREVIATIONS = {"bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3, "tn": 1e12}
_CYRILLIC_SCALE = (
    (re.compile(r"(?:тис|тыс|тисяч\w{0,3}|тысяч\w{0,3})"), 1e3),
    (re.compile(r"(?:млн|мільйон\w{0,3}|миллион\w{0,3})"), 1e6),
    (re.compile(r"(?:млрд|мільярд\w{0,3}|миллиард\w{0,3})"), 1e9),
    (re.compile(r"(?:трлн|трильйон\w{0,3}|триллион\w{0,3})"), 1e12),
)
"""Ukrainian and Russian thousands, millions, billions, trillions, written out or shortened
("390 тис.", "1,5 млрд", "2 мільйони"), matched whole (not "тисячоліття")."""


def is_number_word(token: str) -> bool:
    """ "five", "twenty", "двоє": a word of a number, not a thing it counts."""
    return token in _UNITS or token in _TENS or token in _CYRILLIC


def number_at(tokens: list[str], n: int) -> tuple[float, float, int] | None:
    """The number starting at token `n` (digits, English, Ukrainian or Russian number words),
    its precision and the token after it; "one" alone is a pronoun, no number. Words add up:
    "twenty five", "двадцять п'ять", "сто двадцять"."""
    token = tokens[n]
    if token[0].isdigit():
        digits = plain_number(token)
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
        elif word in _CYRILLIC:
            current += _CYRILLIC[word]
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


def scale_of(word: str, currency: bool) -> float:
    """What the word after a number multiplies it by ("million", "bn", "млрд"), else 0; "m"
    and "k" only after a currency sign ("$5m", not "20 m" deep)."""
    if word in _SCALES:
        return _SCALES[word]
    if word in ("bn", "mn", "tn") or (currency and word in _SCALE_ABBREVIATIONS):
        return _SCALE_ABBREVIATIONS[word]
    return next((scale for words, scale in _CYRILLIC_SCALE if words.fullmatch(word)), 0.0)


def with_parts(
    lower: list[str], breaks: frozenset[int], value: float, step: float, end: int, scale: float
) -> tuple[float, float, int]:
    """A number written in parts, each under a smaller scale, is one: "1 млн 532 тис." is
    1,532,000 and "1 миллион 532 тысячи 618" 1,532,618 (not 532,000 or 618 of the thing, which
    would dispute each other); with the token after it. Such a number ending at a scale is cut
    there, not rounded, so its precision is twice that scale: 1,532,618 is "1 млн 532 тис."."""
    parted = False
    while end < len(lower) and end not in breaks and lower[end][:1].isdigit():
        part = number_at(lower, end)
        if part is None:
            break
        smaller = scale_of(lower[part[2]], False) if part[2] < len(lower) else 0.0
        if smaller and smaller < scale:
            value, step, scale = value + part[0] * smaller, part[1] * smaller, smaller
            end, parted = part[2] + 1, True
        elif scale == 1e3 and part[0] < 1e3:
            return value + part[0], part[1], part[2]
        else:
            break
    return value, 2 * step if parted else step, end
