"""A story's key points as bullet lines: who reports each, a disputed figure's other version,
and what a corrected point first said. Pure, like `bot.render`, which shows them in stories,
updates and digests.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Protocol

from bot.i18n import translator
from bot.render_text import cap_title, esc

__all__ = ["KeyPointLike", "corrected_lines", "outlets_label", "point_line", "render_key_points"]


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
    figure in place, `KeyPoint.replaces`), the first version struck through: a reader who
    was told 390 must see that it is now 307, not just read a second figure."""
    replaced = getattr(point, "replaces", ()) or ()
    if not replaced:
        return []
    label = translator(lang).gettext("Corrected; first reported as:")
    return [f"↳ <i>{esc(label)}</i> <s>{esc(old)}</s>" for old in replaced]


def point_line(point: KeyPointLike, *, attribute: bool) -> str:
    """A key point's text, and the outlets that report it when `attribute`."""
    text = esc(point.text)
    outlets = getattr(point, "outlets", ()) or ()
    if attribute and outlets:
        text += f" <i>({esc(outlets_label([cap_title(o, 60) for o in outlets]))})</i>"
    return text
