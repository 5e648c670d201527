"""Where a key point may be cut: before an aside its main clause can lose, never mid-clause.

`shorten` tries a cut only at a clause break these accept: the dropped rest opens an aside (a
relative or subordinate clause, an example list, an apposition after a dash), the kept part
does not stop on a word that needs what follows, and no later clause goes on with the main
clause. English, Ukrainian and Russian only: the openers and open endings are word lists.
"""

from __future__ import annotations

import re

from summarizer.clause_words import WORD, opens_like_a_verb, verb_like, word_list

__all__ = ["DASH", "OPENER", "continues_main_clause", "ends_open", "opens_aside"]

OPENER = {
    "en": re.compile(
        r"(?:which|who|whom|whose|where|when|as|after|including|according to|adding)\b"
        r"(?!\s+(?:well|much|many|long|far|soon|if|though|opposed|of|such|to|for)\b)",
        re.IGNORECASE,
    ),
    "cyrillic": re.compile(
        r"(?:як(?:ий|а|е|і|у|ого|ої|ому|ій|им|их|ими|ою)|котр\w+|котор\w+|після|зокрема|включно"
        r"|у тому числі|в тому числі|додавши|после|в том числе|включая|добавив)\b",
        re.IGNORECASE,
    ),
}
"""What opens an aside the main clause can lose: a relative, a subordinate clause of time or
reason, an example list, an attribution (kept by `shorten` unless the head names its
speaker), a participle of speech. Not "that" (", that ..." goes on with what is said), not
"such as" or "as well as" (the rest of a list), not "as long as" (a condition). In Ukrainian
and Russian a comma comes before every subordinate clause, so "як", "де", "коли", "как",
"где", "когда" often open what a verb says ("показала, как ..."): only relative pronouns,
examples and "після"/"после" open an aside there."""
_DASH_APPOSITION = re.compile(r"(?:a|an|the|one|whether)\b", re.IGNORECASE)
"""After a dash these open an apposition or an aside ("— a symbolic total", "— whether ..."),
as the relative and subordinate openers do. Anything else may go on with a name or a clause
("indefinite delivery - indefinite quantity contracts", "— and the talks collapsed")."""
DASH = re.compile(r"\s[—–-]\s")
_OPEN_END = {
    "en": word_list(
        "a an the of to in on at by for with from into onto about over under between among"
        " against and or but nor so than that which who whom whose as if was were is are am be"
        " been being had has have will would can could shall should may might must do does did"
        " not his her their its our my your this these those such very more most less least"
        " per via like mr mrs ms dr st no every each any some both either however although"
        " though while whilst whereas yet because since despite unless"
    ),
    "cyrillic": word_list(
        "і й та а але або чи в у на з із зі до від для про по за під над при через між що як"
        " щоб бо його її їх був була було були буде будуть є не ні цей ця це ці и или во с со"
        " к ко о об от под между что чтобы был была было были будет будут его ее её их это"
        " этот эта эти но ни проте однак хоча бо оскільки якщо однако хотя поскольку если"
    ),
}
"""A kept part ending in one of these stops mid-clause ("... that his jets had…", "'However…")."""
_PREPOSITION = {
    "en": word_list("of to for from by with against into onto about than"),
    "cyrillic": word_list("в у на з із зі до від для про по за с со к о об от"),
}
"""Opening a later clause of the rest, these go on with the kept part's verb, not the aside's."""
_NAME_SUFFIX = re.compile(
    r"(?:Inc|Ltd|LLC|LLP|Corp|Co|PLC|plc|GmbH|AG|SA|S\.A|NV|N\.V|LP|Jr|Sr|Esq|MD|PhD)\b\.?"
)
"""What follows a comma inside a name ("Systems, Inc.", "King, Jr."): a cut there splits it."""


def opens_aside(separator: str, head: str, tail: str, language: str, dash_later: bool) -> bool:
    """The dropped rest opens an aside of the kept part's main clause: after a comma a relative
    or subordinate opener; after an English dash the same or an apposition, and only at the
    sentence's one dash (`dash_later`: another comes in the rest): with two, the cut is inside
    or at the end of a dashed aside ("X — easily the best — began") and the main clause goes
    on after it. Never at a semicolon: what follows one is a clause of its own or the next item
    of a list ("when ...; when ...")."""
    if separator.strip() == ";":
        return False
    if separator.strip() == ",":
        return bool(OPENER[language].match(tail)) and not _as_without_clause(tail, language)
    if language != "en":
        return False  # "Київ — столиця": in Ukrainian and Russian a dash is often the verb
    if dash_later or DASH.search(head):
        return False
    return bool(OPENER[language].match(tail) or _DASH_APPOSITION.match(tail))


def _as_without_clause(tail: str, language: str) -> bool:
    """The rest opens with "as" ("як", "как") and no verb follows soon: it completes the kept
    part's verb ("to reclassify the drugs, as illegal") rather than opening a clause of its
    own ("..., as the mediators agreed to ...")."""
    words = WORD.findall(tail[:80])
    if not words or words[0].lower() not in {"as", "як", "как"}:
        return False
    return not any(verb_like(words, i, language) for i in range(1, min(len(words), 8)))


def ends_open(head: str, tail: str, language: str) -> bool:
    """The kept part stops mid-clause or mid-name: its last word needs what follows
    ("... his jets had", "such as"), or the rest opens with a name's suffix (", Inc.")."""
    words = WORD.findall(head[-40:])
    last = words[-1].lower() if words else ""
    return last in _OPEN_END[language] or bool(_NAME_SUFFIX.match(tail))


def continues_main_clause(clause: str, language: str) -> bool:
    """A clause after a break (its first 80 characters) opens with a verb, a preposition or an
    "as" that completes one: a cut before an earlier break would leave the main clause without
    a part of it ("Lestovia, which said ..., has moved troops"; "accused X, whose base was in
    Y, of plotting"; "to reclassify the drugs, including X and Y, as illegal")."""
    words = WORD.findall(clause)
    if not words:
        return False
    return (
        verb_like(words, 0, language)
        or opens_like_a_verb(words[0], language)
        or words[0] in _PREPOSITION[language]
        or _as_without_clause(clause, language)
    )
