"""Is one sentence about something still going on, and the other about it having ended?

"Rescuers are still searching the rubble" and "Rescuers finished clearing the rubble by the
evening" share half their words and sit close by embedding, so the outlet of the second was
credited with the first (a trial): a reader was told an outlet reports the search going on
when it reports it over. Neither a figure, a day nor a denial sets them apart, so the dispute
checks pass them; a later report that says the search ended is the development, not a repeat.
"""

from __future__ import annotations

import re

__all__ = ["other_phases"]

_GOING_ON = re.compile(
    r"\b(?:still|continu(?:e|es|ed|ing)|ongoing|under\s?way|in progress"
    r"|продолжа\w*|продолжи\w*|продолжен\w*|по-прежнему|до сих пор|вс[её] ещ[её]"
    r"|продовжу\w*|продовжи\w*|трива(?:є|ють)|досі|все ще)\b",
    re.IGNORECASE,
)
"""Words saying an act goes on. Not "тривали" (lasted: a finished span) nor "remain" (what
remains may be what is left after the act ended)."""
_ENDED = re.compile(
    r"\b(?:finished|completed|concluded|ended|wrapped up|(?:is|was|were|are) over"
    r"|завершил\w*|заверш[её]н\w*|закончил\w*|законч[еи]н\w*|окончен\w*|завершив\w*"
    r"|завершен\w*|закінчил\w*|закінчен\w*|закінчив\w*)\b",
    re.IGNORECASE,
)
"""Words saying an act has ended. Past forms only: "to end the war" is an aim, not an end."""


def other_phases(a: str, b: str) -> bool:
    """One sentence says an act goes on and the other that it ended, and neither says both:
    the same words at two stages of one act are two facts, never a credit or a repeat.
    "The talks ended, but differences still remain" says both, so it is judged as before."""
    on_a, on_b = bool(_GOING_ON.search(a)), bool(_GOING_ON.search(b))
    ended_a, ended_b = bool(_ENDED.search(a)), bool(_ENDED.search(b))
    return (on_a and not ended_a and ended_b and not on_b) or (
        on_b and not ended_b and ended_a and not on_a
    )
