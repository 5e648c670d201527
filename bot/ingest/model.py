"""The learned relevance decision, stored as a JSON file of numbers the package ships.

JSON rather than pickle: the file is data, not code, so loading it cannot run anything. The
model is a support-vector machine with an RBF kernel: an article is scored by how close it sits
to the on-topic and the off-topic training items that define the boundary (the support
vectors). It replaced a logistic regression because war news with and without talks in it are
not separated by one direction in embedding space: cross-validated on the training file the
kernel keeps 94.5 % / drops 94.5 % where the linear model managed 90.7 % / 91.3 %.
Prediction is a matrix product and an exponential, so the bot needs numpy only; scikit-learn
is needed to train (bot/ingest/train.py). The support vectors are stored as base64 float32:
they are hundreds of rows of several hundred numbers, which as JSON text would be megabytes.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from functools import cached_property
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
    "read_model_file",
    "read_number",
    "read_numbers",
    "save_model",
    "write_model_file",
]

FORMAT = "ceasefire-bot relevance model v2 (rbf svm)"
DEFAULT_MODEL_PATH = CONFIG_DIR / "relevance_model.json"

Vectors = npt.NDArray[np.float32]


class ModelError(SettingsError):
    """The relevance model file is missing, malformed, or made for another encoder."""


@dataclass(frozen=True)
class RelevanceModel:
    """Standardise and weight the features, RBF-kernel SVM, then Platt calibration fitted on
    held-out scores.

    `weights` multiply the standardised features (the word cues count more than any one
    embedding dimension); `support` are the support vectors in that weighted space and `dual`
    their signed coefficients. `threshold` is the probability chosen by cross-validation on
    the training file; `meta` carries where the model came from and its figures, for people.
    """

    features: tuple[str, ...]
    mean: Vectors
    scale: Vectors
    weights: Vectors
    support: Vectors
    dual: Vectors
    gamma: float
    intercept: float
    calibration: tuple[float, float]
    threshold: float
    dimension: int
    meta: dict[str, Any]

    @cached_property
    def _support64(
        self,
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """The support vectors in float64, their squared norms and their coefficients, made
        once per model rather than once per scored article."""
        support = self.support.astype(np.float64)
        return support, (support * support).sum(axis=1), self.dual.astype(np.float64)

    def decision(self, rows: Vectors) -> npt.NDArray[np.float64]:
        """The machine's signed distance to its boundary, before calibration, one per row."""
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale * self.weights
        support, norms, dual = self._support64
        squared = (x * x).sum(axis=1)[:, np.newaxis] + norms[np.newaxis, :] - 2.0 * x @ support.T
        kernel = np.exp(-self.gamma * np.maximum(squared, 0.0))
        return np.asarray(kernel @ dual + self.intercept)

    def probability(self, rows: Vectors) -> npt.NDArray[np.float64]:
        """Calibrated probability that each row is on topic."""
        slope, offset = self.calibration
        z = slope * self.decision(rows) + offset
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        matrix = np.ascontiguousarray(self.support, dtype="<f4")
        return {
            "format": FORMAT,
            "dimension": self.dimension,
            "threshold": self.threshold,
            "calibration": {"slope": self.calibration[0], "intercept": self.calibration[1]},
            "gamma": self.gamma,
            "intercept": self.intercept,
            "features": list(self.features),
            "mean": [float(v) for v in self.mean],
            "scale": [float(v) for v in self.scale],
            "weights": [float(v) for v in self.weights],
            "dual": [float(v) for v in self.dual],
            "support": {
                "rows": int(matrix.shape[0]),
                "float32_base64": base64.b64encode(matrix.tobytes()).decode("ascii"),
            },
            "meta": self.meta,
        }


def _finite(array: npt.NDArray[Any], name: str, path: Path, what: str) -> Vectors:
    if not np.isfinite(array).all():
        raise ModelError(f"{what} {path}: {name} has a non-finite number")
    return array.astype(np.float32)


def read_numbers(
    data: dict[str, Any], name: str, size: int, path: Path, what: str = "relevance model"
) -> Vectors:
    """`data[name]` as `size` finite numbers; ModelError naming the file and field if not."""
    value = data.get(name)
    if not isinstance(value, list) or len(value) != size:
        raise ModelError(f"{what} {path}: {name} must list {size} numbers")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ModelError(f"{what} {path}: {name} must list {size} numbers") from None
    return _finite(array, name, path, what)


def read_number(
    data: dict[str, Any], name: str, path: Path, what: str = "relevance model"
) -> float:
    """`data[name]` as one finite number (not a bool); ModelError if not."""
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ModelError(f"{what} {path}: {name} must be a number")
    return float(value)


def _support(data: dict[str, Any], size: int, path: Path) -> Vectors:
    block = data.get("support")
    rows = block.get("rows") if isinstance(block, dict) else None
    encoded = block.get("float32_base64") if isinstance(block, dict) else None
    if not isinstance(rows, int) or rows < 1 or not isinstance(encoded, str):
        raise ModelError(f"relevance model {path}: support must give rows and float32_base64")
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise ModelError(f"relevance model {path}: support is not valid base64") from None
    if len(raw) != rows * size * 4:
        raise ModelError(f"relevance model {path}: support must hold {rows} x {size} numbers")
    matrix = np.frombuffer(raw, dtype="<f4").reshape(rows, size)
    return _finite(matrix, "support", path, "relevance model")


def read_model_file(path: Path, what: str, format: str, trainer: str) -> dict[str, Any]:
    """A model file's JSON object, refused with a ModelError naming the file when it is
    missing, not JSON, or of another format (`trainer` is the command that writes it)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{what} {path} does not exist") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{what} {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != format:
        raise ModelError(f"{what} {path}: format must be {format!r} (retrain with {trainer})")
    return data


def write_model_file(data: dict[str, Any], path: Path) -> None:
    """Write a model as indented JSON; float32 values round-trip exactly through it."""
    text = json.dumps(data, indent=1, ensure_ascii=False)
    Path(path).write_text(text + "\n", encoding="utf-8")


def load_model(path: Path = DEFAULT_MODEL_PATH) -> RelevanceModel:
    """Read a model file written by `python -m bot.ingest.train`; ModelError names what is bad."""
    data = read_model_file(path, "relevance model", FORMAT, "python -m bot.ingest.train")
    features = data.get("features")
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise ModelError(f"relevance model {path}: features must be a list of names")
    size = len(features)
    scale = read_numbers(data, "scale", size, path)
    if (scale <= 0).any():
        raise ModelError(f"relevance model {path}: scale must be positive")
    calibration = data.get("calibration")
    if not isinstance(calibration, dict):
        raise ModelError(f"relevance model {path}: calibration must have slope and intercept")
    support = _support(data, size, path)
    gamma = read_number(data, "gamma", path)
    if gamma <= 0:
        raise ModelError(f"relevance model {path}: gamma must be positive")
    meta = data.get("meta", {})
    return RelevanceModel(
        features=tuple(features),
        mean=read_numbers(data, "mean", size, path),
        scale=scale,
        weights=read_numbers(data, "weights", size, path),
        support=support,
        dual=read_numbers(data, "dual", len(support), path),
        gamma=gamma,
        intercept=read_number(data, "intercept", path),
        calibration=(
            read_number(calibration, "slope", path),
            read_number(calibration, "intercept", path),
        ),
        threshold=read_number(data, "threshold", path),
        dimension=int(read_number(data, "dimension", path)),
        meta=meta if isinstance(meta, dict) else {},
    )


def save_model(model: RelevanceModel, path: Path) -> None:
    """Write the model file `load_model` reads."""
    write_model_file(model.to_json(), path)
