"""Crisis words get help at once, and a person finds out; "talk to my PA" reaches a person.

The crisis check runs in group −1 on every typed message, before anything else — before the
flood control, before onboarding — so a young person in crisis gets the help lines in their
language even in their very first message. Survey answers are checked by the survey flow
itself (an anonymous survey must not alert anyone without consent).
"""

from __future__ import annotations

import html
import time

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.i18n import _, current
from bot.people import PersonView
from handlers import callbacks, fallback
from handlers.context import BotContext
from handlers.menu import crisis_lines
from handlers.screens import acknowledge, keyboard, say, show
from handlers.sweep import sweep_once
from offers.model import Council

NUM = callbacks.NUM
callbacks.register("sg", {"see": (NUM,), "reply": (NUM,), "end": (NUM,)})
PLACE_CATEGORIES = frozenset({"homeless_tonight", "no_food_money"})


def help_text(council: Council | None, category: str) -> str:
    parts = [_("You matter, and you don't have to deal with this alone."), crisis_lines()]
    if council is not None and council.out_of_hours:
        parts.append(
            _("Your council's out-of-hours team: {number}").format(
                number=current().ltr(html.escape(council.out_of_hours))
            )
        )
    if category in PLACE_CATEGORIES:
        parts.append(
            _(
                "If you have nowhere safe to stay tonight or no money for food, your "
                "council's out-of-hours team can help."
            )
        )
    return "\n\n".join(parts)


def message_text(update: Update) -> str | None:
    message = update.message
    if message is None or update.effective_chat is None:
        return None
    if update.effective_chat.type != "private":
        return None
    return message.text or message.caption


async def crisis_guard(update: Update, context: BotContext) -> None:
    """Group −1: help first, then make sure a person knows."""
    text = message_text(update)
    person = context.person
    if not text or text.startswith("/") or (person and person.is_staff):
        return
    if person is not None and (person.pending or "").startswith("survey"):
        return
    services = context.services
    found = services.safeguarding.check(text, current().lang)
    if found is None:
        return
    council = services.offers.catalogue.council(
        person.council_id if person else services.settings.default_council
    )
    await say(update, context, help_text(council, found.category))
    outcome = await services.safeguarding.raise_alert(person, found, text) if person else None
    if outcome is not None and outcome.linked:
        await say(update, context, _("I have told your PA, so someone can help you."))
        for chat in outcome.notified:
            await sweep_once(context.bot, services, chat_id=chat)
    else:
        await say(
            update,
            context,
            _(
                "You are not linked to a PA in this chat, so I can't tell anyone for you. "
                "Please call one of the numbers above now."
            ),
        )
    if person is not None and await services.conversations.from_young(person, text):
        await _deliver_to_pa(context, person)
    raise ApplicationHandlerStop


async def _deliver_to_pa(context: BotContext, young: PersonView) -> None:
    link = await context.services.links.link_of(young)
    if link is not None:
        await sweep_once(context.bot, context.services, chat_id=link.pa_chat)


# --- flood control ------------------------------------------------------------------
async def flood_guard(update: Update, context: BotContext) -> None:
    """More than ``flood_limit`` messages in 10 seconds: one "slow down", then a pause."""
    user = update.effective_user
    if user is None or update.message is None:
        return
    verdict = context.services.flood.check(user.id, time.monotonic())
    if verdict == "warn":
        await say(
            update,
            context,
            _(
                "That's a lot of messages at once. Please slow down: "
                "I'll read new messages again in a moment."
            ),
        )
    if verdict != "ok":
        raise ApplicationHandlerStop


# --- the PA side of alerts and conversations ---------------------------------------------
async def on_button(update: Update, context: BotContext) -> None:
    person = context.person
    action, target = context.tapped.action, int(context.tapped.arg())
    if person is None:
        await fallback.stale_button(update, context)
        return
    services = context.services
    if action == "see":
        alert = await services.safeguarding.read(person, target)
        if alert is None:
            await acknowledge(update)
            await say(update, context, _("Sorry, you can't see this message."))
            return
        await acknowledge(update)
        words = html.escape(alert.text) if alert.text else _("(The words have been deleted.)")
        await say(
            update,
            context,
            f"<b>{html.escape(alert.label)}</b> · "
            f"{current().moment(alert.at)}\n\n{current().ltr(words)}",
        )
    elif action == "reply" and person.is_staff:
        await services.people.set_pending(person.telegram_id, f"reply:{target}")
        await acknowledge(update)
        await say(
            update,
            context,
            _("Type your reply. It will be sent to the young person."),
            keyboard([[(_("✖️ Cancel"), callbacks.build("ask", "cancel"))]]),
        )
    elif action == "end":
        await services.conversations.close(person, target or None)
        await acknowledge(update)
        await show(
            update, context, _("The conversation has ended. You can start a new one at any time.")
        )
    else:
        await fallback.stale_button(update, context)


async def answer_reply(update: Update, context: BotContext, text: str) -> None:
    person = context.person
    assert person is not None
    assert person.pending is not None
    conversation = int(person.pending.split(":", 1)[1])
    await context.services.people.set_pending(person.telegram_id, None)
    if await context.services.conversations.from_pa(person, conversation, text):
        await say(update, context, _("Sent."))
        await sweep_once(context.bot, context.services)
    else:
        await say(update, context, _("That conversation has ended, so I couldn't send it."))


async def relay_from_young(update: Update, context: BotContext) -> bool:
    """Typed text while talking to the PA goes to the PA (text handler)."""
    person = context.person
    message = update.effective_message
    if person is None or person.is_staff or message is None or not message.text:
        return False
    if not await context.services.conversations.from_young(person, message.text):
        return False
    await say(
        update,
        context,
        _("Sent to your PA."),
        keyboard([[(_("End the conversation"), callbacks.build("sg", "end", 0))]]),
    )
    await _deliver_to_pa(context, person)
    return True
