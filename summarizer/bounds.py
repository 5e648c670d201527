"""The bound the words before a number put on it ("at least 12", "up to 20", "about 100",
"щонайменше 12", "близько 100"): read by `figure_parsing` for each figure, and by `fates`,
whose fate verbs stand before such words ("загинули щонайменше 12 людей")."""

from __future__ import annotations

__all__ = ["CYRILLIC_BOUND_WORDS", "bound_before"]

_LOWER_BOUND = (
    "at least", "more than", "over", "above", "upwards of", "in excess of",
    "щонайменше", "принаймні", "понад", "більше", "більше ніж", "більш ніж", "не менше",
    "не менше ніж", "як мінімум", "мінімум", "по меньшей мере", "не менее", "более", "свыше",
    "больше", "как минимум", "минимум", "не меньше",
)  # fmt: skip
_UPPER_BOUND = (
    "at most", "up to", "fewer than", "less than", "under", "below", "nearly", "almost",
    "майже", "менше", "менше ніж", "менш ніж", "не більше", "не більше ніж", "щонайбільше",
    "максимум", "почти", "менее", "меньше", "не более", "не больше",
)  # fmt: skip
_HANDED_OVER = tuple(
    f" {verb} over"
    for verb in ("hand", "hands", "handed", "handing", "turn", "turns", "turned", "turning")
)
"""Verbs whose "over" is a particle, not "more than"."""
_ABOUT = (
    "about", "around", "roughly", "some", "approximately", "an estimated", "estimated",
    "близько", "приблизно", "орієнтовно", "около", "примерно", "приблизительно", "порядка",
)  # fmt: skip
_BOUNDS = sorted(
    [(f" {p}", "min") for p in _LOWER_BOUND]
    + [(f" {p}", "max") for p in _UPPER_BOUND]
    + [(f" {p}", "about") for p in _ABOUT],
    key=lambda bound: -len(bound[0]),
)
"""Longest first: "не більше" (at most) is not "більше" (more than)."""
CYRILLIC_BOUND_WORDS = frozenset(
    word for phrase, _ in _BOUNDS for word in phrase.split() if "\u0400" <= word[:1] <= "\u04ff"
)
"""The words of the Ukrainian and Russian bounds."""


def bound_before(before: str) -> str:
    """The bound the words before a number put on it, matched as whole words ("awesome 20"
    is no "some 20"); "handed over 390 prisoners" hands over exactly 390."""
    words = f" {before}"
    if words.endswith(_HANDED_OVER):
        return ""
    return next((bound for phrase, bound in _BOUNDS if words.endswith(phrase)), "")
