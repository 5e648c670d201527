"""Command handlers, one small module per command group, each exporting `HANDLERS`."""

from telegram import Update
from telegram.ext import BaseHandler

from bot.context import BotContext
from bot.handlers import admin, basic, feeds, stories, subscriptions, summary
from bot.handlers.basic import COMMANDS

__all__ = ["ALL_HANDLERS", "COMMANDS"]

ALL_HANDLERS: list[BaseHandler[Update, BotContext, None]] = [
    *basic.HANDLERS,
    *subscriptions.HANDLERS,
    *stories.HANDLERS,
    *summary.HANDLERS,
    *feeds.HANDLERS,
    *admin.HANDLERS,
]
