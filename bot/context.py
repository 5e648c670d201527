"""The typed CallbackContext: handlers and jobs reach the services as `context.services`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

if TYPE_CHECKING:
    from bot.services import Services

__all__ = ["BotApp", "BotContext", "BotData"]


@dataclass
class BotData:
    """Application-wide data: just the services, attached once by `build_application`."""

    services: Services | None = None


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    """CallbackContext with typed access to the services instead of `bot_data["..."]`."""

    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are not attached; build the app with build_application")
        return services


BotApp = Application[
    ExtBot[Any], BotContext, dict[Any, Any], dict[Any, Any], BotData, JobQueue[BotContext]
]
