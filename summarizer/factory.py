"""Build the configured summarizer, falling back to the extractive default when a model fails."""

from __future__ import annotations

import logging

from summarizer.core import Summarizer, SummarizerConfig
from summarizer.embedder import SupportsEmbed
from summarizer.extractive import ExtractiveSummarizer, check_count
from summarizer.generative import GenerationSettings, GenerativeSummarizer, load_drafter

__all__ = ["build_summarizer"]

log = logging.getLogger(__name__)


def build_summarizer(
    config: SummarizerConfig,
    embedder: SupportsEmbed,
    settings: GenerationSettings | None = None,
) -> Summarizer:
    """Return a ready summarizer (slow for seq2seq/llm: call it once, off the event loop).

    A seq2seq/llm model that is missing or fails to load is logged and replaced by the
    extractive default: the bot keeps delivering faithful points instead of crashing.
    """
    check_count(config.max_points)
    if config.backend == "extractive":
        return ExtractiveSummarizer(embedder, config.max_points)
    if not config.model:
        log.warning(
            "SUMMARIZER_BACKEND=%s needs SUMMARIZER_MODEL; using the extractive backend",
            config.backend,
        )
        return ExtractiveSummarizer(embedder, config.max_points)
    try:
        drafter = load_drafter(config.backend, config.model, settings or GenerationSettings())
    except Exception as error:  # any loader failure means: serve extractive points instead
        log.warning(
            "could not load SUMMARIZER_MODEL=%s as a %s model (%s: %s); using the extractive "
            "backend",
            config.model,
            config.backend,
            type(error).__name__,
            error,
        )
        return ExtractiveSummarizer(embedder, config.max_points)
    log.info("loaded the %s model %r", config.backend, config.model)
    return GenerativeSummarizer(config.backend, drafter, embedder, config.max_points)
