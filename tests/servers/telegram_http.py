"""The HTTP side of the loopback Bot API: one request read off a keep-alive connection, a JSON
answer written back, and a Bot API call's token, method and parameters (query, form or JSON).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = ["api_call", "flag", "read_request", "reply_target", "write_json"]


async def read_request(reader: asyncio.StreamReader) -> tuple[str, dict[str, str], bytes] | None:
    """The next request's target, headers (lower-case names) and body; None at end of stream."""
    request_line = await reader.readline()
    if not request_line:
        return None
    _verb, target, _version = request_line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
    return target, headers, body


async def write_json(writer: asyncio.StreamWriter, status: int, payload: dict[str, Any]) -> None:
    data = json.dumps(payload).encode()
    writer.write(
        f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n".encode()
        + data
    )
    await writer.drain()


def api_call(
    target: str, headers: dict[str, str], body: bytes
) -> tuple[str, str, dict[str, Any]] | None:
    """(token, method, parameters) of `/bot<TOKEN>/<method>`, None for any other path."""
    parts = urlsplit(target)
    segments = parts.path.strip("/").split("/")
    if len(segments) != 2 or not segments[0].startswith("bot"):
        return None
    params: dict[str, Any] = dict(parse_qsl(parts.query))
    if body:
        if headers.get("content-type", "").startswith("application/json"):
            params.update(json.loads(body))
        else:
            params.update(parse_qsl(body.decode(), keep_blank_values=True))
    return segments[0][3:], segments[1], params


def reply_target(params: dict[str, Any]) -> int | None:
    """The message a sendMessage answers: reply_parameters (JSON) or reply_to_message_id."""
    raw = params.get("reply_parameters")
    if isinstance(raw, str):
        raw = json.loads(raw)
    if isinstance(raw, dict) and raw.get("message_id") is not None:
        return int(raw["message_id"])
    legacy = params.get("reply_to_message_id")
    return int(legacy) if legacy is not None else None


def flag(value: object) -> bool:
    """A boolean parameter, sent as JSON `true` or as the form value "true"/"True"."""
    return value is True or str(value).lower() == "true"
