"""Cutting a long key point down to its opening clauses without changing what it says.

Split from summarizer.text (which finds and cleans sentences): this decides how much of a clean
sentence a point may drop, and the rules are about meaning, not about splitting.
"""

from __future__ import annotations

import re

__all__ = ["POINT_CHARS", "shorten"]

POINT_CHARS = 200
"""A key point longer than this is cut at a clause boundary (see `shorten`)."""

_CLAUSE_BREAK = re.compile(r",\s+|;\s+|\s+[—–-]\s+")
_MIN_HEAD_CHARS = 60
_CONDITION = re.compile(
    r"\b(?:subject to|unless|if|provided|pending|until|as long as|on condition|except"
    r"|якщо|за умови|доки|поки|крім|окрім|если|при условии|пока|кроме)\b",
    re.IGNORECASE,
)
_NEGATED_TAIL = re.compile(r"^(?:but )?(?:not|no|never|nor|without|не|ні|нет|без)\b", re.I)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|tells|according|announced|reported|stated|added|claimed|warned"
    r"|insisted|confirmed|denied|alleged|заяв\w*|сказа\w*|повідоми\w*|сообщи\w*|за словами"
    r"|по словам|дода\w*|добави\w*|зазначи\w*|отмети\w*|наголоси\w*|подчеркну\w*)",
    re.IGNORECASE,
)


def shorten(text: str, limit: int = POINT_CHARS) -> str:
    """`text`, or when longer than `limit` its longest opening clauses within it and "…".

    The cut is made only at a clause boundary (comma, semicolon, dash) and only where dropping
    the rest cannot change what the kept part says: never when the rest holds a condition
    ("subject to", "unless", "if"), never before a negation, and never when the rest holds the
    attribution ("..., the minister said") the kept part lacks. Without such a boundary the
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
        if _ATTRIBUTION.search(tail) and not _ATTRIBUTION.search(head):
            continue
        best = head
    return best + "…" if best else text


def _balanced(text: str) -> bool:
    """No quote or bracket left open: a cut inside a quotation would misquote."""
    pairs = (("“", "”"), ("«", "»"), ("(", ")"), ("[", "]"))
    return text.count('"') % 2 == 0 and all(text.count(a) == text.count(b) for a, b in pairs)
