"""Who said it, taken out of a sentence, so that two reports of one statement compare alike.

"The White House said the truce starts Monday" and "Officials said it starts Thursday" are one
statement on two days, and "..., Reuters reported" is no part of the fact an outlet reports.
Only the speaker goes, never what was said, and not when what was said is about the speaker
("Varnia said it would withdraw"): then the speaker is part of the fact.
"""

from __future__ import annotations

import re

from summarizer.dates import _SPEECH

__all__ = ["speaker", "unattributed", "unsaid"]

_ATTRIBUTION_TAIL = re.compile(
    r"(?:,\s*|\s+)(?:according to [^,.;]+|(?:[A-Z][\w.'’-]*\s+){1,5}"
    r"(?:said|says|reported|reports|told|added|noted)\b[^,.;]*"
    r"|(?:said|says|reported|told)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})[.,;]?\s*$"
)
_SPEAKER_WORD = (
    r"(?!(?:which|that|who|whom|whose|what|when|where|while|as|and|but|if|after|before|because"
    r"|though|although|it|що|что|який|яка|яке|які|который|которая|которое|которые|і|й|и|але|но"
    r")\b)[^\W\d][\w.'’-]*\s+"
)
_LOWER_ATTRIBUTION_TAIL = re.compile(
    rf",\s*(?:(?:{_SPEAKER_WORD}){{1,4}}"
    r"(?:said|says|reported|reports|told|added|noted|confirmed|announced)\b[^,.;]*"
    r"|(?:said|says)\s+(?:the\s+|an?\s+)?[^\W\d][\w.'’-]*(?:\s+[^\W\d][\w.'’-]*){0,3})[.,;]?\s*$"
)
"""A tail whose speaker is not capitalised: ", officials said", ", sources told Reuters",
", a Kremlin spokesman said". Only after a comma, and not a clause that goes on with what was
said (", which officials said would start Monday")."""
_ATTRIBUTION_HEAD = re.compile(r"^According to [^,]+,\s*")
_SAID = rf"(?:{_SPEAKER_WORD}){{0,5}}(?:{_SPEECH}|reported|reports)\b"
_LONG_SAID = rf"(?:{_SPEAKER_WORD}){{0,8}}(?:{_SPEECH}|reported|reports)\b"
"""A speaker of up to eight words, where a clause break and the sentence's end fence it in:
", a source in the Ukrainian presidential office said.", "As ... told reporters, ..."."""
_BREAK = r"[,;:][\"”»’']?\s*"
_ABOUT_ITSELF = (
    r"(?!(?:(?:that|що|что),?\s+)?(?:it|its|they|their|he|his|she|her|we|our"
    r"|він|вона|вони|його|її|їх|ми|наш\w*|он|она|они|его|её|ее|их|мы)\b)"
)
_SPEAKER = re.compile(
    rf"{_BREAK}(?:(?i:as|як|как)\s+)?{_LONG_SAID}(?:\s+[^\s,.;:]+){{0,4}}[.;!]?\s*$"
    rf"|{_BREAK}(?i:{_SPEECH})(?:\s+[^\s,.;:]+){{1,7}}[.;!]?\s*$"
    rf"|(?:^|{_BREAK})(?i:as|як|как)\s+{_SAID}(?:\s+[^\s,.;:]+){{0,7}},\s*"
    rf"|(?:^|{_BREAK}){_SAID}(?:\s+(?:reporters|journalists))?(?:,?\s+(?:that|що|что))?"
    rf"[,:]?\s+{_ABOUT_ITSELF}"
)
"""Who said it, at the start of a sentence or clause: "The White House said (that) ...",
"У Лестовії заявили, що ...", "Как заявил Дорск, ...", or a clause that ends the sentence:
", a spokesman told reporters", ", сообщили в МИД Варнии", ", заявил журналистам
пресс-секретарь Кремля Дмитрий Песков" (the verb first: what follows it is who spoke). Kept
when what was said is about the speaker ("Varnia said it would withdraw"): then the speaker
is part of the fact. Each try starts only at a sentence's start or a clause break, and every
word pattern stops at a space, so it cannot backtrack far."""
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
_OPENING_SPEAKER = re.compile(rf"^((?:{_SPEAKER_WORD}){{1,6}}?)(?:{_SPEECH})\b")
"""Who speaks, when a sentence opens with it: "The Kremlin said", "Kremlin spokesman Dmitry
Peskov told reporters", "У Кремлі заявили". Not who reported it ("Reuters reported"): an agency
passing a statement on is not another statement."""


def unattributed(text: str) -> str:
    """Without who reported it, and with "U.S." as one word."""
    text = _DOTTED.sub(lambda m: m.group().replace(".", ""), text.strip())
    text = _ATTRIBUTION_TAIL.sub(".", _ATTRIBUTION_HEAD.sub("", text))
    return _LOWER_ATTRIBUTION_TAIL.sub(".", text)


def speaker(text: str) -> str:
    """The words naming who speaks, when the sentence opens with them; "" when it does not."""
    found = _OPENING_SPEAKER.match(text.strip())
    return found.group(1).strip() if found else ""


def unsaid(text: str) -> str:
    """Without who said it, in the forms that come before what was said ("X said that ...")
    as well as after it (", X said"): the speaker is not the statement."""
    return _SPEAKER.sub(_the_break, text.strip())


def _the_break(match: re.Match[str]) -> str:
    """The clause break an attribution followed, kept so the clauses stay apart."""
    return match.group()[:1] + " " if match.group()[:1] in ",;:" else ""
