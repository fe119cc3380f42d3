"""First contact: /start, the privacy notice, choosing a language, and invite links.

A new person sees a short greeting, the privacy notice in plain words and the language picker
(each language named in its own script). Choosing a language after reading the notice is
their agreement; the main menu follows in the chosen language. ``/start <token>`` opens an
invite link; a link that is unknown, used or expired gets a kind explanation, never an error.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop

from bot.i18n import LANGUAGE_NAMES, _, current, ngettext, set_language
from handlers import callbacks, commands, fallback
from handlers.context import BotContext
from handlers.menu import menu_markup, menu_text, send_menu
from handlers.screens import Button, acknowledge, columns, keyboard, say, show


def privacy_text(inactive_months: int = 24) -> str:
    """The notice; ``inactive_months`` is the deployment's retention rule."""
    return (
        _(
            "<b>Your privacy, in short</b>\n"
            "• I keep your Telegram account number, your language and the choices you make "
            "here. I never need your real name or your phone number.\n"
            "• I keep them so I can answer you and remind you about meetings.\n"
            "• If you are linked to a personal adviser (PA), your PA and their manager can see "
            "them. Nobody else can.\n"
            "• If you tell me you are not safe, I will tell your PA so they can help.\n"
            "• You can see everything I keep with /mydata and delete it with /delete.\n"
            "• Type /privacy to read this again."
        )
        + "\n"
        + ngettext(
            "• If you don't use me for {months} month, I delete what I keep about you.",
            "• If you don't use me for {months} months, I delete what I keep about you.",
            inactive_months,
        ).format(months=current().number(inactive_months))
    )


def welcome_text() -> str:
    return _(
        "Hi! I can tell you what help you can get, keep you in touch with your "
        "personal adviser (PA), and ask what you think."
    )


def picker_markup() -> InlineKeyboardMarkup:
    buttons: list[Button] = [
        (name, callbacks.build("lang", "set", lang)) for lang, name in LANGUAGE_NAMES.items()
    ]
    # Language names are in many scripts: keep one fixed order for everyone.
    return keyboard(columns(buttons, 2), mirror=False)


async def send_onboarding(update: Update, context: BotContext) -> None:
    text = "\n\n".join(
        [
            welcome_text(),
            privacy_text(context.services.settings.inactive_months),
            _("If you carry on, you agree to this."),
            _("Choose your language:"),
        ]
    )
    await say(update, context, text, picker_markup())


async def start(update: Update, context: BotContext) -> None:
    """/start, with or without an invite token."""
    user = update.effective_user
    if user is None:
        return
    services = context.services
    token = context.args[0] if context.args else None
    if token:
        result, person = await services.invites.redeem(
            user.id, token, services.settings.default_council
        )
        context.person = person
        if result.outcome != "ok":
            await say(update, context, invite_problem(result.outcome))
        elif person.is_staff:
            await say(update, context, _("Welcome! Your staff account is ready."))
        else:
            link = await services.links.link_of(person)
            if link is not None:
                name = current().ltr(html.escape(link.pa_name or ""))
                await say(
                    update,
                    context,
                    _("You are now connected with your PA, {name}. You can message them and "
                      "see your meetings under “My PA and meetings”.").format(name=name),
                )  # fmt: skip
    elif context.person is not None:
        person = context.person
    else:
        person = await services.people.register(user.id, services.settings.default_council)
        context.person = person
    if person.consented and person.language:
        await say(update, context, _("Welcome back!"))
        await send_menu(update, context)
        return
    await send_onboarding(update, context)


def invite_problem(outcome: str) -> str:
    if outcome == "expired":
        return _(
            "This link is too old to use. That's OK: ask your PA to send you a new one. "
            "You can still use me now."
        )
    if outcome == "used":
        return _(
            "This link has already been used. If it wasn't you who used it, please tell "
            "your PA. You can still use me now."
        )
    return _(
        "I don't recognise this link. Please check you copied all of it, or ask your PA "
        "for a new one. You can still use me now."
    )


async def choose_language(update: Update, context: BotContext) -> None:
    """A tap on a language in the picker."""
    user = update.effective_user
    parsed = context.tapped
    if user is None:
        return
    if parsed.action == "pick":
        await show_picker(update, context)
        return
    if parsed.arg() not in LANGUAGE_NAMES:
        await fallback.stale_button(update, context)
        return
    lang = parsed.arg()
    services = context.services
    tr = set_language(lang)
    person, notice = await services.people.choose_language(
        user.id, lang, services.settings.default_council, draft=tr.catalog.is_draft
    )
    context.person = person
    await acknowledge(update, LANGUAGE_NAMES[lang])
    await commands.set_for_chat(context.bot, user.id, lang)
    if notice:
        await say(update, context, draft_notice())
    if person.is_staff and not person.display_name:
        await services.people.set_pending(user.id, "staffname")
        await say(
            update, context, _("What name should young people see for you? For example “Sam”.")
        )
        return
    await say(update, context, menu_text(), menu_markup(context.person))


def draft_notice() -> str:
    return _(
        "Please note: this translation has not yet been checked by a qualified translator. "
        "If anything is unclear, your PA can explain it."
    )


async def show_picker(update: Update, context: BotContext) -> None:
    """/language, or the Language button: the picker, reachable from every screen."""
    await acknowledge(update)
    await show(update, context, _("Choose your language:"), picker_markup())


async def show_privacy(update: Update, context: BotContext) -> None:
    await say(update, context, privacy_text(context.services.settings.inactive_months))


# Commands that work before a language is chosen: starting, and a person's privacy rights.
OPEN_COMMANDS = frozenset({"/start", "/privacy", "/mydata", "/delete", "/help"})


async def gate(update: Update, context: BotContext) -> None:
    """Before anything else: a person who has not chosen a language yet sees onboarding."""
    if update.effective_chat is None or update.effective_chat.type != "private":
        return
    person = context.person
    if person is not None and person.consented and person.language:
        return
    text = update.message.text or "" if update.message is not None else ""
    if text.split("@", 1)[0].split(" ", 1)[0] in OPEN_COMMANDS:
        return
    query = update.callback_query
    if query is not None:
        parsed = callbacks.parse(query.data)
        if parsed is not None and parsed.feature == "lang":
            return
        await acknowledge(update)
    if update.message is None and query is None:
        return
    if person is None and update.effective_user is not None:
        services = context.services
        context.person = await services.people.register(
            update.effective_user.id, services.settings.default_council
        )
    await send_onboarding(update, context)
    raise ApplicationHandlerStop
