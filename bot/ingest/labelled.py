"""The labelled relevance data both training commands read (`bot.ingest.train` and
`bot.ingest.train_cues`): one JSON object a line, checked line by line so a bad file is refused
with the line that is wrong, and the provenance each model file records."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "FORMS",
    "LABELS",
    "Item",
    "TrainError",
    "provenance",
    "read_items",
    "read_training_file",
]

LABELS = ("on_topic", "mentions", "off_topic")
FORMS = ("snippet", "full_article")


class TrainError(ValueError):
    """The training file cannot be used; the message names the line."""


@dataclass(frozen=True)
class Item:
    """One labelled article or snippet. `hard` marks a hard negative (note "hard_negative...")."""

    title: str
    text: str
    label: str
    form: str
    hard: bool


def read_items(path: Path) -> list[Item]:
    """Read JSONL with title, text, label (on_topic|mentions|off_topic) and form per line."""
    items = []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TrainError(f"{path}:{number}: not JSON ({exc})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise TrainError(f"{path}:{number}: needs a text field")
        label = row.get("label")
        if label not in LABELS:
            raise TrainError(f"{path}:{number}: label must be one of {', '.join(LABELS)}")
        form = row.get("form", "full_article")
        if form not in FORMS:
            raise TrainError(f"{path}:{number}: form must be one of {', '.join(FORMS)}")
        note = str(row.get("note", ""))
        items.append(
            Item(str(row.get("title") or ""), row["text"], label, form, note.startswith("hard"))
        )
    return items


def read_training_file(path: Path) -> list[Item]:
    """`read_items`, refusing a file without both on_topic and off_topic items."""
    items = read_items(path)
    if not {"on_topic", "off_topic"} <= {item.label for item in items}:
        raise TrainError("the training file needs on_topic and off_topic items")
    return items


def provenance(path: Path, items: Sequence[Item], command: str) -> dict[str, Any]:
    """Where a model came from, for its file's `meta`: the training file and the command."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return {
        "trained_on": {"file": path.name, "sha256_16": digest, "items": len(items)},
        "command": f"{command} {path.name}",
    }
