"""Outside text made safe to show: invisible characters dropped, only real HTML tags removed.

Pure functions, no I/O. Feed and page text reaches subscribers verbatim, so a right-to-left
override (U+202E) or zero-width characters in a headline could make it read as something else
(spoofing). Every feed field and page text goes through `clean_text` at parse time.
"""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

__all__ = ["clean_text", "html_to_text"]

_KEPT_CONTROLS = frozenset("\n\t")


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Elements that end a line when rendered; the others are inline and just disappear.
_BLOCK = _names(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 "
    "h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul"
)
_HIDDEN = frozenset({"script", "style", "template", "noscript"})
# Any other name after '<' is text ("truce <3 > 2", "a <Geneva> b"), not a tag to remove.
_INLINE = _names(
    "a abbr acronym area audio b base bdi bdo big body button canvas caption center cite "
    "code col colgroup data datalist del details dfn dialog em embed fieldset font form head "
    "html i iframe img input ins kbd label legend link map mark menu meta meter object "
    "optgroup option output param picture progress q rp rt ruby s samp select small source "
    "span strike strong sub summary sup svg title tt track u var video wbr"
)
_ELEMENTS = _BLOCK | _HIDDEN | _INLINE


def _invisible_table() -> dict[int, None]:
    """Every format (Cf), control (Cc) and surrogate code point but newline and tab.

    Read from the Unicode database rather than listed by hand, so a newer Unicode's bidi or
    zero-width characters are covered too. Only planes 0, 1 and 14 hold such characters
    (the others are ideographs, private use or unassigned); scanning them takes ~50 ms, once
    at import, never on the event loop.
    """
    planes = (range(0, 0x20000), range(0xE0000, 0xF0000))
    return {
        code: None
        for plane in planes
        for code in plane
        if unicodedata.category(chr(code)) in ("Cf", "Cc", "Cs")
        and chr(code) not in _KEPT_CONTROLS
    }


_INVISIBLE = _invisible_table()


def clean_text(text: str) -> str:
    """`text` without bidi overrides/isolates, zero-width and other invisible characters.

    Line ends become "\\n"; newline and tab are the only control characters kept.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii() and text.isprintable():
        return text
    return text.translate(_INVISIBLE)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ELEMENTS:
            self.handle_data(self.get_starttag_text() or "")
        elif tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag not in _ELEMENTS:
            self.handle_data(f"</{tag}>")
        elif tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """An HTML fragment as clean plain text: one line per paragraph, entities decoded.

    Only real HTML elements are removed; a '<' that does not open one stays text.
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = clean_text("".join(parser.parts))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
