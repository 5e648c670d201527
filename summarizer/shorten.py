"""Cutting a long key point down to its opening clauses without changing what it says.

Split from summarizer.text (which finds and cleans sentences): this decides how much of a clean
sentence a point may drop, and the rules are about meaning, not about splitting. A point that
says the opposite of its article does real harm to a reader who acts on it, so every rule here
refuses a cut when unsure: a longer true point beats a short wrong one.
"""

from __future__ import annotations

import re

from summarizer.amounts import RANGE_START, ends_with_amount, starts_with_amount
from summarizer.grounding import _NEGATION

__all__ = ["POINT_CHARS", "shorten"]

POINT_CHARS = 200
"""A key point longer than this is cut at a clause boundary (see `shorten`)."""


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, as it reads."""
    return frozenset(text.split())


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
_NEGATION_EXTRA = re.compile(r"\b(?:neither|nowhere|без|ниоткуда|нізвідки)\b")
"""Negations the grounding list (`_NEGATION`, for lower-case text) leaves out."""
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
    language = _language(text)
    if not language:
        return text
    # Facts about the rest after each break, found once for the whole text: a cut must come
    # after the last word the rest may not lose, after the last dash, and after the last clause
    # that goes on with the main clause.
    blocked_until = _last_blocker(text)
    breaks = list(_CLAUSE_BREAK.finditer(text))
    last_dash = max((m.start() for m in _DASH.finditer(text)), default=-1)
    last_attribution = max((m.start() for m in _ATTRIBUTION.finditer(text)), default=-1)
    ends = [m.start() for m in breaks[1:]] + [len(text)] if breaks else []
    main_goes_on = max(
        (
            i
            for i, (m, end) in enumerate(zip(breaks, ends, strict=True))
            if _continues_main_clause(text[m.end() : min(end, m.end() + 80)], language)
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
        if not _opens_aside(match.group(), head, tail, language, last_dash >= match.end()):
            continue
        if _ends_open(head, tail, language) or not _has_main_verb(head, language):
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
        m.start()
        for pattern in (_NEGATION, _NEGATION_EXTRA, _CONTRAST, _CONDITION)
        for m in pattern.finditer(lower)
    ]
    return max(starts, default=-1)


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_ENGLISH_MARKERS = _words(
    "the of and to that with for is are were has have had said would from by it its this their"
    " they been which who an"
)
"""Words frequent in English and rare as words in other languages written in Latin letters."""
_ENGLISH_SHARE = 10
"""One word in this many must be an English marker: a German or Portuguese sentence is not
cut by English clause rules ("as" is an article in Portuguese, a verb part ends German)."""

_OPENER = {
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
reason, an example list, an attribution (kept by `_keeps_speaker` unless the head names its
speaker), a participle of speech. Not "that" (", that ..." goes on with what is said), not
"such as" or "as well as" (the rest of a list), not "as long as" (a condition). In Ukrainian
and Russian a comma comes before every subordinate clause, so "як", "де", "коли", "как",
"где", "когда" often open what a verb says ("показала, как ..."): only relative pronouns,
examples and "після"/"после" open an aside there."""
_DASH_APPOSITION = re.compile(r"(?:a|an|the|one|whether)\b", re.IGNORECASE)
"""After a dash these open an apposition or an aside ("— a symbolic total", "— whether ..."),
as the relative and subordinate openers do. Anything else may go on with a name or a clause
("indefinite delivery - indefinite quantity contracts", "— and the talks collapsed")."""
_DASH = re.compile(r"\s[—–-]\s")
_OPEN_END = {
    "en": _words(
        "a an the of to in on at by for with from into onto about over under between among"
        " against and or but nor so than that which who whom whose as if was were is are am be"
        " been being had has have will would can could shall should may might must do does did"
        " not his her their its our my your this these those such very more most less least"
        " per via like mr mrs ms dr st no every each any some both either however although"
        " though while whilst whereas yet because since despite unless"
    ),
    "cyrillic": _words(
        "і й та а але або чи в у на з із зі до від для про по за під над при через між що як"
        " щоб бо його її їх був була було були буде будуть є не ні цей ця це ці и или во с со"
        " к ко о об от под между что чтобы был была было были будет будут его ее её их это"
        " этот эта эти но ни проте однак хоча бо оскільки якщо однако хотя поскольку если"
    ),
}
"""A kept part ending in one of these stops mid-clause ("... that his jets had…", "'However…")."""
_PREPOSITION = {
    "en": _words("of to for from by with against into onto about than"),
    "cyrillic": _words("в у на з із зі до від для про по за с со к о об от"),
}
"""Opening a later clause of the rest, these go on with the kept part's verb, not the aside's."""
_NAME_SUFFIX = re.compile(
    r"(?:Inc|Ltd|LLC|LLP|Corp|Co|PLC|plc|GmbH|AG|SA|S\.A|NV|N\.V|LP|Jr|Sr|Esq|MD|PhD)\b\.?"
)
"""What follows a comma inside a name ("Systems, Inc.", "King, Jr."): a cut there splits it."""

_EN_AUXILIARY = _words(
    "is are was were am has have had will would can could shall should may might must does do"
    " did isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't couldn't"
    " shouldn't mustn't doesn't don't didn't"
)
_EN_PAST = _words(
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
_EN_SUBJECT_PRONOUN = _words("i you he she it we they who which")
_EN_NOT_A_VERB = _words(
    "need seed speed feed hundred bed red shed indeed creed greed breed weed steed"
)
_EN_DETERMINER = _words(
    "the a an this that these those its his her their our my your some any every each no"
    " newly widely so-called"
)
_CYRILLIC_VERB_END = re.compile(
    r"(?:ав|ив|ув|яв|ал|ил|ел|ял|ул|ыл|ёл|ла|ло|ли|лась|лось|лись|лася|лися|вся|всь|ає|яє|ує"
    r"|ює|іє|ють|ять|ает|яет|еет|ует|ёт|ется|ются|ится|ятся|ить|ать)$"
)
"""Endings of finite verbs in Ukrainian and Russian (past tense, third person): a cheap test
that also takes some nouns ("сила", "канал"); `_CYRILLIC_NOT_A_VERB` lists the common ones."""
_CYRILLIC_AUXILIARY = _words(
    "є буде будуть був була було були може можуть має мають мусить треба потрібно слід"
    " есть будет будут был была было были может могут должен должна должны нужно надо"
    " необходимо"
)
_CYRILLIC_NOT_A_VERB = _words(
    "генерал канал капітал капитал сигнал трибунал персонал матеріал материал фінал финал"
    " арсенал ідеал идеал сила сили село села число тіла тела школа школи"
    " понад після после около близько майже почти тільки только лише лишь коли тоді тогда"
    " сьогодні сегодня зокрема вночі ночью"
)


def _language(text: str) -> str:
    """The sentence's language when the clause rules can read it: "en", or "cyrillic" for
    Ukrainian and Russian; else "" and the sentence is never cut."""
    if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)):
        return "cyrillic"
    words = [w.lower() for w in _WORD.findall(text)]
    markers = sum(1 for w in words if w in _ENGLISH_MARKERS)
    return "en" if markers >= max(3, len(words) // _ENGLISH_SHARE) else ""


def _opens_aside(separator: str, head: str, tail: str, language: str, dash_later: bool) -> bool:
    """The dropped rest opens an aside of the kept part's main clause: after a comma a relative
    or subordinate opener; after an English dash the same or an apposition, and only at the
    sentence's one dash (`dash_later`: another comes in the rest): with two, the cut is inside
    or at the end of a dashed aside ("X — easily the best — began") and the main clause goes
    on after it. Never at a semicolon: what follows one is a clause of its own or the next item
    of a list ("when ...; when ...")."""
    if separator.strip() == ";":
        return False
    if separator.strip() == ",":
        return bool(_OPENER[language].match(tail)) and not _as_without_clause(tail, language)
    if language != "en":
        return False  # "Київ — столиця": in Ukrainian and Russian a dash is often the verb
    if dash_later or _DASH.search(head):
        return False
    return bool(_OPENER[language].match(tail) or _DASH_APPOSITION.match(tail))


def _as_without_clause(tail: str, language: str) -> bool:
    """The rest opens with "as" ("як", "как") and no verb follows soon: it completes the kept
    part's verb ("to reclassify the drugs, as illegal") rather than opening a clause of its
    own ("..., as the mediators agreed to ...")."""
    words = _WORD.findall(tail[:80])
    if not words or words[0].lower() not in {"as", "як", "как"}:
        return False
    return not any(_verb_like(words, i, language) for i in range(1, min(len(words), 8)))


def _ends_open(head: str, tail: str, language: str) -> bool:
    """The kept part stops mid-clause or mid-name: its last word needs what follows
    ("... his jets had", "such as"), or the rest opens with a name's suffix (", Inc.")."""
    words = _WORD.findall(head[-40:])
    last = words[-1].lower() if words else ""
    return last in _OPEN_END[language] or bool(_NAME_SUFFIX.match(tail))


def _has_main_verb(head: str, language: str) -> bool:
    """The kept part has a verb-like word outside its asides: in a clause that does not open
    with a relative or subordinate word, before any relative word within it. "Ambassador X,
    the most anticipated witness in the inquiry" has none; "The man who led the talks" has
    one only in its relative clause. A cheap test: it may take a noun for a verb, so it is
    one of several checks, and a clause it cannot read keeps its sentence whole."""
    for clause in _CLAUSE_BREAK.split(head):
        if _OPENER[language].match(clause):
            continue
        main = _RELATIVE.split(clause, maxsplit=1)[0]
        words = _WORD.findall(main)
        if any(_verb_like(words, i, language) for i in range(len(words))):
            return True
    return False


def _continues_main_clause(clause: str, language: str) -> bool:
    """A clause after a break (its first 80 characters) opens with a verb, a preposition or an
    "as" that completes one: a cut before an earlier break would leave the main clause without
    a part of it ("Lestovia, which said ..., has moved troops"; "accused X, whose base was in
    Y, of plotting"; "to reclassify the drugs, including X and Y, as illegal")."""
    words = _WORD.findall(clause)
    if not words:
        return False
    return (
        _verb_like(words, 0, language)
        or _opens_like_a_verb(words[0], language)
        or words[0] in _PREPOSITION[language]
        or _as_without_clause(clause, language)
    )


def _opens_like_a_verb(word: str, language: str) -> bool:
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


def _verb_like(words: list[str], i: int, language: str) -> bool:
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
