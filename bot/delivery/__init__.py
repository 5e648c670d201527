"""The outbox's sending side: fan-out, the sender with its retry rules, and the jobs."""

from bot.delivery.send import send_html
from bot.delivery.sender import DrainReport, Sender

__all__ = ["DrainReport", "Sender", "send_html"]
