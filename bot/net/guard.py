"""Which addresses the bot may connect to: the SSRF half of the one guarded fetch.

A user's link, a feed's redirect and a page's next hop all pass `UrlGuard.vet`, which resolves
the host once and returns the addresses it checked, so `bot.net.fetch` can connect to exactly
those (see its docstring on DNS rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass

import httpx

from bot.net.errors import FetchError, FetchRefused

__all__ = ["Resolver", "UrlGuard", "VettedTarget", "is_public_address", "parse_ip"]

Resolver = Callable[[str, int], Awaitable[list[str]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


async def _system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def parse_ip(address: str) -> IPAddress | None:
    """The address as an IP (a zone index such as "%eth0" ignored), None if it is not one."""
    try:
        return ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052: the last 32 bits are an IPv4
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated ::a.b.c.d, never routed


def _routable(ip: IPAddress) -> bool:
    # is_global alone lets multicast through (224.0.0.0/4 is "global" in the registry).
    return ip.is_global and not (ip.is_multicast or ip.is_unspecified or ip.is_reserved)


def is_public_address(address: str) -> bool:
    """True only for a globally routable address the bot may connect to.

    `is_global` rather than a list of private ranges, so shared address space (CGNAT,
    100.64.0.0/10) and whatever the registry sets aside next are refused too. An IPv6 address
    that carries an IPv4 one (IPv4-mapped, NAT64, 6to4, Teredo) is judged by that IPv4 as
    well: to a 6to4 relay 2002:7f00:1:: is 127.0.0.1.
    """
    ip = parse_ip(address)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv4Address):
        return _routable(ip)
    if ip.ipv4_mapped is not None:
        return _routable(ip.ipv4_mapped)
    if ip in _NAT64:
        return _routable(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip in _IPV4_COMPATIBLE or not _routable(ip):
        return False
    embedded = [ip.sixtofour] if ip.sixtofour is not None else []
    if ip.teredo is not None:
        embedded.extend(ip.teredo)
    return all(_routable(v4) for v4 in embedded)


@dataclass(frozen=True)
class VettedTarget:
    """A URL the guard let through and the addresses it checked: connect only to these."""

    url: httpx.URL
    host: str  # as sent on the wire: lower case, IDNA-encoded, IPv6 without brackets
    port: int
    addresses: tuple[str, ...]  # in the resolver's order of preference, never empty

    @property
    def ip(self) -> str:
        """The preferred address; `fetch` falls back to the others if it cannot connect."""
        return self.addresses[0]

    @property
    def host_is_ip(self) -> bool:
        """True when the URL itself names an IP: there is no name to keep for HTTP and TLS."""
        return parse_ip(self.host) is not None


class UrlGuard:
    """Refuses URLs a user could use to make the bot reach its own network (SSRF).

    `allowed_hosts` lists hosts ("localhost") or host:port pairs ("127.0.0.1:8080") that are
    let through anyway: tests and operators with an internal feed use it. Allowed names are
    still resolved once, so their connection is pinned like any other.
    """

    def __init__(
        self, allowed_hosts: Collection[str] = (), resolver: Resolver | None = None
    ) -> None:
        self._allowed = frozenset(h.strip().lower() for h in allowed_hosts if h.strip())
        self._resolve = resolver or _system_resolver

    async def check(self, url: str) -> None:
        """Raise FetchRefused unless `url` is http(s) and its host resolves to public addresses."""
        await self.vet(url)

    async def vet(self, url: str) -> VettedTarget:
        """Resolve `url`'s host once and return the addresses a connection may use.

        Raises FetchRefused for a non-http(s) URL or any private, loopback... address (unless
        the host is allowed), FetchError when the host does not resolve.
        """
        try:
            parsed = httpx.URL(url)
            host = parsed.raw_host.decode("ascii").lower().strip("[]")
        except (httpx.InvalidURL, TypeError, ValueError):
            raise FetchRefused("not a valid web address") from None
        if parsed.scheme not in ("http", "https"):
            raise FetchRefused("only http and https links are supported")
        if not host:
            raise FetchRefused("not a valid web address")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        literal = parse_ip(host)
        if literal is not None:
            answers = [str(literal)]
        else:
            try:
                answers = await self._resolve(host, port)
            except (OSError, UnicodeError):
                raise FetchError(f"could not find the server {parsed.host}") from None
        addresses = tuple(dict.fromkeys(answers))
        if not addresses or any(parse_ip(address) is None for address in addresses):
            raise FetchError(f"could not find the server {parsed.host}")
        allowed = host in self._allowed or f"{host}:{port}" in self._allowed
        if not allowed and not all(is_public_address(address) for address in addresses):
            raise FetchRefused("that address is on a private or local network")
        return VettedTarget(parsed, host, port, addresses)
