"""The topic the bot follows, read from a TOML file so another conflict is a config change."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config import SettingsError

__all__ = ["OTHER", "Conflict", "Topic", "TopicError", "load_topic"]


class TopicError(SettingsError):
    """The topic file is missing a field or has the wrong shape; the message names it."""


OTHER = "other"
LANGUAGES = ("en", "uk", "ru")
_KEY = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Conflict:
    """A war the bot follows: stories naming its actors or words are tagged with its key.

    `names` has a display name per language (en, uk, ru). A word ending in "*" matches any
    ending ("Україн*" matches Україна, України, Україні), which Ukrainian and Russian need.
    `shared` are names other news uses too (Moscow hosting Hamas, Russia voting on Sudan at the
    UN, "RSF" the press-freedom group): they tag a story with this conflict only when no
    conflict is named by its own actors or words.
    """

    key: str
    names: dict[str, str]
    actors: tuple[str, ...]
    words: tuple[str, ...]
    shared: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["en"]


DEFAULT_OTHER = Conflict(
    OTHER, {"en": "Any other conflict", "uk": "Інші конфлікти", "ru": "Другие конфликты"}, (), ()
)


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
    conflicts: tuple[Conflict, ...] = field(default=(DEFAULT_OTHER,))


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


def _strings(data: dict[str, object], name: str, path: Path | str) -> tuple[str, ...]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TopicError(f"{path}: {name} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def _conflict(entry: object, index: int, path: Path) -> Conflict:
    where = f"{path}: conflicts[{index}]"
    if not isinstance(entry, dict):
        raise TopicError(f"{where} must be a table with key, names, actors and words")
    key = entry.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise TopicError(
            f"{where}: key must be lower-case letters, digits and single hyphens "
            f"(like 'ru-ua'), got {key!r}"
        )
    where = f"{path}: conflict {key!r}"
    names: Any = entry.get("names")
    if not isinstance(names, dict) or not all(
        isinstance(v, str) and v.strip() for v in names.values()
    ):
        raise TopicError(f"{where}: names must map languages ({', '.join(LANGUAGES)}) to text")
    if "en" not in names:
        raise TopicError(f"{where}: names must include en")
    clean = {lang: " ".join(str(text).split()) for lang, text in names.items()}
    actors = _strings(entry, "actors", where)
    words = _strings(entry, "words", where)
    if key != OTHER and (not actors or not words):
        raise TopicError(f"{where} must list its actors and its words")
    return Conflict(key, clean, actors, words, _strings(entry, "shared", where))


def _conflicts(data: dict[str, object], path: Path) -> tuple[Conflict, ...]:
    entries = data.get("conflicts", [])
    if not isinstance(entries, list):
        raise TopicError(f"{path}: conflicts must be a list of [[conflicts]] tables")
    conflicts = [_conflict(entry, i, path) for i, entry in enumerate(entries)]
    seen: set[str] = set()
    for conflict in conflicts:
        if conflict.key in seen:
            raise TopicError(f"{path}: conflict key {conflict.key!r} is used twice")
        seen.add(conflict.key)
    if OTHER not in seen:
        conflicts.append(DEFAULT_OTHER)
    return tuple(conflicts)


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
        conflicts=_conflicts(data, path),
    )
