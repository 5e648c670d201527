"""The negating words of English, Ukrainian and Russian, listed once for every check reading them.

A point that gains or loses a negation says the opposite of its source, the worst a summary can
do to a reader who acts on it. Three checks look for one: the guard on generated points and on
a previous point's new evidence (`summarizer.grounding`), the clause cut (`summarizer.shorten`)
and the dispute checks (`summarizer.denials`, `summarizer.likeness`). With a list each they
drifted apart: the cut knew "neither" and "без", the guard did not. Each now takes what it
needs from here.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

__all__ = [
    "NEGATION",
    "NEGATION_WORDS",
    "NOUN_NEGATIONS",
    "STATEMENT_NEGATION",
    "STATEMENT_NEGATIONS",
]

STATEMENT_NEGATIONS = frozenset(
    ["not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "nowhere", "cannot"]
    + ["не", "ні", "немає", "ніколи", "нічого", "ніхто", "нізвідки"]
    + ["нет", "ни", "никогда", "ничего", "никто", "ниоткуда"]
)
"""Words that deny what their clause says: "did not agree", "ніхто не погодився"."""
NOUN_NEGATIONS = frozenset(["without", "без"])
"""Words that deny a noun, not the statement: "agreed without conditions" still says it agreed.
A point may not drop one, but a denial is not made of one (`STATEMENT_NEGATION`)."""
NEGATION_WORDS = STATEMENT_NEGATIONS | NOUN_NEGATIONS


def _pattern(words: AbstractSet[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"\b(?:{alternatives})\b|n[’']t\b")


NEGATION = _pattern(NEGATION_WORDS)
"""Any negation in lower-case text, "n't" included: what a point may never gain or lose."""
STATEMENT_NEGATION = _pattern(STATEMENT_NEGATIONS)
"""A negation of the statement itself in lower-case text, "n't" included: what a denial is made
of (`summarizer.denials`). With "without" in it, "held without violations on Monday" denied "held
on Monday", "did not agree to a truce without conditions" did not deny "agreed to a truce without
conditions" (both seemed to negate), and "accepted the plan without reservation" was never read
as the opposite of "rejected the plan"."""
