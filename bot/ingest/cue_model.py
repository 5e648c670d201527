"""The word-cue relevance model: how Ukrainian and Russian reports are judged.

The main model reads the English encoder's embeddings, which carry nothing for Cyrillic text,
so without this a Ukrainian- or Russian-language feed's talks reports were all dropped. This
model sees only the ten word cues (bot/ingest/features.py), which are counts and distances of
word classes, not words: learned on the English training file with the English lexicon, it
applies to a Cyrillic report through the same cues in the Cyrillic lexicon
(bot/ingest/lexicons.py). A logistic regression: ten weights a person can read and check
(the cease-fire words pull up, trade and sport words down), stored as JSON beside the main
model and trained by `python -m bot.ingest.train_cues`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.ingest.features import CUE_NAMES
from bot.ingest.model import (
    ModelError,
    read_model_file,
    read_number,
    read_numbers,
    write_model_file,
)
from config import CONFIG_DIR

__all__ = ["CUE_FORMAT", "DEFAULT_CUE_MODEL_PATH", "CueModel", "load_cue_model", "save_cue_model"]

CUE_FORMAT = "ceasefire-bot word-cue relevance model v1 (logistic)"
DEFAULT_CUE_MODEL_PATH = CONFIG_DIR / "relevance_cues.json"
WHAT = "word-cue model"


@dataclass(frozen=True)
class CueModel:
    """Standardise the cues, weigh them, add the intercept: the log-odds of being on topic.

    `threshold` is the probability chosen by cross-validation on the training file; `meta`
    says where the model came from and its cross-validated figures, for people.
    """

    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    coefficients: npt.NDArray[np.float64]
    intercept: float
    threshold: float
    meta: dict[str, Any]

    def probability(self, cues: list[float]) -> float:
        """Probability that an article with these cue values (CUE_NAMES order) is on topic."""
        z = (np.asarray(cues, dtype=np.float64) - self.mean) / self.scale
        return float(1.0 / (1.0 + np.exp(-(z @ self.coefficients + self.intercept))))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": CUE_FORMAT,
            "threshold": self.threshold,
            "features": list(CUE_NAMES),
            "mean": [float(v) for v in self.mean],
            "scale": [float(v) for v in self.scale],
            "coefficients": [float(v) for v in self.coefficients],
            "intercept": self.intercept,
            "meta": self.meta,
        }


def load_cue_model(path: Path = DEFAULT_CUE_MODEL_PATH) -> CueModel:
    """Read a file written by `python -m bot.ingest.train_cues`; ModelError says what is bad."""
    data = read_model_file(path, WHAT, CUE_FORMAT, "python -m bot.ingest.train_cues")
    if data.get("features") != list(CUE_NAMES):
        raise ModelError(
            f"{WHAT} {path}: features must be {', '.join(CUE_NAMES)} "
            "(retrain with python -m bot.ingest.train_cues)"
        )
    size = len(CUE_NAMES)
    scale = read_numbers(data, "scale", size, path, WHAT).astype(np.float64)
    if (scale <= 0).any():
        raise ModelError(f"{WHAT} {path}: scale must be positive")
    meta = data.get("meta", {})
    return CueModel(
        mean=read_numbers(data, "mean", size, path, WHAT).astype(np.float64),
        scale=scale,
        coefficients=read_numbers(data, "coefficients", size, path, WHAT).astype(np.float64),
        intercept=read_number(data, "intercept", path, WHAT),
        threshold=read_number(data, "threshold", path, WHAT),
        meta=meta if isinstance(meta, dict) else {},
    )


def save_cue_model(model: CueModel, path: Path) -> None:
    """Write the model file `load_cue_model` reads."""
    write_model_file(model.to_json(), path)
