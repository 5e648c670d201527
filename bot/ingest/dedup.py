"""Dedup keys, as pure functions: when two reports are the same article.

An article is the same article when its canonical URL, its guid within a feed or the hash of
its normalised text matches one already stored.

`choose_story` is the previous story rule (cosine >= 0.80 of title + lead embeddings, a
similar title lowering the bar), kept only as the baseline `bench/cluster_bench.py` prints
beside `bot.ingest.cluster`, which the bot uses.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import numpy.typing as npt

__all__ = [
    "StoryCandidate",
    "canonical_url",
    "choose_story",
    "content_hash",
    "is_better_source",
    "normalize_text",
    "title_similarity",
]

MOBILE_PREFIXES = ("www.", "m.", "mobile.", "amp.")
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "ref",
        "ref_src", "ref_url", "referrer", "source", "src", "cmpid", "cmp", "ito", "ns_mchannel",
        "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "spm", "share", "at_medium",
        "at_campaign", "sr_share", "smid", "output", "outputtype", "amp", "cid", "ocid",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "__")
TITLE_SIMILAR = 0.6  # SequenceMatcher ratio from which two titles count as the same news
TITLE_BONUS = 0.08  # how much a similar title lowers the embedding bar


def canonical_url(url: str) -> str:
    """One spelling per page: lower-case host without www./m./amp., no tracking parameters,
    no fragment, sorted query, no trailing slash, no default port, "/amp" suffix dropped."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in MOBILE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    path = re.sub(r"/amp/?$", "/", path)
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    )
    if scheme == "http":
        scheme = "https"  # the same page is often linked both ways
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def normalize_text(text: str) -> str:
    """Case-, accent- and punctuation-insensitive text, for hashing and comparing."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", folded))


def content_hash(title: str, text: str) -> str | None:
    """sha256 of the normalised body (title when the body is too short to tell pages apart)."""
    body = normalize_text(text)
    if len(body) < 200:
        body = normalize_text(f"{title} {text}")
    if len(body) < 40:
        return None
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def title_similarity(a: str, b: str) -> float:
    """0..1, how alike two headlines are once case and punctuation are gone."""
    left, right = normalize_text(a), normalize_text(b)
    if not left or not right:
        return 0.0
    return SequenceMatcher(None, left, right).ratio()


@dataclass(frozen=True)
class StoryCandidate:
    """A recent story an article may join."""

    story_id: int
    title: str
    embedding: npt.NDArray[np.float32]
    updated_at: datetime


def choose_story(
    embedding: npt.NDArray[np.float32],
    title: str,
    published: datetime,
    candidates: Sequence[StoryCandidate],
    similarity: float,
    window: timedelta,
) -> int | None:
    """The story this article belongs to, or None for a new one.

    Candidates outside `window` of the article's time are ignored; the closest remaining
    story wins if its cosine reaches `similarity` (minus TITLE_BONUS for a similar title).
    """
    best_id, best_margin = None, 0.0
    for story in candidates:
        if abs(published - story.updated_at) > window:
            continue
        cosine = float(np.dot(embedding, story.embedding))
        bar = similarity
        if title_similarity(title, story.title) >= TITLE_SIMILAR:
            bar -= TITLE_BONUS
        margin = cosine - bar
        if margin >= 0 and (best_id is None or margin > best_margin):
            best_id, best_margin = story.story_id, margin
    return best_id


def is_better_source(text: str, current_text: str | None) -> bool:
    """A source is better to summarize when it carries clearly more clean text (20 %+)."""
    if current_text is None:
        return True
    return len(text) > 1.2 * len(current_text)
