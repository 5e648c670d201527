"""Keep the `.po` files in step with the code: `python -m bot.i18n.catalogue`.

It extracts every message id marked in `bot/` (`_()`, `gettext()`, `ngettext()`, `N_()`), adds
the new ones to each language's `.po` with an empty translation, marks the ones no longer used
as obsolete, and reports what is untranslated. The test suite runs `missing()` and fails while
any language lacks a translation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, LANGUAGES, catalogue_path

__all__ = ["KEYWORDS", "extract", "missing", "update"]

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
PACKAGE = Path(__file__).resolve().parent.parent
# English ids are shown as they are, so English may leave translations empty.
SOURCE_LANGUAGE = "en"


def extract(root: Path = PACKAGE) -> Catalog:
    """Every message id marked in the package's Python files."""
    catalog = Catalog(domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), [("**.py", "python")], keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _read(lang: str) -> Catalog:
    path = Path(catalogue_path(lang))
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN)
    with path.open("rb") as po:
        return read_po(po, locale=lang, domain=DOMAIN)


def missing(lang: str, template: Catalog | None = None) -> list[str]:
    """The ids used in the code that `lang` does not translate (English: only absent ids)."""
    template = template or extract()
    catalog = _read(lang)
    gaps: list[str] = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id)
        if found is None or found.fuzzy:
            gaps.append(str(message.id))
            continue
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if lang != SOURCE_LANGUAGE and not all(strings):
            gaps.append(str(message.id))
    return gaps


def update() -> dict[str, list[str]]:
    """Merge the code's ids into every language's `.po`; returns the gaps per language."""
    template = extract()
    for lang in LANGUAGES:
        catalog = _read(lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.project, catalog.version, catalog.fuzzy = "ceasefire-bot", "", False
        catalog.copyright_holder = catalog.msgid_bugs_address = ""
        catalog.last_translator = catalog.language_team = ""
        path = Path(catalogue_path(lang))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as po:
            write_po(po, catalog, width=99, omit_header=False, include_previous=False)
    return {lang: missing(lang, template) for lang in LANGUAGES}


if __name__ == "__main__":
    gaps = update()
    for lang, ids in gaps.items():
        sys.stdout.write(f"{lang}: {len(ids)} untranslated\n")
    sys.exit(1 if any(gaps.values()) else 0)
