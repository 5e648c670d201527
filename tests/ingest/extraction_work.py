"""Extraction the tests run in the worker process, which imports it by name (so: a module)."""

from __future__ import annotations

import os
import time

from bot.ingest.extract import extract_text

SLOW_MARK = "<!-- a page trafilatura chokes on -->"
PAUSE_MARK = "<!-- a big page that takes a second -->"


def extract_here(page_html: str, url: str) -> tuple[str, str]:
    """The article text and, as its title, the id of the process that extracted it; a page
    with SLOW_MARK takes two minutes, as a pathological page can, and one with PAUSE_MARK a
    second, long enough for other pages to queue behind it."""
    if SLOW_MARK in page_html:
        time.sleep(120)
    if PAUSE_MARK in page_html:
        time.sleep(1.0)
    return extract_text(page_html, url), str(os.getpid())
