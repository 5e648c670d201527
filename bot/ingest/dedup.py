"""Dedup keys, as pure functions: when two reports are the same article.

An article is the same article when its canonical URL, its guid within a feed or the hash of
its normalised text matches one already stored.

Which story an article belongs to is `bot.ingest.cluster`'s decision.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "MAX_URL",
    "canonical_url",
    "content_hash",
    "normalize_text",
    "shown_url",
    "usable_link",
]

MOBILE_PREFIXES = ("www.", "m.", "mobile.", "amp.")
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "ref",
        "ref_src", "ref_url", "referrer", "cmpid", "cmp", "ito", "ns_mchannel",
        "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "spm", "share", "at_medium",
        "at_campaign", "sr_share", "smid", "output", "outputtype", "amp", "ocid",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "__")
"""Only names that never pick an article: `cid`, `src` and `source` are also how some sites
number their articles (`news.php?cid=101`), so they stay."""


MAX_URL = 2048
"""The longest link stored (the column's size); a longer one is not a page to link to."""


def usable_link(url: str) -> bool:
    """An http(s) link that parses and fits storage: one subscribers can be sent to."""
    if not url.startswith(("http://", "https://")) or len(url) > MAX_URL:
        return False
    try:
        _ = urlsplit(url).port
    except ValueError:  # a port out of range, an unclosed "["
        return False
    return True


def canonical_url(url: str) -> str:
    """One spelling per page: lower-case host without www./m./amp., no tracking parameters,
    no fragment, sorted query, no trailing slash, no default port, "/amp" suffix dropped.
    A link that does not parse (a port out of range, an unclosed "[") is kept as written."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in MOBILE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
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


def shown_url(url: str) -> str:
    """The canonical spelling of a link (no utm_* and other tracking), keeping its scheme: an
    http-only site stays http (the canonical form forces https, which it may not serve)."""
    if not url.startswith(("http://", "https://")):
        return url
    canonical = canonical_url(url)
    if url.startswith("http://"):
        canonical = "http://" + canonical.removeprefix("https://")
    return canonical


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
