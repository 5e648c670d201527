"""Is one sentence about something still going on, and the other about it having ended?

"Rescuers are still searching the rubble" and "Rescuers finished clearing the rubble by the
evening" share half their words and sit close by embedding, so the outlet of the second was
credited with the first (a trial): a reader was told an outlet reports the search going on
when it reports it over. Neither a figure, a day nor a denial sets them apart, so the dispute
checks pass them; a later report that says the search ended is the development, not a repeat.

Only the same act counts: the word before each phase word (past "is", "have" and the like)
must be the same in both, "Rescuers are still searching" / "Rescuers finished". On the dev
stories a phase word of another act ("the data is still being updated" / "the weekend ended")
or in another sense ("the judge concluded that", "its continued operation") set apart a
paraphrase of one fact.
"""

from __future__ import annotations

import re

from summarizer.grounding import TOKEN, content_words

__all__ = ["other_phases"]

_GOING_ON = re.compile(
    r"(?<!\bits )(?<!\bthe )(?<!\btheir )(?<!\bhis )(?<!\bher )(?<!\ba )"
    r"\b(?:still|continu(?:e|es|ed|ing)|ongoing|under\s?way|in progress"
    r"|продолжа\w*|продолжи\w*|продолжен\w*|по-прежнему|до сих пор|вс[её] ещ[её]"
    r"|продовжу\w*|продовжи\w*|трива(?:є|ють)|досі|все ще)\b",
    re.IGNORECASE,
)
"""Words saying an act goes on. Not "тривали" (lasted: a finished span) nor "remain" (what
remains may be what is left after the act ended), nor "its continued operation"."""
_ENDED = re.compile(
    r"\b(?:finished|completed|concluded(?!\s+that\b)|ended|wrapped up|(?:is|was|were|are) over"
    r"|завершил\w*|заверш[её]н\w*|закончил\w*|законч[еи]н\w*|окончен\w*|завершив\w*"
    r"|завершен\w*|закінчил\w*|закінчен\w*|закінчив\w*)\b",
    re.IGNORECASE,
)
"""Words saying an act has ended. Past forms only: "to end the war" is an aim, not an end;
"concluded that" is a judgement."""
_BEFORE_PHASE = frozenset((
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would",
    "may", "might", "could", "can", "also", "now", "yet", "reportedly", "largely", "almost",
    "nearly", "уже", "вже", "ещё", "еще",
))  # fmt: skip
"""Words between an act's subject and its phase word: "Rescuers have now finished"."""
_CLAUSE_BREAK = re.compile(r"[,;:—–(]")


def other_phases(a: str, b: str) -> bool:
    """One sentence says an act goes on and the other that it ended, and neither says both:
    the same words at two stages of one act are two facts, never a credit or a repeat.
    "The talks ended, but differences still remain" says both, so it is judged as before."""
    on_a, on_b = _subjects(_GOING_ON, a), _subjects(_GOING_ON, b)
    ended_a, ended_b = _subjects(_ENDED, a), _subjects(_ENDED, b)
    return bool(
        (on_a and not ended_a and not on_b and (on_a & ended_b) - {""})
        or (on_b and not ended_b and not on_a and (on_b & ended_a) - {""})
    )


def _subjects(phase: re.Pattern[str], text: str) -> frozenset[str]:
    """The word before each phase word in its clause, past "is", "have" and the like: whose
    act it is ("rescuer" in "Rescuers are still searching"); an empty word when no content
    word comes before it ("which are still ..."), so the phase is said but names no act."""
    found: set[str] = set()
    for match in phase.finditer(text):
        clause = _CLAUSE_BREAK.split(text[: match.start()])[-1]
        words = [t for t in TOKEN.findall(clause) if t.lower() not in _BEFORE_PHASE]
        stems = content_words(words[-1]) if words else set()
        found.add(min(stems, default=""))
    return frozenset(found)
