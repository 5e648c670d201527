"""PLACEHOLDER until the multidoc branch lands: the API the pipeline is written against."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.core import Article, KeyPoint, Summary
from summarizer.embedder import Embedder
from summarizer.extractive import ExtractiveSummarizer

__all__ = ["StoryArticle", "StorySummarizer"]


@dataclass(frozen=True)
class StoryArticle:
    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""


class StorySummarizer:
    def __init__(self, embedder: Embedder, max_points: int = 3) -> None:
        self._single = ExtractiveSummarizer(embedder, max_points=max_points)
        self.max_points = max_points

    def summarize(
        self,
        articles: Sequence[StoryArticle],
        max_points: int | None = None,
        previous: Sequence[KeyPoint] = (),
    ) -> Summary:
        first = articles[0]
        summary = self._single.summarize(Article(first.text, first.title, first.url), max_points)
        points = tuple(KeyPoint(p.text, p.evidence, (first.outlet,)) for p in summary.key_points)
        return Summary(points, summary.backend)
