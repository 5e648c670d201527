"""Train the relevance model from labelled news: `python -m bot.ingest.train TRAIN_FILE`.

Everything is chosen on the training file by cross-validation (fixed seeds, so a rerun writes
the same file): the SVM regularisation, the word cues' weight, the calibration and the
threshold. Report figures on a separate file (bench/topic_bench.py); the figures printed here
are cross-validated.

`mentions` items (talks in passing; keeping or dropping them are both acceptable) are left out
of fitting: as positives they teach the model that a war story with one line on talks is on
topic, pulling the hard negatives (war coverage without talks) over the line; as negatives they
push away real talks stories. Their keep rate is printed for information.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.ingest.features import CUE_NAMES, article_features, feature_names
from bot.ingest.labelled import FORMS, Item, TrainError, provenance, read_training_file
from bot.ingest.model import DEFAULT_MODEL_PATH, RelevanceModel, save_model
from bot.ingest.relevance import EmbedderLike, keyword_hits, model_gate, scoring_passages
from bot.ingest.topic import Topic, load_topic
from config import CONFIG_DIR

__all__ = [
    "cross_validated",
    "figures",
    "fit_model",
    "held_out_lines",
    "main",
    "pick_threshold",
    "stratified_folds",
]

C_GRID = (1.0, 3.0, 10.0)
CUE_WEIGHTS = (1.0, 10.0, 40.0)
"""How much more each word cue counts than one embedding dimension, as a multiplier of its
squared distance: ten cues beside 768 dimensions would otherwise barely move the kernel."""
FOLDS = 5
REPEATS = 3
TARGET = 0.97
SEED = 20261129


def held_out_lines(result: dict[str, dict[str, float | int]]) -> list[str]:
    """The cross-validated rates `figures` gives, as the training commands print them."""
    return [
        f"{FOLDS}-fold x{REPEATS} held-out, at the threshold:",
        *(
            f"  {name:<32} {row['percent']:5.1f} % of {row['items']}"
            for name, row in result.items()
        ),
    ]


def featurize(
    embedder: EmbedderLike, topic: Topic, items: Sequence[Item]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
    """Feature rows of every item and whether it passes the model's gate (slow: embeds)."""
    rows, gate = [], []
    for item in items:
        passages = embedder.embed(scoring_passages(item.title, item.text))
        rows.append(article_features(passages, item.title, item.text))
        gate.append(model_gate(keyword_hits(topic, item.title, item.text), item.title, item.text))
    return np.stack(rows), np.array(gate, dtype=bool)


@dataclass(frozen=True)
class Choice:
    """The free choices cross-validation makes: SVM regularisation and the cues' weight."""

    c: float
    cue_weight: float

    def __str__(self) -> str:
        return f"C={self.c:g}, cue weight {self.cue_weight:g}"


CHOICES = tuple(Choice(c, w) for w in CUE_WEIGHTS for c in C_GRID)


def feature_weights(width: int, cue_weight: float) -> npt.NDArray[np.float64]:
    """Multipliers of the standardised columns: 1 for embeddings, sqrt(cue_weight) for cues."""
    weights = np.ones(width)
    weights[width - len(CUE_NAMES) :] = math.sqrt(cue_weight)
    return weights


@dataclass(frozen=True)
class Machine:
    """A fitted scaler + weights + SVM, scoring raw feature rows as the shipped model does."""

    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    svm: Any

    def decision_function(self, x: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        z = (x - self.mean) / self.scale * self.weights
        return np.asarray(self.svm.decision_function(z), dtype=np.float64)


def _machine(x: npt.NDArray[Any], y: npt.NDArray[Any], choice: Choice) -> Machine:
    """RBF SVM with gamma 1/(sum of squared weights): the "scale" rule of scikit-learn for
    standardised columns, counting a cue of weight w as w columns."""
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    scaler = StandardScaler().fit(x)
    weights = feature_weights(x.shape[1], choice.cue_weight)
    z = scaler.transform(x) * weights
    gamma = 1.0 / float((weights**2).sum())
    svm = SVC(C=choice.c, kernel="rbf", gamma=gamma, class_weight="balanced").fit(z, y)
    return Machine(scaler.mean_, scaler.scale_, weights, svm)


def stratified_folds(strata: npt.NDArray[Any], repeat: int) -> list[tuple[npt.NDArray[Any], ...]]:
    from sklearn.model_selection import StratifiedKFold

    smallest = min(np.unique(strata, return_counts=True)[1])
    k = max(2, min(FOLDS, int(smallest)))
    splitter = StratifiedKFold(k, shuffle=True, random_state=SEED + repeat)
    return list(splitter.split(np.zeros(len(strata)), strata))


def out_of_fold(
    x: npt.NDArray[Any], y: npt.NDArray[Any], strata: npt.NDArray[Any], choice: Choice
) -> npt.NDArray[np.float64]:
    """Each fitted item's score from machines that did not see it, per repeat (R, n)."""
    runs = np.zeros((REPEATS, len(y)))
    for repeat in range(REPEATS):
        for train, test in stratified_folds(strata, repeat):
            machine = _machine(x[train], y[train], choice)
            runs[repeat, test] = machine.decision_function(x[test])
    return runs


def balanced_log_loss(y: npt.NDArray[Any], z: npt.NDArray[np.float64]) -> float:
    """Mean log loss of log-odds `z` with both classes weighted equally, as the fit weights
    them."""
    p = np.clip(1 / (1 + np.exp(-z)), 1e-6, 1 - 1e-6)
    pos, neg = y == 1, y == 0
    return float(-(np.log(p[pos]).mean() + np.log(1 - p[neg]).mean()) / 2)


def platt(y: npt.NDArray[Any], z: npt.NDArray[np.float64]) -> tuple[float, float]:
    """Slope and intercept mapping held-out log-odds to probabilities (balanced classes)."""
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=1e4, class_weight="balanced", max_iter=5000)
    fit.fit(z.reshape(-1, 1), y)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def pick_threshold(
    on: npt.NDArray[np.float64], off: npt.NDArray[np.float64], target: float = TARGET
) -> float:
    """The middle of the thresholds that keep `target` of on and drop `target` of off; without
    one, the threshold with the best worse-of-the-two rate."""
    on_sorted, off_sorted = np.sort(on)[::-1], np.sort(off)[::-1]
    must_keep = math.ceil(target * len(on) - 1e-9)
    may_keep = len(off) - math.ceil(target * len(off) - 1e-9)
    hi = float(on_sorted[must_keep - 1]) if must_keep else 1.0
    lo = float(off_sorted[may_keep]) if may_keep < len(off) else 0.0
    if lo < hi:
        return (lo + hi) / 2
    values = np.unique(np.concatenate([on, off]))
    candidates = (values[1:] + values[:-1]) / 2 if len(values) > 1 else values
    return float(
        max(candidates, key=lambda t: (min((on >= t).mean(), (off < t).mean()), -abs(t - 0.5)))
    )


@dataclass(frozen=True)
class CrossValidated:
    """Held-out probabilities of every item (R, n): fitted items out of fold, mentions and
    gate-failures as the model would see them (-inf where the gate says no)."""

    choice: Choice
    calibration: tuple[float, float]
    probabilities: npt.NDArray[np.float64]
    threshold: float
    losses: dict[Choice, float]


def calibrated_loss(
    y: npt.NDArray[Any], runs: npt.NDArray[np.float64]
) -> tuple[float, tuple[float, float]]:
    """Balanced log loss of the held-out scores after their own Platt calibration, and that
    calibration: an SVM's raw scores are not log-odds, so only calibrated scores compare
    across choices."""
    slope, offset = platt(np.tile(y, len(runs)), runs.ravel())
    loss = float(np.mean([balanced_log_loss(y, slope * run + offset) for run in runs]))
    return loss, (slope, offset)


def cross_validated(
    x: npt.NDArray[Any], gate: npt.NDArray[np.bool_], items: Sequence[Item]
) -> CrossValidated:
    """Choose C and the cue weight by held-out calibrated loss, calibrate, pick the threshold."""
    labels = np.array([item.label for item in items])
    strata = np.array([f"{item.label}/{item.form}" for item in items])
    fitted = np.flatnonzero(gate & (labels != "mentions"))
    y = (labels[fitted] == "on_topic").astype(int)
    losses: dict[Choice, float] = {}
    calibrations: dict[Choice, tuple[float, float]] = {}
    runs: dict[Choice, npt.NDArray[np.float64]] = {}
    for choice in CHOICES:
        runs[choice] = out_of_fold(x[fitted], y, strata[fitted], choice)
        losses[choice], calibrations[choice] = calibrated_loss(y, runs[choice])
    best = min(CHOICES, key=lambda choice: (round(losses[choice], 4), choice.cue_weight, choice.c))
    calibration = calibrations[best]
    slope, offset = calibration
    probabilities = np.full((REPEATS, len(items)), -math.inf)
    probabilities[:, fitted] = 1 / (1 + np.exp(-(slope * runs[best] + offset)))
    others = np.flatnonzero(gate & (labels == "mentions"))
    if len(others):
        machine = _machine(x[fitted], y, best)
        z = machine.decision_function(x[others])
        probabilities[:, others] = 1 / (1 + np.exp(-(slope * z + offset)))
    on = probabilities[:, labels == "on_topic"].ravel()
    off = probabilities[:, labels == "off_topic"].ravel()
    return CrossValidated(best, calibration, probabilities, pick_threshold(on, off), losses)


def fit_model(
    x: npt.NDArray[Any],
    gate: npt.NDArray[np.bool_],
    items: Sequence[Item],
    cv: CrossValidated,
    meta: dict[str, Any],
) -> RelevanceModel:
    """Refit on every gated, non-mentions item with the cross-validated choices."""
    labels = np.array([item.label for item in items])
    fitted = gate & (labels != "mentions")
    y = (labels[fitted] == "on_topic").astype(int)
    machine = _machine(x[fitted], y, cv.choice)
    dimension = (x.shape[1] - len(feature_names(0))) // 2
    return RelevanceModel(
        features=tuple(feature_names(dimension)),
        mean=np.asarray(machine.mean, dtype=np.float32),
        scale=np.asarray(machine.scale, dtype=np.float32),
        weights=np.asarray(machine.weights, dtype=np.float32),
        support=np.asarray(machine.svm.support_vectors_, dtype=np.float32),
        dual=np.asarray(machine.svm.dual_coef_[0], dtype=np.float32),
        gamma=float(machine.svm.gamma),
        intercept=float(machine.svm.intercept_[0]),
        calibration=cv.calibration,
        threshold=round(cv.threshold, 4),
        dimension=dimension,
        meta=meta,
    )


def figures(
    items: Sequence[Item], probabilities: npt.NDArray[np.float64], threshold: float
) -> dict[str, dict[str, float | int]]:
    """Held-out rates per group at `threshold`, averaged over the repeats."""
    keep = probabilities >= threshold
    groups: dict[str, npt.NDArray[np.bool_]] = {}
    labels = np.array([item.label for item in items])
    forms = np.array([item.form for item in items])
    hard = np.array([item.hard for item in items])
    for form in ("all", *FORMS):
        in_form = np.ones(len(items), bool) if form == "all" else forms == form
        groups[f"on_topic kept ({form})"] = (labels == "on_topic") & in_form
        groups[f"off_topic dropped ({form})"] = (labels == "off_topic") & in_form
    groups["hard negatives dropped"] = hard & (labels == "off_topic")
    groups["mentions kept"] = labels == "mentions"
    out: dict[str, dict[str, float | int]] = {}
    for name, members in groups.items():
        if not members.any():
            continue
        good = keep[:, members] if "kept" in name else ~keep[:, members]
        out[name] = {"percent": round(100 * float(good.mean()), 1), "items": int(members.sum())}
    return out


def main(argv: Sequence[str] | None = None, embedder: EmbedderLike | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.ingest.train", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("train_file", type=Path, help="labelled JSONL (topic_train.jsonl)")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--topic", type=Path, default=CONFIG_DIR / "topic.toml")
    args = parser.parse_args(argv)
    try:
        items = read_training_file(args.train_file)
    except (OSError, TrainError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    topic = load_topic(args.topic)
    if embedder is None:
        from summarizer import load_embedder

        embedder = load_embedder()
    x, gate = featurize(embedder, topic, items)
    cv = cross_validated(x, gate, items)
    result = figures(items, cv.probabilities, cv.threshold)
    meta = {
        "encoder": "all-MiniLM-L6-v2 (summarizer.load_embedder)",
        **provenance(args.train_file, items, "python -m bot.ingest.train"),
        "C": cv.choice.c,
        "cue_weight": cv.choice.cue_weight,
        "cross_validation": {
            "folds": FOLDS,
            "repeats": REPEATS,
            "seed": SEED,
            "threshold_target": TARGET,
            "held_out": result,
        },
    }
    model = fit_model(x, gate, items, cv, meta)
    save_model(model, args.out)
    fitted = int((gate & (np.array([i.label for i in items]) != "mentions")).sum())
    losses = "; ".join(f"{choice}: {loss:.3f}" for choice, loss in cv.losses.items())
    lines = [
        f"{len(items)} items; fitted on {fitted} (passing the gate, mentions left out)",
        f"held-out calibrated balanced log loss: {losses} -> {cv.choice}",
        f"{len(model.support)} support vectors",
        f"calibration slope {cv.calibration[0]:.3f}, intercept {cv.calibration[1]:+.3f}; "
        f"threshold {model.threshold:.3f} (chosen on the held-out scores below)",
        *held_out_lines(result),
        f"wrote {args.out}",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
