"""Routing for keep-in-touch buttons and typed answers (staff forms, check-in answers).

Every staff button that names a case is checked against the caseload rules before any
screen is shown (and the check is audited), so a young person or a PA of another team who
forges a button gets a refusal, never another person's record.
"""

from __future__ import annotations

import html
from datetime import datetime, time

from telegram import Update

from bot.i18n import _
from handlers import fallback, my_pa, staff, staff_checkins, staff_forms
from handlers.context import BotContext
from handlers.menu import menu_markup
from handlers.screens import say
from scheduler.cases import NotAllowed
from scheduler.status import LONDON

CASE_ACTIONS = {"sched", "day", "time", "kind", "rec", "rkind", "rday", "moved", "review"}


async def _allowed(update: Update, context: BotContext, case_id: int, action: str) -> bool:
    person = context.person
    if person is None or not person.is_staff:
        await staff.refuse(update, context)
        return False
    try:
        await context.services.cases.get(person, case_id, action)
    except NotAllowed:
        await staff.refuse(update, context)
        return False
    return True


async def on_form_button(update: Update, context: BotContext) -> None:
    tapped = context.tapped
    action, args = tapped.action, tapped.args
    if action == "add":
        await staff_forms.start_add(update, context)
        return
    if action in ("status", "accom", "skip"):
        await staff_forms.add_button(update, context)
        return
    case_id = int(args[0])
    if action in CASE_ACTIONS and not await _allowed(update, context, case_id, f"form_{action}"):
        return
    if action == "sched":
        await staff_checkins.choose_day(update, context, case_id)
    elif action == "day":
        await staff_checkins.choose_time(update, context, case_id, args[1])
    elif action == "time":
        day = staff_forms.from_ymd(args[1])
        if day is None:
            await fallback.stale_button(update, context)
            return
        at = datetime.combine(day, time(int(args[2][:2]), int(args[2][2:])), LONDON)
        await staff_checkins.choose_kind(update, context, case_id, at)
    elif action == "kind":
        await staff_checkins.schedule(update, context, case_id, args[1], args[2])
    elif action == "rec":
        await staff_checkins.choose_contact_kind(update, context, case_id)
    elif action == "rkind":
        await staff_checkins.choose_contact_day(update, context, case_id, args[1])
    elif action == "rday":
        day = staff_forms.from_ymd(args[2])
        if day is None:
            await fallback.stale_button(update, context)
            return
        await staff_checkins.record(update, context, case_id, args[1], day)
    elif action == "moved":
        await staff_checkins.record_move(update, context, case_id)
    elif action == "review":
        await staff_forms.ask(
            update,
            context,
            f"review:{case_id}",
            _("When is the next pathway plan review? Type a date like 24/12/2026."),
            {},
        )


async def on_kit_button(update: Update, context: BotContext) -> None:
    action = context.tapped.action
    if action == "ans":
        await my_pa.answer_checkin(update, context)
    elif action == "out":
        await staff_checkins.answer_outcome(update, context)
    else:
        await staff.show_case(update, context)


async def answer_staff_name(update: Update, context: BotContext, text: str) -> None:
    person = context.person
    assert person is not None
    if not 1 <= len(text) <= 40:
        await say(update, context, _("Please use 1 to 40 characters."))
        return
    await context.services.people.set_display_name(person.telegram_id, text)
    await say(
        update,
        context,
        _("Thank you. Young people will see you as: {name}").format(name=html.escape(text)),
        menu_markup(person),
    )


async def use_the_buttons(update: Update, context: BotContext, text: str) -> None:
    await say(update, context, _("Please use the buttons above, or Cancel."))


QUESTIONS = {
    "add": staff_forms.answer_add,
    "when": staff_checkins.answer_when,
    "kind": use_the_buttons,
    "rday": staff_checkins.answer_contact_day,
    "review": staff_checkins.answer_review,
    "staffname": answer_staff_name,
}
