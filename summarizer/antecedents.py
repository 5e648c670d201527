"""Whom a sentence's opening pronoun stands for, or what its denial answers, so that no point
shows "He said ..." with its speaker, or "X denied the allegations" with the allegations, left
behind in the article.

Three cases come up in the news we read:

- a sentence that opens with a pronoun for a person ("He added ...", "По его словам, ...",
  "Вона заявила ...") names nobody out of its article (`names_nobody`);
- Ukrainian and Russian reports name the speaker in a back-reference of its own, "Об этом
  сообщил глава делегации Рустем Умеров.", and go on "По его словам, ...". The back-reference
  alone is never a point (`hollow.points_back`), so the next sentence went out as "По его
  словам, стороны договорились ..." with nobody named (a trial). `names_the_speaker` says when
  the back-reference's verb agrees with the pronoun (masculine, feminine or plural), so the two
  can be one sentence. English back-references name an outlet ("This was reported by
  Reuters."), never the "he" that follows, so only Cyrillic ones are read;
- a sentence that denies, rejects or dismisses a claim it does not state ("Russia's defence
  ministry denied any attack", "Varga denies the allegations.", "Минобороны опровергло эту
  информацию") answers the sentence before it (`answers_unnamed`).
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["answers_unnamed", "leans_on_before", "names_nobody", "names_the_speaker"]

Person = Literal["he", "she", "they"]

_PRONOUN_PERSON: dict[str, Person] = {
    **dict.fromkeys(("він", "його", "он", "его"), "he"),
    **dict.fromkeys(("вона", "її", "она", "её", "ее"), "she"),
    **dict.fromkeys(("вони", "их", "они"), "they"),
}
"""The Ukrainian and Russian pronouns for a person, by gender and number ("їхні" too, below)."""
_PERSON_START = re.compile(
    r"^(?:(?:according to|за|по)\s+)?"  # "За його словами, ...", "По его словам, ..."
    rf"(?:he|she|they|his|her|their|him|them|{'|'.join(_PRONOUN_PERSON)}|їхні\w*)\b",
    re.IGNORECASE,
)
_SPEECH_STEMS = (
    r"сообщи|заяви|рассказа|сказа|написа|отмети|уточни|поясни|подтверди|добави|объяви"
    r"|повідоми|розпові|зазначи|підтверди|наголоси|дода|оголоси"
)
_PAST_SPEECH = re.compile(
    rf"\b(?:{_SPEECH_STEMS})(?P<ending>л|ла|ли|в)\b",
    re.IGNORECASE,
)
_ENDING_PERSON: dict[str, Person] = {"л": "he", "в": "he", "ла": "she", "ли": "they"}


def names_nobody(point: str) -> bool:
    """The point opens with a pronoun for a person ("He said ...", "Вона заявила ..."): out of
    its article it names nobody, and beside another outlet's point a reader takes it for that
    point's speaker."""
    return bool(_PERSON_START.match(point.strip()))


_DENIAL = (
    r"(?:denied|denies|deny|denying|rejected|rejects|dismissed|dismisses|disputed|disputes"
    r"|refuted|refutes|опроверг\w*|отверг\w*|отрица\w*|отклони\w*|спростува\w*|спростову\w*"
    r"|заперечи\w*|заперечу\w*|відкину\w*|відхили\w*)"
)
_CLAIM = (
    r"(?:claims?|accusations?|allegations?|reports?|charges?|suggestions?|assertions?|notion"
    r"|idea|account|version|characteri[sz]ation|attacks?|strikes?"
    r"|информаци\w*|інформаці\w*|обвинени\w*|звинувачен\w*|сообщени\w*|повідомлен\w*"
    r"|заявлени\w*|заяв\w*|данные|дані|утверждени\w*|твердженн\w*|атак\w*|удар\w*)"
)
_WHICH = (
    r"(?:the|these|those|such|this|that|any|all|эт\w+|данн\w+|таки\w+|подобн\w+|любые"
    r"|ц[юеіяьі]|цей|ці|такі|будь-які)"
)
_ANSWERS_UNNAMED = re.compile(
    rf"\b{_DENIAL}\s+(?:\w+ly\s+)?(?:{_WHICH}\s+{_CLAIM}|{_CLAIM}|it|this|that|them|это|це|их|їх)"
    r"(?=\s*(?:[.,;:!)\"”»]|$)|\s+(?:and|but|on|in|at|as|even|before|after|when|while|saying"
    r"|calling|outright|и|і|й|та|а|но|але)\b)",
    re.IGNORECASE,
)
"""A denial whose object only points at a claim ("denied the allegations", "rejected it",
"опровергли эту информацию") and ends there: "denied attacking the port of Chornomorsk",
"denied the allegations of fraud" or "опровергло информацию о ударе по порту" say what they
deny."""
_JUDGES_THIS = re.compile(
    rf"\b(?:{_DENIAL}|called|calls|described|describes|назвал\w*|назвав|назва[лв]\w*"
    r"|охарактеризува\w*|охарактеризова\w*)\s+(?:\w+ly\s+)?"
    r"(?:this|these|those|эт(?:от|а|у|о|и|ой|им|их)|ц(?:ю|е|ей|і|ього|ієї|им|их))\s+"
    r"(?!(?:year|week|month|morning|afternoon|evening|weekend|time|summer|spring|autumn"
    r"|winter)\b)\w",
    re.IGNORECASE,
)
"""A denial or a judgement of something the sentence only points at with "this" or "these":
"Мединский назвал эту идею преждевременной", "called this move a provocation", "rejected
these proposals" (not "this year's budget")."""


def answers_unnamed(point: str) -> bool:
    """The point denies or judges a claim it does not state: the claim is in the sentence
    before it in its article, and alone the point tells a reader nothing ("Russia's defence
    ministry denied any attack", under a point about the truce starting, in a trial;
    "Мединский назвал эту идею преждевременной")."""
    return bool(_ANSWERS_UNNAMED.search(point) or _JUDGES_THIS.search(point))


def leans_on_before(point: str) -> bool:
    """Out of its article the point needs the sentence before it: it names nobody
    (`names_nobody`) or answers a claim it does not state (`answers_unnamed`)."""
    return names_nobody(point) or answers_unnamed(point)


def names_the_speaker(back_reference: str, sentence: str) -> bool:
    """`back_reference` ("Об этом сообщил X.") names who the pronoun opening `sentence`
    ("По его словам, ...") stands for: its verb is in the past tense, the speaker its subject,
    and of the pronoun's gender and number. A present-tense "сообщает ТАСС" names an outlet,
    not a "he"."""
    opening = _PERSON_START.match(sentence.strip())
    verb = _PAST_SPEECH.search(back_reference)
    if opening is None or verb is None:
        return False
    pronoun = opening.group(0).split()[-1].lower()
    person = _PRONOUN_PERSON.get(pronoun) or ("they" if pronoun.startswith("їхн") else None)
    return person is not None and _ENDING_PERSON[verb.group("ending").lower()] == person
