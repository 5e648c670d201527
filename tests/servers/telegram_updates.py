"""Telegram Updates as a user's client would cause them: a message, a press on a button.

The loopback Bot API queues them for getUpdates; webhook tests POST them to the bot directly.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from tests.servers.telegram_types import SentMessage

__all__ = ["callback_update", "message_update", "user_json"]


def message_update(
    update_id: int,
    message_ids: Iterator[int],
    chat_id: int,
    text: str,
    *,
    reply_to: str | None = None,
    user_id: int | None = None,
    chat_type: str = "private",
    language_code: str | None = None,
    forward_from_chat: str | None = None,
    as_chat: bool = False,
) -> dict[str, Any]:
    """A user's message as a Telegram Update (JSON-ready); its message ids come from
    `message_ids`.

    `forward_from_chat` makes it a post forwarded from a channel of that title; `as_chat` one an
    anonymous group admin sent in the group's name (sender_chat is the group itself).
    """
    now = int(time.time())
    message: dict[str, Any] = {
        "message_id": next(message_ids),
        "date": now,
        "chat": {"id": chat_id, "type": chat_type, "first_name": "Test"},
        "from": user_json(user_id or abs(chat_id), language_code),
        "text": text,
    }
    if as_chat:
        message["from"] = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
        message["sender_chat"] = {"id": chat_id, "type": chat_type, "title": "Group"}
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
            "message_id": next(message_ids),
            "date": now,
            "chat": message["chat"],
            "from": {"id": 999, "is_bot": False, "first_name": "Other"},
            "text": reply_to,
        }
    return {"update_id": update_id, "message": message}


def callback_update(
    update_id: int,
    query_id: int,
    bot_id: int,
    chat_id: int,
    message: SentMessage,
    data: str,
    *,
    user_id: int | None = None,
    language_code: str | None = None,
    chat_type: str = "private",
) -> dict[str, Any]:
    """A press on an inline button of `message` (a message the bot sent), as an Update."""
    query = {
        "id": str(query_id),
        "from": user_json(user_id or abs(chat_id), language_code),
        "chat_instance": str(chat_id),
        "data": data,
        "message": {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type, "first_name": "Test"},
            "from": {"id": bot_id, "is_bot": True, "first_name": "Ceasefire"},
            "text": message.shown,
        },
    }
    return {"update_id": update_id, "callback_query": query}


def user_json(user_id: int, language_code: str | None) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Test"}
    if language_code is not None:
        user["language_code"] = language_code
    return user
