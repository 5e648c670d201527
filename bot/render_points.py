"""A story's key points as bullet lines: who reports each, a disputed figure's other version,
and what a corrected point first said. Pure, like `bot.render`, which shows them in stories,
updates and digests.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from difflib import SequenceMatcher
from typing import Protocol

from bot.i18n import translator
from bot.render_text import cap_title, esc

__all__ = [
    "KeyPointLike",
    "changed_spans",
    "corrected_lines",
    "outlets_label",
    "point_line",
    "render_key_points",
    "withdrawn_lines",
]


class KeyPointLike(Protocol):
    @property
    def text(self) -> str: ...


def outlets_label(outlets: Sequence[str], shown: int = 2) -> str:
    """ "Reuters, AP +2": who reports a point, short enough for a bullet's tail."""
    names = list(dict.fromkeys(o for o in outlets if o))
    if len(names) <= shown + 1:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} +{len(names) - shown}"


def render_key_points(
    points: Iterable[KeyPointLike],
    new: Collection[str] = (),
    *,
    attribute: bool = False,
    lang: str | None = None,
    notes: Callable[[KeyPointLike], list[str]] | None = None,
) -> list[str]:
    """One bullet line per key point; points in `new` are marked, outlets when `attribute`.

    With `lang`, a point right after the version it disputes (`summarizer.cut.cut_points`
    keeps rival versions together) is shown as that point's other version, "↳ Outlets
    disagree:", so two bullets with two figures do not read as two facts. Under each point
    go its `notes`; by default, under a point marked new that corrects one shown before,
    what was first reported (`corrected_lines`).
    """
    lines: list[str] = []
    previous = ""
    for point in points:
        mark = "🆕 " if point.text in new else ""
        body = mark + point_line(point, attribute=attribute)
        if lang is not None and previous in (getattr(point, "rivals", ()) or ()):
            label = translator(lang).gettext("Outlets disagree:")
            lines.append(f"↳ <i>{esc(label)}</i> {body}")
        else:
            lines.append(f"• {body}")
        if notes is not None:
            lines += notes(point)
        elif lang is not None and mark:
            lines += corrected_lines(point, lang)
        previous = point.text
    return lines


def corrected_lines(point: KeyPointLike, lang: str) -> list[str]:
    """Under a point that corrects what its outlet first reported (an outlet that changed a
    figure in place, `KeyPoint.replaces`), what changed: a reader who was told 390 must see
    that it is now 307, not just read a second figure. Only the changed words, with a word
    either side, when they are few ("<s>after eight hours</s> → after nine hours"): two
    long sentences that differ in one word hide the word. Else the first version whole,
    struck through."""
    replaced = getattr(point, "replaces", ()) or ()
    t = translator(lang)
    lines = []
    for old in replaced:
        spans = changed_spans(old, point.text)
        if spans is None:
            label = t.gettext("Corrected; first reported as:")
            lines.append(f"↳ <i>{esc(label)}</i> <s>{esc(old)}</s>")
        else:
            label = t.gettext("Corrected:")
            changes = "; ".join(f"<s>{esc(was)}</s> → {esc(now)}" for was, now in spans)
            lines.append(f"↳ <i>{esc(label)}</i> {changes}")
    return lines


def withdrawn_lines(texts: Iterable[str], lang: str) -> list[str]:
    """Points a reader was told that their outlet has since removed in a correction, struck
    through: otherwise the reader keeps a statement no one reports any more."""
    label = translator(lang).gettext("No longer reported (removed by its outlet):")
    return [f"• <i>{esc(label)}</i> <s>{esc(text)}</s>" for text in texts]


MAX_CHANGES = 3


def changed_spans(old: str, new: str) -> list[tuple[str, str]] | None:
    """The words of `old` that `new` changed, each with its replacement and one word of
    context either side (merged where they touch, without a trailing comma); None when the
    change is no short edit: more than MAX_CHANGES places, or over half of either sentence's
    words."""
    a, b = old.split(), new.split()
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    changed_old = sum(i2 - i1 for _, i1, i2, _, _ in ops)
    changed_new = sum(j2 - j1 for _, _, _, j1, j2 in ops)
    if not ops or len(ops) > MAX_CHANGES or 2 * changed_old > len(a) or 2 * changed_new > len(b):
        return None
    spans: list[list[int]] = []  # old start, old end, new start, new end, with context
    for _, i1, i2, j1, j2 in ops:
        left, right = _context(a, b, i1, i2, j1, j2)
        span = [i1 - left, i2 + right, j1 - left, j2 + right]
        if spans and span[0] <= spans[-1][1]:
            spans[-1][1], spans[-1][3] = span[1], span[3]
        else:
            spans.append(span)
    return [
        (" ".join(a[i1:i2]).rstrip(",;:"), " ".join(b[j1:j2]).rstrip(",;:"))
        for i1, i2, j1, j2 in spans
    ]


def point_line(point: KeyPointLike, *, attribute: bool) -> str:
    """A key point's text, and the outlets that report it when `attribute`."""
    text = esc(point.text)
    outlets = getattr(point, "outlets", ()) or ()
    if attribute and outlets:
        text += f" <i>({esc(outlets_label([cap_title(o, 60) for o in outlets]))})</i>"
    return text


def _context(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int) -> tuple[int, int]:
    """Words of context before and after a change (0 or 1 each): none past either end, and
    none across punctuation that already ends the phrase ("on Monday," needs no "the")."""
    last = b[j2 - 1] if j2 > j1 else a[i2 - 1]
    left = int(i1 > 0 and j1 > 0 and not _ends_phrase(a[i1 - 1]))
    right = int(i2 < len(a) and j2 < len(b) and not _ends_phrase(last))
    return left, right


def _ends_phrase(word: str) -> bool:
    return word.endswith((",", ";", ":", ".", "!", "?"))
