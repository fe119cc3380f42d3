"""Everything that knows Telegram: one module per feature, registered here in one place.

Order matters. Within a group the first matching handler wins; groups run from the lowest.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import (
    buttons,
    errors,
    fallback,
    loading,
    menu,
    offer,
    onboarding,
    pledges,
    privacy,
)

PRIVATE = filters.ChatType.PRIVATE
LONG_TEXT = filters.Regex(rf"(?s)^.{{{fallback.LONG_TEXT},}}")


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    # Group −1: before anything else, for every update — load the person, set the
    # language, run the guards (onboarding gate). A guard may stop the update there.
    app.add_handler(TypeHandler(Update, loading.before_every_update), group=-1)

    menu.add_entry("help", menu.show_help)
    menu.add_entry("language", onboarding.show_picker)
    buttons.route("lang", onboarding.choose_language)
    buttons.route("menu", menu.on_menu_button)
    buttons.route("privacy", privacy.on_delete_button)
    menu.add_entry("offer", offer.show_categories)
    buttons.route("offer", offer.on_button)
    menu.add_entry("pledges", pledges.show_pledges)
    buttons.route("pledges", pledges.on_button)
    # Typed text outside a question the bot asked: a search of the offer.
    fallback.TEXT_HANDLERS[:] = [offer.answer_question]

    handlers = [
        # Not a private chat: say where the bot works, once per message, and nothing more.
        MessageHandler(~PRIVATE & ~filters.UpdateType.EDITED, fallback.only_private),
        ChatMemberHandler(fallback.on_added_to_group, ChatMemberHandler.MY_CHAT_MEMBER),
        # Commands.
        CommandHandler("start", onboarding.start, filters=PRIVATE),
        CommandHandler("menu", menu.show_menu, filters=PRIVATE),
        CommandHandler("help", menu.send_help, filters=PRIVATE),
        CommandHandler("language", onboarding.show_picker, filters=PRIVATE),
        CommandHandler("privacy", onboarding.show_privacy, filters=PRIVATE),
        CommandHandler("mydata", privacy.my_data, filters=PRIVATE),
        CommandHandler("delete", privacy.ask_delete, filters=PRIVATE),
        # Every button goes through one parser; unknown or stale data gets a kind answer.
        CallbackQueryHandler(buttons.on_button),
        # Everything else a person can send in a private chat.
        MessageHandler(filters.UpdateType.EDITED & PRIVATE, fallback.edited),
        MessageHandler(filters.COMMAND & PRIVATE, fallback.unknown_command),
        MessageHandler(filters.TEXT & PRIVATE & LONG_TEXT, fallback.too_long),
        MessageHandler(filters.TEXT & PRIVATE, fallback.free_text),
        MessageHandler(PRIVATE, fallback.cannot_read),
    ]
    for handler in handlers:
        app.add_handler(handler)
    app.add_error_handler(errors.on_error)
