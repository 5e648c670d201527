"""Languages: every message the bot writes exists in Ukrainian, Russian and English."""

from __future__ import annotations

import string

import pytest
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGES, N_, LocalizedError, catalogue_path, pick_language, translator
from bot.i18n.catalogue import extract, missing
from tests.servers.telegram_html import check_html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_in_the_code_is_translated(lang: str) -> None:
    assert missing(lang) == [], f"untranslated in {lang}: run python -m bot.i18n.catalogue"


def test_a_message_without_a_translation_is_found() -> None:
    template = extract()
    template.add("A brand new message nobody translated yet.")
    assert missing("uk", template) == ["A brand new message nobody translated yet."]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _catalogue(lang: str):
    with open(catalogue_path(lang), "rb") as po:
        return read_po(po, locale=lang)


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_translations_keep_the_placeholders_and_the_markup(lang: str) -> None:
    for message in _catalogue(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert _fields(text) == _fields(ids[0]), (lang, ids[0], text)
            filled = text.format(**{name: "x" for name in _fields(text)})
            assert check_html(filled)[0] is None, (lang, text)


def test_language_comes_from_the_telegram_app_language() -> None:
    assert pick_language("uk") == "uk"
    assert pick_language("uk-UA") == "uk"
    assert pick_language("ru") == "ru"
    assert pick_language("be") == "ru"
    assert pick_language("kk") == "ru"
    assert pick_language("en-GB") == "en"
    assert pick_language("de") == "en"
    assert pick_language(None) == "en"


def test_plurals_follow_each_language() -> None:
    forms = {n: translator("uk").ngettext("{n} outlet", "{n} outlets", n) for n in (1, 3, 5, 21)}
    assert forms == {1: "1 видання", 3: "3 видання", 5: "5 видань", 21: "21 видання"}
    ru = [translator("ru").ngettext("{n} outlet", "{n} outlets", n) for n in (1, 2, 5)]
    assert ru == ["1 издание", "2 издания", "5 изданий"]
    assert translator("en").ngettext("{n} outlet", "{n} outlets", 1) == "1 outlet"
    assert translator("xx").gettext("Saved.") == "Saved."


def test_errors_carry_a_code_and_are_worded_in_the_readers_language() -> None:
    reason = LocalizedError("fetch.http_status", N_("the site answered HTTP {status}"), status=500)
    error = LocalizedError(
        "summary.unreadable", N_("I couldn't read that page: {reason}."), reason=reason
    )
    assert str(error).startswith("summary.unreadable(")
    assert (
        error.render(translator("en")) == "I couldn't read that page: the site answered HTTP 500."
    )
    assert error.render(translator("uk")) == (
        "Не вдалося прочитати сторінку: сайт відповів HTTP 500."
    )


def test_no_message_hides_in_an_f_string_where_the_extractor_cannot_see_it() -> None:
    import re
    from pathlib import Path

    hidden = re.compile(r"""f["'][^"'\n]*\{[^}]*(gettext|\b_|N_)\(\s*['"]""")
    root = Path(catalogue_path("en")).parents[3]
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hidden.search(line)
    ]
    assert offenders == []
