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

__all__ = [
    "CUE_NAMES",
    "article_features",
    "cue_features",
    "feature_names",
    "mentions_war_or_peace",
    "pooled",
]

Vectors = npt.NDArray[np.float32]

# Words of ending a war: the core of the topic.
_CEASEFIRE = (
    r"cease[\s-]?fires?|truces?|armistices?|peace|de-escalation|hostilities|"
    r"humanitarian pauses?|prisoner (?:exchange|swap)s?|hostage deal"
)
# Words of negotiating.
_TALKS = (
    r"talks|negotiat\w*|mediat\w*|envoys?|delegations?|brokered|proposals?|plan|deal|"
    r"agreements?|accord|summit|dialogue|settlement|framework|round"
)
# Who negotiates: third parties and diplomats.
_ACTORS = (
    r"mediators?|envoys?|negotiators?|delegations?|diplomats?|foreign ministers?|"
    r"secretary of state|united nations|u\.?n\.?|security council|qatar|egypt|turkey|"
    r"saudi|geneva|istanbul|doha|cairo|jeddah|abu dhabi|witkoff|kremlin|white house"
)
# Fighting itself.
_WAR = (
    r"war|fighting|troops|army|military|missiles?|drones?|shelling|strikes?|offensive|"
    r"front[\s-]?line|rebels?|militants?|insurgents?|soldiers|killed|airstrikes?|invasion|"
    r"battle|weapons|forces"
)
# Senses of "truce" and "talks" the bot does not follow.
_ELSEWHERE = (
    r"tariffs?|trade|exports?|imports?|shares|stocks?|markets?|merger|takeover|acquisition|"
    r"company|companies|earnings|investors|union|wages?|strike action|workers|club|coach|"
    r"league|match|season|players?|striker|transfer|tournament|championship|cup|fans|"
    r"album|film|rapper|singer|celebrity|election|coalition|budget|parliament|nuclear programme|"
    r"nuclear program|accession"
)


def _regex(body: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", re.IGNORECASE)


# The model's gate: war or peace vocabulary at all. Wider than the topic keywords, which miss
# a fifth of the talks stories in the training file ("peace conference", "hostage release",
# "humanitarian pauses", "lay down weapons"); it still skips sport, celebrity and business news.
WAR_OR_PEACE_WORDS = _regex(
    r"peace\w*|negotiat\w*|mediat\w*|dialogue|hostages?|captives?|prisoners?|"
    r"humanitarian pauses?|disarm\w*|weapons|militia\w*|wars?|fighting|fighters|conflicts?|"
    r"hostilities|uprising|insurgen\w*|rebels?|military|troops|summit|conference|settlement|"
    r"offensive|tensions?|escalat\w*"
)


def mentions_war_or_peace(title: str, text: str) -> bool:
    """Whether the model should look at the article at all (see WAR_OR_PEACE_WORDS)."""
    return bool(WAR_OR_PEACE_WORDS.search(f"{title}\n{text}"))


CEASEFIRE_WORDS = _regex(_CEASEFIRE)
TALKS_WORDS = _regex(_TALKS)
ACTOR_WORDS = _regex(_ACTORS)
WAR_WORDS = _regex(_WAR)
ELSEWHERE_WORDS = _regex(_ELSEWHERE)
NEAR_WORDS = 12
_WORD = re.compile(r"\w+")

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


def cue_features(title: str, text: str) -> list[float]:
    """The word cues in CUE_NAMES order (see the module docstring)."""
    full = f"{title}.\n{text}"
    words = max(len(_WORD.findall(full)), 1)
    ceasefire = _word_positions(CEASEFIRE_WORDS, full)
    talks = _word_positions(TALKS_WORDS, full)
    war = len(WAR_WORDS.findall(full))
    elsewhere = len(ELSEWHERE_WORDS.findall(full))
    near = _near(ceasefire, talks, NEAR_WORDS)
    return [
        _density(CEASEFIRE_WORDS, full, words),
        _density(TALKS_WORDS, full, words),
        _density(ACTOR_WORDS, full, words),
        _density(WAR_WORDS, full, words),
        _density(ELSEWHERE_WORDS, full, words),
        math.log1p(near),
        1.0 if CEASEFIRE_WORDS.search(title) else 0.0,
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
