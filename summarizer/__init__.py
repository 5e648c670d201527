"""Faithful key points from news articles: text in, short statements with verbatim evidence out.

Importing this package is cheap: torch and transformers load only when a model is loaded.
"""

from summarizer.core import (
    Article,
    KeyPoint,
    Summarizer,
    SummarizerConfig,
    Summary,
    SummaryError,
)
from summarizer.embedder import Embedder, load_embedder
from summarizer.factory import build_summarizer
from summarizer.story import StoryArticle, StorySummarizer

__all__ = [
    "Article",
    "Embedder",
    "KeyPoint",
    "StoryArticle",
    "StorySummarizer",
    "Summarizer",
    "SummarizerConfig",
    "Summary",
    "SummaryError",
    "build_summarizer",
    "load_embedder",
]
