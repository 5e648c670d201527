"""Cutting a long key point down to its opening clauses without changing what it says.

Split from summarizer.text (which finds and cleans sentences): this decides how much of a clean
sentence a point may drop, and the rules are about meaning, not about splitting. A point that
says the opposite of its article does real harm to a reader who acts on it, so every rule here
refuses a cut when unsure: a longer true point beats a short wrong one.

Kept here, beside `shorten`: what the dropped rest may never take away (a negation, contrast or
condition, who said it, a range's other end, a quotation's close) and whether the kept part has
a main verb. Where a cut may fall is `summarizer.asides`; the word lists both read are
`summarizer.clause_words`.
"""

from __future__ import annotations

import re

from summarizer.amounts import RANGE_START, ends_with_amount, starts_with_amount
from summarizer.asides import DASH, OPENER, continues_main_clause, ends_open, opens_aside
from summarizer.clause_words import WORD, clause_language, verb_like
from summarizer.negation import NEGATION

__all__ = ["POINT_CHARS", "shorten"]

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
_CONTRAST = re.compile(
    r"\b(?:but|however|although|though|whereas|yet|nevertheless|nonetheless|despite"
    r"|in spite of|even so|instead|але|проте|однак|однаково|хоча|втім|зате|попри|незважаючи"
    r"|натомість|но|однако|хотя|впрочем|зато|несмотря|тем не менее|вместо)\b",
    re.IGNORECASE,
)
"""A contrast or concession anywhere in the dropped rest: it qualifies what came before."""
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

    A reader must be able to trust a shortened point as much as its sentence, so a cut is made
    only where the dropped rest is an aside of a complete main clause, and every rule refuses
    when unsure. The cut is made only:

    - in English, Ukrainian or Russian text (the clause checks know only these), at a comma
      before a relative, subordinate or appositive opener (", which", ", who", ", as",
      ", after", ", including", ", яка", ", после", ...) or, in English, at a sentence's one
      spaced dash before such an opener or an apposition ("— a symbolic total"): "X — easily
      the best — began" is one clause, and after a semicolon comes a clause of its own;
    - when the dropped rest holds no negation anywhere (not, never, n't, neither, nor, none,
      не, ні, нет, ніколи, без, ...), no contrast or concession (but, though, however, yet,
      хоча, однако, ...), does not open with one (while, whereas) and holds no condition
      ("subject to", "unless", "if", "якщо", "если");
    - when the kept part has a verb-like word in its main clause (not only in a "which" or
      "who" clause), the dropped rest does not go on with the main clause ("Lestovia, which
      said ..., has moved"; "accused X, whose ..., of conspiring"), and the kept part does not
      end open (an article, preposition, auxiliary, conjunction, "such as", or a name before
      ", Inc.") or inside a quotation;
    - never inside a range of numbers ("between 1,000 - 1,200"), and never when the rest holds
      the attribution ("..., the Kremlin claims", "..., повідомляє Reuters") in any tense unless
      the kept part names its speaker: a shortened point never loses who said it.

    Without such a boundary the sentence stays whole. The result is a verbatim prefix of
    `text`, so its numbers, names and negations are all in the evidence. Linear in the length
    of `text`: what the rest after each break holds is found in one pass, and only the breaks
    within `limit` characters are tried as cuts.
    """
    if len(text) <= limit:
        return text
    language = clause_language(text)
    if not language:
        return text
    # Facts about the rest after each break, found once for the whole text: a cut must come
    # after the last word the rest may not lose, after the last dash, and after the last clause
    # that goes on with the main clause.
    blocked_until = _last_blocker(text)
    breaks = list(_CLAUSE_BREAK.finditer(text))
    last_dash = max((m.start() for m in DASH.finditer(text)), default=-1)
    last_attribution = max((m.start() for m in _ATTRIBUTION.finditer(text)), default=-1)
    ends = [m.start() for m in breaks[1:]] + [len(text)] if breaks else []
    main_goes_on = max(
        (
            i
            for i, (m, end) in enumerate(zip(breaks, ends, strict=True))
            if continues_main_clause(text[m.end() : min(end, m.end() + 80)], language)
        ),
        default=-1,
    )
    best = ""
    for i, match in enumerate(breaks):
        head = text[: match.start()].rstrip()
        if len(head) + 1 > limit:
            break
        if match.end() <= blocked_until or i < main_goes_on:
            continue
        tail = text[match.end() :]
        if len(head) < _MIN_HEAD_CHARS or not _balanced(head) or _quote_spans(head, tail):
            continue
        if not opens_aside(match.group(), head, tail, language, last_dash >= match.end()):
            continue
        if ends_open(head, tail, language) or not _has_main_verb(head, language):
            continue
        if _opens_range(head, tail) or (ends_with_amount(head) and starts_with_amount(tail)):
            continue
        if last_attribution >= match.end() and not _keeps_speaker(head, tail):
            continue
        best = head
    return best + "…" if best else text


def _last_blocker(text: str) -> int:
    """Where the last negation, contrast or condition in `text` starts (-1 if none): a rest
    that starts at or before it would drop it."""
    lower = text.lower()
    starts = [
        m.start() for pattern in (NEGATION, _CONTRAST, _CONDITION) for m in pattern.finditer(lower)
    ]
    return max(starts, default=-1)


def _has_main_verb(head: str, language: str) -> bool:
    """The kept part has a verb-like word outside its asides: in a clause that does not open
    with a relative or subordinate word, before any relative word within it. "Ambassador X,
    the most anticipated witness in the inquiry" has none; "The man who led the talks" has
    one only in its relative clause. A cheap test: it may take a noun for a verb, so it is
    one of several checks, and a clause it cannot read keeps its sentence whole."""
    for clause in _CLAUSE_BREAK.split(head):
        if OPENER[language].match(clause):
            continue
        main = _RELATIVE.split(clause, maxsplit=1)[0]
        words = WORD.findall(main)
        if any(verb_like(words, i, language) for i in range(len(words))):
            return True
    return False


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


def _quote_spans(head: str, tail: str) -> bool:
    """A quotation in single quotes opens the kept part and closes the rest ("'It's hard, but
    I'm the sort of player who ... - that's why I fit here.'"): the cut is inside it. Counting
    single quotes would count apostrophes, so only a quote around the whole sentence is seen."""
    return head.lstrip().startswith(("'", "‘")) and tail.rstrip().endswith(("'", "’"))


def _balanced(text: str) -> bool:
    """No quote or bracket left open: a cut inside a quotation would misquote."""
    pairs = (("“", "”"), ("«", "»"), ("(", ")"), ("[", "]"))
    return text.count('"') % 2 == 0 and all(text.count(a) == text.count(b) for a, b in pairs)
