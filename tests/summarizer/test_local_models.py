"""A model named by EMBEDDING_MODEL or SUMMARIZER_MODEL is loaded from this machine only: a
name that is neither a folder nor in the local cache is refused, and nothing is downloaded."""

from __future__ import annotations

import logging
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import huggingface_hub.constants
import pytest

from summarizer import SummarizerConfig, SummaryError, build_summarizer, load_embedder
from summarizer.extractive import ExtractiveSummarizer
from summarizer.generative import GenerationSettings, Seq2SeqDrafter, load_drafter
from tests.fakes import HashingEmbedder


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Every address lookup or connection the code tries, each refused before a packet leaves."""
    attempts: list[tuple[Any, ...]] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_an_embedding_model_not_in_the_local_cache_is_refused_without_a_download(
    network_attempts: list[tuple[Any, ...]],
) -> None:
    with pytest.raises(SummaryError, match="neither a folder nor a model in the local cache"):
        load_embedder("no-such-owner/no-such-encoder")
    assert network_attempts == []


def test_a_generative_model_not_in_the_local_cache_falls_back_without_a_download(
    network_attempts: list[tuple[Any, ...]],
    hashing_embedder: HashingEmbedder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for backend in ("seq2seq", "llm"):
        config = SummarizerConfig(backend=backend, model="no-such-owner/no-such-model")
        with caplog.at_level(logging.WARNING):
            summarizer = build_summarizer(config, hashing_embedder)
        assert isinstance(summarizer, ExtractiveSummarizer)
        assert "SUMMARIZER_MODEL=no-such-owner/no-such-model" in caplog.text
        assert "neither a folder nor a model in the local cache" in caplog.text
    assert network_attempts == []


def test_a_hub_id_already_in_the_local_cache_loads_without_the_network(
    network_attempts: list[tuple[Any, ...]],
    tiny_model: Callable[[str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The hub cache's layout: refs/main names the snapshot folder that holds the files.
    cache = tmp_path / "hub-cache"
    repo = cache / "models--tiny-owner--tiny-seq2seq"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text("0" * 40, encoding="utf-8")
    shutil.copytree(tiny_model("seq2seq"), repo / "snapshots" / ("0" * 40))
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))

    drafter = load_drafter("seq2seq", "tiny-owner/tiny-seq2seq", GenerationSettings())
    assert isinstance(drafter, Seq2SeqDrafter)
    assert network_attempts == []
