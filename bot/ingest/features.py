"""What the relevance model sees of an article: two embeddings and a few word cues.

Pure functions over text and already-computed passage vectors, shared by the bot and the
training command so both build the same features. The cues say what embeddings blur: a war
story with no talks in it, "talks" next to a cease-fire word, a trade or sports sense of "truce".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from bot.ingest.lexicons import ENGLISH, Lexicon

__all__ = [
    "CUE_NAMES",
    "article_features",
    "cue_features",
    "cue_gate",
    "feature_names",
    "mentions_war_or_peace",
    "names_talks",
    "pooled",
]

Vectors = npt.NDArray[np.float32]


def mentions_war_or_peace(title: str, text: str, lexicon: Lexicon = ENGLISH) -> bool:
    """Whether the model should look at the article at all (`Lexicon.war_or_peace`)."""
    return bool(lexicon.war_or_peace.search(f"{title}\n{text}"))


def cue_gate(title: str, text: str, lexicon: Lexicon) -> bool:
    """Whether the word-cue model scores an article: a cease-fire word, or a talks word (one
    that does more than date an attack, `names_talks`) with war or peace vocabulary. A report
    that names neither cannot be about talks, and without this a plain front-line report
    scores like a talks story on cues alone (war words are common in both)."""
    full = f"{title}\n{text}"
    if lexicon.ceasefire.search(full):
        return True
    return names_talks(full, lexicon, title) and bool(lexicon.war_or_peace.search(full))


NEAR_WORDS = 12
_WORD = re.compile(r"\w+")

# How many words before a talks word a timing word makes it a time: "after the talks", "после
# встречи делегаций Украины и России" (a talks word three words on).
TIMING_WORDS = 4
_CLAUSE_END = re.compile(r"[.!?\n,;:—–]")
_SENTENCE_END = re.compile(r"[.!?\n]")


def names_talks(text: str, lexicon: Lexicon, headline: str) -> bool:
    """Whether `text` (the report, `headline` included) has a talks word that is not only when
    an attack happened.

    "Российские дроны атаковали Одессу после переговоров в Стамбуле" is a strike report; its
    talks word passed the gate, the cues then scored it 0.89 and clustering joined it to the
    talks story as news of them. A talks word a few words after "после", "after", ... in a
    sentence or under a headline that tells of an attack only says when; "Зеленський прибув до
    Джидди напередодні переговорів" tells of no attack and is a report of the talks."""
    attack_in_headline = bool(lexicon.attacks.search(headline))
    for match in lexicon.talks.finditer(text):
        before = text[max(0, match.start() - 80) : match.start()]
        words = _WORD.findall(_CLAUSE_END.split(before)[-1])[-TIMING_WORDS:]
        if not lexicon.timing.search(" ".join(words)):
            return True
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, match.start())), default=0)
        end = _SENTENCE_END.search(text, match.end())
        sentence = text[start : end.start() if end else len(text)]
        if not (attack_in_headline or lexicon.attacks.search(sentence)):
            return True
    return False


CUE_NAMES = (
    "ceasefire_words",
    "talks_words",
    "actor_words",
    "war_words",
    "elsewhere_words",
    "talks_near_ceasefire",
    "ceasefire_in_title",
    "war_without_talks",
    "elsewhere_over_war",
    "log_length",
)


def _density(pattern: re.Pattern[str], text: str, words: int) -> float:
    """Matches per 100 words, squashed: a long article is not 10x more on topic."""
    return math.log1p(100 * len(pattern.findall(text)) / max(words, 20))


def _word_positions(pattern: re.Pattern[str], text: str) -> list[int]:
    return [len(_WORD.findall(text[: m.start()])) for m in pattern.finditer(text)]


def _near(first: Iterable[int], second: list[int], distance: int) -> int:
    return sum(1 for a in first if any(abs(a - b) <= distance for b in second))


def cue_features(title: str, text: str, lexicon: Lexicon = ENGLISH) -> list[float]:
    """The word cues in CUE_NAMES order (see the module docstring), in `lexicon`'s words."""
    full = f"{title}.\n{text}"
    words = max(len(_WORD.findall(full)), 1)
    ceasefire = _word_positions(lexicon.ceasefire, full)
    talks = _word_positions(lexicon.talks, full)
    war = len(lexicon.war.findall(full))
    elsewhere = len(lexicon.elsewhere.findall(full))
    near = _near(ceasefire, talks, NEAR_WORDS)
    return [
        _density(lexicon.ceasefire, full, words),
        _density(lexicon.talks, full, words),
        _density(lexicon.actors, full, words),
        _density(lexicon.war, full, words),
        _density(lexicon.elsewhere, full, words),
        math.log1p(near),
        1.0 if lexicon.ceasefire.search(title) else 0.0,
        1.0 if war and not near else 0.0,
        math.log1p(elsewhere) - math.log1p(war),
        math.log10(max(words, 10)) - 2.0,
    ]


def pooled(passages: Vectors) -> Vectors:
    """The unit-length mean of the passage vectors: what the whole article is about."""
    mean: Vectors = passages.mean(axis=0, dtype=np.float32)
    norm = float(np.linalg.norm(mean))
    return mean / np.float32(norm) if norm > 0 else mean


def article_features(passages: Vectors, title: str, text: str) -> Vectors:
    """Title+lead vector, pooled vector of all passages, then the cues: one row per article."""
    cues = np.asarray(cue_features(title, text), dtype=np.float32)
    return np.concatenate([passages[0], pooled(passages), cues]).astype(np.float32)


def feature_names(dimension: int) -> list[str]:
    """Names of the columns article_features makes, for the model file."""
    head = [f"head_{i}" for i in range(dimension)]
    mean = [f"mean_{i}" for i in range(dimension)]
    return [*head, *mean, *CUE_NAMES]
