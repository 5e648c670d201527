"""What a chat has chosen, in the reader's words: conflict names, preference errors, settings.

Pure functions over the preferences value and a translator, shared by /subscribe, /settings,
/filter and the buttons, so every place names a conflict and words an error the same way.

Conflict display names come from the topic file when it has them (`Topic.conflicts`, each with
`key` and per-language `names`); until then, and for a topic that names none, from the small
table below.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.i18n import N_, LocalizedError, Translator
from bot.preferences import ALL_CONFLICTS, PreferenceError, Preferences
from bot.render import esc

__all__ = [
    "FALLBACK_CONFLICTS",
    "conflict_names",
    "conflicts_label",
    "parse_conflicts",
    "preference_error",
    "render_choices",
    "toggled",
]

# key -> display name per language; the order is the order of the buttons.
FALLBACK_CONFLICTS: dict[str, dict[str, str]] = {
    "ru-ua": {"en": "Russia-Ukraine", "uk": "Росія-Україна", "ru": "Россия-Украина"},
    "il-gaza": {"en": "Israel-Gaza", "uk": "Ізраїль-Газа", "ru": "Израиль-Газа"},
    "sudan": {"en": "Sudan", "uk": "Судан", "ru": "Судан"},
    "other": {"en": "Any other conflict", "uk": "Інші конфлікти", "ru": "Другие конфликты"},
}
ALL_WORDS = frozenset({"all", "*", "всі", "усі", "все"})

PREFERENCE_MESSAGES = {
    "filter_empty": N_(
        "A + or - needs a word or phrase after it, like /filter +prisoner exchange."
    ),
    "filter_syntax": N_(
        "Start each phrase with + (stories must mention it) or - (never show stories with it), "
        "like /filter +prisoner exchange -sanctions."
    ),
    "filter_bad_chars": N_(
        "A phrase cannot contain angle brackets, ampersands, control or invisible characters."
    ),
    "filter_pattern": N_(
        "Phrases are matched as written, not as patterns: for any of several words give "
        "each its own +, like /filter +truce +ceasefire."
    ),
    "filter_too_long": N_("A phrase can be at most {limit} characters long."),
    "filter_too_many": N_(
        "You can keep at most {limit} phrases in all; /filter clear starts over."
    ),
    "points_range": N_(
        "Key points per story: a whole number from {low} to {high}, like /settings points 5."
    ),
}
UNREADABLE_PREFERENCE = N_("I could not read that; nothing was changed.")
UNKNOWN_CONFLICT = N_("I don't know the conflict {value!r}. Choose from: {valid}; or all.")


def conflict_names(topic: object, lang: str) -> dict[str, str]:
    """Conflict key -> its name in `lang`, from the topic's conflicts if it lists any."""
    found: dict[str, str] = {}
    for conflict in getattr(topic, "conflicts", None) or ():
        key = getattr(conflict, "key", None)
        names = getattr(conflict, "names", None)
        if isinstance(key, str) and isinstance(names, Mapping):
            found[key] = str(names.get(lang) or names.get("en") or key)
    if found:
        return found
    return {key: names.get(lang) or names["en"] for key, names in FALLBACK_CONFLICTS.items()}


def conflicts_label(conflicts: Sequence[str], names: Mapping[str, str], t: Translator) -> str:
    """ "Russia-Ukraine, Sudan" or "all conflicts" (plain text, not escaped)."""
    if ALL_CONFLICTS in conflicts:
        return t.gettext("all conflicts")
    return ", ".join(names.get(key, key) for key in conflicts)


def parse_conflicts(text: str, names: Mapping[str, str]) -> tuple[str, ...]:
    """Read `ru-ua,sudan` or `all`; an unknown key names the valid ones and changes nothing."""
    words = [w for w in re.split(r"[,\s]+", text.strip().casefold()) if w]
    if words and all(w in ALL_WORDS for w in words):
        return (ALL_CONFLICTS,)
    valid = ", ".join(f"{key} ({name})" for key, name in names.items())
    if not words:
        raise LocalizedError(
            "conflicts.unknown", UNKNOWN_CONFLICT, value=text.strip(), valid=valid
        )
    for word in words:
        if word not in names:
            raise LocalizedError("conflicts.unknown", UNKNOWN_CONFLICT, value=word, valid=valid)
    return tuple(key for key in names if key in words)


def toggled(chosen: Sequence[str], key: str, known: Sequence[str]) -> tuple[str, ...]:
    """The conflicts after tapping `key`; "all" becomes every known one but the tapped one.

    May be empty: the caller refuses that, since a chat follows at least one conflict.
    """
    current = set(known) if ALL_CONFLICTS in chosen else set(chosen)
    current ^= {key}
    return tuple(k for k in known if k in current) + tuple(
        sorted(k for k in current if k not in known)
    )


def preference_error(error: PreferenceError) -> LocalizedError:
    """A PreferenceError (a code and parameters) as the message the reader sees."""
    message = PREFERENCE_MESSAGES.get(error.code, UNREADABLE_PREFERENCE)
    return LocalizedError(f"prefs.{error.code}", message, **error.params)


def _phrases(phrases: Sequence[str]) -> str:
    return ", ".join(f"«{esc(p)}»" for p in phrases)


def render_words(prefs: Preferences, t: Translator) -> str:
    """The chat's word filters, one line each (HTML)."""
    if not prefs.include and not prefs.exclude:
        return t.gettext("<b>Words:</b> none, every story of your conflicts comes through")
    lines: list[str] = []
    if prefs.include:
        lines.append(
            t.gettext("<b>Must mention one of:</b> {phrases}", phrases=_phrases(prefs.include))
        )
    if prefs.exclude:
        lines.append(t.gettext("<b>Never with:</b> {phrases}", phrases=_phrases(prefs.exclude)))
    return "\n".join(lines)


def render_choices(
    prefs: Preferences, names: Mapping[str, str], t: Translator, language_name: str
) -> str:
    """The /settings lines about what a chat gets (HTML): conflicts, words, points, language."""
    lines = [
        t.gettext(
            "<b>Conflicts:</b> {conflicts}",
            conflicts=esc(conflicts_label(prefs.conflicts, names, t)),
        ),
        render_words(prefs, t),
        t.gettext("<b>Key points per story:</b> {points}", points=prefs.points),
        t.gettext("<b>Language:</b> {language}", language=esc(language_name)),
        t.gettext("<b>Time zone:</b> {zone}", zone=esc(prefs.timezone)),
    ]
    return "\n".join(lines)
