"""A young person's side of keeping in touch: their PA, their coming meetings, and
"I'd like to talk to my PA"; and their answers to check-in notices and reminders."""

from __future__ import annotations

import html

from telegram import Update

from bot.i18n import _, current
from handlers import callbacks, fallback
from handlers.context import BotContext
from handlers.menu import back_row, crisis_lines
from handlers.notices import ANSWER_LABELS, KIND_LABELS
from handlers.screens import acknowledge, keyboard, say, show
from handlers.sweep import sweep_once
from scheduler.cases import NotAllowed
from scheduler.checkins import Stale
from scheduler.office import parse_office_hours
from scheduler.status import LONDON

callbacks.register("mypa", {"talk": ()})


async def show_my_pa(update: Update, context: BotContext) -> None:
    """The "My PA and meetings" menu entry."""
    await acknowledge(update)
    person = context.person
    services = context.services
    link = await services.links.link_of(person) if person else None
    if person is None or link is None:
        text = _(
            "You are not linked to a PA in this chat yet. Your PA can send you a link to join. "
            "Until then, please contact your council's leaving care team."
        )
        await show(update, context, text, keyboard([back_row()]))
        return
    tr = current()
    lines = [_("Your PA: {name}").format(name=tr.ltr(html.escape(link.pa_name or _("your PA"))))]
    coming = await services.checkins.upcoming(person)
    if coming:
        lines.append("<b>" + _("Coming up") + "</b>")
        lines += [f"• {tr.moment(c.at)} — {_(KIND_LABELS[c.kind])}" for c in coming]
    else:
        lines.append(_("No meetings are planned yet."))
    rows = [[(_("🙋 I'd like to talk to my PA"), callbacks.build("mypa", "talk"))], back_row()]
    await show(update, context, "\n".join(lines), keyboard(rows))


async def ask_to_talk(update: Update, context: BotContext) -> None:
    """Open a conversation with the PA: they are told at once; what the young person types
    next goes to them, and automated messages wait until the conversation ends."""
    await acknowledge(update)
    person = context.person
    services = context.services
    conversation = await services.conversations.start(person) if person else None
    if person is None or conversation is None:
        await show(
            update,
            context,
            _("You are not linked to a PA in this chat yet."),
            keyboard([back_row()]),
        )
        return
    await services.links.tell_pa(person, "talk_request", {})
    await sweep_once(context.bot, services, chat_id=conversation.pa_chat)
    lines = [
        _("I've told your PA you'd like to talk. Write your message here and I will pass it on.")
    ]
    now = services.clock()
    hours = parse_office_hours(services.settings.office_hours)
    if not hours.is_open(now, LONDON):
        lines.append(
            _("Your PA works office hours, so they will see it from {when}.").format(
                when=current().moment(hours.next_open(now, LONDON))
            )
        )
        lines.append(crisis_lines())
    rows = [
        [(_("End the conversation"), callbacks.build("sg", "end", conversation.id))],
        back_row(),
    ]
    await show(update, context, "\n\n".join(lines), keyboard(rows))


async def on_button(update: Update, context: BotContext) -> None:
    await ask_to_talk(update, context)


async def answer_checkin(update: Update, context: BotContext) -> None:
    """Yes, see you then / I need to change it / Please call me."""
    checkin_id, answer = context.tapped.args
    person = context.person
    if person is None:
        await fallback.stale_button(update, context)
        return
    try:
        await context.services.checkins.answer(person, int(checkin_id), answer)
    except (NotAllowed, Stale):
        await fallback.stale_button(update, context)
        return
    await acknowledge(update, _(ANSWER_LABELS[answer]))
    thanks = {
        "yes": _("Great, thank you. I've told your PA."),
        "change": _("Thank you. I've told your PA you need to change it. They will be in touch."),
        "call": _("Thank you. I've asked your PA to call you."),
    }[answer]
    await say(update, context, thanks)
