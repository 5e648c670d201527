"""The word lists the shortener's clause rules read, and which language's lists apply.

Each list is a cheap test, not a parser: "looks like a verb" may take a noun for a verb, so it is
one of several checks a cut must pass, and a sentence in a language the lists do not cover
(anything but English, Ukrainian and Russian) is never cut at all.
"""

from __future__ import annotations

import re

__all__ = ["WORD", "clause_language", "opens_like_a_verb", "verb_like", "word_list"]


def word_list(text: str) -> frozenset[str]:
    """A word list written as one string, as it reads."""
    return frozenset(text.split())


WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_ENGLISH_MARKERS = word_list(
    "the of and to that with for is are were has have had said would from by it its this their"
    " they been which who an"
)
"""Words frequent in English and rare as words in other languages written in Latin letters."""
_ENGLISH_SHARE = 10
"""One word in this many must be an English marker: a German or Portuguese sentence is not
cut by English clause rules ("as" is an article in Portuguese, a verb part ends German)."""

_EN_AUXILIARY = word_list(
    "is are was were am has have had will would can could shall should may might must does do"
    " did isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't couldn't"
    " shouldn't mustn't doesn't don't didn't"
)
_EN_PAST = word_list(
    "said told met made took gave went came saw found left held kept began struck won lost fell"
    " rose sent spent built brought thought bought paid ran led became got knew wrote spoke"
    " broke chose drove flew grew threw wore sold stood understood fought caught taught sought"
    " meant felt dealt heard shot fled drew forgot hid laid rode rang sang sank shook slept stole"
    " swore swept swam tore woke withdrew overtook undertook arose bore hung lent sat slid stuck"
    " swung wept oversaw upheld withheld says tells wants needs warns claims denies insists adds"
    " notes argues hopes plans expects believes remains seems appears faces holds gives takes"
    " makes calls urges agrees refuses"
)
"""Finite verbs without a regular ending, and the present forms of common news verbs."""
_EN_SUBJECT_PRONOUN = word_list("i you he she it we they who which")
_EN_NOT_A_VERB = word_list(
    "need seed speed feed hundred bed red shed indeed creed greed breed weed steed"
)
_EN_DETERMINER = word_list(
    "the a an this that these those its his her their our my your some any every each no"
    " newly widely so-called"
)
_CYRILLIC_VERB_END = re.compile(
    r"(?:ав|ив|ув|яв|ал|ил|ел|ял|ул|ыл|ёл|ла|ло|ли|лась|лось|лись|лася|лися|вся|всь|ає|яє|ує"
    r"|ює|іє|ють|ять|ает|яет|еет|ует|ёт|ется|ются|ится|ятся|ить|ать)$"
)
"""Endings of finite verbs in Ukrainian and Russian (past tense, third person): a cheap test
that also takes some nouns ("сила", "канал"); `_CYRILLIC_NOT_A_VERB` lists the common ones."""
_CYRILLIC_AUXILIARY = word_list(
    "є буде будуть був була було були може можуть має мають мусить треба потрібно слід"
    " есть будет будут был была было были может могут должен должна должны нужно надо"
    " необходимо"
)
_CYRILLIC_NOT_A_VERB = word_list(
    "генерал канал капітал капитал сигнал трибунал персонал матеріал материал фінал финал"
    " арсенал ідеал идеал сила сили село села число тіла тела школа школи"
    " понад після после около близько майже почти тільки только лише лишь коли тоді тогда"
    " сьогодні сегодня зокрема вночі ночью"
)


def clause_language(text: str) -> str:
    """The sentence's language when the clause rules can read it: "en", or "cyrillic" for
    Ukrainian and Russian; else "" and the sentence is never cut."""
    if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)):
        return "cyrillic"
    words = [w.lower() for w in WORD.findall(text)]
    markers = sum(1 for w in words if w in _ENGLISH_MARKERS)
    return "en" if markers >= max(3, len(words) // _ENGLISH_SHARE) else ""


def opens_like_a_verb(word: str, language: str) -> bool:
    """A clause's first word that may be its verb: an English "-ed" or "-s" form in lower case
    (", prepared a show", ", likes to"); a plural noun there is rare, and refusing is safe."""
    lower = word.lower()
    return _participle(word, language) or (
        language == "en"
        and word.islower()
        and len(lower) > 3
        and lower.endswith("s")
        and not lower.endswith(("ss", "us", "is"))
    )


def verb_like(words: list[str], i: int, language: str) -> bool:
    """`words[i]` looks like a finite verb (or an auxiliary), judged by itself and the word
    before it; names (capitalised words) never are."""
    word = words[i]
    lower = word.lower()
    if language == "cyrillic":
        if lower in _CYRILLIC_AUXILIARY:
            return True
        return (
            word.islower()
            and len(lower) > 3
            and lower not in _CYRILLIC_NOT_A_VERB
            and bool(_CYRILLIC_VERB_END.search(lower))
        )
    if lower.replace("’", "'") in _EN_AUXILIARY:
        return True
    if not word.islower():
        return False
    before = words[i - 1] if i else ""
    if lower in _EN_PAST:
        return before.lower() not in _EN_DETERMINER
    if _participle(word, language):
        # "the reported attack" is no verb, nor is an opening "Agreed in May, ..."
        return bool(before) and before.lower() not in _EN_DETERMINER
    # "they agree", "Varnia wants": a plain word after a subject pronoun or a name
    return bool(before) and (
        before.lower() in _EN_SUBJECT_PRONOUN
        or (before[0].isupper() and lower.endswith("s") and not before.endswith(("'s", "’s")))
    )


def _participle(word: str, language: str) -> bool:
    """An English "-ed" form (a past tense or a participle)."""
    lower = word.lower()
    return (
        language == "en"
        and word.islower()
        and len(lower) > 4
        and lower.endswith("ed")
        and lower not in _EN_NOT_A_VERB
    )
