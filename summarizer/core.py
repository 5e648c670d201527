"""The public data shapes the bot and ingestion code are written against (docs/CONTRACTS.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

__all__ = [
    "Article",
    "Backend",
    "KeyPoint",
    "Summarizer",
    "SummarizerConfig",
    "Summary",
    "SummaryError",
]

Backend = Literal["extractive", "seq2seq", "llm"]


@dataclass(frozen=True)
class Article:
    """What a summarizer reads."""

    text: str
    title: str = ""
    url: str = ""


@dataclass(frozen=True)
class KeyPoint:
    """One short self-contained statement and the verbatim source sentences it rests on."""

    text: str
    evidence: tuple[str, ...]
    outlets: tuple[str, ...] = ()
    """Outlets whose articles support the point, the evidence's own first (filled by the
    story summarizer; single-article backends leave it empty)."""
    rivals: tuple[str, ...] = ()
    """The texts of the other points that give a different figure for the same statement, or
    deny it (filled by the story summarizer). They are one disagreement: shown together or not
    at all."""
    replaces: tuple[str, ...] = ()
    """The texts of points shown before that this one gives another version of and that no
    article says any more: an outlet corrected its report in place (filled by the story
    summarizer), so a reader told the old figure is told it changed, not just a new one."""


@dataclass(frozen=True)
class Summary:
    """Key points in reading order, and the backend that actually produced them."""

    key_points: tuple[KeyPoint, ...]
    backend: Backend
    withdrawn: tuple[str, ...] = ()
    """Points shown before that their outlet removed when it corrected its report, with no
    other version of them (filled by the story summarizer): a reader told them must hear that
    no one reports them any more."""


class SummaryError(ValueError):
    """Bad input a user can cause; `str(error)` is a message fit to show them."""


@dataclass(frozen=True)
class SummarizerConfig:
    """How to build a summarizer; the bot fills it from `config.Settings`."""

    backend: Backend = "extractive"
    model: str | None = None
    """Hub id or local path for seq2seq/llm."""
    max_points: int = 3
    embedding_model: str | None = None
    """None means the packaged all-MiniLM-L6-v2."""


class Summarizer(Protocol):
    """Every backend has this one call shape, so callers never care which one they hold."""

    def summarize(self, article: Article, max_points: int | None = None) -> Summary: ...
