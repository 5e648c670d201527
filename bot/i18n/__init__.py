"""The bot's languages: Ukrainian, Russian and English, from gettext catalogues.

Message ids are the English texts, marked in the code with `_()`, `ngettext()` or `N_()` (for
texts translated later, such as command descriptions). Each language has a `.po` file under
`bot/locales/<lang>/LC_MESSAGES/bot.po`; it is compiled in memory with Babel the first time the
language is used, so there is no build step and no `.mo` file to forget. English falls back to
the message id when its catalogue leaves a translation empty.

Placeholders are `{name}` fields filled by `str.format` after translation, so a translator can
move them; `tests/bot/test_i18n.py` checks every id in the code has a translation with the same
placeholders in every language.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LocalizedError",
    "N_",
    "Translator",
    "catalogue_path",
    "pick_language",
    "translator",
]

LANGUAGES = ("uk", "ru", "en")
DEFAULT_LANGUAGE = "en"
DOMAIN = "bot"
# Telegram users whose app is in one of these languages most likely read Russian better than
# English (the region's lingua franca); everyone else gets English.
RUSSIAN_READERS = frozenset({"ru", "be", "kk", "ky", "tg", "uz", "hy", "az", "ka", "tk", "mo"})


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Mark a text for the catalogue without translating it yet."""
    return message


def pick_language(language_code: str | None) -> str:
    """Telegram's `language_code` ("uk", "ru-RU", "en-GB", None) to one of LANGUAGES."""
    base = (language_code or "").strip().lower().replace("_", "-").split("-", 1)[0]
    if base == "uk":
        return "uk"
    if base in RUSSIAN_READERS:
        return "ru"
    return DEFAULT_LANGUAGE


def catalogue_path(lang: str) -> str:
    """Where the `.po` file of `lang` lives inside the package (for tools and tests)."""
    return str(resources.files("bot") / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po")


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    """Compile the `.po` file to `.mo` in memory (once per language per process)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(catalogue_path(lang), "rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@dataclass(frozen=True)
class Translator:
    """One language's gettext, with `{name}` parameters filled after translation."""

    lang: str
    _translations: gettext.NullTranslations

    def gettext(self, message: str, /, **params: Any) -> str:
        text = self._translations.gettext(message)
        return text.format(**params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, /, **params: Any) -> str:
        """The plural form for `n` (Ukrainian and Russian have three); `{n}` is filled in."""
        return self._translations.ngettext(singular, plural, n).format(n=n, **params)


def translator(lang: str) -> Translator:
    """The Translator for `lang`; an unknown language gets English."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    return Translator(lang, _translations(lang))


class LocalizedError(Exception):
    """An error the user caused: a stable code, the message id and its parameters.

    The text is only made when it is shown, in the reader's language: `error.render(t)`.
    `str(error)` (for logs) is the code and parameters, never a translated sentence.
    """

    def __init__(self, code: str, message: str, /, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.message = message
        self.params = params

    def render(self, t: Translator) -> str:
        """The message in t's language; a parameter that is itself a LocalizedError (the
        reason behind a failure) is rendered in the same language."""
        params = {
            k: v.render(t) if isinstance(v, LocalizedError) else v for k, v in self.params.items()
        }
        return t.gettext(self.message, **params)

    def __str__(self) -> str:
        details = ", ".join(f"{k}={v!r}" for k, v in sorted(self.params.items()))
        return f"{self.code}({details})"
