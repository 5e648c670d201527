"""A Bot API server on loopback: enough of Telegram for the real Application to talk to.

It answers `/bot<TOKEN>/<method>` over HTTP/1.1 (keep-alive, form or JSON bodies) for getMe,
getUpdates (long-polled, honouring offset and timeout), setWebhook, deleteWebhook,
getWebhookInfo, setMyCommands (per language_code), sendMessage (recording what it replies to),
editMessageText, answerCallbackQuery, getChatMember (statuses set with `set_member`),
sendChatAction and a few no-ops; while a webhook is
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
from collections import defaultdict
from dataclasses import replace
from typing import Any

from tests.servers import telegram_http as http
from tests.servers import telegram_updates as updates
from tests.servers.telegram_html import check_html
from tests.servers.telegram_types import (
    CallbackAnswer,
    Fault,
    FloodLimits,
    SentMessage,
    Webhook,
    error_body,
    member_json,
    message_json,
)

__all__ = ["BotApiServer", "CallbackAnswer", "Fault", "SentMessage", "Webhook"]

MAX_TEXT = 4096


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
        self.limits = FloodLimits() if enforce_limits else None
        self.sent: list[SentMessage] = []
        self.commands: list[dict[str, Any]] = []
        self.commands_by_language: dict[str, list[dict[str, Any]]] = {}
        self.callback_answers: list[CallbackAnswer] = []
        self.chat_actions: list[tuple[int, str]] = []
        self.members: dict[tuple[int, int], str] = {}  # (chat_id, user_id) -> status
        self.calls: list[str] = []
        self.rejected: defaultdict[int, int] = defaultdict(int)  # status -> count
        self.tokens: set[str] = set()
        self.webhook: Webhook | None = None
        self._faults: dict[tuple[str, int | None], list[Fault | None]] = defaultdict(list)
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

    def push_message(self, chat_id: int, text: str, **options: Any) -> int:
        """Queue a user's message for getUpdates (options as for `message_update`); returns
        its update_id."""
        return self._queue(self.message_update(chat_id, text, **options))

    def message_update(self, chat_id: int, text: str, **options: Any) -> dict[str, Any]:
        """A user's message as a Telegram Update with fresh ids (see `updates.message_update`
        for the options: reply_to, user_id, chat_type, language_code, forward_from_chat)."""
        return updates.message_update(
            next(self._update_ids), self._message_ids, chat_id, text, **options
        )

    def callback_update(
        self, chat_id: int, message: SentMessage, data: str, **options: Any
    ) -> dict[str, Any]:
        """A press on an inline button of `message` (a message the bot sent), as an Update."""
        return updates.callback_update(
            next(self._update_ids),
            next(self._callback_ids),
            self.bot_id,
            chat_id,
            message,
            data,
            **options,
        )

    def push_callback(self, chat_id: int, message: SentMessage, data: str) -> int:
        """Queue a button press for getUpdates; returns its update_id."""
        return self._queue(self.callback_update(chat_id, message, data))

    def _queue(self, update: dict[str, Any]) -> int:
        self._updates.append(update)
        self._notify()
        return int(update["update_id"])

    def message(self, message_id: int) -> SentMessage:
        """A message the bot sent, as it is now (after edits)."""
        return next(m for m in self.sent if m.message_id == message_id)

    def fail_next(
        self,
        method: str,
        fault: Fault,
        *,
        chat_id: int | None = None,
        times: int = 1,
        after: int = 0,
    ):
        """Answer the next `times` calls of `method` (for `chat_id`, or any chat) with `fault`,
        once `after` calls went through."""
        self._faults[(method, chat_id)].extend([None] * after + [fault] * times)

    def fail_always(self, method: str, fault: Fault, *, chat_id: int | None = None) -> None:
        """Answer every call of `method` for `chat_id` with `fault` (e.g. a blocked chat)."""
        self._permanent[(method, chat_id)] = fault

    def set_member(self, chat_id: int, user_id: int, status: str = "administrator") -> None:
        """What getChatMember says of `user_id` in `chat_id` ("creator", "administrator",
        "member", "restricted", "left", "kicked"); anyone not set is a plain "member"."""
        self.members[(chat_id, user_id)] = status

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
            while (request := await http.read_request(reader)) is not None:
                status, payload = await self._dispatch(*request)
                await http.write_json(writer, status, payload)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            return
        finally:
            self._connections.discard(task)
            writer.close()

    async def _dispatch(
        self, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, Any]]:
        call = http.api_call(target, headers, body)
        if call is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, method, params = call
        self.tokens.add(token)
        self.calls.append(method)
        if self.latency and method != "getUpdates":
            await asyncio.sleep(self.latency)
        chat = params.get("chat_id")
        chat_id = int(chat) if chat is not None else None
        fault = self._take_fault(method, chat_id)
        if fault is not None:
            return self._refuse(fault)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return 200, {"ok": True, "result": True}
        result: tuple[int, dict[str, Any]] = await handler(params)
        return result

    def _refuse(self, fault: Fault) -> tuple[int, dict[str, Any]]:
        """Telegram's answer refusing a call, counted in `rejected`."""
        self.rejected[fault.status] += 1
        return fault.status, error_body(fault)

    def _take_fault(self, method: str, chat_id: int | None) -> Fault | None:
        for key in ((method, chat_id), (method, None)):
            if key in self._permanent:
                return self._permanent[key]
            queue = self._faults.get(key)
            if queue:
                return queue.pop(0)  # None: a call let through before the fault
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
            return self._refuse(
                Fault(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
            )
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
        if http.flag(params.get("drop_pending_updates")):
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
                return self._refuse(Fault(400, f"Bad Request: can't parse entities: {error}"))
        if not shown.strip():
            return self._refuse(Fault(400, "Bad Request: message text is empty"))
        if len(shown) > MAX_TEXT:
            return self._refuse(Fault(400, "Bad Request: message is too long"))
        now = time.monotonic()
        if self.limits is not None and self.limits.refuse(chat_id, now):
            return self._refuse(Fault.retry_after(1))
        message_id = next(self._message_ids)
        markup = params.get("reply_markup")
        reply_to = http.reply_target(params)
        topic = int(params["message_thread_id"]) if params.get("message_thread_id") else None
        sent = SentMessage(
            chat_id, text, parse_mode, message_id, now, markup, reply_to, thread=topic
        )
        self.sent.append(sent)
        self._notify()
        chat_type = "private" if chat_id > 0 else "group"
        return 200, {"ok": True, "result": message_json(chat_id, chat_type, message_id, shown)}

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
            return 400, error_body(Fault(400, "Bad Request: message to edit not found"))
        if params.get("parse_mode") == "HTML":
            error, _shown = check_html(text)
            if error is not None:
                return 400, error_body(Fault(400, f"Bad Request: can't parse entities: {error}"))
        old = self.sent[index]
        markup = params.get("reply_markup")  # as in Telegram: an edit without one drops it
        if text == old.shown and markup == old.reply_markup:
            return 400, error_body(Fault(400, "Bad Request: message is not modified"))
        self.sent[index] = replace(old, edits=(*old.edits, text), reply_markup=markup)
        self._notify()
        return 200, {"ok": True, "result": message_json(chat_id, "private", message_id, text)}

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        query_id = str(params["callback_query_id"])
        if any(a.callback_query_id == query_id for a in self.callback_answers):
            return 400, error_body(Fault(400, "Bad Request: query is too old or already answered"))
        self.callback_answers.append(CallbackAnswer(query_id, params.get("text") or None))
        self._notify()
        return 200, {"ok": True, "result": True}

    async def _m_getChatMember(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = self.members.get((chat_id, user_id), "member")
        return 200, {"ok": True, "result": member_json(user_id, status)}
