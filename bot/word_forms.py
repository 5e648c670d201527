"""Does a story mention a reader's filter phrase, in any form of its words?

A reader who filters on "+prisoner" wants the report of "175 prisoners of war", and one who
filters on "+обмін" the one that says "обміну" or "обміном": Ukrainian and Russian give a noun
six or seven case forms, so matching the word as typed missed most of their reports (found in a
trial of the real bot: a "+prisoner" reader got nothing of "Russia and Ukraine swap 175
prisoners of war each"). So each word stands for its keys, and two words match when their keys
meet:

- Ukrainian and Russian: the dictionary forms pymorphy3 gives it, from its Ukrainian
  dictionary when that knows the word, else its Russian one ("обміну" and "обміном" are
  "обмін"; "пленных" is "пленный"); a word neither knows (a name, a new coinage) keeps its own
  form and the analyser's guesses from its ending ("Умєрова" meets "Умєров").
- English (Latin letters): its lemma from simplemma's English dictionary, a possessive "'s"
  dropped first: "prisoners" is "prisoner" (a stemmer would make it "prison", and a
  "+prisoner" reader would get prison-reform news), "exchanged" is "exchange", "warships" is
  "warship", not "war".
- Anything else (figures) as written.

Libraries rather than word lists of our own: pymorphy3 holds the whole inflection dictionaries
of Ukrainian and Russian and guesses a word it does not know from its ending, which simplemma's
lists do not (a negotiator's name in another case would not match); simplemma's English
dictionary gives lemmas where a stemmer would join words of other meanings. Both load on first
use (about 0.1 and 0.2 s). Punctuation stays a token, so a phrase never runs across a comma or
a full stop. Everything is folded (NFKC, case, the three apostrophes Ukrainian is typed with)
before it is read.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import simplemma

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer

__all__ = ["Searchable", "fold", "mentions", "searchable", "tokens", "word_keys"]

_TOKEN = re.compile(r"\w+(?:'\w+)*|[^\w\s]")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
_UKRAINIAN_ONLY = frozenset("іїєґ")
_RUSSIAN_ONLY = frozenset("ыэъё")


def fold(text: str) -> str:
    """Text as a reader's word is compared: compatibility forms and case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def tokens(text: str) -> list[str]:
    """Folded words and punctuation marks, in order."""
    return _TOKEN.findall(fold(text).translate(_APOSTROPHES))


@cache
def _analyzer(lang: str) -> MorphAnalyzer:
    """Loaded once, on first use (about 0.1 s): a chat with no words never needs it."""
    from pymorphy3 import MorphAnalyzer

    return MorphAnalyzer(lang=lang)


@lru_cache(maxsize=65536)
def word_keys(word: str) -> frozenset[str]:
    """What a folded token stands for (module doc)."""
    if any("а" <= ch <= "я" or ch in _UKRAINIAN_ONLY or ch == "ё" for ch in word):
        return _cyrillic_keys(word)
    if word.isascii() and word[:1].isalpha():
        base = word.removesuffix("'s").removesuffix("'")
        return frozenset({str(simplemma.lemmatize(base, lang="en")).casefold()})
    return frozenset({word})


def _cyrillic_keys(word: str) -> frozenset[str]:
    for lang in ("uk", "ru"):
        analyzer = _analyzer(lang)
        if analyzer.word_is_known(word):
            return frozenset({word, *(parse.normal_form for parse in analyzer.parse(word))})
    letters = set(word)
    lang = "ru" if letters & _RUSSIAN_ONLY and not letters & _UKRAINIAN_ONLY else "uk"
    return frozenset({word, *(parse.normal_form for parse in _analyzer(lang).parse(word))})


@dataclass(frozen=True)
class Searchable:
    """A text read once for many phrases: each token's keys, and where each key occurs."""

    keys: tuple[frozenset[str], ...]
    where: Mapping[str, tuple[int, ...]]


@lru_cache(maxsize=16)
def searchable(text: str) -> Searchable:
    """One story's text, read once however many chats' words are matched against it (fan-out
    asks for every chat with words in turn)."""
    keys = tuple(word_keys(token) for token in tokens(text))
    where: defaultdict[str, list[int]] = defaultdict(list)
    for at, token_keys in enumerate(keys):
        for key in token_keys:
            where[key].append(at)
    return Searchable(keys, {key: tuple(places) for key, places in where.items()})


def mentions(text: Searchable, phrase: str) -> bool:
    """The phrase's words, in any of their forms, one after another somewhere in the text."""
    wanted = [word_keys(token) for token in tokens(phrase)]
    if not wanted:
        return False
    starts = sorted({at for key in wanted[0] for at in text.where.get(key, ())})
    return any(
        at + len(wanted) <= len(text.keys)
        and all(text.keys[at + n] & keys for n, keys in enumerate(wanted[1:], 1))
        for at in starts
    )
