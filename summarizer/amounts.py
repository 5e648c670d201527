"""Where a figure sits in text, so that no cut ever separates the two ends of a range.

"10% – 15%", "$1bn – $2bn", "10 тис. – 15 тис." and "між 1 000 та 1 500" are one figure each;
a point or a piece that keeps only the first end states a wrong number. Both the cutter of
unpunctuated posts (`paragraphs`) and the shortener of key points (`shorten`) ask these.
"""

from __future__ import annotations

import re

__all__ = ["RANGE_START", "ends_range_opener", "ends_with_amount", "starts_with_amount"]

_NUMBER = r"[$€£₴]?\d(?:[\d,.]|[\s\u00a0\u202f\u2009](?=\d{3}(?!\d)))*"
"""Digits with their separators ("1,000", "1 000", "2.5") and a currency sign before them."""
_UNIT = (
    r"(?:%|per\s?cent|percent|bn|mn|m|k|km|kilomet\w*|miles?|sq|kg|tonnes?|tons?|t|hundred"
    r"|thousand|million|billion|trillion|dollars?|euros?|pounds?|hryvni?as?|r[ou]bles?"
    r"|usd|eur|uah|rub|тис|тисяч\w*|тыс|тысяч\w*|млн|млрд|мільйон\w*|мільярд\w*|миллион\w*"
    r"|миллиард\w*|км|кілометр\w*|километр\w*|м|кг|т|тонн\w*|відсот\w*|процент\w*|грн"
    r"|гривень|гривн\w*|долар\w*|доллар\w*|дол|руб|рубл\w*|рублей|євро|евро)\.?(?!\w)"
)
"""What may follow a number as part of the figure: a scale, a unit or a currency."""
_AMOUNT = rf"{_NUMBER}(?:[\s\u00a0\u202f]?{_UNIT}){{0,2}}"
_ENDS_WITH_AMOUNT = re.compile(rf"(?<![\w.,]){_AMOUNT}$", re.IGNORECASE)
_APPROXIMATELY = (
    r"(?:about|around|roughly|some|nearly|almost|up to|over|more than|less than|близько"
    r"|приблизно|майже|понад|до|около|примерно|почти|более|свыше)"
)
_STARTS_WITH_AMOUNT = re.compile(rf"^(?:{_APPROXIMATELY}\s+)?[$€£₴]?\d", re.IGNORECASE)
RANGE_START = re.compile(
    rf"\b(?:between|from|від|з|із|зі|між|от|с|со|между)\s+(?:{_APPROXIMATELY}\s+)?{_AMOUNT}",
    re.IGNORECASE,
)
"""The opening end of a range ("between 1,000", "від 10 км", "от $1bn")."""
_ENDS_RANGE_OPENER = re.compile(rf"(?:{RANGE_START.pattern})$", re.IGNORECASE)


def ends_with_amount(text: str) -> bool:
    """`text` ends with a figure ("10%", "$1bn", "10 тис.", "1 000 км")."""
    return bool(_ENDS_WITH_AMOUNT.search(text.rstrip()))


def starts_with_amount(text: str) -> bool:
    """`text` starts with a figure, perhaps an approximate one ("15%", "about $2bn")."""
    return bool(_STARTS_WITH_AMOUNT.match(text.lstrip()))


def ends_range_opener(text: str) -> bool:
    """`text` ends with the first end of a range ("between 1,000", "між 1 000", "от 10 км"):
    what follows holds the other end."""
    return bool(_ENDS_RANGE_OPENER.search(text.rstrip()))
