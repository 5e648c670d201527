"""What the loopback Bot API records (messages, button answers, the webhook) and how it fails
(injected faults, Telegram's flood limits, the error body it answers with)."""

from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CallbackAnswer",
    "Fault",
    "FloodLimits",
    "SentMessage",
    "Webhook",
    "error_body",
    "member_json",
    "message_json",
]


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
    thread: int | None = None  # the forum topic it was posted in (message_thread_id)

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
    def query_too_old(cls) -> Fault:
        """What answerCallbackQuery gets for a press older than Telegram waits for (a press
        made while the bot was down, answered after its restart)."""
        return cls(
            400,
            "Bad Request: query is too old and response timeout expired or query id is invalid",
        )

    @classmethod
    def server_error(cls) -> Fault:
        return cls(500, "Internal Server Error")


@dataclass
class FloodLimits:
    """Telegram's flood limits: so many messages a second overall, one a second per chat."""

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


def error_body(fault: Fault) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "ok": False,
        "error_code": fault.status,
        "description": fault.description,
    }
    if fault.parameters:
        payload["parameters"] = fault.parameters
    return payload


_ADMIN_RIGHTS = (
    "can_be_edited",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)


def message_json(chat_id: int, chat_type: str, message_id: int, text: str) -> dict[str, Any]:
    """A Message as sendMessage and editMessageText return it: enough for PTB to build one."""
    return {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": chat_type},
        "text": text,
    }


def member_json(user_id: int, status: str) -> dict[str, Any]:
    """A ChatMember of `status` as getChatMember returns it (with the fields each kind needs)."""
    member: dict[str, Any] = {
        "status": status,
        "user": {"id": user_id, "is_bot": False, "first_name": "Member"},
    }
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update({right: False for right in _ADMIN_RIGHTS}, is_anonymous=False)
    elif status == "kicked":
        member["until_date"] = 0
    elif status == "restricted":
        member.update(is_member=True, until_date=0)
    return member
