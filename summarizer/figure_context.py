"""What the words around a figure say about which figure it is: the place it is counted in,
its neighbouring content words, the names by it and whether it counts each side's share.
`figure_parsing` keeps them on each `Figure`, and `figures` compares two figures only when
these allow."""

from __future__ import annotations

from summarizer.grounding import content_words

__all__ = ["WINDOW", "names_near", "near", "per_party", "scope"]

_SCOPE_WORDS = {"in", "across", "at", "from", "throughout", "inside", "near"}
_BESIDE = frozenset(
    ["near", "inside", "outside", "aboard", "beside", "вблизи", "возле", "рядом", "внутри",
     "біля", "поблизу", "поруч", "неподалік", "всередині"]
)  # fmt: skip
"""Before an unnamed place ("near the cars", "вблизи автомобилей"): the counted are those there.
"около" is left out: before a number it is "about"."""
_LINKING = frozenset(
    ["who", "that", "which", "were", "was", "are", "is", "находящихся", "находившихся",
     "находящиеся", "находившиеся", "которые", "находились", "находятся", "що", "які",
     "перебували", "перебувають"]
)  # fmt: skip
"""Words that tie a place to the counted ("observers who were near the cars")."""
WINDOW = 4
"""Content words on each side of a figure that say what it is about."""


def scope(raw: list[str], n: int) -> str:
    """The place named right after the counted thing: "104 killed in Homs" -> "homs"; "near"
    for those by an unnamed place (`_by_unnamed_place`): some of the counted, and another
    outlet's "6 observers" may be all of them, not a rival count."""
    for k in range(n, min(n + 4, len(raw) - 1)):
        if raw[k].lower() in _SCOPE_WORDS and raw[k + 1][:1].isupper():
            return raw[k + 1].lower()
        if raw[k].lower() in ("nationwide", "statewide", "worldwide"):
            return raw[k].lower()
    if _by_unnamed_place(raw, n):
        return "near"
    return ""


def _by_unnamed_place(raw: list[str], n: int) -> bool:
    """A clause right after the counted thing says which of them it counts: those by an
    unnamed place ("four observers who were near the cars", "четверо наблюдателей, находящихся
    вблизи автомобилей"). A place without such a clause tells where it happened ("the strike
    killed five people near the market", "загинули п'ятеро людей біля ринку": all of them, and
    another outlet's "seven killed" is a rival count)."""
    k = n
    while k < min(n + 3, len(raw) - 1) and raw[k].lower() in _LINKING:
        k += 1
    return k > n and k < len(raw) - 1 and raw[k].lower() in _BESIDE and raw[k + 1][:1].islower()


def near(raw: list[str], start: int, end: int) -> frozenset[str]:
    before = [w for t in raw[max(0, start - 2 * WINDOW) : start] for w in content_words(t)]
    after = [w for t in raw[end : end + 2 * WINDOW] for w in content_words(t)]
    return frozenset(before[-WINDOW:] + after[:WINDOW])


def names_near(raw: list[str], start: int, end: int, after: bool = True) -> frozenset[str]:
    """Capitalised words near a figure (not a sentence's first word): whose figure it is;
    without `after`, only those before it and in its counted words."""
    window = range(max(1, start - 2 * WINDOW), min(len(raw), end + 2 * WINDOW * after))
    return frozenset(w for k in window if raw[k][:1].isupper() for w in content_words(raw[k]))


_EACH = frozenset(["each", "apiece", "каждой", "каждая", "каждого", "кожної", "кожна", "кожного"])
"""Words saying a count is each party's: "84 prisoners each", "each side freed 84", "по 1200
человек с каждой стороны", "кожна сторона звільнила 84"."""


def per_party(lower: list[str], n: int, after: int, breaks: frozenset[int]) -> bool:
    """The number at `n` (its counted words end before `after`) counts each party's share: a
    word for "each" in its clause within three words after them or four before it, or the
    distributive "по" right before it ("обменялись по 84 военнопленных"). An exchange of "84
    prisoners each" is the same swap as "a total of 168 prisoners freed"."""
    if n and lower[n - 1] == "по":
        return True
    for k in range(after, min(after + 3, len(lower))):
        if k in breaks:
            break
        if lower[k] in _EACH:
            return True
    for k in range(n - 1, max(-1, n - 5), -1):
        if k + 1 in breaks:
            break
        if lower[k] in _EACH:
            return True
    return False
