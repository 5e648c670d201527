"""Fixtures for the summarizer tests: an invented article, embedders, tiny offline models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from summarizer import KeyPoint, StorySummarizer
from tests.fakes import HashingEmbedder

# An invented report (no real article is copied into the tests), with the residue scraped
# pages carry: a dateline, a video prompt, a photo caption and a comment-form footer.
TITLE = "Varnia and Lestovia agree on a 14-day truce after Geneva talks"
ARTICLE = """Varnia and Lestovia agree on a 14-day truce after Geneva talks

GENEVA (Reuters) - Negotiators for Varnia and Lestovia agreed on Sunday to a 14-day cease-fire that starts at midnight, the United Nations mediator Ilse Marten said after nine hours of talks.

The truce covers the northern front and the port of Kalvik, where fighting has displaced about 40,000 people since March.

Scroll down for video

Under the deal, both sides will pull heavy artillery 20 kilometres back from the line of contact and allow aid convoys through two crossings.

Delegates shake hands in Geneva after the talks on Sunday .

Lestovia's foreign minister, Pavel Orin, said his government would not accept monitors from neighbouring states.

“We came here to stop the shelling, and today we did,” Ms. Marten told reporters.

Farmers near Kalvik said they had not been able to plant wheat for two seasons.

Talks on a permanent settlement are due to resume in Geneva on 3 December.

Source link

Leave a Reply

Your email address will not be published. Required fields are marked *
"""  # noqa: E501


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "model: uses the real default embedding model (slower)")


@pytest.fixture
def article_text() -> str:
    return ARTICLE


@pytest.fixture
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder(dimension=256)


@pytest.fixture(scope="session")
def real_embedder():
    """The packaged all-MiniLM-L6-v2, loaded once for every model test."""
    from summarizer import load_embedder

    return load_embedder()


@pytest.fixture
def summarizer(real_embedder) -> StorySummarizer:
    """A story summarizer on the real encoder, five points by default."""
    return StorySummarizer(real_embedder, max_points=5)


def point_with(points: tuple[KeyPoint, ...], words: str) -> list[KeyPoint]:
    """The points whose text contains `words`."""
    return [p for p in points if words in p.text]


def _tiny_tokenizer(corpus: str):
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = trainers.WordLevelTrainer(special_tokens=["[PAD]", "[UNK]", "<s>", "</s>"])
    tokenizer.train_from_iterator([corpus], trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        pad_token="[PAD]",
        unk_token="[UNK]",
        bos_token="<s>",
        eos_token="</s>",
    )
    fast.chat_template = (
        "{% for m in messages %}<s> {{ m['content'] }} </s>{% endfor %}"
        "{% if add_generation_prompt %}<s>{% endif %}"
    )
    return fast


@pytest.fixture
def tiny_model(tmp_path: Path) -> Callable[[str], Path]:
    """Build a random-weight seq2seq or chat model with a word-level tokenizer, saved to disk.

    Its output is garbage made of article words: exactly what the guard must stop.
    """

    def build(kind: str, max_positions: int = 64) -> Path:
        from transformers import (
            BartConfig,
            BartForConditionalGeneration,
            LlamaConfig,
            LlamaForCausalLM,
            PreTrainedModel,
        )

        tokenizer = _tiny_tokenizer(ARTICLE + " " + TITLE + " Article Title Key points")
        ids = {
            "vocab_size": tokenizer.vocab_size,
            "pad_token_id": tokenizer.pad_token_id,
            "bos_token_id": tokenizer.bos_token_id,
            "eos_token_id": tokenizer.eos_token_id,
        }
        model: PreTrainedModel
        if kind == "seq2seq":
            model = BartForConditionalGeneration(
                BartConfig(
                    d_model=16,
                    encoder_layers=1,
                    decoder_layers=1,
                    encoder_attention_heads=2,
                    decoder_attention_heads=2,
                    encoder_ffn_dim=32,
                    decoder_ffn_dim=32,
                    max_position_embeddings=max_positions,
                    decoder_start_token_id=tokenizer.eos_token_id,
                    **ids,
                )
            )
        else:
            model = LlamaForCausalLM(
                LlamaConfig(
                    hidden_size=16,
                    intermediate_size=32,
                    num_hidden_layers=1,
                    num_attention_heads=2,
                    num_key_value_heads=2,
                    max_position_embeddings=max_positions,
                    **ids,
                )
            )
        path = tmp_path / kind
        tokenizer.save_pretrained(path)
        model.save_pretrained(path)
        return path

    return build
