"""Bytes to text by the charset the document declares; guessing only when nothing is declared.

A body declared UTF-8 with one bad byte must lose that one character (U+FFFD), not be
re-guessed as a whole: detection on a mostly-UTF-8 text picks a single-byte code page and
turns every non-ASCII letter into mojibake. Order: byte-order mark, HTTP header, then the
document's own XML declaration or `<meta charset>`.

Pure (bytes in, text out), so here where both the bot's fetcher and `python -m summarizer`'s
files and stdin can use it.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

__all__ = ["declared_charset", "decode_body"]

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")
# Text codecs that are not document charsets: they raise on ordinary bytes.
_NOT_CHARSETS = frozenset({"idna", "punycode", "raw-unicode-escape", "unicode-escape"})
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _known(name: str) -> str | None:
    """The codec's name if `name` is a text encoding ("rot13", "base64", "idna" are codecs
    too, and a page declaring one must not make decoding fail)."""
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_CHARSETS:
        return None
    return codec.name


def declared_charset(content: bytes, content_type: str = "") -> str | None:
    """The codec the body declares (BOM, then `content_type`'s charset, then the document)."""
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    header = _HEADER_CHARSET.search(content_type)
    if header and (codec := _known(header.group(1))):
        return codec
    head = content[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        sniffed = pattern.search(head)
        if sniffed and (codec := _known(sniffed.group(1).decode("ascii"))):
            # Without a BOM these bytes were read as ASCII, so they cannot be UTF-16/32.
            return "utf-8" if codec.startswith(("utf-16", "utf-32")) else codec
    return None


def decode_body(content: bytes, content_type: str = "") -> str:
    """The body as text; undecodable bytes become U+FFFD one by one. Never raises."""
    declared = declared_charset(content, content_type)
    if declared is not None:
        try:
            return content.decode(declared, errors="replace")
        except (UnicodeError, LookupError):  # a codec that ignores errors="replace"
            return content.decode("utf-8", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(content[:200_000]).best()
    if best is not None and best.encoding and _known(best.encoding):
        return content.decode(best.encoding, errors="replace")
    return content.decode("utf-8", errors="replace")
