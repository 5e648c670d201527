"""PLACEHOLDER until the clustering branch lands: the API the pipeline is written against."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from bot.ingest.dedup import title_similarity

__all__ = [
    "ClusterArticle",
    "ClusterConfig",
    "ClusterStory",
    "choose_story",
    "cluster_text",
    "effective_time",
]


@dataclass(frozen=True)
class ClusterArticle:
    title: str
    text: str
    time: datetime
    embedding: npt.NDArray[np.float32] | None = None


@dataclass(frozen=True)
class ClusterStory:
    story_id: int
    articles: Sequence[ClusterArticle]


@dataclass(frozen=True)
class ClusterConfig:
    window: timedelta = timedelta(hours=48)
    similarity: float = 0.80


def cluster_text(title: str, text: str) -> str:
    return f"{title}. {text[:600]}"


def effective_time(published: datetime | None, seen: datetime, window: timedelta) -> datetime:
    if published is None or published > seen or published < seen - window:
        return seen
    return published


def choose_story(
    article: ClusterArticle, stories: Sequence[ClusterStory], config: ClusterConfig
) -> int | None:
    best, best_score = None, -1.0
    for story in stories:
        if not story.articles:
            continue
        latest = max(a.time for a in story.articles)
        if abs(article.time - latest) > config.window:
            continue
        for other in story.articles:
            if article.embedding is None or other.embedding is None:
                continue
            score = float(np.dot(article.embedding, other.embedding))
            if title_similarity(article.title, other.title) >= 0.6:
                score += 0.08
            if score >= config.similarity and score > best_score:
                best, best_score = story.story_id, score
    return best
