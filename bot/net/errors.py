"""The two ways a fetch fails, shared by the address guard and the fetch itself."""

from __future__ import annotations

__all__ = ["FetchError", "FetchRefused"]


class FetchError(Exception):
    """A fetch failed; `str(e)` is a short user-facing reason (e.g. "HTTP 500")."""


class FetchRefused(FetchError):
    """The URL is not allowed: not http(s), or it points at a private, loopback... address."""
