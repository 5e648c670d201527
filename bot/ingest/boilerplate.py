"""What a CMS appends to a feed item's text, removed before the text becomes key points.

When an outlet's page cannot be fetched, the story is summarized from the feed's own text, and
publishing systems end that text with their own lines: WordPress's "The post … appeared first
on …", "Continue reading →", "Read more", "[…]" where the excerpt was cut. Each is a verbatim
sentence of the item, so without this it could become a key point ("The post Ukraine backs
truce appeared first on Site."). Only the end of the text is touched: the same words inside the
report are the report's own. Lines that link to another report ("Читайте також: ...", "Read
more: ...") are dropped wherever they are, from pages as well as feeds (`drop_cross_links`).
"""

from __future__ import annotations

import re

__all__ = ["HEADLINE_WORDS", "drop_cross_links", "strip_feed_boilerplate"]

_READ_ON = r"continue\ reading|read\ more|читать\ далее|читати\ далі"
"""A link to the rest of the report, also found at the end of the excerpt's last line."""
_LINK_END = r"[\s.…:»→›>-]*"
_CUT_MARK = r"\[(?:…|\.\.\.|&hellip;|&\#8230;)\]"
"""Where the excerpt was cut mid-sentence."""
_TRAILER_LINE = re.compile(
    rf"""^(?:
        the\ post\ .+\ (?:appeared\ first|first\ appeared)\ on\ .+
      | (?:{_READ_ON}|read\ the\ (?:full|rest)\b.*|read\ full\ (?:story|article)
         |\(more…?\)|more\ »|читать\ полностью|подробнее|детальніше){_LINK_END}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_TRAILER_TAIL = re.compile(
    rf"(?:\s*(?:(?:{_READ_ON}){_LINK_END}|{_CUT_MARK}))+$", re.IGNORECASE | re.VERBOSE
)
_CUT = re.compile(_CUT_MARK, re.VERBOSE)
_CROSS_LINK = re.compile(
    r"^\W*(?:(?:читайте (?:також|также)|дивіться також|смотрите также)\b"
    r"|(?:read more|also read|read also|see also|related|more on this|more from \w+|по теме"
    r"|на тему)\s*(?:[:|–—»→-]|$))",
    re.IGNORECASE,
)
"""A line linking to another report. The English phrases and the Russian topic ones only
before a separator or alone: "Read more about the plan: ..." is the report's own sentence."""
HEADLINE_WORDS = 30
"""A headline is shorter: a line this long or longer is the report's own paragraph (so no
cross-link to another report, nor an aggregator's list of headlines)."""


def strip_feed_boilerplate(text: str) -> str:
    """`text` without the publishing system's trailing lines, a cut excerpt ending in "…".

    Lines are as `html_to_text` gives them: one paragraph each, whitespace collapsed.
    """
    lines = text.split("\n")
    while lines and (_TRAILER_LINE.match(lines[-1].strip()) or not lines[-1].strip()):
        lines.pop()
    if not lines:
        return ""
    tail = _TRAILER_TAIL.search(lines[-1])
    if tail is not None:
        kept = lines[-1][: tail.start()]
        if kept and _CUT.search(tail.group()):
            kept += "…"  # the excerpt was cut mid-sentence: say so the way a reader expects
        lines[-1] = kept
    return "\n".join(line for line in lines if line)


def drop_cross_links(text: str) -> str:
    """`text` without the lines that link to another report ("Читайте також: <its headline>",
    "Read more: ..."). Sites put their top stories there, often about the talks, so left in they
    would make an unrelated report look relevant, bring another story's words into clustering,
    and could become a key point that is another story's headline."""
    lines = text.split("\n")
    kept = [
        line
        for line in lines
        if not (_CROSS_LINK.match(line.strip()) and len(line.split()) < HEADLINE_WORDS)
    ]
    return "\n".join(kept)
