"""Bytes to text by the charset the document declares; guessing only when nothing is declared.

A body declared UTF-8 with one bad byte must lose that one character (U+FFFD), not be
re-guessed as a whole: detection on a mostly-UTF-8 text picks a single-byte code page and
turns every non-ASCII letter into mojibake. Order: byte-order mark, HTTP header, then the
document's own XML declaration or `<meta charset>`.

A declaration can be plain wrong, though: a page in windows-1252 declared UTF-8 read
"Zelenskyy�s envoy", one in UTF-8 declared ISO-8859-1 read "Armeniaâs" (the "â€™" kind of
mojibake, invisible characters dropped). UTF-8 has a shape a single-byte text almost never
has by chance, so the bytes settle it: between UTF-8 and a single-byte charset, the reading
the document does not declare wins only when more of its non-ASCII bytes fit it than not.

Pure (bytes in, text out), so here where both the bot's fetcher and `python -m summarizer`'s
files and stdin can use it.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

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
            text = content.decode(declared, errors="replace")
        except (UnicodeError, LookupError):  # a codec that ignores errors="replace"
            return content.decode("utf-8", errors="replace")
        return _unless_misdeclared(content, declared, text)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(content[:200_000]).best()
    if best is not None and best.encoding and _known(best.encoding):
        return content.decode(best.encoding, errors="replace")
    return content.decode("utf-8", errors="replace")


def _unless_misdeclared(content: bytes, declared: str, text: str) -> str:
    """`text`, read by the declared charset, or the body read the way its bytes say it was
    written when the declaration is a UTF-8/single-byte mix-up (see the module docstring).

    The other reading needs a majority: one stray byte in a UTF-8 page stays one U+FFFD, and
    a windows-1252 page with one "Ã©" in it stays windows-1252.
    """
    if declared == "utf-8":
        if "\ufffd" not in text:
            return text
        broken, fitting = _utf8_fit(content, text)
        return _single_byte_text(content, broken) or text if broken > fitting else text
    if not _single_byte(declared) or content.isascii():
        return text
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        # Its first non-ASCII byte is no UTF-8: the usual single-byte page, told at the cost
        # of one quick look rather than two more passes to count.
        if content[: error.start].isascii():
            return text
    as_utf8 = content.decode("utf-8", errors="replace")
    broken, fitting = _utf8_fit(content, as_utf8)
    return as_utf8 if fitting > broken else text


def _utf8_fit(content: bytes, as_utf8: str) -> tuple[int, int]:
    """How many non-ASCII characters of the body's UTF-8 reading are broken bytes (U+FFFD
    it did not spell out) and how many are well-formed multi-byte sequences."""
    broken = as_utf8.count("\ufffd") - content.count("\ufffd".encode())
    non_ascii = len(as_utf8) - len(as_utf8.encode("ascii", errors="ignore"))
    return broken, non_ascii - broken


def _single_byte_text(content: bytes, broken: int) -> str | None:
    """The body in a single-byte charset, if that reading has fewer U+FFFD than `broken`.

    windows-1252 for Latin script: the detector guesses a Central European page (cp1250) as
    often, and reads "à Genève" as "ŕ Genčve". The detector's guess when it reads the bytes as
    another script (windows-1251 Cyrillic).
    """
    candidates = ["cp1252"]
    guess = charset_normalizer.from_bytes(content[:200_000]).best()
    codec = _known(guess.encoding) if guess is not None and guess.encoding else None
    if guess is not None and codec and _single_byte(codec) and _mostly_non_latin(str(guess)):
        candidates.insert(0, codec)
    for name in candidates:
        text = content.decode(name, errors="replace")
        if text.count("\ufffd") < broken:
            return text
    return None


@lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    """Whether each byte of `codec` is one character of its own (windows-125x, ISO-8859-x,
    KOI8), as opposed to UTF-8/16/32 and the East Asian multi-byte charsets."""
    try:
        decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        return all(len(decoder.decode(bytes([byte]))) == 1 for byte in range(0x80, 0x100))
    except (LookupError, UnicodeError):
        return False


def _mostly_non_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha() and not ch.isascii()]
    return 2 * sum(ch > "\u024f" for ch in letters) > len(letters)
