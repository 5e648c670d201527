"""A headline without the outlet's name that sites and aggregators append to it.

"Kyiv backs truce - Reuters" in a news aggregator's feed, "Talks resume | The Kyiv
Independent" in a page's title: the push names the outlet beside its link already, so the
name is dropped, but only when it is the name the feed or page gives for the outlet (in any
letter case: page metadata may spell "9to5Mac" as "9To5Mac"); any other ending ("Talks
resume - live updates") is the headline's own. Pure, no I/O.
"""

from __future__ import annotations

import re

__all__ = ["without_outlet_name"]

_SEPARATOR = r"\s(?:-|\||—|–|::)\s"


def without_outlet_name(title: str, outlet: str) -> str:
    """`title` without a trailing " - `outlet`" (or " | ", " — ", " – ", " :: ")."""
    name = outlet.strip()
    if not name:
        return title
    ending = re.search(_SEPARATOR + re.escape(name) + r"\s*$", title, re.IGNORECASE)
    if ending is None or not title[: ending.start()].strip():
        return title
    return title[: ending.start()].rstrip()
