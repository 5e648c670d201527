"""What a CMS appends to a feed item's text, removed before the text becomes key points.

When an outlet's page cannot be fetched, the story is summarized from the feed's own text, and
publishing systems end that text with their own lines: WordPress's "The post … appeared first
on …", "Continue reading →", "Read more", "[…]" where the excerpt was cut. Each is a verbatim
sentence of the item, so without this it could become a key point ("The post Ukraine backs
truce appeared first on Site."). Only the end of the text is touched: the same words inside the
report are the report's own.
"""

from __future__ import annotations

import re

__all__ = ["strip_feed_boilerplate"]

_TRAILER_LINE = re.compile(
    r"""^(?:
        the\ post\ .+\ (?:appeared\ first|first\ appeared)\ on\ .+
      | (?:continue\ reading|read\ more|read\ the\ (?:full|rest)\b.*|read\ full\ (?:story|article)
         |\(more…?\)|more\ »|читать\ (?:далее|полностью)|подробнее|читати\ далі|детальніше)
        [\s.…:»→›>-]*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_TRAILER_TAIL = re.compile(
    r"""\s*(?:
        (?:continue\ reading|read\ more|читать\ далее|читати\ далі)[\s.…:»→›>-]*
      | \[(?:…|\.\.\.|&hellip;|&\#8230;)\]
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_CUT = re.compile(r"\s*\[(?:…|\.\.\.|&hellip;|&#8230;)\]")


def strip_feed_boilerplate(text: str) -> str:
    """`text` without the publishing system's trailing lines, a cut excerpt ending in "…".

    Lines are as `html_to_text` gives them: one paragraph each, whitespace collapsed.
    """
    lines = text.split("\n")
    while lines and (_TRAILER_LINE.match(lines[-1].strip()) or not lines[-1].strip()):
        lines.pop()
    if not lines:
        return ""
    last = lines[-1]
    stripped = _TRAILER_TAIL.sub("", last)
    while stripped != last:
        last, stripped = stripped, _TRAILER_TAIL.sub("", stripped)
    if stripped and _CUT.search(lines[-1][len(stripped) :]):
        stripped += "…"  # the excerpt was cut mid-sentence: say so the way a reader expects
    lines[-1] = stripped
    return "\n".join(line for line in lines if line)
