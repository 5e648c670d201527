"""Does a report's lead name both sides of a followed war, beside a word of negotiating?

A short report of the talks can name neither a cease-fire nor the war: "Нова зустріч делегацій
України та Росії у Стамбулі можлива наприкінці місяця, заявив Умєров. Кремль поки не
підтвердив дати." In a trial of the real bot that report was never scored, because the word-cue
model's gate asks for war or peace vocabulary beside a talks word, and the next development of
a story its readers followed was lost. The two warring sides named together with a talks word
are what such a report has instead: a company's delegation or a trade deal names no two sides
of a war, and war news has war words and passed the gate before.

Two of one followed conflict's terms, one of them its own actor (`Conflict.actors`): "Україна"
with "Росія" or "Кремль", "Sudan's army" with "RSF". A shared name alone ("Росія", "Кремль")
or one side is not enough: "Russia and the US" is not the war's two sides.
"""

from __future__ import annotations

from bot.ingest.cluster import cluster_text
from bot.ingest.conflicts import term_patterns
from bot.ingest.features import names_talks
from bot.ingest.lexicons import Lexicon
from bot.ingest.topic import OTHER, Conflict, Topic

__all__ = ["names_both_sides", "talks_between_sides"]


def names_both_sides(conflict: Conflict, text: str) -> bool:
    """At least two of the conflict's terms in `text`, one of them its own actor."""
    if conflict.key == OTHER:
        return False
    terms = term_patterns((*conflict.actors, *conflict.words, *conflict.shared))
    named = [term for term, pattern in terms if pattern.search(text)]
    return len(named) >= 2 and any(t in conflict.actors for t in named)


def talks_between_sides(topic: Topic, title: str, text: str, lexicon: Lexicon) -> bool:
    """The headline or lead has a talks word (`features.names_talks`: not only a time) and
    names both sides of one followed war."""
    lead = cluster_text(title, text)
    if not names_talks(lead, lexicon, title):
        return False
    return any(names_both_sides(conflict, lead) for conflict in topic.conflicts)
