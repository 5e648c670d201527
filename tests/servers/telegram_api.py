"""A Bot API server on loopback: enough of Telegram for the real Application to talk to.

It answers `/bot<TOKEN>/<method>` over HTTP/1.1 (keep-alive, form or JSON bodies) for getMe,
getUpdates (long-polled, honouring offset and timeout), setWebhook, deleteWebhook,
getWebhookInfo, setMyCommands (per language_code), sendMessage (recording what it replies to),
editMessageText, answerCallbackQuery, sendChatAction and a few no-ops; while a webhook is
set, getUpdates is refused with 409 as Telegram does. Every sendMessage is recorded; malformed
HTML is refused the way Telegram refuses it ("can't parse entities"). Faults can be injected per
chat and method (429 with retry_after, 403 blocked, 400 with migrate_to_chat_id, 5xx), and the
bench can ask for Telegram's flood limits (30 messages/s overall, 1/s per chat) to be enforced.

Tests drive it with `push_message(chat_id, text)` and `await wait_for_messages(chat_id, n)`, and
press inline buttons with `callback_update(chat_id, message, data)` / `push_callback(...)`; in
webhook mode they build the same update with `message_update(chat_id, text)` and POST it to the
bot themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = ["BotApiServer", "CallbackAnswer", "Fault", "SentMessage", "Webhook"]

ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span"}
    | {"tg-spoiler", "tg-emoji", "blockquote"}
)
MAX_TEXT = 4096


@dataclass(frozen=True)
class SentMessage:
    """One sendMessage the server accepted."""

    chat_id: int
    text: str
    parse_mode: str | None
    message_id: int
    at: float
    reply_markup: Any = None
    reply_to: int | None = None  # the message_id this one answers (reply_parameters)
    edits: tuple[str, ...] = ()  # texts it was edited to, in order (editMessageText)

    @property
    def shown(self) -> str:
        """The text the user sees now: the last edit, else the text sent."""
        return self.edits[-1] if self.edits else self.text

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button, row by row."""
        markup = self.reply_markup
        if isinstance(markup, str):
            markup = json.loads(markup)
        rows = (markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


@dataclass(frozen=True)
class CallbackAnswer:
    """One answerCallbackQuery: which query, and the notice shown (if any)."""

    callback_query_id: str
    text: str | None


@dataclass(frozen=True)
class Webhook:
    """What the bot registered with setWebhook."""

    url: str
    secret_token: str | None
    allowed_updates: list[str] | None


@dataclass(frozen=True)
class Fault:
    """An error answer to inject: HTTP status, description and optional parameters."""

    status: int
    description: str
    parameters: dict[str, Any] | None = None

    @classmethod
    def retry_after(cls, seconds: int = 1) -> Fault:
        return cls(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})

    @classmethod
    def blocked(cls) -> Fault:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def migrated(cls, new_chat_id: int) -> Fault:
        return cls(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": new_chat_id},
        )

    @classmethod
    def server_error(cls) -> Fault:
        return cls(500, "Internal Server Error")


class _EntityChecker(HTMLParser):
    """Telegram's HTML subset: known tags, properly nested and closed, entities escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.error: str | None = None
        self.plain: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = self.error or f'Unsupported start tag "{tag}"'
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f'Unmatched end tag "{tag}"'
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.plain.append(data)


def check_html(text: str) -> tuple[str | None, str]:
    """(error or None, the text as the user would see it)."""
    checker = _EntityChecker()
    checker.feed(text)
    checker.close()
    error = checker.error
    if error is None and checker.stack:
        error = f'Can\'t find end tag corresponding to start tag "{checker.stack[-1]}"'
    if error is None and _has_bare_ampersand(text):
        error = "Character '&' is reserved and must be escaped with the preceding '\\'"
    return error, "".join(checker.plain)


def _has_bare_ampersand(text: str) -> bool:
    index = text.find("&")
    while index != -1:
        end = text.find(";", index)
        name = text[index + 1 : end] if end != -1 else ""
        if not name or not (name in {"lt", "gt", "amp", "quot"} or name.startswith("#")):
            return True
        index = text.find("&", index + 1)
    return False


@dataclass
class _Limits:
    global_per_second: int = 30
    per_chat_interval: float = 1.0
    accepted: deque[float] = field(default_factory=deque)
    last_by_chat: dict[int, float] = field(default_factory=dict)

    def refuse(self, chat_id: int, now: float) -> bool:
        """True (and nothing recorded) when this message would break a flood limit."""
        while self.accepted and now - self.accepted[0] >= 1.0:
            self.accepted.popleft()
        last = self.last_by_chat.get(chat_id)
        if last is not None and now - last < self.per_chat_interval:
            return True
        if len(self.accepted) >= self.global_per_second:
            return True
        self.accepted.append(now)
        self.last_by_chat[chat_id] = now
        return False


class BotApiServer:
    """The loopback Bot API; use as `async with BotApiServer() as server:`."""

    def __init__(
        self,
        *,
        enforce_limits: bool = False,
        latency: float = 0.0,
        bot_id: int = 123456,
    ) -> None:
        self.bot_id = bot_id
        self.latency = latency
        self.limits = _Limits() if enforce_limits else None
        self.sent: list[SentMessage] = []
        self.commands: list[dict[str, Any]] = []
        self.commands_by_language: dict[str, list[dict[str, Any]]] = {}
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[tuple[int, str]] = []
        self.calls: list[str] = []
        self.rejected: defaultdict[int, int] = defaultdict(int)  # status -> count
        self.tokens: set[str] = set()
        self.webhook: Webhook | None = None
        self._faults: dict[tuple[str, int | None], list[Fault]] = defaultdict(list)
        self._permanent: dict[tuple[str, int | None], Fault] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._changed = asyncio.Condition()
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> BotApiServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL should be set to."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- test controls -----------------------------------------------------------------------

    def push_message(
        self,
        chat_id: int,
        text: str,
        *,
        reply_to: str | None = None,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = None,
    ) -> int:
        """Queue a user's message for getUpdates; returns its update_id."""
        update = self.message_update(
            chat_id,
            text,
            reply_to=reply_to,
            user_id=user_id,
            chat_type=chat_type,
            language_code=language_code,
        )
        self._updates.append(update)
        self._notify()
        return int(update["update_id"])

    def message_update(
        self,
        chat_id: int,
        text: str,
        *,
        reply_to: str | None = None,
        user_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = None,
        forward_from_chat: str | None = None,
    ) -> dict[str, Any]:
        """A user's message as a Telegram Update (JSON-ready), with fresh ids.

        `forward_from_chat` makes it a post forwarded from a channel of that title.
        """
        now = int(time.time())
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": now,
            "chat": {"id": chat_id, "type": chat_type, "first_name": "Test"},
            "from": _user(user_id or abs(chat_id), language_code),
            "text": text,
        }
        if forward_from_chat is not None:
            channel = {"id": -1001, "type": "channel", "title": forward_from_chat}
            message["forward_origin"] = {
                "type": "channel",
                "chat": channel,
                "message_id": 7,
                "date": now,
            }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": next(self._message_ids),
                "date": now,
                "chat": message["chat"],
                "from": {"id": 999, "is_bot": False, "first_name": "Other"},
                "text": reply_to,
            }
        return {"update_id": next(self._update_ids), "message": message}

    def callback_update(
        self,
        chat_id: int,
        message: SentMessage,
        data: str,
        *,
        user_id: int | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        """A press on an inline button of `message` (a message the bot sent), as an Update."""
        query = {
            "id": str(next(self._callback_ids)),
            "from": _user(user_id or abs(chat_id), language_code),
            "chat_instance": str(chat_id),
            "data": data,
            "message": {
                "message_id": message.message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
                "from": {"id": self.bot_id, "is_bot": True, "first_name": "Ceasefire"},
                "text": message.shown,
            },
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    def push_callback(self, chat_id: int, message: SentMessage, data: str) -> int:
        """Queue a button press for getUpdates; returns its update_id."""
        update = self.callback_update(chat_id, message, data)
        self._updates.append(update)
        self._notify()
        return int(update["update_id"])

    def message(self, message_id: int) -> SentMessage:
        """A message the bot sent, as it is now (after edits)."""
        return next(m for m in self.sent if m.message_id == message_id)

    def fail_next(self, method: str, fault: Fault, *, chat_id: int | None = None, times: int = 1):
        """Answer the next `times` calls of `method` (for `chat_id`, or any chat) with `fault`."""
        self._faults[(method, chat_id)].extend([fault] * times)

    def fail_always(self, method: str, fault: Fault, *, chat_id: int | None = None) -> None:
        """Answer every call of `method` for `chat_id` with `fault` (e.g. a blocked chat)."""
        self._permanent[(method, chat_id)] = fault

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return [m for m in self.sent if m.chat_id == chat_id]

    async def wait_for_messages(
        self,
        chat_id: int,
        n: int = 1,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Wait until `chat_id` received at least `n` messages; return them all."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: len(self.messages_to(chat_id)) >= n)
        return self.messages_to(chat_id)

    async def wait_for(self, predicate: Any, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until `predicate(server)` is true."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: predicate(self))

    def _notify(self) -> None:
        async def notify() -> None:
            async with self._changed:
                self._changed.notify_all()

        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().create_task(notify())

    # -- HTTP --------------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    return
                _verb, target, _version = request_line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
                status, payload = await self._dispatch(target, headers, body)
                data = json.dumps(payload).encode()
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(data)}\r\n\r\n".encode()
                    + data
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            return
        finally:
            self._connections.discard(task)
            writer.close()

    async def _dispatch(
        self, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any]]:
        parts = urlsplit(target)
        segments = parts.path.strip("/").split("/")
        if len(segments) != 2 or not segments[0].startswith("bot"):
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        self.tokens.add(segments[0][3:])
        method = segments[1]
        params: dict[str, Any] = dict(parse_qsl(parts.query))
        if body:
            if headers.get("content-type", "").startswith("application/json"):
                params.update(json.loads(body))
            else:
                params.update(parse_qsl(body.decode(), keep_blank_values=True))
        self.calls.append(method)
        if self.latency and method != "getUpdates":
            await asyncio.sleep(self.latency)
        chat = params.get("chat_id")
        chat_id = int(chat) if chat is not None else None
        fault = self._take_fault(method, chat_id)
        if fault is not None:
            self.rejected[fault.status] += 1
            return fault.status, _error(fault)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return 200, {"ok": True, "result": True}
        result: tuple[int, dict[str, Any]] = await handler(params)
        return result

    def _take_fault(self, method: str, chat_id: int | None) -> Fault | None:
        for key in ((method, chat_id), (method, None)):
            if key in self._permanent:
                return self._permanent[key]
            queue = self._faults.get(key)
            if queue:
                return queue.pop(0)
        return None

    # -- methods -----------------------------------------------------------------------------

    async def _m_getMe(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        me = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Ceasefire",
            "username": "ceasefire_test_bot",
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        return 200, {"ok": True, "result": me}

    async def _m_getUpdates(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self.webhook is not None:
            fault = Fault(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
            self.rejected[409] += 1
            return 409, _error(fault)
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates and timeout > 0:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout), self._changed:
                    await self._changed.wait_for(lambda: bool(self._updates))
        return 200, {"ok": True, "result": self._updates[:limit]}

    async def _m_setWebhook(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        url = str(params.get("url") or "")
        if not url:  # Telegram's way to remove the webhook
            return await self._m_deleteWebhook(params)
        allowed = params.get("allowed_updates")
        self.webhook = Webhook(
            url=url,
            secret_token=params.get("secret_token") or None,
            allowed_updates=json.loads(allowed) if isinstance(allowed, str) else allowed,
        )
        self._notify()
        return 200, {"ok": True, "result": True, "description": "Webhook was set"}

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if _flag(params.get("drop_pending_updates")):
            self._updates.clear()
        self.webhook = None
        self._notify()
        return 200, {"ok": True, "result": True, "description": "Webhook was deleted"}

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        info: dict[str, Any] = {
            "url": self.webhook.url if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook is not None and self.webhook.allowed_updates is not None:
            info["allowed_updates"] = self.webhook.allowed_updates
        return 200, {"ok": True, "result": info}

    async def _m_setMyCommands(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        raw = params.get("commands", "[]")
        commands = json.loads(raw) if isinstance(raw, str) else raw
        language = params.get("language_code") or ""
        self.commands_by_language[language] = commands
        if not language:
            self.commands = commands
        self._notify()
        return 200, {"ok": True, "result": True}

    async def _m_sendChatAction(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.chat_actions.append((int(params["chat_id"]), str(params.get("action"))))
        self._notify()
        return 200, {"ok": True, "result": True}

    async def _m_sendMessage(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = int(params["chat_id"])
        text = str(params.get("text", ""))
        parse_mode = params.get("parse_mode") or None
        shown = text
        if parse_mode == "HTML":
            error, shown = check_html(text)
            if error is not None:
                fault = Fault(400, f"Bad Request: can't parse entities: {error}")
                self.rejected[400] += 1
                return 400, _error(fault)
        if not shown.strip():
            self.rejected[400] += 1
            return 400, _error(Fault(400, "Bad Request: message text is empty"))
        if len(shown) > MAX_TEXT:
            self.rejected[400] += 1
            return 400, _error(Fault(400, "Bad Request: message is too long"))
        now = time.monotonic()
        if self.limits is not None and self.limits.refuse(chat_id, now):
            self.rejected[429] += 1
            return 429, _error(Fault.retry_after(1))
        message_id = next(self._message_ids)
        markup = params.get("reply_markup")
        reply_to = _reply_target(params)
        self.sent.append(SentMessage(chat_id, text, parse_mode, message_id, now, markup, reply_to))
        self._notify()
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "text": shown,
        }
        return 200, {"ok": True, "result": message}

    async def _m_editMessageText(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        text = str(params.get("text", ""))
        index = next(
            (
                i
                for i, m in enumerate(self.sent)
                if (m.chat_id, m.message_id) == (chat_id, message_id)
            ),
            None,
        )
        if index is None:
            return 400, _error(Fault(400, "Bad Request: message to edit not found"))
        if params.get("parse_mode") == "HTML":
            error, _shown = check_html(text)
            if error is not None:
                return 400, _error(Fault(400, f"Bad Request: can't parse entities: {error}"))
        old = self.sent[index]
        markup = params.get("reply_markup", old.reply_markup)
        if text == old.shown and markup == old.reply_markup:
            return 400, _error(Fault(400, "Bad Request: message is not modified"))
        self.sent[index] = replace(old, edits=(*old.edits, text), reply_markup=markup)
        self._notify()
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "text": text,
        }
        return 200, {"ok": True, "result": message}

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        query_id = str(params["callback_query_id"])
        if any(a.callback_query_id == query_id for a in self.callback_answers):
            return 400, _error(Fault(400, "Bad Request: query is too old or already answered"))
        self.callback_answers.append(CallbackAnswer(query_id, params.get("text") or None))
        self._notify()
        return 200, {"ok": True, "result": True}


def _user(user_id: int, language_code: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Test"}
    if language_code is not None:
        user["language_code"] = language_code
    return user


def _reply_target(params: dict[str, Any]) -> int | None:
    """The message a sendMessage answers: reply_parameters (JSON) or reply_to_message_id."""
    raw = params.get("reply_parameters")
    if isinstance(raw, str):
        raw = json.loads(raw)
    if isinstance(raw, dict) and raw.get("message_id") is not None:
        return int(raw["message_id"])
    legacy = params.get("reply_to_message_id")
    return int(legacy) if legacy is not None else None


def _flag(value: object) -> bool:
    """A boolean parameter, sent as JSON `true` or as the form value "true"/"True"."""
    return value is True or str(value).lower() == "true"


def _error(fault: Fault) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "ok": False,
        "error_code": fault.status,
        "description": fault.description,
    }
    if fault.parameters:
        payload["parameters"] = fault.parameters
    return payload
