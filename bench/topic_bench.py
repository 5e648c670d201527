"""Relevance on the labelled dev set: keywords alone, the prototype score, the learned model.

    .venv/bin/python bench/topic_bench.py ../shared/data/topic_dev.jsonl

Targets: on_topic kept >= 97 %, off_topic dropped >= 97 %; keeping or dropping "mentions" are
both acceptable, the rate is shown for information. Hard negatives are the off_topic items
whose `note` starts with "hard_negative" ("truce", "armistice" or "talks" in a trade, business,
politics or sports sense); they are also counted in off_topic.

The model (config/relevance_model.json) and its threshold were fitted and chosen on
topic_train.jsonl only; this file was never used for either. The prototype scorer is the one
the bot used before the model: its description and prototypes were written with this dev set
in view and its threshold (0.0) was tuned on it, so its row is in-sample. "near t" counts the
gated items whose score is within +-0.05 of the threshold (cosine units for the prototypes,
probability for the model): how many decisions a small shift would flip.

The last row is the word-cue model (config/relevance_cues.json, also fitted on topic_train
only) that judges Ukrainian and Russian reports, here counting English words: the labelled
files hold no Cyrillic talks stories, so this is where its quality can be measured.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.ingest.cue_model import DEFAULT_CUE_MODEL_PATH, CueModel, load_cue_model
from bot.ingest.exchanges import prisoner_exchange
from bot.ingest.features import cue_features
from bot.ingest.lexicons import ENGLISH
from bot.ingest.model import DEFAULT_MODEL_PATH, load_model
from bot.ingest.relevance import (
    PROTOTYPE_THRESHOLD,
    contrast_score,
    cue_model_gate,
    keyword_hits,
    model_gate,
    model_score,
    prototype_vectors,
    scoring_passages,
)
from bot.ingest.topic import Topic, load_topic
from config import CONFIG_DIR

TARGET = 0.97
MARGIN = 0.05
FORMS = ("all", "snippet", "full_article")


@dataclass(frozen=True)
class Scored:
    """Per dev item: label, form, hard-negative flag, and each method's score (-inf: gated out)."""

    labels: np.ndarray
    forms: np.ndarray
    hard: np.ndarray
    gate: np.ndarray
    prototype: np.ndarray
    model: np.ndarray
    cues: np.ndarray
    exchange: np.ndarray
    """The prisoner-exchange rule fires (`bot.ingest.exchanges`): kept whatever the score."""


def cue_scores(rows: list[dict[str, str]], cues: CueModel, topic: Topic) -> np.ndarray:
    """The word-cue model's probabilities (-inf: its gate says no), in English words: how the
    bot judges Ukrainian and Russian reports, measured where there are labels to measure it."""
    scores = []
    for row in rows:
        title, text = row.get("title") or "", row["text"]
        gated = cue_model_gate(topic, title, text, ENGLISH)
        scores.append(cues.probability(cue_features(title, text)) if gated else -math.inf)
    return np.array(scores)


def score_all(
    rows: list[dict[str, str]], topic_path: Path, model_path: Path, cues: CueModel
) -> Scored:
    """Embed every item's passages once and score them both ways with the real encoder."""
    from summarizer import load_embedder

    topic = load_topic(topic_path)
    model = load_model(model_path)
    embedder = load_embedder()
    vectors = prototype_vectors(embedder, topic)
    gate, prototype, learned, exchange = [], [], [], []
    for row in rows:
        title, text = row.get("title") or "", row["text"]
        exchange.append(prisoner_exchange(topic, title, text) is not None)
        hits = keyword_hits(topic, title, text)
        gate.append(hits.passes_gate)
        if not model_gate(hits, title, text):
            prototype.append(-math.inf)
            learned.append(-math.inf)
            continue
        passages = embedder.embed(scoring_passages(title, text))
        # each method behind its own gate, as score_article runs it
        prototype.append(contrast_score(passages, vectors) if hits.passes_gate else -math.inf)
        learned.append(model_score(model, passages, title, text))
    return Scored(
        labels=np.array([row["label"] for row in rows]),
        forms=np.array([row.get("form", "full_article") for row in rows]),
        hard=np.array([str(row.get("note", "")).startswith("hard_negative") for row in rows]),
        gate=np.array(gate),
        prototype=np.array(prototype),
        model=np.array(learned),
        cues=cue_scores(rows, cues, topic),
        exchange=np.array(exchange),
    )


def cell(good: np.ndarray, members: np.ndarray) -> str:
    if not members.any():
        return "-"
    count = int(good[members].sum())
    return f"{100 * count / members.sum():5.1f} % ({count}/{members.sum()})"


def row_cells(scored: Scored, keep: np.ndarray, near: np.ndarray | None, form: str) -> list[str]:
    in_form = np.ones(len(keep), bool) if form == "all" else scored.forms == form
    on = in_form & (scored.labels == "on_topic")
    off = in_form & (scored.labels == "off_topic")
    mentions = in_form & (scored.labels == "mentions")
    hard = in_form & scored.hard & (scored.labels == "off_topic")
    close = "-" if near is None else str(int((near & in_form).sum()))
    return [cell(keep, on), cell(~keep, off), cell(~keep, hard), cell(keep, mentions), close]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path, help="topic_dev.jsonl")
    parser.add_argument("--topic", type=Path, default=CONFIG_DIR / "topic.toml")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--cue-model", type=Path, default=DEFAULT_CUE_MODEL_PATH)
    parser.add_argument("--threshold", type=float, help="the model's threshold (default: its own)")
    args = parser.parse_args()

    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines()]
    started = time.perf_counter()
    cues = load_cue_model(args.cue_model)
    scored = score_all(rows, args.topic, args.model, cues)
    elapsed = time.perf_counter() - started
    model = load_model(args.model)
    threshold = model.threshold if args.threshold is None else args.threshold

    def near(scores: np.ndarray, t: float) -> np.ndarray:
        return np.isfinite(scores) & (np.abs(scores - t) <= MARGIN)

    methods: list[tuple[str, np.ndarray, np.ndarray | None]] = [
        ("keywords only", scored.gate, None),
        (
            f"prototypes (before), t={PROTOTYPE_THRESHOLD:+.2f}",
            scored.prototype >= PROTOTYPE_THRESHOLD,
            near(scored.prototype, PROTOTYPE_THRESHOLD),
        ),
        (f"model, t={threshold:.3f}", scored.model >= threshold, near(scored.model, threshold)),
        (
            "model + prisoner-exchange rule",
            (scored.model >= threshold) | (np.isfinite(scored.model) & scored.exchange),
            near(scored.model, threshold),
        ),
        (
            f"word cues alone (uk/ru), t={cues.threshold:.3f}",
            scored.cues >= cues.threshold,
            near(scored.cues, cues.threshold),
        ),
    ]
    goal = f">= {100 * TARGET:.0f} %"
    print(f"{len(rows)} items, {elapsed:.1f} s scoring; targets: on_topic kept {goal}, ", end="")
    print(f"off_topic dropped {goal}; model trained on {model.meta.get('trained_on', '?')}\n")
    header = (
        "method",
        "form",
        "on_topic kept",
        "off_topic dropped",
        "hard neg. dropped",
        "mentions kept",
        "near t",
    )
    widths = (34, 12, 18, 19, 17, 17, 6)
    line: Callable[[tuple[str, ...] | list[str]], str] = lambda cells: (  # noqa: E731
        "| " + " | ".join(f"{c:<{w}}" for c, w in zip(cells, widths, strict=True)) + " |"
    )
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for method, keep, close in methods:
        for form in FORMS:
            print(
                line(
                    [method if form == "all" else "", form, *row_cells(scored, keep, close, form)]
                )
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
