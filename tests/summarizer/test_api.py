"""The public surface the bot and ingestion code are written against."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

import summarizer


def test_the_public_api_is_exactly_the_contract() -> None:
    assert sorted(summarizer.__all__) == sorted(
        [
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
    )
    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None


def test_the_data_shapes_are_frozen_and_as_documented() -> None:
    config = summarizer.SummarizerConfig()
    assert (config.backend, config.model, config.max_points, config.embedding_model) == (
        "extractive",
        None,
        3,
        None,
    )
    point = summarizer.KeyPoint(text="A truce began.", evidence=("A truce began.",))
    assert dataclasses.is_dataclass(point)
    assert issubclass(summarizer.SummaryError, ValueError)
    article = summarizer.Article(text="x")
    assert (article.title, article.url) == ("", "")


def test_importing_the_package_loads_no_model_library() -> None:
    code = (
        "import sys, summarizer; "
        "print(sorted(m for m in ('torch', 'transformers', 'pysbd') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_a_missing_embedding_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(summarizer.SummaryError, match="not found"):
        summarizer.load_embedder(str(tmp_path / "no-such-encoder"))
