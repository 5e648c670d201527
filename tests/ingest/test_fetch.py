"""The shared fetcher against a real loopback server: what it refuses, caps and reports."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import socket
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from bot.net import FetchError, FetchRefused, UrlGuard, VettedTarget, fetch
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


class MadeUpDns:
    """An injected resolver for names the system cannot resolve; records every question."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self._answers = answers  # name -> successive answers; the last one repeats
        self.questions: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.questions.append(host)
        answers = self._answers.get(host)
        if not answers:
            raise socket.gaierror(socket.EAI_NONAME, "unknown name")
        asked = self.questions.count(host)
        return answers[min(asked, len(answers)) - 1]


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
        async def vet(self, url: str) -> VettedTarget:
            checked.append(url)
            return await super().vet(url)

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


async def test_connection_goes_to_the_vetted_address(site, client) -> None:
    site.route("/pinned", Route(body=b"pinned"))
    dns = MadeUpDns({"news.test": [["127.0.0.1"]]})
    guard = UrlGuard(["news.test"], resolver=dns)
    url = f"http://news.test:{site.port}/pinned"

    result = await fetch(client, url, max_bytes=MB, timeout=5, guard=guard)

    assert result.content == b"pinned"
    assert result.url == url
    assert site.requests_to("/pinned")[-1].headers["host"] == f"news.test:{site.port}"
    assert dns.questions == ["news.test"]


async def test_connection_ignores_what_the_system_resolver_would_answer(site, client) -> None:
    # The system says localhost is 127.0.0.1, where the site listens; the guard vetted
    # 127.0.0.2, where nothing listens. Only a fresh lookup at connect time could reach the site.
    site.route("/not-here", Route(body=b"should not be served"))
    dns = MadeUpDns({"localhost": [["127.0.0.2"]]})
    guard = UrlGuard(["localhost"], resolver=dns)
    with pytest.raises(FetchError, match="could not connect"):
        await fetch(
            client, f"http://localhost:{site.port}/not-here", max_bytes=MB, timeout=5, guard=guard
        )
    assert site.requests_to("/not-here") == []


async def test_rebinding_between_check_and_connect_is_refused() -> None:
    # A rebinding DNS server: public when first asked, loopback ever after. The request must go
    # to the first answer, and the redirect's fresh lookup (loopback) must be refused.
    dns = MadeUpDns({"rebind.test": [["93.184.216.34"], ["127.0.0.1"]]})
    sent: list[httpx.Request] = []

    def public_server(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(302, headers={"Location": "/admin"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(public_server)) as http:
        with pytest.raises(FetchRefused, match="private or local network"):
            await fetch(
                http, "https://rebind.test/story", max_bytes=MB, timeout=5,
                guard=UrlGuard(resolver=dns),
            )  # fmt: skip

    assert dns.questions == ["rebind.test", "rebind.test"]  # once per hop, never in between
    assert [str(request.url) for request in sent] == ["https://93.184.216.34/story"]
    assert sent[0].headers["host"] == "rebind.test"
    assert sent[0].extensions["sni_hostname"] == "rebind.test"


async def test_each_redirect_hop_is_resolved_once_and_pinned(site, client) -> None:
    site.route("/hop-1", Route.redirect("/hop-2"))
    site.route("/hop-2", Route.redirect(f"http://other.test:{site.port}/hop-3"))
    site.route("/hop-3", Route(body=b"arrived"))
    dns = MadeUpDns({"news.test": [["127.0.0.1"]], "other.test": [["127.0.0.1"]]})
    guard = UrlGuard(["news.test", "other.test"], resolver=dns)

    result = await fetch(
        client, f"http://news.test:{site.port}/hop-1", max_bytes=MB, timeout=5, guard=guard
    )

    assert result.url == f"http://other.test:{site.port}/hop-3"  # the name, never the IP
    assert result.content == b"arrived"
    assert dns.questions == ["news.test", "news.test", "other.test"]
    assert site.requests_to("/hop-2")[-1].headers["host"] == f"news.test:{site.port}"
    assert site.requests_to("/hop-3")[-1].headers["host"] == f"other.test:{site.port}"


async def test_redirect_from_an_allowed_name_to_a_private_name_is_refused(site, client) -> None:
    site.route("/to-intranet", Route.redirect("http://intranet.test/admin"))
    dns = MadeUpDns({"news.test": [["127.0.0.1"]], "intranet.test": [["10.0.0.5"]]})
    guard = UrlGuard(["news.test"], resolver=dns)
    with pytest.raises(FetchRefused, match="private or local network"):
        await fetch(
            client, f"http://news.test:{site.port}/to-intranet", max_bytes=MB, timeout=5,
            guard=guard,
        )  # fmt: skip
    assert dns.questions == ["news.test", "intranet.test"]


async def test_cookies_set_on_a_pinned_hop_follow_the_name(site, client) -> None:
    consent = Route.redirect("/after-consent")
    consent.headers["Set-Cookie"] = "consent=yes; Path=/"
    site.route("/consent", consent)
    site.route("/after-consent", Route(body=b"article"))
    dns = MadeUpDns({"news.test": [["127.0.0.1"]]})
    guard = UrlGuard(["news.test"], resolver=dns)

    await fetch(
        client, f"http://news.test:{site.port}/consent", max_bytes=MB, timeout=5, guard=guard
    )

    assert site.requests_to("/after-consent")[-1].headers.get("cookie") == "consent=yes"


async def test_ipv6_vetted_address_is_bracketed_in_the_pinned_url(client) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this host")
    try:
        server = NewsSite(host="::1").__enter__()
    except OSError:
        pytest.skip("no IPv6 loopback on this host")
    try:
        server.routes["/v6"] = Route(body=b"over v6")
        dns = MadeUpDns({"v6.test": [["::1"]]})
        url = f"http://v6.test:{server.port}/v6"
        result = await fetch(
            client, url, max_bytes=MB, timeout=5, guard=UrlGuard(["v6.test"], resolver=dns)
        )
        assert result.content == b"over v6"
        assert server.requests_to("/v6")[-1].headers["host"] == f"v6.test:{server.port}"
    finally:
        server.__exit__(None, None, None)


async def test_unreachable_first_address_falls_back_to_the_next_vetted_one(site, client) -> None:
    site.route("/fallback", Route(body=b"second address"))
    dns = MadeUpDns({"news.test": [["127.0.0.2", "127.0.0.1"]]})
    guard = UrlGuard(["news.test"], resolver=dns)
    result = await fetch(
        client, f"http://news.test:{site.port}/fallback", max_bytes=MB, timeout=5, guard=guard
    )
    assert result.content == b"second address"


async def test_https_names_the_original_host_in_tls_sni(client) -> None:
    hello = asyncio.get_running_loop().create_future()

    async def read_client_hello(reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            data = await reader.read(4096)
            if not hello.done():
                hello.set_result(data)
        writer.close()

    server = await asyncio.start_server(read_client_hello, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    dns = MadeUpDns({"secure.test": [["127.0.0.1"]]})
    guard = UrlGuard(["secure.test"], resolver=dns)
    async with server:
        with pytest.raises(FetchError):  # the fake server never completes the handshake
            await fetch(
                client, f"https://secure.test:{port}/", max_bytes=MB, timeout=5, guard=guard
            )
        data = await asyncio.wait_for(hello, 5)
    assert data[:1] == b"\x16"  # a TLS handshake record: the ClientHello
    assert b"secure.test" in data  # server_name extension carries the name, not the IP


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


async def _peak_memory_of(fetching) -> tuple[BaseException | None, int]:
    tracemalloc.start()
    try:
        try:
            await fetching
        except FetchError as exc:
            return exc, tracemalloc.get_traced_memory()[1]
        return None, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


async def test_stacked_gzip_bomb_is_refused_without_inflating_it(site, client) -> None:
    # 100 MB of zeros gzipped twice is a few hundred bytes on the wire.
    bomb = gzip.compress(gzip_bomb(100 * MB))
    assert len(bomb) < 10_000
    url = site.route("/stacked-bomb", Route(body=bomb, headers={"Content-Encoding": "gzip, gzip"}))
    error, peak = await _peak_memory_of(fetch(client, url, max_bytes=MB, timeout=10))
    assert isinstance(error, FetchError)
    assert "compressed 2 times" in str(error)
    assert peak < 3 * MB


async def test_one_network_chunk_of_gzip_bomb_never_inflates_past_the_cap(site, client) -> None:
    # 60 kB of gzip (one read from the socket) inflates to 60 MB when decoded in one go.
    url = site.route("/dense-bomb", Route(body=gzip_bomb(60 * MB), raw_gzip=True))
    error, peak = await _peak_memory_of(fetch(client, url, max_bytes=MB, timeout=10))
    assert isinstance(error, FetchError)
    assert "larger than 1 MB" in str(error)
    assert peak < 4 * MB


async def test_body_just_under_the_cap_is_decoded_whole(site, client) -> None:
    body = b"<p>peace</p>" * (MB // 12)
    url = site.route("/near-cap", Route(body=body, gzip=True))
    result = await fetch(client, url, max_bytes=MB, timeout=5)
    assert result.content == body


async def test_raw_and_zlib_deflate_and_concatenated_gzip_are_decoded(site, client) -> None:
    body = b"<p>talks resume</p>" * 500
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    bodies = {
        "/deflate-zlib": (zlib.compress(body), "deflate"),
        "/deflate-raw": (raw.compress(body) + raw.flush(), "deflate"),
        "/two-members": (gzip.compress(body[:4000]) + gzip.compress(body[4000:]), "gzip"),
    }
    for path, (encoded, coding) in bodies.items():
        url = site.route(path, Route(body=encoded, headers={"Content-Encoding": coding}))
        result = await fetch(client, url, max_bytes=MB, timeout=5)
        assert result.content == body, path


async def test_an_encoding_we_did_not_ask_for_is_refused(site, client) -> None:
    url = site.route("/brotli", Route(body=b"\x1b\x00", headers={"Content-Encoding": "br"}))
    with pytest.raises(FetchError, match=r"unsupported compression \(br\)"):
        await fetch(client, url, max_bytes=MB, timeout=5)
    assert site.requests_to("/brotli")[-1].headers["accept-encoding"] == "gzip, deflate"


async def test_corrupt_gzip_is_a_clear_error(site, client) -> None:
    url = site.route("/corrupt", Route(body=b"not gzip at all", raw_gzip=True))
    with pytest.raises(FetchError, match="corrupt compressed body"):
        await fetch(client, url, max_bytes=MB, timeout=5)


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
