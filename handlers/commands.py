"""The command list Telegram shows in its "/" menu, in each reader's language.

Registered for every language Telegram can name with a two-letter code when the bot starts,
and for a single chat when a person picks a language (Dari and Kurdish Sorani have no
two-letter code, so that is the only way their readers see the list in their language).
"""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.i18n import LANGUAGE_NAMES, N_, use_language

log = logging.getLogger(__name__)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("menu", N_("Main menu")),
    ("help", N_("Help and crisis numbers")),
    ("language", N_("Change language")),
    ("privacy", N_("What I keep and why")),
    ("mydata", N_("See the data I keep about you")),
    ("delete", N_("Delete your data")),
    ("start", N_("Start again")),
)

# Telegram's language_code for each of our languages, where it has a two-letter code.
TELEGRAM_CODES: dict[str, str] = {
    "ar": "ar",
    "fa": "fa",
    "ps": "ps",
    "ti": "ti",
    "am": "am",
    "sq": "sq",
    "vi": "vi",
}


def command_list(lang: str) -> list[BotCommand]:
    with use_language(lang) as tr:
        return [BotCommand(name, tr.gettext(description)) for name, description in COMMANDS]


async def register_all(bot: Bot) -> None:
    """Default (English) list plus one per language Telegram can name."""
    try:
        await bot.set_my_commands(command_list("en"))
        for lang, code in TELEGRAM_CODES.items():
            await bot.set_my_commands(command_list(lang), language_code=code)
    except TelegramError as error:
        # The bot still works without its "/" menu; don't stop start-up for it.
        log.warning("could not register the command list: %s", type(error).__name__)


async def set_for_chat(bot: Bot, chat_id: int, lang: str) -> None:
    if lang not in LANGUAGE_NAMES:
        return
    try:
        await bot.set_my_commands(command_list(lang), scope=BotCommandScopeChat(chat_id))
    except TelegramError as error:
        log.warning("could not set a chat's command list: %s", type(error).__name__)
