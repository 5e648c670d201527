"""The learned relevance decision, stored as plain JSON numbers the package ships.

JSON rather than pickle: the file is data, not code, so loading it cannot run anything, and a
diff of a retrained model shows what changed. Prediction is a dot product and two sigmoids, so
the bot needs numpy only; scikit-learn is needed to train (bot/ingest/train.py).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from config import CONFIG_DIR, SettingsError

__all__ = [
    "DEFAULT_MODEL_PATH",
    "FORMAT",
    "ModelError",
    "RelevanceModel",
    "load_model",
    "save_model",
]

FORMAT = "ceasefire-bot relevance model v1"
DEFAULT_MODEL_PATH = CONFIG_DIR / "relevance_model.json"

Vectors = npt.NDArray[np.float32]


class ModelError(SettingsError):
    """The relevance model file is missing, malformed, or made for another encoder."""


@dataclass(frozen=True)
class RelevanceModel:
    """Standardise, logistic regression, then Platt calibration fitted on held-out scores.

    `threshold` is the probability chosen by cross-validation on the training file; `meta`
    carries where the model came from and its cross-validated figures, for people.
    """

    features: tuple[str, ...]
    mean: Vectors
    scale: Vectors
    coef: Vectors
    intercept: float
    calibration: tuple[float, float]
    threshold: float
    dimension: int
    meta: dict[str, Any]

    def decision(self, rows: Vectors) -> npt.NDArray[np.float64]:
        """The regression's log-odds before calibration, one per row."""
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale
        return np.asarray(x @ self.coef.astype(np.float64) + self.intercept, dtype=np.float64)

    def probability(self, rows: Vectors) -> npt.NDArray[np.float64]:
        """Calibrated probability that each row is on topic."""
        slope, offset = self.calibration
        z = slope * self.decision(rows) + offset
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "dimension": self.dimension,
            "threshold": self.threshold,
            "calibration": {"slope": self.calibration[0], "intercept": self.calibration[1]},
            "intercept": self.intercept,
            "features": list(self.features),
            "mean": [float(v) for v in self.mean],
            "scale": [float(v) for v in self.scale],
            "coef": [float(v) for v in self.coef],
            "meta": self.meta,
        }


def _numbers(data: dict[str, Any], name: str, size: int, path: Path) -> Vectors:
    value = data.get(name)
    if not isinstance(value, list) or len(value) != size:
        raise ModelError(f"relevance model {path}: {name} must list {size} numbers")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ModelError(f"relevance model {path}: {name} must list {size} numbers") from None
    if not np.isfinite(array).all():
        raise ModelError(f"relevance model {path}: {name} has a non-finite number")
    return array.astype(np.float32)


def _number(data: dict[str, Any], name: str, path: Path) -> float:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ModelError(f"relevance model {path}: {name} must be a number")
    return float(value)


def load_model(path: Path = DEFAULT_MODEL_PATH) -> RelevanceModel:
    """Read a model file written by `python -m bot.ingest.train`; ModelError names what is bad."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"relevance model {path} does not exist") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"relevance model {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError(f"relevance model {path}: format must be {FORMAT!r}")
    features = data.get("features")
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise ModelError(f"relevance model {path}: features must be a list of names")
    size = len(features)
    scale = _numbers(data, "scale", size, path)
    if (scale <= 0).any():
        raise ModelError(f"relevance model {path}: scale must be positive")
    calibration = data.get("calibration")
    if not isinstance(calibration, dict):
        raise ModelError(f"relevance model {path}: calibration must have slope and intercept")
    meta = data.get("meta", {})
    return RelevanceModel(
        features=tuple(features),
        mean=_numbers(data, "mean", size, path),
        scale=scale,
        coef=_numbers(data, "coef", size, path),
        intercept=_number(data, "intercept", path),
        calibration=(
            _number(calibration, "slope", path),
            _number(calibration, "intercept", path),
        ),
        threshold=_number(data, "threshold", path),
        dimension=int(_number(data, "dimension", path)),
        meta=meta if isinstance(meta, dict) else {},
    )


def save_model(model: RelevanceModel, path: Path) -> None:
    """Write the model as indented JSON; float32 values round-trip exactly through it."""
    text = json.dumps(model.to_json(), indent=1, ensure_ascii=False)
    Path(path).write_text(text + "\n", encoding="utf-8")
