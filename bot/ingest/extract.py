"""Full article text and title from a page's HTML with trafilatura.

This module is what the extraction worker process imports (bot.ingest.extractor): keep its
imports to trafilatura and lxml, never the models.

Settings chosen on the 181-page benchmark (bench/extraction_bench.py): readers' comments off
(mean token F1 0.948 -> 0.959); tables kept (dropping them cost 0.003); trafilatura's
`deduplicate` off (it cost 0.017: repeated sentences in a body are real text). Feeds usually
carry only a snippet, so this is the text we summarize.
"""

from __future__ import annotations

import trafilatura

from bot.ingest.boilerplate import drop_cross_links
from bot.ingest.clean import clean_text
from bot.ingest.outlet_names import without_outlet_name

__all__ = ["MIN_FULL_TEXT", "extract_page", "extract_text", "needs_full_text"]

MIN_FULL_TEXT = 600  # a feed's own content shorter than this is a snippet


def extract_text(page_html: str, url: str = "") -> str:
    """The article body as plain text with paragraphs on their own lines ("" when none found),
    without invisible characters (bidi overrides, zero-width) that could disguise it, nor the
    lines linking to other reports (`drop_cross_links`)."""
    if not page_html.strip():
        return ""
    text = trafilatura.extract(
        page_html,
        url=url or None,
        include_comments=False,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    return drop_cross_links(clean_text(str(text or ""))).strip()


def extract_page(page_html: str, url: str = "") -> tuple[str, str]:
    """The article text and the page's title, without the site's name the page appends to it
    (both "" when no article is found)."""
    text = extract_text(page_html, url)
    meta = trafilatura.extract_metadata(page_html, default_url=url) if text else None
    if meta is None:
        return text, ""
    title = str(getattr(meta, "title", None) or "")
    return text, without_outlet_name(title, str(getattr(meta, "sitename", None) or ""))


def needs_full_text(feed_text: str) -> bool:
    """True when the feed item is only a snippet and the page should be fetched."""
    return len(feed_text.strip()) < MIN_FULL_TEXT
