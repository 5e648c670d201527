"""The topic the bot follows, read from a TOML file so another conflict is a config change."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from config import SettingsError

__all__ = ["Topic", "TopicError", "load_topic"]


class TopicError(SettingsError):
    """The topic file is missing a field or has the wrong shape; the message names it."""


@dataclass(frozen=True)
class Topic:
    """What counts as news: a description to embed, candidate keywords and the conflict's actors.

    `negatives` are descriptions of look-alike news (a trade truce, a sports armistice) that the
    relevance score is contrasted with; they have sensible defaults.
    """

    key: str
    name: str
    description: str
    keywords: tuple[str, ...]
    focus: tuple[str, ...] = ()
    negatives: tuple[str, ...] = ()


DEFAULT_NEGATIVES = (
    "Trade talks and a tariff truce between trading partners; a trade war, import duties, "
    "exports, markets, commodity prices and company earnings.",
    "Business negotiations: a merger, a takeover bid, contract talks, wage negotiations with a "
    "union, a strike, shareholders and a company deal.",
    "Sport: a football match, a team, players, a coach, a transfer, a tournament, a league and "
    "a championship result; a striker's contract talks with his club.",
    "Crime and courts: police, an arrest, a murder trial, a sentence, a lawsuit, a judge.",
    "Celebrities, entertainment, film, music, fashion, television, health and lifestyle news.",
    "Domestic politics: an election campaign, parliament, a budget, taxes and opinion polls.",
)


def _strings(data: dict[str, object], name: str, path: Path) -> tuple[str, ...]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TopicError(f"{path}: {name} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def load_topic(path: Path) -> Topic:
    """Read a topic file (see config/topic.toml); raises TopicError with the bad field named."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TopicError(f"topic file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise TopicError(f"topic file {path} is not valid TOML: {exc}") from None
    fields: dict[str, str] = {}
    for name in ("key", "name", "description"):
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            raise TopicError(f"{path}: {name} must be a non-empty string")
        fields[name] = " ".join(value.split())
    keywords = _strings(data, "keywords", path)
    if not keywords:
        raise TopicError(f"{path}: keywords must list at least one word")
    negatives = _strings(data, "negatives", path) or DEFAULT_NEGATIVES
    return Topic(
        key=fields["key"],
        name=fields["name"],
        description=fields["description"],
        keywords=keywords,
        focus=_strings(data, "focus", path),
        negatives=negatives,
    )
