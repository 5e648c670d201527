"""Seq2seq and chat backends: loaded from disk, chunked, guarded, and replaced when they fail.

The models are built here from tiny configs with random weights, so their output is garbage:
the guard has to keep every shown point grounded anyway.
"""

from __future__ import annotations

import logging

import pytest

from summarizer import Article, SummarizerConfig, build_summarizer
from summarizer.extractive import ExtractiveSummarizer
from summarizer.generative import (
    ChatDrafter,
    GenerationSettings,
    GenerativeSummarizer,
    Seq2SeqDrafter,
    chunk_sentences,
    load_drafter,
    statements,
)
from summarizer.grounding import check_point
from summarizer.text import split_document


class ScriptedDrafter:
    """A model that says exactly what the test wants it to say."""

    def __init__(self, *drafts: str) -> None:
        self.drafts = list(drafts)

    def draft(self, doc, count: int) -> list[str]:
        return self.drafts


class BrokenDrafter:
    def draft(self, doc, count: int) -> list[str]:
        raise RuntimeError("out of memory")


def assert_grounded(summary, article_text: str) -> None:
    sentences = split_document(article_text).sentences
    assert summary.key_points
    for point in summary.key_points:
        assert point.evidence
        assert all(e in article_text for e in point.evidence)
        verbatim = point.text in " ".join(point.evidence)
        assert verbatim or check_point(point.text, sentences).ok


def test_chunks_pack_whole_sentences_under_the_limit() -> None:
    sentences = ["one two three.", "four five.", "six seven eight nine.", "ten."]
    chunks = chunk_sentences(sentences, lambda s: len(s.split()), limit=5)
    assert chunks == ["one two three. four five.", "six seven eight nine. ten."]


def test_a_sentence_longer_than_the_limit_gets_its_own_chunk() -> None:
    chunks = chunk_sentences(["a b c d e f g.", "h i."], lambda s: len(s.split()), limit=3)
    assert chunks == ["a b c d e f g.", "h i."]


def test_bullets_and_numbering_are_split_into_statements() -> None:
    draft = "- The truce starts at midnight.\n2) Aid convoys may cross. Talks resume in December."
    assert statements(draft) == [
        "The truce starts at midnight.",
        "Aid convoys may cross.",
        "Talks resume in December.",
    ]


def test_grounded_model_points_are_kept_and_invented_ones_dropped(
    hashing_embedder, article_text: str
) -> None:
    drafter = ScriptedDrafter(
        "- Varnia and Lestovia agreed to a 14-day cease-fire starting at midnight.\n"
        "- The truce covers the port of Kalvik and 90,000 displaced people.\n"
        "- Pavel Orin said Lestovia would not accept monitors from neighbouring states."
    )
    summary = GenerativeSummarizer("seq2seq", drafter, hashing_embedder, 3).summarize(
        Article(text=article_text)
    )
    texts = [p.text for p in summary.key_points]
    assert summary.backend == "seq2seq"
    assert "Varnia and Lestovia agreed to a 14-day cease-fire starting at midnight." in texts
    assert all("90,000" not in t for t in texts)
    assert len(texts) == 3
    assert_grounded(summary, article_text)


def test_when_every_draft_fails_the_guard_the_points_are_extractive(
    hashing_embedder, article_text: str
) -> None:
    drafter = ScriptedDrafter("Oil prices rose sharply in Asian markets overnight.")
    summary = GenerativeSummarizer("llm", drafter, hashing_embedder, 4).summarize(
        Article(text=article_text)
    )
    expected = ExtractiveSummarizer(hashing_embedder, 4).summarize(Article(text=article_text))
    assert summary.backend == "extractive"
    assert summary.key_points == expected.key_points


def test_a_model_failing_to_generate_falls_back_and_logs_why(
    hashing_embedder, article_text: str, caplog: pytest.LogCaptureFixture
) -> None:
    summarizer = GenerativeSummarizer("llm", BrokenDrafter(), hashing_embedder, 3)
    with caplog.at_level(logging.ERROR, logger="summarizer.generative"):
        summary = summarizer.summarize(Article(text=article_text))
    assert summary.backend == "extractive"
    assert len(summary.key_points) == 3
    assert "out of memory" in caplog.text


def test_a_missing_model_folder_falls_back_to_extractive_and_logs_why(
    hashing_embedder, tmp_path, caplog: pytest.LogCaptureFixture
) -> None:
    config = SummarizerConfig(backend="seq2seq", model=str(tmp_path / "no-such-model"))
    with caplog.at_level(logging.WARNING, logger="summarizer.factory"):
        summarizer = build_summarizer(config, hashing_embedder)
    assert isinstance(summarizer, ExtractiveSummarizer)
    assert "no-such-model" in caplog.text


def test_a_generative_backend_without_a_model_falls_back(
    hashing_embedder, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="summarizer.factory"):
        summarizer = build_summarizer(SummarizerConfig(backend="llm"), hashing_embedder)
    assert isinstance(summarizer, ExtractiveSummarizer)
    assert "SUMMARIZER_MODEL" in caplog.text


def test_a_tiny_seq2seq_model_loads_chunks_and_stays_grounded(
    hashing_embedder, tiny_model, article_text: str
) -> None:
    path = tiny_model("seq2seq", max_positions=48)
    settings = GenerationSettings(max_new_tokens=12, num_beams=1, max_chunks=2)
    summarizer = build_summarizer(
        SummarizerConfig(backend="seq2seq", model=str(path), max_points=3),
        hashing_embedder,
        settings,
    )
    assert isinstance(summarizer, GenerativeSummarizer)
    drafter = summarizer.drafter
    assert isinstance(drafter, Seq2SeqDrafter)
    assert drafter.limit == 48
    chunks = drafter.chunks(split_document(article_text))
    assert len(chunks) == 2  # the article needs more than two 48-token chunks; capped at two

    summary = summarizer.summarize(Article(text=article_text))
    assert len(summary.key_points) == 3
    assert_grounded(summary, article_text)


def test_a_tiny_chat_model_is_prompted_through_its_template_and_stays_grounded(
    hashing_embedder, tiny_model, article_text: str
) -> None:
    path = tiny_model("llm", max_positions=256)
    drafter = load_drafter("llm", str(path), GenerationSettings(max_new_tokens=10))
    assert isinstance(drafter, ChatDrafter)
    prompt = drafter.prompt("Truce agreed", "The truce holds.", 3)
    assert prompt.startswith("<s> You write key points")
    assert prompt.endswith("<s>")
    assert drafter.limit == 256 - 10

    summary = GenerativeSummarizer("llm", drafter, hashing_embedder, 4).summarize(
        Article(text=article_text)
    )
    assert len(summary.key_points) == 4
    assert_grounded(summary, article_text)


def test_generation_is_deterministic_and_bounded(tiny_model, article_text: str) -> None:
    path = tiny_model("seq2seq")
    drafter = load_drafter("seq2seq", str(path), GenerationSettings(max_new_tokens=6))
    doc = split_document(article_text)
    first = drafter.draft(doc, 3)
    assert first == drafter.draft(doc, 3)
    assert all(len(d.split()) <= 6 for d in first)


def test_a_chat_model_without_a_template_is_refused(tiny_model) -> None:
    path = tiny_model("llm")
    config = path / "tokenizer_config.json"
    config.write_text(config.read_text().replace('"chat_template"', '"unused_template"'))
    for template in path.glob("chat_template.*"):
        template.unlink()
    with pytest.raises(ValueError, match="chat template"):
        load_drafter("llm", str(path), GenerationSettings())


def test_chat_prompts_fit_the_model_even_with_an_oversized_sentence(tiny_model) -> None:
    path = tiny_model("llm", max_positions=128)
    drafter = load_drafter("llm", str(path), GenerationSettings(max_new_tokens=10))
    long_sentence = " ".join(["the truce covers the port of Kalvik"] * 30) + "."
    doc = split_document(long_sentence + " Talks resume in Geneva on 3 December.")
    for chunk in drafter.chunks(doc, 3):
        prompt = drafter.prompt(doc.title, chunk, 3)
        assert len(drafter.tokenizer(prompt, add_special_tokens=False)["input_ids"]) <= 118
        assert prompt.endswith("<s>")  # the instruction to answer survived
