"""The key-point shortener as it was at 1eca158, kept as the shortening bench's baseline.

It checked only the dropped part's first word for a negation, let a dropped part open with
"but" or "though", and cut at any comma whose rest held no condition or attribution, so the
kept part could be a clause with no verb or one that ends open ("... that his jets had…").
"""

from __future__ import annotations

import re

from summarizer.amounts import RANGE_START, ends_with_amount, starts_with_amount

__all__ = ["shorten"]

POINT_CHARS = 200
"""A key point longer than this is cut at a clause boundary (see `shorten`)."""

_CLAUSE_BREAK = re.compile(r",\s+|;\s+|\s+[—–-]\s+")
"""Comma, semicolon or spaced dash. A break between two figures ("10% – 15%") is no clause
boundary: `shorten` checks that on the figures around it, units and currency included."""
_DIGIT = re.compile(r"\d")
_MIN_HEAD_CHARS = 60
_CONDITION = re.compile(
    r"\b(?:subject to|unless|if|provided|pending|until|as long as|on condition|except"
    r"|якщо|за умови|доки|поки|крім|окрім|если|при условии|пока|кроме)\b",
    re.IGNORECASE,
)
_NEGATED_TAIL = re.compile(r"^(?:but )?(?:not|no|never|nor|without|не|ні|нет|без)\b", re.I)
_ATTRIBUTION = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|according|claim\w*|report\w*|warn\w*"
    r"|den(?:y|ies|ied|ying)|alleg\w*|insist\w*|add|adds|added|adding|not(?:e|es|ed|ing)"
    r"|stat(?:e|es|ed|ing|ement)|announc\w*|accus\w*|confirm\w*|assert\w*|argu\w*"
    r"|acknowledg\w*|admit\w*|cit(?:e|es|ed|ing)|quot\w*|stress\w*|emphasi[sz]\w*"
    r"|explain\w*|declar\w*|maintain\w*|wr(?:ite|ites|ote|iting)|believ\w*|suggest\w*"
    r"|повідом\w*|зазнач\w*|заяв\w*|наголош\w*|наголос\w*|стверджу\w*|дода\w*"
    r"|підкресл\w*|розпов\w*|інформу\w*|цитує|посилаючись|за словами|за даними"
    r"|сообща\w*|сообщи\w*|отмеча\w*|отмет\w*|подчерк\w*|подчёрк\w*|утвержда\w*"
    r"|добав\w*|рассказ\w*|информиру\w*|цитирует|ссылаясь|со ссылкой|по словам|по данным"
    r"|пиш\w*|писа\w*|напис\w*|переда(?:є|ють|ет|ёт|ют|в|л|ла|ли|ло)\b|сказа\w*|каже\w*"
    r"|говор\w*)\b",
    re.IGNORECASE,
)
"""Any word that may say who a claim comes from, in any tense: a tail holding one is kept."""
_SPEAKER = re.compile(
    r"\b(?:said|says|told|tells|according to|claimed|warned|denied|insisted|alleged"
    r"|announced|stated|заяви(?:в|ла|ли|л|ло)\b|заявля\w*|сказа\w*|повідоми(?:в|ла|ли)\b"
    r"|повідомля\w*|зазначи\w*|наголоси\w*|за словами|сообщи(?:л|ла|ли)\b|сообща(?:ет|ют)\b"
    r"|отмети(?:л|ла|ли)\b|подчеркну\w*|по словам)\b",
    re.IGNORECASE,
)
"""Words that say who is speaking and cannot be a noun or an adjective ("the reported attack",
"state media", "передала полонених"): only these let a point drop a later attribution."""
_ATTRIBUTION_WORDS = 4
"""A clause this short that holds an attribution is one ("..., Reuters reports")."""
_RELATIVE = re.compile(
    r"(?:^|\s)(?:which|who|whom|whose|that|having|як(?:а|ий|е|і|ого|ої|ій|им|их)|котр\w*"
    r"|що|котор\w*|что)\b",
    re.IGNORECASE,
)
"""Opens a relative clause or an aside: a speech verb after it is not the main clause's."""
_LEAD_IN = re.compile(
    r"(?:on|in|at|after|during|earlier|later|meanwhile|however|у|в|на|після|під час|згодом"
    r"|тим часом|водночас|после|во время|позже|тем временем|однако)\b",
    re.IGNORECASE,
)
"""Opens an adverbial lead-in ("On Tuesday, ..."): the main clause comes after its comma."""
_PRONOUN = re.compile(r"(?:he|she|they|він|вона|вони|он|она|они)\b", re.IGNORECASE)


def shorten(text: str, limit: int = POINT_CHARS) -> str:
    """`text`, or when longer than `limit` its longest opening clauses within it and "…".

    The cut is made only at a clause boundary (comma, semicolon, dash) and only where dropping
    the rest cannot change what the kept part says: never when the rest holds a condition
    ("subject to", "unless", "if"), never before a negation, and never when the rest holds the
    attribution ("..., the Kremlin claims", "..., повідомляє Reuters") in any tense unless the
    kept part names its speaker, never inside a range of numbers ("between 1,000 - 1,200").
    A shortened point never loses who said it. Without such a boundary the
    sentence stays whole: a long true point beats a short misleading one. The result is a
    verbatim prefix of `text`, so its numbers, names and negations are all in the evidence.
    """
    if len(text) <= limit:
        return text
    best = ""
    for match in _CLAUSE_BREAK.finditer(text):
        head = text[: match.start()].rstrip()
        if len(head) + 1 > limit:
            break
        tail = text[match.end() :]
        if len(head) < _MIN_HEAD_CHARS or not _balanced(head):
            continue
        if _NEGATED_TAIL.match(tail) or _CONDITION.search(tail):
            continue
        if _opens_range(head, tail) or (ends_with_amount(head) and starts_with_amount(tail)):
            continue
        if not _keeps_speaker(head, tail):
            continue
        best = head
    return best + "…" if best else text


def _opens_range(head: str, tail: str) -> bool:
    """The head opens a range ("between 1,000", "від 1 000, залежно від ...,") whose other end
    is left in the tail: the point would give one end of it as the figure."""
    opened = [m.end() for m in RANGE_START.finditer(head)]
    return bool(opened) and not _DIGIT.search(head, opened[-1]) and bool(_DIGIT.search(tail))


def _keeps_speaker(head: str, tail: str) -> bool:
    """Dropping `tail` cannot hide who said the kept part: the tail attributes nothing, or it
    holds no speech verb ("said", "заявив") of any length and the head's main clause names its
    speaker with no attribution clause left in the tail ("..., the Kremlin claims" speaks for
    the whole sentence; "..., he added" only for what it adds)."""
    if not _ATTRIBUTION.search(tail):
        return True
    if _SPEAKER.search(tail) or not _names_speaker(head):
        return False
    return not any(
        len(clause.split()) <= _ATTRIBUTION_WORDS
        and _ATTRIBUTION.search(clause)
        and not _PRONOUN.match(clause.strip())
        for clause in _CLAUSE_BREAK.split(tail)
    )


def _names_speaker(head: str) -> bool:
    """The kept part's main clause says who is speaking: an unambiguous speech verb, or a last
    clause that is a short attribution of its own ("..., Reuters reports", "..., пише Reuters").

    A speech verb in a relative clause or an aside ("Russia, which said on Monday it was ready
    to talk, has moved troops") names who said something else, not who says the point.
    """
    clauses = _CLAUSE_BREAK.split(head)
    main = [clauses[0]]
    if len(clauses) > 1 and _LEAD_IN.match(clauses[0]) and len(clauses[0].split()) <= 6:
        main.append(clauses[1])  # "On Tuesday, the minister said ..."
    if any(_SPEAKER.search(_RELATIVE.split(clause, maxsplit=1)[0]) for clause in main):
        return True
    last = clauses[-1]
    return (
        len(clauses) > 1
        and not _RELATIVE.match(last)
        and len(last.split()) <= _ATTRIBUTION_WORDS
        and bool(_ATTRIBUTION.search(last))
    )


def _balanced(text: str) -> bool:
    """No quote or bracket left open: a cut inside a quotation would misquote."""
    pairs = (("“", "”"), ("«", "»"), ("(", ")"), ("[", "]"))
    return text.count('"') % 2 == 0 and all(text.count(a) == text.count(b) for a, b in pairs)
