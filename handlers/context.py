"""The callback context every handler receives, with typed access to services and the person.

Group −1 (``handlers.loading``) loads the person behind each update and stores them here, so
later handlers for the same update read ``context.person`` without another query.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.people import PersonView
from bot.services import BotData, Services
from handlers.callbacks import Callback


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """``CallbackContext`` with ``services`` and ``person``."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.person: PersonView | None = None
        self.button: Callback | None = None

    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:  # only when the application was built without the factory
            raise RuntimeError("services are not configured")
        return services

    @property
    def tapped(self) -> Callback:
        """The parsed button of a tap (set by ``handlers.buttons`` before any feature runs)."""
        if self.button is None:
            raise RuntimeError("no button on this update")
        return self.button
