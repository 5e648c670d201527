"""Is an English report about an exchange of prisoners between the sides of a followed war?

The topic counts prisoner exchanges as part of ending a war: `config/topic.toml` names them in
its description and keywords, the labelled items mark a Yemen war's exchange on topic and
swaps of detainees between countries not at war (US-Russia, US-Iran) off topic, and the
Ukrainian and Russian word cues keep "обмін полоненими". The English model does not: its
training file holds those detainee swaps as hard negatives and no exchange between Russia and
Ukraine, so it scored "Ukraine and Russia swap 390 prisoners each after Istanbul talks" 0.06
and dropped it, while the same news in Russian was pushed. For the families of prisoners of
war among our readers that is a lost push, so such a report is kept by this rule.

The rule is narrow, because it overrides the model: the exchange is in the headline or lead
(an article that mentions prisoners of war in passing is not about an exchange), and within
a few words of it the report names at least two of one followed conflict's terms, one of
them its own actor: "Ukraine and Russia exchanged 84 prisoners of war" is a party to the war
trading with the other, "Israel, Egypt in prisoner swap" names only one of the war's terms,
and "American freed by Russia in prisoner swap" none of its own.
"""

from __future__ import annotations

import re

from bot.ingest.cluster import cluster_text
from bot.ingest.sides import names_both_sides
from bot.ingest.topic import Topic

__all__ = ["NEAR_WORDS", "prisoner_exchange"]

NEAR_WORDS = 12
"""How many words either side of the exchange may name its parties."""

_CAPTIVES = r"(?:prisoners(?:\s+of\s+war)?|POWs|captives|soldiers|servicemen|bodies)"
# A return from captivity and an exchange in one sentence: "246 defenders returned home from
# Russian captivity ... as part of an exchange", how Kyiv and Moscow announce a swap, naming no
# "prisoners". Back from captivity without an exchange (a freed soldier's account) is not.
_FROM_CAPTIVITY = r"\b(?:from|out\s+of)\s+(?:\w+\s+){0,2}?captivity\b"
_SWAPPED = r"\b(?:exchang|swap)\w*"
# The fallen are exchanged too, as a repatriation of bodies ("Ukraine received the bodies of
# 1,000 soldiers from Russia"), agreed at the 2025 Istanbul talks: for their families, news.
# Soldiers' bodies only: "the morgue received 40 bodies after a Russian strike" is war news.
_BODIES_BACK = (
    r"\b(?:hand(?:s|ed|ing)?\s+over|receiv\w*|return\w*|repatriat\w*)\s+(?:the\s+)?"
    r"(?:[\d,]+\s+)?bodies\s+of\s+(?:the\s+)?(?:[\d,]+\s+)?(?:\w+\s+){0,2}?"
    r"(?:soldiers|servicemen|defenders|troops|fighters|POWs|prisoners|fallen)\b"
)
# How Moscow's Defence Ministry tells a swap in English, often naming no exchange: "95 Russian
# servicemen were returned from the territory controlled by the Kyiv regime. In return, 95
# prisoners of war of the Ukrainian Armed Forces were handed over." A counted number of
# servicemen "were returned", or prisoners of war "were handed over": a handover between the
# sides, not a freed soldier's account or "troops returned to their positions".
_MILITARY = (
    r"(?:servicemen|soldiers|defenders|troops|POWs|prisoners\s+of\s+war|military\s+personnel)"
)
_HANDED_BACK = (
    r"\b[\d,]+\s+(?:\w+\s+){0,2}?" + _MILITARY + r"\s+(?:were|have\s+been|had\s+been)\s+returned"
    r"\s+(?:home\s+)?from\s+(?:(?:the\s+)?(?:territory\s+controlled\s+by|Russia|Ukraine)\b|"
    r"(?:\w+\s+){0,2}?captivity\b)"
    r"|\bprisoners\s+of\s+war\b[^.!?]{0,60}?\b(?:were|have\s+been|had\s+been)\s+handed\s+over\b"
    r"|\bhand(?:s|ed)?\s+over\s+[\d,]+\s+(?:\w+\s+){0,2}?" + _MILITARY + r"\b"
)
_EXCHANGE = re.compile(
    r"\b(?:prisoner|POW|captive)s?[\s-]+(?:exchange|swap)s?\b"
    r"|\b(?:exchang|swap|repatriat)\w*\s+(?:of\s+)?(?:the\s+)?"
    r"(?:(?:about|some|nearly|over|more\s+than)\s+)?"
    r"(?:[\d,]+\s+|(?:hundreds|dozens)\s+of\s+)?" + _CAPTIVES + r"\b"
    r"|\b" + _CAPTIVES + r"\s+(?:were\s+|have\s+been\s+|had\s+been\s+|to\s+be\s+)?"
    r"(?:exchanged|swapped|repatriated)\b"
    r"|"
    + _BODIES_BACK
    + r"|"
    + _HANDED_BACK
    + r"|"
    + _FROM_CAPTIVITY
    + r"[^.!?]{0,160}?"
    + _SWAPPED
    + r"|"
    + _SWAPPED
    + r"[^.!?]{0,160}?"
    + _FROM_CAPTIVITY,
    re.IGNORECASE,
)
"""An exchange, never captivity alone: "Ukrainian prisoners of war were tortured" is war news."""
_WORD = re.compile(r"\w+")


def prisoner_exchange(topic: Topic, title: str, text: str) -> str | None:
    """The key of the followed conflict whose sides the report's lead has exchanging
    prisoners, or None."""
    lead = cluster_text(title, text)
    words = [m.start() for m in _WORD.finditer(lead)]
    for match in _EXCHANGE.finditer(lead):
        first = next((n for n, start in enumerate(words) if start >= match.start()), len(words))
        start = words[max(0, first - NEAR_WORDS)] if words else 0
        end = words[first + NEAR_WORDS] if first + NEAR_WORDS < len(words) else len(lead)
        window = lead[start:end]
        for conflict in topic.conflicts:
            if names_both_sides(conflict, window):
                return conflict.key
    return None
