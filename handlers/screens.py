"""Showing a screen: one place that sends or edits a message with its buttons.

A tap on a button edits the message it came from (the chat stays short); a typed message or
command gets a new message. If an edit is refused (the message is too old, or nothing changed),
a new message is sent instead, so the reader always sees an answer. Keyboards are laid out
here: in right-to-left languages each row is reversed so it reads in the natural order.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.i18n import current
from handlers.context import BotContext

log = logging.getLogger(__name__)

Button = tuple[str, str]  # (label, callback data)


def keyboard(rows: Sequence[Sequence[Button]], *, mirror: bool = True) -> InlineKeyboardMarkup:
    """Inline keyboard from rows of (label, data); rows mirrored for right-to-left readers."""
    flip = mirror and current().is_rtl
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(label, callback_data=data)
                for label, data in (reversed(row) if flip else row)
            ]
            for row in rows
            if row
        ]
    )


def columns(buttons: Sequence[Button], per_row: int = 2) -> list[list[Button]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


async def show(
    update: Update,
    context: BotContext,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Edit the tapped message into ``text``, or send ``text`` as a new message."""
    query = update.callback_query
    if query is not None and query.message is not None and isinstance(query.message, Message):
        try:
            edited = await query.message.edit_text(
                text, reply_markup=markup, parse_mode=ParseMode.HTML
            )
            return edited if isinstance(edited, Message) else None
        except BadRequest as error:
            # "message is not modified" or too old to edit: fall through to a new message.
            log.debug("edit refused (%s); sending a new message", type(error).__name__)
    return await say(update, context, text, markup)


async def say(
    update: Update,
    context: BotContext,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Send ``text`` as a new message to the chat the update came from."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_message(
        chat.id, text, reply_markup=markup, parse_mode=ParseMode.HTML
    )


async def acknowledge(update: Update, text: str | None = None) -> None:
    """Stop the button's spinner (with an optional short notice)."""
    if update.callback_query is not None:
        await update.callback_query.answer(text)
