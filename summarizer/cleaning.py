"""Cleaning a sentence for the reader without rewriting the source.

Cleaning never rewrites the text: it drops spans (HTML tags, footers, captions) and trims the
edges of a sentence (datelines, `(CNN)`, stray quotes) to make the point text, while the
evidence keeps the whole sentence.
"""

from __future__ import annotations

import re

from summarizer.language import detect_language

__all__ = [
    "DATELINE",
    "clean",
    "clean_sentence",
    "is_boilerplate",
    "squash",
    "starts_mid_sentence",
]

_BOILERPLATE = re.compile(
    r"^\W*(source link|leave a reply|your email address will not be published|required fields"
    r"|scroll down for video|share this article|share or comment|sign up for|subscribe\b"
    r"|click here|read more\b|related:|(?:also read|read also|see also)\b\W"
    r"|advertisement\b|follow us\b|all rights reserved"
    r"|copyright\b|©|we use cookies|this site uses cookies|comments?\b|post a comment"
    r"|(photo|image|picture|video|graphic|credit)s?\s*:|\(?(photo|picture|image) by\b"
    r"|pictured\b|watch\b.*video|by \. |e-?mail\s*:"
    r"|this (?:shop|post|article|story|page|content|review) (?:has been|was|is) "
    r"(?:compensated|sponsored|paid)|(?:reporter|q|host|anchor|interviewer)\s*:"
    # A publishing note, not news: "This article was updated at 18:00 GMT." (an outlet that
    # republished a report with it sent an update of that line alone in a trial).
    r"|this (?:article|story|post|page|report) (?:has been|was|is being|is) updated\b"
    r"|(?:last )?updated (?:at|on)\s+\d"
    r"|\d{1,2}(?::\d\d)?\s*[ap]\.\s?m\.?(?:\s+[A-Z]{2,4})?\W*$"
    # The same furniture on Ukrainian and Russian sites: "Читайте також: <another headline>",
    # "Фото: Офіс президента", "Джерело: ...", "Підписуйтесь на наш Telegram".
    r"|(?:читайте|дивіться|смотрите)\s+(?:також|также|нас)\b|див\.\s+також|см\.\s+также"
    r"|(?:фото|відео|видео|джерело|источник|теги)\s*:|(?:ілюстративне|иллюстративное) фото"
    r"|фото\s+(?:з відкритих джерел|из открытых источников|ілюстративне|иллюстративное)"
    r"|підписуйтес[ья]|подписывайтесь|підпишіться|подпишитесь|реклама\W*$"
    r"|якщо ви помітили помилку|если вы заметили ошибку|новини партнерів|новости партнеров"
    r"|поділитися\b|поделиться\b"
    r"|(?:новину|матеріал|статтю|публікацію) (?:було )?оновлено|(?:новость|статья|материал|"
    r"публикация) (?:была |был )?обновлен[аои]?\b|(?:оновлено|обновлено)\s+(?:о|в|об)?\s*\d)",
    re.IGNORECASE,
)
_BOILERPLATE_ANYWHERE = re.compile(
    r"contributed reporting|contributed to this report|getty images|\bap photo\b"
    r"|reuters/|\(pictured\)|published:\s*\d|updated:\s*\d|\| updated:|e-?mail this"
    r"|javascript|cookie policy|terms of (use|service)|\baffiliate links?\b"
    r"|\b(?:e-?mail|write to|contact|reach|call|text) us (?:at|on|via)\b"
    r"|[\w.+-]+@[\w-]+\.[a-z]{2,}|©"
    r"|\((?:far |second |bottom |top )?(?:left|right|centre|center|top|bottom|above|below)\)",
    re.IGNORECASE,
)
# Picture captions in Daily Mail text end with " ." (a space before the full stop).
_CAPTION_END = re.compile(r"\s\.\s*$")
_CAPTION = re.compile(
    r"^\W*(?:file\s*[-–—:]\s"
    r"|in (?:this|a|an) (?:[\w.,'’-]+ ){0,5}?(?:photo|image|picture|photograph|screen ?grab)\b"
    r"|(?:this|a|an) (?:[\w.,'’-]+ ){0,5}?(?:photo|image|picture|photograph|screen ?grab)\b"
    r"[^.]*\bshows\b)"
    r"|hide caption\b"
    r"|,\s(?:(?:far|second from|third from) )?(?:left|right|front|centre|center),\s(?!or\b)",
    re.IGNORECASE,
)
"""A picture's caption in the text: the wires' "FILE - In this May 20, 2017 file photo, ...",
"This photo released by SANA shows ...", "Pope Francis, left, and ..."."""
_SECTION_LABEL = re.compile(
    r"^(?:why it matters|driving the news|the big picture|big picture|between the lines"
    r"|the bottom line|bottom line|what's next|what’s next|what to watch|catch up quick|zoom in"
    r"|zoom out|yes, but|go deeper|flashback|by the numbers|state of play|the latest"
    r"|the backstory|reality check|our thought bubble|the intrigue|be smart|of note"
    r"|worth noting|the other side|what they're saying|what they’re saying|key quote"
    r"|where it stands|behind the scenes|for the record|details|context|background)"
    r":\s+(?=(?-i:[\"“«'‘A-Z0-9]))",
    re.IGNORECASE,
)
"""A newsletter-style section label before the sentence ("Why it matters: The approval
..."): it is the outlet's layout, not the statement, and reads oddly as a point's start."""

_MONTH_GENITIVE = (
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    "|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
)
_AGENCY = (
    r"(?:[.,]?\s*(?:/[^/\n]{2,30}/|[A-ZА-ЯЁІЇЄҐ][\w.-]*(?:\s[A-ZА-ЯЁІЇЄҐ][\w.-]*)?)"
    r"|\([^()\n]{2,30}\)|[-–—]\s*[A-ZА-ЯЁІЇЄҐ][\w.-]*(?:\s[A-ZА-ЯЁІЇЄҐ][\w.-]*)?(?=\s*[.,]))"
)
_CYRILLIC_DATELINE = (
    r"^\s*(?:"
    # A place in capitals or a capitalised place with a full stop, the date, maybe an agency:
    # "МОСКВА, 17 мая. /ТАСС/. ", "Москва. 17 мая. INTERFAX.RU - ", "ТАСС, 17 мая. "
    r"(?:(?:[А-ЯЁІЇЄҐ][А-ЯЁІЇЄҐ'’-]+(?:\s[А-ЯЁІЇЄҐ][А-ЯЁІЇЄҐ'’-]+){0,2})[.,]"
    r"|[А-ЯЁІЇЄҐ][\w'’-]+(?:\s[А-ЯЁІЇЄҐ][\w'’-]+){0,2}\.)"
    rf"\s*\d{{1,2}}\s+(?:{_MONTH_GENITIVE})(?:\s*{_AGENCY})?\s*(?:[-–—]|[.,])\s*"
    # "Київ, 5 березня (Укрінформ) - ": a capitalised place with a comma needs the agency.
    r"|[А-ЯЁІЇЄҐ][\w'’-]+(?:\s[А-ЯЁІЇЄҐ][\w'’-]+){0,2},"
    rf"\s*\d{{1,2}}\s+(?:{_MONTH_GENITIVE})\s*{_AGENCY}\s*(?:[-–—]|[.,])\s*"
    # "Стамбул, 2 червня. ", "Київ, 2 червня 2025 року – ": with a comma and no agency only
    # before a full stop or a dash ("Послезавтра, 7 мая, состоится ..." is a sentence).
    r"|[А-ЯЁІЇЄҐ][\w'’-]+(?:\s[А-ЯЁІЇЄҐ][\w'’-]+){0,2},"
    rf"\s*\d{{1,2}}\s+(?:{_MONTH_GENITIVE})(?:\s+\d{{4}}(?:\s*(?:року|года|р\.|г\.))?)?"
    r"\s*(?:[-–—]|\.)\s*"
    # "РИАМО - 4 мая. "
    rf"|[А-ЯЁІЇЄҐ][А-ЯЁІЇЄҐ'’-]+\s*[-–—]\s*\d{{1,2}}\s+(?:{_MONTH_GENITIVE})\s*[.,]\s*"
    r")(?=[«\"“A-ZА-ЯЁІЇЄҐ0-9]|$)"
)
"""Russian and Ukrainian wire datelines; the date keeps a sentence from being taken for one."""
_DASH = r"(?:--?|—|–)"
_CAPS_PLACE = r"(?:[A-Z][A-Z.'’-]*\s){0,3}[A-Z]{2}[A-Z'’-]+"
"""A place in capitals whose last word has three letters or more ("KYIV", "NEW YORK", "ST.
PETERSBURG"), so "U.S. - Ukraine talks ..." and "EU - ..." open no dateline."""
_REGION = r"(?:,\s*[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*){0,2})"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s+\d{{4}})?"
_AGENCY_EN = r"\((?:dpa|[A-Z][\w./&'’ -]{0,28})\)"
"""Any wire or station in brackets: "(Ukrinform)", "(UPI)", "(CBS13)", "(KPIX 5)", "(dpa)"."""
DATELINE = re.compile(
    r"^\s*(?:"
    rf"\(CNN\)\s*{_DASH}?\s*"
    r"|[A-Z][A-Za-z .'-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?\s*\((?:CNN|AP|AFP|Reuters)\)\s*"
    rf"{_DASH}?\s*"
    # Another agency needs the dash, and a date or the place in capitals: "Kyiv, March 11
    # (Ukrinform) - ", "SACRAMENTO (CBS13) — ", not "Sen. Lindsey Graham (R-S.C.) — ".
    rf"|[A-Z][A-Za-z.'’-]*(?:\s[A-Z][A-Za-z.'’-]*){{0,3}}{_REGION}?,\s*{_DATE}"
    rf"\s*{_AGENCY_EN}\s*{_DASH}\s*"
    rf"|{_CAPS_PLACE}{_REGION}?(?:,\s*{_DATE})?\s*{_AGENCY_EN}\s*{_DASH}\s*"
    # "KYIV - ", "PALM COAST, Fla. - ", "PARIS, Nov 2 — ": a place in capitals and a dash.
    rf"|{_CAPS_PLACE}{_REGION}?(?:,\s*{_DATE})?\s*{_DASH}\s+"
    # "MOSCOW, March 11. /TASS/. ": the Russian wires' form in English.
    rf"|{_CAPS_PLACE},\s*{_DATE}\.\s*/[^/\n]{{2,30}}/\.?\s*"
    r"|[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Za-z .]{2,30})?\s*(?:--|—|–)\s*"
    r"|[A-Z][A-Za-z .'-]{1,40},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*\((?:Reuters|AP|AFP)\)\s*"
    rf"{_DASH}\s*"
    r"|(?:Last updated|Updated|Published)\b[^.]{0,60}\.\s*"
    r")"
    r"|" + _CYRILLIC_DATELINE
)
_DOUBLED_STOP = re.compile(r"(?<!\.)\.\.$")
"""A typo'd full stop ("найближчими днями.."), not an ellipsis ("..."): read as one."""
_LEADING_NOISE = re.compile(r"^[\s\-–—•*·>|]+")
_CLOSING_START = frozenset(")]}”’»,;:.!?%…")
_WRAPPED_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*(?:\r\n|\r|\n)[ \t]*(?=[^\W\d_])")


def starts_mid_sentence(span: str) -> bool:
    """True when a span opens like the tail of a sentence: in lower case or with closing
    punctuation ("to save the talks.", "and Defense Minister ...", "”, he said.")."""
    text = _LEADING_NOISE.sub("", squash(span))
    if not text or DATELINE.match(text):
        return False
    text = _strip_stray_quotes(text)
    if not text:
        return False
    if text[0] in _CLOSING_START:
        return True
    first_word = text.split()[0]
    # "iPhone" and "eBay" open in lower case but are names, not sentence tails.
    return first_word[0].islower() and not any(ch.isupper() for ch in first_word[1:])


def is_boilerplate(span: str) -> bool:
    patterns = (_BOILERPLATE, _BOILERPLATE_ANYWHERE, _CAPTION_END, _CAPTION)
    return any(pattern.search(span) for pattern in patterns)


def clean_sentence(source: str) -> str:
    """Trim a dateline, list markers and unbalanced quotes; collapse whitespace.

    A word hyphenated across a line break ("cease-\nfire") keeps its hyphen and loses the break.
    """
    return clean(source, capitalise=True)


def clean(source: str, capitalise: bool) -> str:
    text = squash(_WRAPPED_HYPHEN.sub("-", source))
    text = _LEADING_NOISE.sub("", text)
    text = DATELINE.sub("", text, count=1)
    text = _SECTION_LABEL.sub("", text, count=1)
    text = _close_or_strip_stray_quote(text)
    text = DATELINE.sub("", text, count=1)  # one inside a stray quote: "Москва. 17 мая. ...
    text = _DOUBLED_STOP.sub(".", text)
    if capitalise and text and text[0].islower() and text != source:
        text = text[0].upper() + text[1:]
    return text.strip()


_OPENING_PARTNER = {"”": "“", "»": "«", '"': '"'}
_CLOSING_PARTNER = {"“": "”", "«": "»", '"': '"'}


def _close_or_strip_stray_quote(text: str) -> str:
    """A sentence whose only quote mark opens it (the quotation goes on in the next sentence, or
    the feed cut the lead off) gets the closing mark at its end, and one whose only mark closes
    it gets the opening mark: the reader still sees a quotation, where dropping the mark made
    the speaker's words ("“The buck stops with Mark.") read as the outlet's own. The evidence
    keeps the verbatim sentence. A straight mark in Cyrillic text is dropped instead: Ukrainian
    and Russian quote with «» or „“, and a straight one at a sentence's edge there is most
    often left over from a spreadsheet export around the whole text. Sentences with other quote
    marks keep the older rule (`_strip_stray_quotes`), which cannot tell whose mark is stray."""
    marks = [ch for ch in text if ch in '“”«»"']
    words = any(ch.isalnum() for ch in text)
    if words and len(marks) == 1 and not (marks[0] == '"' and detect_language(text) != "en"):
        # Guillemets close before the full stop («Мы не подпишем».), English marks after it.
        stop = "." if text.endswith(".") and not text.endswith("..") else ""
        body = text[: len(text) - len(stop)]
        if text[0] == "«":
            return body + "»" + stop
        if text[0] in _CLOSING_PARTNER:
            return text + _CLOSING_PARTNER[text[0]]
        if body[-1] in _OPENING_PARTNER:
            return _OPENING_PARTNER[body[-1]] + text
    return _strip_stray_quotes(text)


def _strip_stray_quotes(text: str) -> str:
    """Drop a quote mark at either edge that has no partner (a quote split across sentences).

    Outlets mix styles ('"We will not sign,” he said'), so a straight mark left over partners a
    curly one left over, and the other way round: the pair is kept, never half of it.
    """
    for _ in range(2):
        opens, closes, odd = text.count("“"), text.count("”"), text.count('"') % 2
        if (text[:1] == "“" and opens > closes + odd) or (
            text[:1] == '"' and odd and closes <= opens
        ):
            text = text[1:].lstrip()
        elif (text[-1:] == "”" and closes > opens + odd) or (
            text[-1:] == '"' and odd and opens <= closes
        ):
            text = text[:-1].rstrip()
    return text


def squash(text: str) -> str:
    return " ".join(text.split())
