"""Typed answers the bot asked for: "What label shall I use?", "When is the check-in?".

What a person is being asked is stored on their row (``people.pending``), not in memory, so
any worker can take the answer. A feature registers a handler per question prefix; typed text
goes to that handler first. Every question has a Cancel button that clears it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.i18n import _
from handlers import callbacks
from handlers.context import BotContext
from handlers.menu import menu_markup
from handlers.screens import acknowledge, show

Answer = Callable[[Update, BotContext, str], Awaitable[None]]
QUESTIONS: dict[str, Answer] = {}

callbacks.register("ask", {"cancel": ()})


def register(prefix: str, answer: Answer) -> None:
    QUESTIONS[prefix] = answer


def cancel_row() -> list[tuple[str, str]]:
    return [(_("✖️ Cancel"), callbacks.build("ask", "cancel"))]


async def answer_pending(update: Update, context: BotContext) -> bool:
    """Typed text while a question is open goes to the question's handler."""
    person = context.person
    message = update.effective_message
    if person is None or not person.pending or message is None or message.text is None:
        return False
    prefix = person.pending.split(":", 1)[0]
    handler = QUESTIONS.get(prefix)
    if handler is None:
        await context.services.people.set_pending(person.telegram_id, None)
        return False
    await handler(update, context, message.text.strip())
    return True


async def on_cancel(update: Update, context: BotContext) -> None:
    await acknowledge(update)
    if context.person is not None:
        await context.services.people.set_pending(context.person.telegram_id, None)
    await show(
        update, context, _("Cancelled. What would you like to do?"), menu_markup(context.person)
    )
