"""The shared fetcher against a real loopback server: what it refuses, caps and reports."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from bot.net import FetchError, FetchRefused, UrlGuard, fetch
from tests.servers.news_site import NewsSite, Route, gzip_bomb

MB = 1_000_000


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    with NewsSite() as server:
        yield server


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(headers={"User-Agent": "test-agent/1"}) as http:
        yield http


def guard_for(site: NewsSite) -> UrlGuard:
    return UrlGuard(allowed_hosts=[site.netloc])


async def test_plain_page_is_returned_with_final_url_and_text(site, client) -> None:
    url = site.route("/plain", Route(body="Grüße aus Kyjiw".encode()))
    result = await fetch(client, url, max_bytes=MB, timeout=5, guard=guard_for(site))
    assert result.status == 200
    assert result.url == url
    assert result.text() == "Grüße aus Kyjiw"
    assert site.requests_to("/plain")[-1].headers["user-agent"] == "test-agent/1"


async def test_redirects_are_followed_and_each_hop_is_checked(site, client) -> None:
    site.route("/old", Route.redirect("/new", status=301))
    site.route("/new", Route(body=b"moved here"))
    checked: list[str] = []

    class RecordingGuard(UrlGuard):
        async def check(self, url: str) -> None:
            checked.append(url)
            await super().check(url)

    result = await fetch(
        client, site.url("/old"), max_bytes=MB, timeout=5, guard=RecordingGuard([site.netloc])
    )
    assert result.url == site.url("/new")
    assert result.content == b"moved here"
    assert checked == [site.url("/old"), site.url("/new")]


async def test_redirect_loop_is_too_many_redirects(site, client) -> None:
    site.route("/loop-a", Route.redirect("/loop-b"))
    site.route("/loop-b", Route.redirect("/loop-a"))
    with pytest.raises(FetchError, match="too many redirects"):
        await fetch(client, site.url("/loop-a"), max_bytes=MB, timeout=5)


async def test_redirect_to_a_private_address_is_refused(site, client) -> None:
    site.route("/to-internal", Route.redirect("http://10.0.0.1/admin"))
    with pytest.raises(FetchRefused):
        await fetch(
            client, site.url("/to-internal"), max_bytes=MB, timeout=5, guard=guard_for(site)
        )


async def test_http_error_status_is_reported(site, client) -> None:
    url = site.route("/broken", Route(status=500, body=b"oops"))
    with pytest.raises(FetchError, match="^HTTP 500$"):
        await fetch(client, url, max_bytes=MB, timeout=5)


async def test_slow_server_times_out_with_total_deadline(site, client) -> None:
    url = site.route("/slow", Route(body=b"late", delay=3))
    with pytest.raises(FetchError, match=r"timed out after 0.5 s"):
        await fetch(client, url, max_bytes=MB, timeout=0.5)


@pytest.mark.parametrize("declare_length", [True, False])
async def test_50_mb_body_stops_at_the_cap(site, client, declare_length: bool) -> None:
    url = site.route("/huge", Route(stream_bytes=50 * MB, declare_length=declare_length))
    with pytest.raises(FetchError, match="larger than 1 MB"):
        await fetch(client, url, max_bytes=MB, timeout=10)


async def test_gzip_bomb_stops_at_the_cap_on_decoded_bytes(site, client) -> None:
    url = site.route("/bomb", Route(body=gzip_bomb(30 * MB), raw_gzip=True))
    with pytest.raises(FetchError, match="larger than 1 MB"):
        await fetch(client, url, max_bytes=MB, timeout=10)


async def test_gzip_body_is_decoded(site, client) -> None:
    url = site.route("/zipped", Route(body=b"<p>hello</p>" * 100, gzip=True))
    result = await fetch(client, url, max_bytes=MB, timeout=5)
    assert result.content == b"<p>hello</p>" * 100


async def test_unwanted_content_type_is_not_a_web_page(site, client) -> None:
    url = site.route("/doc.pdf", Route(body=b"%PDF-1.4", content_type="application/pdf"))
    with pytest.raises(FetchError, match=r"not a web page \(application/pdf\)"):
        await fetch(client, url, max_bytes=MB, timeout=5, accept=lambda ct: ct == "text/html")


async def test_conditional_get_returns_not_modified(site, client) -> None:
    url = site.route("/etag", Route(body=b"v1", etag='"v1"'))
    first = await fetch(client, url, max_bytes=MB, timeout=5)
    assert first.headers["etag"] == '"v1"'
    again = await fetch(client, url, max_bytes=MB, timeout=5, headers={"If-None-Match": '"v1"'})
    assert again.not_modified
    assert again.content == b""


async def test_connection_refused_is_a_fetch_error(client) -> None:
    with pytest.raises(FetchError, match="could not connect"):
        await fetch(client, "http://127.0.0.1:9/", max_bytes=MB, timeout=5)


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
    with pytest.raises(FetchRefused):
        await UrlGuard(["127.0.0.1:8080"], resolver=resolver).check("http://127.0.0.1:9090/x")


def test_text_uses_meta_charset_when_the_header_has_none() -> None:
    from bot.net import FetchResult

    body = '<html><head><meta charset="windows-1251"></head><body>Перемирие</body></html>'
    result = FetchResult(
        "http://x/", 200, httpx.Headers({"content-type": "text/html"}), body.encode("cp1251")
    )
    assert "Перемирие" in result.text()


def test_text_survives_a_wrong_charset_header() -> None:
    from bot.net import FetchResult

    result = FetchResult(
        "http://x/",
        200,
        httpx.Headers({"content-type": "text/html; charset=utf-8"}),
        "Friedensgespräche in Genf".encode("latin-1"),
    )
    assert "Friedensgespr" in result.text()
