"""Shared HTTP fetching: one guarded, capped, time-limited GET for feeds, pages and `/summary`."""

from bot.net.errors import FetchError, FetchRefused
from bot.net.fetch import FetchResult, fetch
from bot.net.guard import UrlGuard, VettedTarget, is_public_address

__all__ = [
    "FetchError",
    "FetchRefused",
    "FetchResult",
    "UrlGuard",
    "VettedTarget",
    "fetch",
    "is_public_address",
]
