"""The learned relevance model: shipped as plain JSON, loaded at start-up, retrainable by command.

No real encoder here (see test_relevance_model.py for that): the hashing stand-in is enough to
check that the file loads, predicts the same every time, and that training writes such a file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.ingest import labelled, train
from bot.ingest.model import DEFAULT_MODEL_PATH, ModelError, load_model
from bot.ingest.relevance import KeywordHits, Relevance, embed_topic
from bot.ingest.topic import load_topic
from config import CONFIG_DIR
from tests.fakes import HashingEmbedder

TOPIC = load_topic(CONFIG_DIR / "topic.toml")

WARS = [("Armenia", "Azerbaijan"), ("the army", "the rebels"), ("Ethiopia", "Tigray forces")]
PLACES = ["Geneva", "Doha", "Cairo"]
OFF = [
    ("Tariff truce", "The trading partners agreed a truce on steel tariffs; markets rose."),
    ("Club truce", "The club and its striker called a truce in contract talks before the match."),
    ("Wage talks", "The union and the company resumed wage talks; workers ended the strike."),
    ("Merger talks", "Shareholders welcomed takeover talks between the two companies."),
    ("Rapper feud", "The rapper and his protege called a truce in their feud over the album."),
    ("Budget truce", "Parliament reached a budget truce before the election, polls showed."),
]


def invented_items() -> list[dict[str, str]]:
    items = []
    for i, ((a, b), place) in enumerate(zip(WARS * 2, PLACES * 2, strict=True)):
        items.append(
            {
                "title": f"{a} and {b} hold cease-fire talks in {place}",
                "text": f"Negotiators for {a} and {b} met mediators in {place} on day {i} to "
                "agree a truce and a prisoner exchange and to end the fighting.",
                "label": "on_topic",
                "form": "snippet",
            }
        )
    items += [
        {"title": t, "text": x, "label": "off_topic", "form": "snippet", "note": "hard_negative"}
        for t, x in OFF
    ]
    items.append(
        {
            "title": "Shelling goes on",
            "text": "Troops shelled the town; peace talks were mentioned once by an envoy.",
            "label": "mentions",
            "form": "snippet",
        }
    )
    return items


def write_jsonl(path: Path, items: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(item) for item in items) + "\n", encoding="utf-8")
    return path


def test_the_shipped_model_loads_and_predicts_the_same_every_time() -> None:
    model = load_model(DEFAULT_MODEL_PATH)
    assert model.dimension == 384
    assert 0.0 < model.threshold < 1.0
    rows = np.random.default_rng(0).normal(size=(3, len(model.features))).astype(np.float32)
    first, again = model.probability(rows), load_model(DEFAULT_MODEL_PATH).probability(rows)
    assert np.array_equal(first, again)
    assert ((first >= 0) & (first <= 1)).all()


def test_the_model_file_is_data_not_a_pickle() -> None:
    data = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    assert len(data["weights"]) == len(data["features"]) == len(data["mean"])
    assert len(data["dual"]) == data["support"]["rows"]
    assert data["meta"]["trained_on"]["file"] == "topic_train.jsonl"


def shipped_with(change: Callable[[dict[str, Any]], None]) -> str:
    data = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    change(data)
    return json.dumps(data)


def drop_last_dual(data: dict[str, Any]) -> None:
    data["dual"] = data["dual"][:-1]


def cut_support(data: dict[str, Any]) -> None:
    data["support"]["float32_base64"] = data["support"]["float32_base64"][:-8]


def first_format(data: dict[str, Any]) -> None:
    data["format"] = "ceasefire-bot relevance model v1"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"format": "pickle"}', "format must be"),
        (drop_last_dual, "dual must list"),
        (cut_support, "support"),
        (first_format, "retrain with python -m bot.ingest.train"),
    ],
)
def test_a_broken_model_file_is_refused_with_its_name(
    tmp_path: Path, content: str | Callable[[dict[str, Any]], None], message: str
) -> None:
    path = tmp_path / "model.json"
    path.write_text(content if isinstance(content, str) else shipped_with(content), "utf-8")
    with pytest.raises(ModelError, match=message) as caught:
        load_model(path)
    assert str(path) in str(caught.value)
    with pytest.raises(ModelError, match="does not exist"):
        load_model(tmp_path / "missing.json")


def test_a_model_for_another_encoder_is_refused_at_start_up() -> None:
    with pytest.raises(ModelError, match="expects 384-dimensional embeddings"):
        embed_topic(HashingEmbedder(512), TOPIC)


def test_the_model_threshold_decides_unless_relevance_threshold_overrides_it() -> None:
    hits = KeywordHits(strong=("truce",), weak=(), focus=())
    verdict = Relevance(hits, 0.6, None, threshold=0.5, conflicts=("other",))
    assert verdict.keep()
    assert not verdict.keep(0.7)
    gated_out = Relevance(KeywordHits((), (), ()), None, None, threshold=0.5)
    assert not gated_out.keep(0.0)


def test_training_on_a_small_file_writes_a_model_the_bot_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write_jsonl(tmp_path / "train.jsonl", invented_items())
    out = tmp_path / "model.json"

    assert train.main([str(data), "--out", str(out)], embedder=HashingEmbedder(384)) == 0

    printed = capsys.readouterr().out
    assert "held-out" in printed
    assert "on_topic kept (all)" in printed
    assert "mentions kept" in printed
    model = load_model(out)
    assert model.dimension == 384
    assert model.meta["trained_on"]["items"] == len(invented_items())
    again = tmp_path / "again.json"
    train.main([str(data), "--out", str(again)], embedder=HashingEmbedder(384))
    assert out.read_text(encoding="utf-8") == again.read_text(encoding="utf-8")


def test_training_refuses_a_bad_line_and_says_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = invented_items()
    items[2]["label"] = "maybe"
    data = write_jsonl(tmp_path / "train.jsonl", items)
    out = tmp_path / "model.json"

    assert train.main([str(data), "--out", str(out)], embedder=HashingEmbedder(384)) == 2

    assert "train.jsonl:3: label must be one of" in capsys.readouterr().err
    assert not out.exists()


def test_the_shipped_numpy_scorer_agrees_with_the_trained_machine(tmp_path: Path) -> None:
    items = labelled.read_items(write_jsonl(tmp_path / "train.jsonl", invented_items()))
    x, gate = train.featurize(HashingEmbedder(384), TOPIC, items)
    cv = train.cross_validated(x, gate, items)
    model = train.fit_model(x, gate, items, cv, meta={})
    labels = np.array([item.label for item in items])
    fitted = gate & (labels != "mentions")
    machine = train._machine(x[fitted], (labels[fitted] == "on_topic").astype(int), cv.choice)

    assert np.allclose(model.decision(x), machine.decision_function(x), atol=1e-4)
