"""Seq2seq and instruct-LLM backends for users who bring their own model.

A model only drafts; nothing it writes reaches a reader unless the grounding guard finds it in
the article. Drafts that fail are dropped and the gap is filled with the best extractive points,
so a weak model makes the summary less fluent, never less true. transformers 5 has no
summarization pipeline, so both kinds go through `generate` directly.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from summarizer.core import Article, KeyPoint, Summary
from summarizer.embedder import SupportsEmbed
from summarizer.extractive import ExtractiveSummarizer, Prepared, check_count, prepare
from summarizer.grounding import check_point, content_words
from summarizer.local_models import load_failure, local_source
from summarizer.text import Document, Sentence, clean_sentence, split_document

__all__ = [
    "ChatDrafter",
    "Drafter",
    "GenerationSettings",
    "GenerativeSummarizer",
    "Seq2SeqDrafter",
    "chunk_sentences",
    "load_drafter",
]

log = logging.getLogger(__name__)

Kind = Literal["seq2seq", "llm"]

SYSTEM_PROMPT = (
    "You write key points of news articles for people following cease-fire talks. "
    "Write {count} key points as a bulleted list, one short sentence each. "
    "Use only facts stated in the article and copy every name, number and date exactly. "
    "No opinions, no background the article does not give."
)
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s*")
_REDUNDANT = 0.6


@dataclass(frozen=True)
class GenerationSettings:
    """Decoding settings: greedy/beam and no sampling, because creativity is a defect here."""

    max_new_tokens: int = 128
    num_beams: int = 2
    no_repeat_ngram_size: int = 3
    max_chunks: int = 3
    """Long articles are cut into this many model-sized chunks at most (the lead matters most)."""
    max_input_tokens: int | None = None
    """None: the model's own limit (capped at 1024 for seq2seq, 2048 for chat models)."""


class Drafter(Protocol):
    """Turns an article into candidate statements; knows nothing of the guard."""

    def draft(self, doc: Document, count: int) -> list[str]: ...


def chunk_sentences(
    sentences: Sequence[str], count_tokens: Callable[[str], int], limit: int
) -> list[str]:
    """Pack whole sentences into chunks of at most `limit` tokens, in reading order.

    A sentence longer than the limit gets a chunk of its own (the tokenizer truncates it), so
    no chunk ever splits a sentence and nothing is silently dropped here.
    """
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for sentence in sentences:
        size = count_tokens(sentence)
        if current and used + size > limit:
            chunks.append(" ".join(current))
            current, used = [], 0
        current.append(sentence)
        used += size
    if current:
        chunks.append(" ".join(current))
    return chunks


def _token_counter(tokenizer: Any) -> Callable[[str], int]:
    def count(text: str) -> int:
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])

    return count


def _model_limit(model: Any, tokenizer: Any, cap: int) -> int:
    limits = [cap]
    positions = getattr(model.config, "max_position_embeddings", None)
    if isinstance(positions, int) and positions > 0:
        limits.append(positions)
    declared = getattr(tokenizer, "model_max_length", None)
    if isinstance(declared, int) and 0 < declared < 1_000_000:
        limits.append(declared)
    return min(limits)


def _generate_kwargs(settings: GenerationSettings, tokenizer: Any) -> dict[str, Any]:
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    return {
        "max_new_tokens": settings.max_new_tokens,
        "num_beams": settings.num_beams,
        "do_sample": False,
        "no_repeat_ngram_size": settings.no_repeat_ngram_size,
        "pad_token_id": pad,
    }


class Seq2SeqDrafter:
    """BART/PEGASUS/T5-style models: each chunk in, a short summary out."""

    def __init__(self, tokenizer: Any, model: Any, settings: GenerationSettings) -> None:
        self.tokenizer = tokenizer
        self.model = model
        self.settings = settings
        self.prefix = "summarize: " if model.config.model_type in {"t5", "mt5"} else ""
        self.limit = settings.max_input_tokens or _model_limit(model, tokenizer, 1024)

    def chunks(self, doc: Document) -> list[str]:
        margin = 8 + len(self.prefix)
        texts = [s.text for s in doc.sentences]
        found = chunk_sentences(texts, _token_counter(self.tokenizer), self.limit - margin)
        return found[: self.settings.max_chunks]

    def draft(self, doc: Document, count: int) -> list[str]:
        import torch

        drafts: list[str] = []
        for chunk in self.chunks(doc):
            inputs = self.tokenizer(
                self.prefix + chunk, truncation=True, max_length=self.limit, return_tensors="pt"
            )
            with torch.inference_mode():
                output = self.model.generate(
                    **inputs, **_generate_kwargs(self.settings, self.tokenizer)
                )
            drafts.append(self.tokenizer.decode(output[0], skip_special_tokens=True))
        return drafts


class ChatDrafter:
    """Instruct causal LMs, prompted through their chat template."""

    def __init__(self, tokenizer: Any, model: Any, settings: GenerationSettings) -> None:
        if not getattr(tokenizer, "chat_template", None):
            raise ValueError("the tokenizer has no chat template; use an instruct model")
        self.tokenizer = tokenizer
        self.model = model
        self.settings = settings
        limit = settings.max_input_tokens or _model_limit(model, tokenizer, 2048)
        self.limit = limit - settings.max_new_tokens

    def prompt(self, title: str, chunk: str, count: int) -> str:
        article = f"Title: {title}\n\n{chunk}" if title else chunk
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT.format(count=count)},
            {"role": "user", "content": f"Article:\n{article}\n\nKey points:"},
        ]
        text = self.tokenizer.apply_chat_template(
            messages, tokenize=False, add_generation_prompt=True
        )
        return str(text)

    def chunks(self, doc: Document, count: int) -> list[str]:
        """Article chunks that fit the prompt; an oversized sentence is cut to fit, because
        truncating the whole prompt would cut off the instruction to answer."""
        overhead = _token_counter(self.tokenizer)(self.prompt(doc.title, "", count))
        budget = max(16, self.limit - overhead)
        texts = [s.text for s in doc.sentences]
        found = chunk_sentences(texts, _token_counter(self.tokenizer), budget)
        return [self._fit(chunk, budget) for chunk in found[: self.settings.max_chunks]]

    def _fit(self, chunk: str, budget: int) -> str:
        ids = self.tokenizer(chunk, add_special_tokens=False)["input_ids"]
        if len(ids) <= budget:
            return chunk
        return str(self.tokenizer.decode(ids[:budget], skip_special_tokens=True))

    def draft(self, doc: Document, count: int) -> list[str]:
        import torch

        drafts: list[str] = []
        for chunk in self.chunks(doc, count):
            inputs = self.tokenizer(
                self.prompt(doc.title, chunk, count), add_special_tokens=False, return_tensors="pt"
            )
            with torch.inference_mode():
                output = self.model.generate(
                    **inputs, **_generate_kwargs(self.settings, self.tokenizer)
                )
            new_tokens = output[0][inputs["input_ids"].shape[1] :]
            drafts.append(self.tokenizer.decode(new_tokens, skip_special_tokens=True))
        return drafts


def load_drafter(kind: Kind, model: str, settings: GenerationSettings) -> Drafter:
    """Load a tokenizer and model from a local folder or a hub id already in the local cache
    (nothing is downloaded; slow; raises on failure)."""
    from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

    source = local_source(model)
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
        loader = AutoModelForSeq2SeqLM if kind == "seq2seq" else AutoModelForCausalLM
        network = loader.from_pretrained(source, local_files_only=True)
    except OSError as error:
        raise OSError(load_failure(model, error)) from error
    network.train(False)
    if kind == "seq2seq":
        return Seq2SeqDrafter(tokenizer, network, settings)
    return ChatDrafter(tokenizer, network, settings)


def statements(draft: str) -> list[str]:
    """Split model output into single statements: one per bullet line, then per sentence."""
    found: list[str] = []
    for line in draft.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        found.extend(clean_sentence(s.source) for s in split_document(line).sentences)
    return [s for s in found if s]


class GenerativeSummarizer:
    """Model-drafted points that survived the guard, topped up with extractive ones."""

    def __init__(
        self,
        kind: Kind,
        drafter: Drafter,
        embedder: SupportsEmbed,
        max_points: int = 5,
    ) -> None:
        self.backend = kind
        self.drafter = drafter
        self.embedder = embedder
        self.max_points = max_points
        self.extractive = ExtractiveSummarizer(embedder, max_points)

    def summarize(self, article: Article, max_points: int | None = None) -> Summary:
        count = check_count(max_points if max_points is not None else self.max_points)
        prepared = prepare(article, self.embedder)
        try:
            drafts = self.drafter.draft(prepared.doc, count)
        except Exception:
            log.exception("the %s model failed; using extractive points", self.backend)
            return Summary(self.extractive.points(prepared, count), "extractive")
        generated = self._grounded(drafts, prepared.doc.sentences, count)
        points = self._top_up(generated, prepared, count)
        backend = self.backend if generated else "extractive"
        return Summary(tuple(point for _, point in points), backend)

    def _grounded(
        self, drafts: list[str], sentences: Sequence[Sentence], count: int
    ) -> list[tuple[int, KeyPoint]]:
        kept: list[tuple[int, KeyPoint]] = []
        for draft in drafts:
            for statement in statements(draft):
                verdict = check_point(statement, sentences)
                if not verdict.ok:
                    log.info("dropped a generated point (%s): %r", verdict.reason, statement)
                    continue
                point = KeyPoint(statement, tuple(s.source for s in verdict.evidence))
                if not any(_redundant(point, other) for _, other in kept):
                    kept.append((verdict.evidence[0].index, point))
                if len(kept) == count:
                    return sorted(kept, key=lambda item: item[0])
        return sorted(kept, key=lambda item: item[0])

    def _top_up(
        self, generated: list[tuple[int, KeyPoint]], prepared: Prepared, count: int
    ) -> list[tuple[int, KeyPoint]]:
        points = list(generated)
        if len(points) >= count:
            return points
        by_source = {s.source: s.index for s in prepared.doc.sentences}
        for extra in self.extractive.ranked(prepared, 2 * count):
            if len(points) == count:
                break
            if not any(_redundant(extra, other) for _, other in points):
                points.append((by_source[extra.evidence[0]], extra))
        return sorted(points, key=lambda item: item[0])


def _redundant(a: KeyPoint, b: KeyPoint) -> bool:
    """Two points repeat each other if they share evidence or most of their content words."""
    if set(a.evidence) & set(b.evidence):
        return True
    wa, wb = content_words(a.text), content_words(b.text)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= _REDUNDANT
