"""One entry point for every button tap: parse the data, then hand it to its feature.

Button data is untrusted. It is parsed once here (``handlers.callbacks``); a tap whose data is
unknown, malformed or from an older version of the bot gets a kind "out of date" answer and
the menu, and never reaches a feature handler. Feature handlers read ``context.button``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from handlers import callbacks, fallback
from handlers.context import BotContext

ButtonHandler = Callable[[Update, BotContext], Awaitable[None]]

ROUTES: dict[str, ButtonHandler] = {}


def route(feature: str, handler: ButtonHandler) -> None:
    ROUTES[feature] = handler


async def on_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    parsed = callbacks.parse(query.data if query is not None else None)
    handler = ROUTES.get(parsed.feature) if parsed is not None else None
    if parsed is None or handler is None:
        await fallback.stale_button(update, context)
        return
    context.button = parsed
    await handler(update, context)
