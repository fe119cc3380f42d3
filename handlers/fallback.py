"""Answers for everything else a person can send, so nothing goes unanswered.

Unknown commands, stickers, photos, voice notes, files, locations, very long text, edited
messages, messages in groups and channels, and buttons whose data is unknown or out of date
each get a short, kind reply and a way back to the menu. Nothing here is stored or logged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.error import TelegramError

from bot.i18n import _
from handlers.context import BotContext
from handlers.menu import back_row, menu_markup
from handlers.screens import acknowledge, keyboard, say

log = logging.getLogger(__name__)

LONG_TEXT = 1000


async def unknown_command(update: Update, context: BotContext) -> None:
    await say(
        update,
        context,
        _("I don't know that command. Here is what I can do:"),
        menu_markup(context.person),
    )


async def cannot_read(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice notes, files, locations, contacts, polls..."""
    await say(
        update,
        context,
        _(
            "I can only read text and button taps, so I can't open that. I haven't kept it. "
            "Please type what you need, or use the buttons."
        ),
        keyboard([back_row()]),
    )


async def too_long(update: Update, context: BotContext) -> None:
    await say(
        update,
        context,
        _(
            "That's a long message. I can only search for short questions, like “help with "
            "rent”. To tell your PA something, use “My PA and meetings”."
        ),
        keyboard([back_row()]),
    )


async def edited(update: Update, context: BotContext) -> None:
    await say(
        update,
        context,
        _("I can't see changes to messages. Please send it again as a new message."),
    )


async def stale_button(update: Update, context: BotContext) -> None:
    """A button whose data we do not understand (old, or not ours)."""
    await acknowledge(update, _("This button is out of date."))
    await say(
        update,
        context,
        _("Sorry, that button is out of date. Here is the menu again:"),
        menu_markup(context.person),
    )


async def only_private(update: Update, context: BotContext) -> None:
    """A message in a group or a channel: say once where the bot works, then stay quiet."""
    chat = update.effective_chat
    if chat is None:
        return
    username = context.bot.username
    try:
        await context.bot.send_message(
            chat.id,
            _("I only work in a private chat. Please message me directly: @{bot}").format(
                bot=username
            ),
        )
    except TelegramError as error:
        # A channel where we may not post, or a group that removed us: nothing to answer.
        log.info("could not answer in a %s chat: %s", chat.type, type(error).__name__)


async def free_text(update: Update, context: BotContext) -> None:
    """Typed text outside any question the bot asked: offered to the text handlers in turn."""
    for handler in TEXT_HANDLERS:
        if await handler(update, context):
            return
    await say(
        update,
        context,
        _("Thanks for your message. Tap a button below to find what you need:"),
        menu_markup(context.person),
    )


async def on_added_to_group(update: Update, context: BotContext) -> None:
    """Someone added the bot to a group or channel: explain once, then leave."""
    change = update.my_chat_member
    if change is None or change.chat.type == "private":
        return
    if change.new_chat_member.status not in ("member", "administrator"):
        return
    await only_private(update, context)
    try:
        await context.bot.leave_chat(change.chat.id)
    except TelegramError as error:
        log.info("could not leave a %s chat: %s", change.chat.type, type(error).__name__)


# Features that answer typed text (a pending question, a search...) add a handler here; each
# returns True when it answered. Checked in order.
TextHandler = Callable[[Update, BotContext], Awaitable[bool]]
TEXT_HANDLERS: list[TextHandler] = []
