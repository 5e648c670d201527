"""The story rule the bot used before `bot.ingest.cluster`, kept as the cluster bench's baseline.

An article joined the story whose title + lead embedding had cosine >= 0.80 with it, within
the window; a similar headline lowered that bar by 0.08.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher

import numpy as np
import numpy.typing as npt

from bot.ingest.dedup import normalize_text

TITLE_SIMILAR = 0.6  # SequenceMatcher ratio from which two titles count as the same news
TITLE_BONUS = 0.08  # how much a similar title lowers the embedding bar


def title_similarity(a: str, b: str) -> float:
    """0..1, how alike two headlines are once case and punctuation are gone."""
    left, right = normalize_text(a), normalize_text(b)
    if not left or not right:
        return 0.0
    return SequenceMatcher(None, left, right).ratio()


@dataclass(frozen=True)
class StoryCandidate:
    """A recent story an article may join."""

    story_id: int
    title: str
    embedding: npt.NDArray[np.float32]
    updated_at: datetime


def choose_story(
    embedding: npt.NDArray[np.float32],
    title: str,
    published: datetime,
    candidates: Sequence[StoryCandidate],
    similarity: float,
    window: timedelta,
) -> int | None:
    """The story this article belongs to, or None for a new one.

    Candidates outside `window` of the article's time are ignored; the closest remaining
    story wins if its cosine reaches `similarity` (minus TITLE_BONUS for a similar title).
    """
    best_id, best_margin = None, 0.0
    for story in candidates:
        if abs(published - story.updated_at) > window:
            continue
        cosine = float(np.dot(embedding, story.embedding))
        bar = similarity
        if title_similarity(title, story.title) >= TITLE_SIMILAR:
            bar -= TITLE_BONUS
        margin = cosine - bar
        if margin >= 0 and (best_id is None or margin > best_margin):
            best_id, best_margin = story.story_id, margin
    return best_id
