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
    keep_in_touch,
    loading,
    menu,
    my_pa,
    offer,
    onboarding,
    pending,
    pledges,
    privacy,
    safeguarding,
    staff,
    staff_forms,
    survey,
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
    buttons.route("ret", privacy.on_keep_account)
    menu.add_entry("offer", offer.show_categories)
    buttons.route("offer", offer.on_button)
    menu.add_entry("pledges", pledges.show_pledges)
    buttons.route("pledges", pledges.on_button)
    menu.add_entry("pa", my_pa.show_my_pa)
    menu.add_entry("caseload", staff.show_caseload)
    menu.add_entry("team", staff.show_team)
    menu.add_entry("add", staff_forms.start_add)
    buttons.route("mypa", my_pa.on_button)
    buttons.route("staff", staff.on_button)
    buttons.route("form", keep_in_touch.on_form_button)
    buttons.route("kit", keep_in_touch.on_kit_button)
    buttons.route("ask", pending.on_cancel)
    for prefix, answer in keep_in_touch.QUESTIONS.items():
        pending.register(prefix, answer)
    # Typed text: first an answer to a question the bot asked, else a search of the offer.
    # Then, while talking to their PA, a young person's words go to the PA.
    fallback.TEXT_HANDLERS[:] = [
        pending.answer_pending,
        safeguarding.relay_from_young,
        offer.answer_question,
    ]
    buttons.route("sg", safeguarding.on_button)
    menu.add_entry("feedback", survey.show_feedback)
    menu.add_entry("surveys", survey.show_staff_surveys)
    buttons.route("sv", survey.on_button)
    pending.register(survey.TEXT_PENDING, survey.answer_text)
    pending.register(survey.BUTTON_PENDING, survey.remind_buttons)
    pending.register("reply", safeguarding.answer_reply)
    # Group −1 guards, in order: crisis words first (nothing may stop them), then flood
    # control, then the onboarding gate.
    loading.GUARDS[:] = [safeguarding.crisis_guard, safeguarding.flood_guard, onboarding.gate]

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
        CommandHandler("caseload", staff.show_caseload, filters=PRIVATE),
        CommandHandler("team", staff.show_team, filters=PRIVATE),
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
