"""The PA's short forms: add a young person, schedule a check-in, record contact, a move,
a review date — buttons first, typing only where needed, every answer checked.

Form progress is stored on the PA's row (``people.pending`` and ``pending_data``), so any
worker can take the next answer and nothing is lost if the bot restarts mid-form.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from typing import Any

from telegram import Update

from bot.i18n import N_, _, current
from bot.invites import link
from handlers import callbacks, fallback, pending
from handlers.context import BotContext
from handlers.screens import Button, acknowledge, keyboard, say, show
from handlers.staff import invite_text, is_staff, refuse
from scheduler.cases import LEGAL_STATUSES, NewCase
from scheduler.status import LONDON

NUM = callbacks.NUM
DAY = r"\d{8}"
callbacks.register(
    "form",
    {
        "add": (), "status": (r"eligible|relevant|former-relevant|qualifying",),
        "accom": (r"yes|no",), "skip": (r"move|review",),
        "sched": (NUM,), "day": (NUM, DAY), "time": (NUM, DAY, r"\d{4}"),
        "kind": (NUM, r"\d{12}", r"visit|call|video|message"),
        "rec": (NUM,), "rkind": (NUM, r"visit|call|video|message|failed"),
        "rday": (NUM, r"visit|call|video|message|failed", DAY),
        "moved": (NUM,), "review": (NUM,),
    },
)  # fmt: skip
# The Children Act's categories, with the ages that tell them apart, for the PA's buttons.
LEGAL_STATUS_BUTTONS = {
    "eligible": N_("Eligible (16–17, still in care)"),
    "relevant": N_("Relevant (16–17, left care)"),
    "former-relevant": N_("Former relevant (18–25)"),
    "qualifying": N_("Qualifying"),
}
TIMES = ("0930", "1100", "1300", "1430", "1600", "1730")
DAY_RE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_day(text: str) -> date | None:
    """A date typed as 24/12/2008 (UK order) or 2008-12-24; None if impossible."""
    found = DAY_RE.match(text)
    try:
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
        found = ISO_RE.match(text)
        return date(int(found[1]), int(found[2]), int(found[3])) if found else None
    except ValueError:
        return None


def looks_like_a_date(text: str) -> bool:
    """Written as a date, whether or not that day exists (31/02/2008 does not)."""
    return bool(DAY_RE.match(text) or ISO_RE.match(text))


def no_such_day() -> str:
    return _("That date doesn't exist. Please check the day and month.")


def ymd(day: date) -> str:
    return day.strftime("%Y%m%d")


def from_ymd(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None


async def ask(
    update: Update,
    context: BotContext,
    key: str,
    text: str,
    data: dict[str, Any] | None = None,
    rows: list[list[Button]] | None = None,
) -> None:
    person = context.person
    assert person is not None
    await context.services.people.set_pending(person.telegram_id, key, data)
    await show(update, context, text, keyboard([*(rows or []), pending.cancel_row()]))


# --- add a young person -------------------------------------------------------------
async def start_add(update: Update, context: BotContext) -> None:
    if not is_staff(context):
        await refuse(update, context)
        return
    await acknowledge(update)
    await ask(
        update,
        context,
        "add:label",
        _("What label shall I use for them? Initials or a nickname are best: no full names."),
        {},
    )


async def answer_add(update: Update, context: BotContext, text: str) -> None:
    person = context.person
    assert person is not None and person.pending is not None
    step = person.pending.split(":", 1)[1]
    data = dict(person.pending_data or {})
    if step == "label":
        if not 1 <= len(text) <= 40:
            await ask(update, context, "add:label", _("Please use 1 to 40 characters."), data)
            return
        data["label"] = text
        await ask(
            update, context, "add:dob", _("Their date of birth? For example 24/12/2008."), data
        )
    elif step == "dob":
        await _answer_dob(update, context, text, data)
    elif step in ("move", "review"):
        await answer_add_date(update, context, text, data, step)
    else:  # a step answered with buttons
        await say(update, context, _("Please use the buttons above, or Cancel."))


async def _answer_dob(
    update: Update, context: BotContext, text: str, data: dict[str, Any]
) -> None:
    born = parse_day(text)
    today = context.services.clock().astimezone(LONDON).date()
    if born is None and looks_like_a_date(text):
        await ask(update, context, "add:dob", no_such_day(), data)
        return
    if born is None or not today - timedelta(days=26 * 366) < born < today - timedelta(
        days=15 * 365
    ):
        await ask(
            update,
            context,
            "add:dob",
            _(
                "That doesn't look like a date of birth for someone aged 15 to 25. Please type it "
                "like 24/12/2008."
            ),
            data,
        )
        return
    data["dob"] = born.isoformat()
    rows = [
        [(_(LEGAL_STATUS_BUTTONS[status]), callbacks.build("form", "status", status))]
        for status in LEGAL_STATUSES
    ]
    await ask(update, context, "add:status", _("Their legal status?"), data, rows)


async def answer_add_date(
    update: Update, context: BotContext, text: str, data: dict[str, Any], step: str
) -> None:
    day = parse_day(text)
    if day is None:
        await ask(
            update,
            context,
            f"add:{step}",
            no_such_day() if looks_like_a_date(text) else _("Please type a date like 24/12/2026."),
            data,
            [[(_("Skip"), callbacks.build("form", "skip", step))]],
        )
        return
    data[step] = day.isoformat()
    await _next_add_date(update, context, data, step)


async def _next_add_date(
    update: Update, context: BotContext, data: dict[str, Any], step: str
) -> None:
    if step == "move":
        await ask(
            update,
            context,
            "add:review",
            _("When is their next pathway plan review? Type a date, or skip."),
            data,
            [[(_("Skip"), callbacks.build("form", "skip", "review"))]],
        )
        return
    await _create_case(update, context, data)


async def _create_case(update: Update, context: BotContext, data: dict[str, Any]) -> None:
    person = context.person
    assert person is not None
    new = NewCase(
        label=data["label"], date_of_birth=date.fromisoformat(data["dob"]),
        legal_status=data["status"], council_accommodation=data["accom"] == "yes",
        last_move=date.fromisoformat(data["move"]) if data.get("move") else None,
        next_review=date.fromisoformat(data["review"]) if data.get("review") else None,
    )  # fmt: skip
    case, token = await context.services.cases.add(person, new)
    await context.services.people.set_pending(person.telegram_id, None)
    settings = context.services.settings
    text = (
        _("Added {label}.").format(label=current().ltr(html.escape(case.label)))
        + "\n\n"
        + invite_text(link(settings.bot_username, token), settings.invite_days)
    )
    await show(
        update,
        context,
        text,
        keyboard(
            [
                [
                    (
                        _("Open {label}").format(label=current().ltr(case.label)),
                        callbacks.build("staff", "case", case.id),
                    )
                ]
            ]
        ),
    )


async def add_button(update: Update, context: BotContext) -> None:
    person = context.person
    if person is None or not person.is_staff or not (person.pending or "").startswith("add:"):
        await fallback.stale_button(update, context)
        return
    await acknowledge(update)
    data = dict(person.pending_data or {})
    action, value = context.tapped.action, context.tapped.arg()
    if action == "status":
        data["status"] = value
        rows = [
            [
                (_("Yes"), callbacks.build("form", "accom", "yes")),
                (_("No"), callbacks.build("form", "accom", "no")),
            ]
        ]
        await ask(
            update,
            context,
            "add:accom",
            _("Does the council provide their accommodation?"),
            data,
            rows,
        )
    elif action == "accom":
        data["accom"] = value
        await ask(
            update,
            context,
            "add:move",
            _("When did they last move home? Type a date, or skip."),
            data,
            [[(_("Skip"), callbacks.build("form", "skip", "move"))]],
        )
    else:
        await _next_add_date(update, context, data, value)
