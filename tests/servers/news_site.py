"""A tiny news site on loopback for tests: each route says what to answer and how badly.

It runs its own event loop in a thread, so sync tests, async tests and a bot subprocess can all
reach it. Real sockets and real HTTP/1.1 bytes, so the fetcher's redirects, gzip, streaming
and timeouts are exercised for real rather than through a mock transport.

    with NewsSite() as site:
        site.route("/feed.xml", Route(body=rss, content_type="application/rss+xml"))
        site.route("/loop", Route.redirect("/loop"))
        url = site.url("/feed.xml")
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from typing import Self

__all__ = ["NewsSite", "Request", "Route", "gzip_bomb"]


@dataclass(frozen=True)
class Request:
    """What the site received, kept so tests can check e.g. conditional GET headers."""

    method: str
    path: str
    headers: dict[str, str]


@dataclass
class Route:
    """One path's behaviour; `stream_bytes` > 0 streams that many filler bytes, not `body`."""

    body: bytes | Callable[[Request], bytes] = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    gzip: bool = False
    raw_gzip: bool = False  # body is already gzip data: send it with Content-Encoding as is
    delay: float = 0.0  # seconds before the response starts
    stream_bytes: int = 0
    declare_length: bool = True  # False: no Content-Length, the body ends when the socket closes
    etag: str | None = None  # answer 304 when If-None-Match matches
    last_modified: str | None = None  # answer 304 when If-Modified-Since matches

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Route:
        return cls(status=status, content_type=None, headers={"Location": location})


def gzip_bomb(decoded_size: int) -> bytes:
    """Gzip data that inflates to `decoded_size` zero bytes (about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    parts = []
    remaining = decoded_size
    while remaining > 0:
        piece = block[: min(len(block), remaining)]
        parts.append(compressor.compress(piece))
        remaining -= len(piece)
    parts.append(compressor.flush())
    return b"".join(parts)


class NewsSite:
    """The server; use as a context manager. Unknown paths answer 404."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def netloc(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return f"http://{self.netloc}{path}"

    def route(self, path: str, route: Route) -> str:
        """Serve `route` at `path`; returns its full URL."""
        self.routes[path] = route
        return self.url(path)

    def requests_to(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def __enter__(self) -> Self:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        future.result(timeout=10)
        return self

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._handle, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            request = await self._read_request(reader)
            if request is not None:
                self.requests.append(request)
                await self._respond(request, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    async def _read_request(self, reader: asyncio.StreamReader) -> Request | None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) < 2:
            return None
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        return Request(parts[0], parts[1], headers)

    async def _respond(self, request: Request, writer: asyncio.StreamWriter) -> None:
        route = self.routes.get(request.path.split("?", 1)[0]) or self.routes.get(request.path)
        if route is None:
            route = Route(status=404, body=b"not found", content_type="text/plain")
        if route.delay:
            await asyncio.sleep(route.delay)
        status = route.status
        headers = {"Connection": "close", "Date": formatdate(usegmt=True)}
        if route.content_type:
            headers["Content-Type"] = route.content_type
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        headers.update(route.headers)
        not_modified = (route.etag and request.headers.get("if-none-match") == route.etag) or (
            route.last_modified and request.headers.get("if-modified-since") == route.last_modified
        )
        if not_modified:
            status = 304
        if route.stream_bytes and not not_modified:
            if route.declare_length:
                headers["Content-Length"] = str(route.stream_bytes)
            writer.write(self._head(status, headers))
            chunk = b"<p>" + b"x" * 65_530 + b"</p>\n"
            sent = 0
            while sent < route.stream_bytes:
                piece = chunk[: route.stream_bytes - sent]
                writer.write(piece)
                await writer.drain()
                sent += len(piece)
            return
        body = b""
        if not not_modified and status not in (204, 304):
            body = route.body(request) if callable(route.body) else route.body
            if route.gzip:
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            elif route.raw_gzip:
                headers["Content-Encoding"] = "gzip"
            headers["Content-Length"] = str(len(body))
        writer.write(self._head(status, headers) + body)
        await writer.drain()

    @staticmethod
    def _head(status: int, headers: dict[str, str]) -> bytes:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Status"
        lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
