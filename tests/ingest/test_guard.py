"""The SSRF guard's decisions: which links and addresses the bot refuses to reach.

Names are answered by injected resolvers and nothing is fetched: a guard is checked by what it
decides, never by sending traffic to the addresses it must refuse.
"""

from __future__ import annotations

import pytest

from bot.net import FetchRefused, UrlGuard, is_public_address


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/file",
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "http://localhost:8080/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data",
        "http://192.168.1.10/",
        "http://0.0.0.0/",
        "http://[::ffff:10.0.0.1]/",
    ],
)
async def test_guard_refuses_non_http_and_internal_addresses(url: str) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    with pytest.raises(FetchRefused):
        await UrlGuard(resolver=resolver).check(url)


@pytest.mark.parametrize(
    "address",
    [
        "100.64.0.1",  # CGNAT shared address space
        "100.127.255.254",
        "2002:7f00:1::",  # 6to4 around 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 around 169.254.169.254 (cloud metadata)
        "2002:0a00:0001::",  # 6to4 around 10.0.0.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "::ffff:127.0.0.1",
        "::ffff:100.64.0.1",
        "64:ff9b::a9fe:a9fe",  # NAT64 around 169.254.169.254
        "::127.0.0.1",  # deprecated IPv4-compatible form
        "198.18.0.1",  # benchmarking
        "192.0.2.1",  # documentation
        "224.0.0.1",
        "ff02::1",
        "fd00::1",
        "fe80::1%eth0",
        "255.255.255.255",
        "not an address",
    ],
)
def test_addresses_that_are_not_globally_routable_are_refused(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "2606:4700::1111", "::ffff:93.184.216.34", "2002:5db8:d822::1"],
)
def test_globally_routable_addresses_are_allowed(address: str) -> None:
    assert is_public_address(address)


async def test_guard_refuses_names_resolving_to_cgnat_or_6to4_loopback() -> None:
    for answer in ("100.64.3.4", "2002:7f00:1::"):

        async def resolver(host: str, port: int, answer: str = answer) -> list[str]:
            return [answer]

        with pytest.raises(FetchRefused):
            await UrlGuard(resolver=resolver).check("https://news.example/story")
    # An operator's explicit exception still wins.
    await UrlGuard(["100.64.3.4"]).check("http://100.64.3.4/feed")


async def test_guard_refuses_a_public_name_resolving_to_a_private_address() -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.1.2.3"]

    with pytest.raises(FetchRefused):
        await UrlGuard(resolver=resolver).check("https://news.example/story")


async def test_guard_lets_public_and_allowed_hosts_through() -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    await UrlGuard(resolver=resolver).check("https://news.example/story")
    await UrlGuard(["127.0.0.1:8080"], resolver=resolver).check("http://127.0.0.1:8080/x")
    target = await UrlGuard(resolver=resolver).vet("https://News.Example:8443/story")
    assert (target.host, target.port, target.ip) == ("news.example", 8443, "93.184.216.34")
    literal = await UrlGuard(resolver=resolver).vet("http://[2606:4700::1111]/")
    assert (literal.host, literal.addresses, literal.host_is_ip) == (
        "2606:4700::1111",
        ("2606:4700::1111",),
        True,
    )
    with pytest.raises(FetchRefused):
        await UrlGuard(["127.0.0.1:8080"], resolver=resolver).check("http://127.0.0.1:9090/x")
