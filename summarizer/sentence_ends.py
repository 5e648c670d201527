"""Where pysbd's sentence ends are wrong, told from the text around them.

pysbd ends a sentence after "a.m." and after abbreviations it does not know ("Rt.", "5 тис.",
"ст."), keeps "word.Word" (no space after the full stop) as one sentence, and reads a text
pasted with its CSV quoting as one long quotation. These rules repair its spans; the
splitter (summarizer.text and summarizer.segmenting) applies them. Pure functions.
"""

from __future__ import annotations

import re

from summarizer.language import Language

__all__ = ["UNIT_STOP", "continues", "pair_quotes", "split_glued_stops", "unpaired"]

# Ukrainian and Russian abbreviations that never end a sentence ("м. Київ", "ст. 5", "вул.").
# Those that may ("5 тис.", "2025 р.") are glued only when the next word is lower case.
_CYRILLIC_ABBREVIATION_END = re.compile(
    r"(?:^|[\s(])(?:м|ст|вул|просп|пров|пл|с|смт|ім|им|проф|акад|див|напр|ген|п|пп|ч|ул|пер"
    r"|д|см|т|тел|корп|оз|о|р-н|мкр|гл|рис|табл|св|доц|канд|заст|зам)\.\s*$",
    re.IGNORECASE,
)
_TIME_UNIT_END = re.compile(r"\d\s*(?:год|хв|хвил|сек|мін|мин|ч)\.\s*$", re.IGNORECASE)
"""A duration written with abbreviated units ("2 год. 30 хв."): the next number continues it."""
# pysbd's Russian rules never end a sentence after "руб." or "млн."; before a capital they do.
UNIT_STOP = re.compile(
    r"(?<=\b(?:руб|грн|млн|тыс|тис|коп|дол)\.)\s+(?=[А-ЯІЇЄҐ«])|(?<=\b(?:млрд|долл)\.)\s+(?=[А-ЯІЇЄҐ«])"
)
_INITIAL_END = re.compile(r"(?:^|[\s(])[А-ЯІЇЄҐA-Z]\.\s*$")
_CLOCK_END = re.compile(r"\b[ap]\.\s?m\.\s*$", re.IGNORECASE)
_CLOCK_NEXT = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June"
    r"|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct"
    r"|Nov|Dec|[ECMP][SD]?T|GMT|UTC|BST|CES?T|EES?T|IST|JST|AE[SD]T|HKT|MSK)\b"
)
"""What carries on a time: "4:30 p.m. Thursday", "9:15 a.m. ET", "8 p.m. Jan. 6"."""
_TITLE_END = re.compile(
    r"(?:^|[\s(])(?:Rt|Hon|Gen|Lt|Col|Sgt|Gov|Sen|Rep|St|Mt|Ft|Dr|Mr|Mrs|Ms|Prof|Capt|Maj"
    r"|Cpl|Pvt|Adm|Cmdr|Brig|Rev|Supt|Insp|Det|Atty)\.\s*$"
)
"""A title that a name follows ("Rt. Hon. Jane Doe", "Gov. Ron Doe", "Mt. Tabor")."""
_SENTENCE_OPENERS = frozenset(
    re.findall(
        r"\w+",
        "the a an he she it they we i you this that these those there here but and or so in on"
        " at as if when while after before his her their its our my your what who why how where"
        " then now yet still also however meanwhile",
    )
)
"""Capitalised words that more likely start a new sentence than carry on a title."""
_GLUED_STOP = re.compile(r"(?<![\w.@/-])([^\W\d_]{2,})([.!?])([^\W\d_]{2})")
_GLUED_NOT_SENTENCE_END = frozenset(
    re.findall(
        r"\w+",
        "mr mrs ms dr st mt ft gen lt col sgt gov sen rep rt hon prof capt maj no vs etc inc co"
        " corp ltd jr sr www fig vol al approx jan feb mar apr jun jul aug sep sept oct nov dec",
    )
)
"""Words that a full stop with no space after it ends as an abbreviation ("Mr.Smith")."""
_GLUED_NEXT = re.compile(r"[^\W\d_]+[\s,;:'’-]+\w")
"""After the cut: a whole word and more words, not an address ("Daniel.Miller@...")."""
_CSV_QUOTE = re.compile(r'(?:^|\s)""\w')
"""A doubled opening quote mark: the text was pasted with its CSV quoting."""


def continues(before: str, after: str, language: Language) -> bool:
    """`before` ends with an abbreviation that `after` carries on: "after 4:30 p.m. |
    Thursday, ...", "Speaker Rt. | Hon. B. U. Nzeribe", "ст. | 5", "2 год. | 30 хв.".

    pysbd knows most abbreviations ("Gen. Mark Milley", "St. Louis") but not every one, and it
    ends a sentence after "a.m."/"p.m." whatever comes next."""
    if language != "en":
        return (
            bool(_CYRILLIC_ABBREVIATION_END.search(before))
            or bool(_INITIAL_END.search(before))
            or (bool(_TIME_UNIT_END.search(before)) and after.lstrip()[:1].isdigit())
        )
    words = after.split()
    if not words:
        return False
    first = words[0].strip("\"“‘'’(,")
    if _CLOCK_END.search(before):
        return bool(_CLOCK_NEXT.match(first))
    if _TITLE_END.search(before) or _INITIAL_END.search(before):
        return _is_name(first)
    return False


def _is_name(word: str) -> bool:
    """A capitalised word that is not one a sentence commonly opens with ("The", "He")."""
    return (
        word[:1].isupper()
        and (len(word) == 1 or not word.isupper() or word.endswith("."))
        and word.rstrip(".,").lower() not in _SENTENCE_OPENERS
    )


def pair_quotes(block: str) -> str:
    """A text pasted with its CSV quoting (wrapped in quote marks, the marks inside doubled:
    'заявила она. ""Их надо...""') as pysbd should read it, or pysbd takes the whole
    paragraph for one quotation: the doubled marks as one, the wrapping marks as none. Same
    length, so offsets still hold; any other block is left as it is."""
    if not _CSV_QUOTE.search(block):
        return block
    marked = block.replace('""', ' "')
    lead = len(marked) - len(marked.lstrip())
    if marked[lead : lead + 1] == '"':
        rest = marked[lead + 1 :]
        tail = len(rest.rstrip())
        if rest.count('"') % 2 == 0:  # the marks after it pair up among themselves
            marked = marked[:lead] + " " + rest
        elif rest[tail - 1 : tail] == '"':  # the field's closing mark ends the paragraph
            marked = marked[:lead] + " " + rest[: tail - 1] + " " + rest[tail:]
    return marked


def split_glued_stops(part: str) -> list[str]:
    """Split "on Wednesday.The stabbing" (a full stop with no space after it) between two
    words of two or more letters, but not "U.S.", "example.com", "3.5" or "Mr.Smith"."""
    cuts = [
        m.end(2)
        for m in _GLUED_STOP.finditer(part)
        if m.group(3)[0].isupper()
        and m.group(3)[1].islower()
        and m.group(1).lower() not in _GLUED_NOT_SENTENCE_END
        and not any(ch.isupper() for ch in m.group(1)[1:])  # "PanARMENIAN.Net"
        and _GLUED_NEXT.match(part, m.end(2))  # a sentence follows, not "York.Reuters"
    ]
    if not cuts:
        return [part]
    bounds = [0, *cuts, len(part)]
    return [part[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def unpaired(text: str, marks: str) -> bool:
    return text.count(marks[0]) != text.count(marks[1])
