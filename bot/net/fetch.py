"""One GET that cannot hurt the bot: SSRF-guarded on every hop, size-capped, time-limited.

Errors::

    FetchError            anything that went wrong; str(e) is a short reason a user may read
     └── FetchRefused     the URL is not allowed (scheme, private or loopback address)

Redirects are followed by hand so the guard sees every hop, and the size cap counts decoded
bytes, inflated a bounded piece at a time, so a gzip bomb stops at `max_bytes` instead of
filling memory; a body compressed more than once (`gzip, gzip`) is refused.

The connection goes to the address the guard checked, never to a second DNS answer (DNS
rebinding: public when checked, 127.0.0.1 when connecting). `UrlGuard.vet` returns the checked
addresses and `fetch` sends the request to that IP while the name stays in charge of HTTP and
TLS: the `Host` header and cookies come from the original URL, and for https the httpcore
request extension `sni_hostname` makes TLS send that name and verify the certificate against it.
This needs nothing but public httpx API and works with any client the caller builds; a custom
network backend would do the same only by replacing the client's transport. Two consequences:
a pinned https request asks for `Connection: close`, because httpcore pools connections by
scheme, IP and port and a kept-alive connection verified for one name must not carry another;
and behind an HTTPS proxy (`HTTPS_PROXY`) the tunnel checks the certificate against the IP, so
such fetches fail instead of going out unchecked. Without a guard nothing is pinned.
"""

from __future__ import annotations

import asyncio
import contextlib
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from bot.net.errors import FetchError, FetchRefused
from bot.net.guard import UrlGuard, VettedTarget
from summarizer.charset import decode_body

__all__ = ["FetchResult", "fetch"]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchResult:
    """What the server sent back, after redirects, with the body already decoded from gzip."""

    url: str
    status: int
    headers: httpx.Headers
    content: bytes

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional GET: nothing new, the body is empty."""
        return self.status == 304

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case ("" when missing)."""
        return str(self.headers.get("content-type", "")).split(";", 1)[0].strip().lower()

    def text(self) -> str:
        """The body as text by its declared charset (BOM, header, then XML declaration or
        meta); detection only when none is declared. Undecodable bytes become U+FFFD.

        CPU work on a big page: the bot never calls it on the event loop (pages are decoded in
        the extraction worker, feeds in parse_feed's thread); for tools and benches."""
        return decode_body(self.content, str(self.headers.get("content-type", "")))


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:g}"


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    max_bytes: int,
    timeout: float,  # noqa: ASYNC109 - the contract's name; applied as one total deadline
    headers: Mapping[str, str] | None = None,
    guard: UrlGuard | None = None,
    max_redirects: int = 5,
    accept: Callable[[str], bool] | None = None,
) -> FetchResult:
    """GET `url`, following up to `max_redirects` redirects, within `timeout` seconds in total.

    Raises FetchError with a short reason: "HTTP 500", "too many redirects", "timed out after
    20 s", "larger than 5 MB", "not a web page (application/pdf)", or FetchRefused from the guard.
    A 304 (conditional GET) is returned, not raised: check `result.not_modified`.
    """
    try:
        async with asyncio.timeout(timeout):
            return await _fetch(
                client, url, max_bytes, timeout, headers, guard, max_redirects, accept
            )
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g} s") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        raise FetchRefused("not a valid web address") from None
    except httpx.ConnectError:
        raise FetchError("could not connect to the server") from None
    except httpx.DecodingError:
        raise FetchError("the server sent a corrupt compressed body") from None
    except httpx.TooManyRedirects:
        raise FetchError("too many redirects") from None
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
        raise FetchError("the connection broke off") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"network error ({type(exc).__name__})") from None


# Said apart from "not a valid web address": the link the user gave was a good one.
NON_WEB_REDIRECT = "redirects to a non-web address"


async def _fetch(
    client: httpx.AsyncClient,
    url: str,
    max_bytes: int,
    io_timeout: float,
    headers: Mapping[str, str] | None,
    guard: UrlGuard | None,
    max_redirects: int,
    accept: Callable[[str], bool] | None,
) -> FetchResult:
    current = url
    for _hop in range(max_redirects + 1):
        target = await guard.vet(current) if guard is not None else None
        request_headers = httpx.Headers(headers or {})
        if "accept-encoding" not in request_headers:
            request_headers["Accept-Encoding"] = "gzip, deflate"  # what _CappedDecoder can undo
        request = client.build_request(
            "GET", current, headers=request_headers, timeout=httpx.Timeout(io_timeout)
        )
        try:
            if target is None:
                response = await client.send(request, stream=True, follow_redirects=False)
            else:
                response = await _send_pinned(client, request, target)
        except httpx.InvalidURL:
            # httpx parses a redirect's Location while sending, and "mailto:..." fails there;
            # `current` itself parsed when the request was built.
            raise FetchRefused(NON_WEB_REDIRECT) from None
        try:
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                next_url = request.url.join(location)
                if next_url.scheme not in ("http", "https"):
                    raise FetchRefused(NON_WEB_REDIRECT)
                current = str(next_url)
                continue
            return await _read(response, str(request.url), max_bytes, accept)
        finally:
            await response.aclose()
    raise FetchError("too many redirects")


async def _send_pinned(
    client: httpx.AsyncClient, request: httpx.Request, target: VettedTarget
) -> httpx.Response:
    """Send `request` (built for the name: Host, cookies) to the vetted IP, trying each in turn."""
    headers = request.headers.copy()
    extensions = dict(request.extensions)
    if not target.host_is_ip:
        extensions["sni_hostname"] = target.host
        if request.url.scheme == "https":
            headers["Connection"] = "close"

    async def send(address: str) -> httpx.Response:
        pinned = httpx.Request(
            "GET", request.url.copy_with(host=address), headers=headers, extensions=extensions
        )
        return await client.send(pinned, stream=True, follow_redirects=False)

    *fallbacks, last = target.addresses
    response: httpx.Response | None = None
    for address in fallbacks:
        with contextlib.suppress(httpx.ConnectError, httpx.ConnectTimeout):
            response = await send(address)
            break
    if response is None:
        response = await send(last)
    if not target.host_is_ip:
        # httpx filed Set-Cookie under the IP; file it under the name too, as without pinning.
        client.cookies.extract_cookies(
            httpx.Response(response.status_code, headers=response.headers, request=request)
        )
    return response


async def _read(
    response: httpx.Response, url: str, max_bytes: int, accept: Callable[[str], bool] | None
) -> FetchResult:
    status = response.status_code
    if status >= 400:
        raise FetchError(f"HTTP {status}")
    if status == 304:
        return FetchResult(url, status, response.headers, b"")
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if accept is not None and not accept(content_type):
        raise FetchError(f"not a web page ({content_type or 'no content type'})")
    declared = response.headers.get("content-length", "")
    if (
        declared.isdigit()
        and int(declared) > max_bytes
        and not response.headers.get("content-encoding")
    ):
        raise FetchError(f"larger than {_megabytes(max_bytes)} MB")
    decoder = _CappedDecoder.for_encoding(response.headers.get("content-encoding", ""))
    chunks: list[bytes] = []
    size = 0
    async for raw in response.aiter_raw():
        chunk = decoder.decode(raw, max_bytes - size)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"larger than {_megabytes(max_bytes)} MB")
        chunks.append(chunk)
    chunk = decoder.decode(b"", max_bytes - size)
    if size + len(chunk) > max_bytes:
        raise FetchError(f"larger than {_megabytes(max_bytes)} MB")
    chunks.append(chunk)
    return FetchResult(url, status, response.headers, b"".join(chunks))


_GZIP_WBITS = zlib.MAX_WBITS | 16


class _CappedDecoder:
    """Undoes one Content-Encoding while never producing more than the caller has room for.

    httpx inflates each network chunk whole before anyone can count it: 3 kB of `gzip, gzip`
    became 2 GB in one step. Here zlib gets `max_length`, so memory stays near `max_bytes`
    plus one raw chunk whatever the ratio. Stacked codings are refused outright (no real
    server needs them), and so are codings we did not ask for (we send gzip and deflate).
    """

    def __init__(self, wbits: int | None) -> None:
        self._wbits = wbits
        self._inflater = zlib.decompressobj(wbits) if wbits is not None else None
        self._started = False

    @classmethod
    def for_encoding(cls, header: str) -> _CappedDecoder:
        codings = [c.strip().lower() for c in header.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1:
            raise FetchError(f"refused: the body is compressed {len(codings)} times over")
        if not codings:
            return cls(None)
        if codings[0] in ("gzip", "x-gzip"):
            return cls(_GZIP_WBITS)
        if codings[0] == "deflate":
            return cls(zlib.MAX_WBITS)
        raise FetchError(f"unsupported compression ({codings[0][:20]})")

    def decode(self, data: bytes, room: int) -> bytes:
        """Decode `data`, returning at most `room` + 1 bytes: more than `room` means too large."""
        if self._inflater is None:
            return data
        try:
            return self._inflate(data, room + 1)
        except zlib.error:
            if self._started or self._wbits != zlib.MAX_WBITS:
                raise FetchError("the server sent a corrupt compressed body") from None
            # "deflate" is often sent raw, without the zlib wrapper the standard asks for.
            self._wbits = -zlib.MAX_WBITS
            self._inflater = zlib.decompressobj(self._wbits)
            try:
                return self._inflate(data, room + 1)
            except zlib.error:
                raise FetchError("the server sent a corrupt compressed body") from None

    def _inflate(self, data: bytes, room: int) -> bytes:
        assert self._inflater is not None
        assert self._wbits is not None
        out: list[bytes] = []
        while room > 0:
            piece = self._inflater.decompress(data, room)
            self._started = self._started or bool(piece)
            out.append(piece)
            room -= len(piece)
            data = self._inflater.unconsumed_tail
            if self._inflater.eof:
                rest = self._inflater.unused_data
                if self._wbits != _GZIP_WBITS or not rest.strip(b"\0"):
                    break
                # Concatenated gzip members are one body (RFC 1952 2.2).
                self._inflater = zlib.decompressobj(self._wbits)
                data = rest
            elif not piece and not data:
                break
        return b"".join(out)
