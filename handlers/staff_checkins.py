"""Scheduling check-ins and recording contact, for PAs: a day, a time, a kind — buttons
for the common choices, typed text ("tue 15:30", "24/12 10:00") for the rest; and the
"Did you make contact?" answers.
"""

from __future__ import annotations

import html
from datetime import date, datetime, time, timedelta

from babel.dates import format_date
from telegram import Update

from bot.i18n import _, current
from handlers import callbacks, fallback
from handlers.context import BotContext
from handlers.notices import KIND_LABELS
from handlers.screens import Button, acknowledge, keyboard, say, show
from handlers.staff import refuse, show_case
from handlers.staff_forms import ask, from_ymd, parse_day, ymd
from scheduler.cases import NotAllowed
from scheduler.checkins import KINDS, Stale
from scheduler.status import LONDON
from scheduler.when import parse_when

TIMES = ("0930", "1100", "1300", "1430", "1600", "1730")


def _staff(context: BotContext) -> bool:
    return context.person is not None and context.person.is_staff


def _local_now(context: BotContext) -> datetime:
    return context.services.clock().astimezone(LONDON)


async def choose_day(update: Update, context: BotContext, case_id: int) -> None:
    await acknowledge(update)
    today = _local_now(context).date()
    locale = current().locale
    days: list[Button] = [
        (
            format_date(today + timedelta(days=n), "EEE d MMM", locale=locale),
            callbacks.build("form", "day", case_id, ymd(today + timedelta(days=n))),
        )
        for n in range(0, 8)
    ]
    rows = [days[i : i + 2] for i in range(0, len(days), 2)]
    await ask(
        update,
        context,
        f"when:{case_id}",
        _("When? Choose a day, or type a day and time like “tue 15:30” or “24/12 10:00”."),
        {"case": case_id},
        rows,
    )


async def choose_time(update: Update, context: BotContext, case_id: int, day: str) -> None:
    await acknowledge(update)
    now = _local_now(context)
    picked = from_ymd(day)
    times: list[Button] = [
        (f"{hhmm[:2]}:{hhmm[2:]}", callbacks.build("form", "time", case_id, day, hhmm))
        for hhmm in TIMES
        if picked is not None
        and datetime.combine(picked, time(int(hhmm[:2]), int(hhmm[2:])), LONDON) > now
    ]
    rows = [times[i : i + 2] for i in range(0, len(times), 2)]
    await ask(
        update,
        context,
        f"when:{case_id}",
        _("What time? Choose one, or type a time like “15:30”."),
        {"case": case_id, "day": day},
        rows,
    )


async def choose_kind(update: Update, context: BotContext, case_id: int, at: datetime) -> None:
    stamp = at.astimezone(LONDON).strftime("%Y%m%d%H%M")
    rows = [
        [(_(KIND_LABELS[k]).capitalize(), callbacks.build("form", "kind", case_id, stamp, k))]
        for k in KINDS
    ]
    await ask(
        update,
        context,
        f"kind:{case_id}",
        _("{when}: what kind of check-in?").format(when=current().moment(at)),
        {"case": case_id},
        rows,
    )


async def answer_when(update: Update, context: BotContext, text: str) -> None:
    """Typed day and time (or just a time after a day button)."""
    person = context.person
    assert person is not None and person.pending is not None
    data = dict(person.pending_data or {})
    case_id = int(data.get("case", 0))
    now = context.services.clock()
    typed = text if "day" not in data else f"{from_ymd(data['day']):%d/%m/%Y} {text}"
    result = parse_when(typed, now, LONDON)
    if result.error is not None:
        await say(update, context, when_problem(result.error))
        return
    assert result.at is not None
    await choose_kind(update, context, case_id, result.at)


def when_problem(code: str) -> str:
    return {
        "in_the_past": _("That time has already passed. Please choose a time in the future."),
        "impossible_date": _("That date doesn't exist. Please check the day and month."),
        "too_far": _("That is more than a year away. Please choose a nearer date."),
        "nonexistent_time": _(
            "That time doesn't exist on that day (the clocks change). Please choose another time."
        ),
    }.get(code, _("I couldn't read that. Try “tue 15:30”, “24/12 10:00” or “tomorrow 9:30”."))


async def schedule(
    update: Update, context: BotContext, case_id: int, stamp: str, kind: str
) -> None:
    person = context.person
    assert person is not None
    try:
        at = datetime.strptime(stamp, "%Y%m%d%H%M").replace(tzinfo=LONDON)
        checkin = await context.services.checkins.schedule(person, case_id, at, kind)
    except NotAllowed:
        await refuse(update, context)
        return
    except ValueError:
        await acknowledge(update)
        await say(update, context, when_problem("in_the_past"))
        return
    await acknowledge(update)
    await context.services.people.set_pending(person.telegram_id, None)
    await show(
        update,
        context,
        _(
            "Booked: {kind} with {label} on {when}. They will be told and reminded the day before "
            "and 2 hours before. I'll ask you afterwards whether you made contact."
        ).format(
            kind=_(KIND_LABELS[kind]),
            label=html.escape(checkin.label),
            when=current().moment(checkin.at),
        ),
        keyboard([[(_("⬅️ Back"), callbacks.build("staff", "case", case_id))]]),
    )


# --- recording contact ---------------------------------------------------------------
async def choose_contact_kind(update: Update, context: BotContext, case_id: int) -> None:
    await acknowledge(update)
    rows = [
        [(_(KIND_LABELS[k]).capitalize(), callbacks.build("form", "rkind", case_id, k))]
        for k in KINDS
    ]
    rows.append(
        [
            (
                _("❌ Tried, but couldn't reach them"),
                callbacks.build("form", "rkind", case_id, "failed"),
            )
        ]
    )
    rows.append([(_("⬅️ Back"), callbacks.build("staff", "case", case_id))])
    await show(update, context, _("What kind of contact?"), keyboard(rows))


async def choose_contact_day(update: Update, context: BotContext, case_id: int, kind: str) -> None:
    await acknowledge(update)
    today = _local_now(context).date()
    rows = [
        [
            (_("Today"), callbacks.build("form", "rday", case_id, kind, ymd(today))),
            (
                _("Yesterday"),
                callbacks.build("form", "rday", case_id, kind, ymd(today - timedelta(days=1))),
            ),
        ]
    ]
    await ask(
        update,
        context,
        f"rday:{case_id}",
        _("When? Choose, or type a date like 21/11/2026."),
        {"case": case_id, "kind": kind},
        rows,
    )


async def record(update: Update, context: BotContext, case_id: int, kind: str, day: date) -> None:
    person = context.person
    assert person is not None
    now = context.services.clock()
    local_noon = datetime.combine(day, time(12, 0), LONDON)
    at = min(local_noon, now) if day == _local_now(context).date() else local_noon
    try:
        await context.services.checkins.record_contact(
            person, case_id, "call" if kind == "failed" else kind, at, made=kind != "failed"
        )
    except NotAllowed:
        await refuse(update, context)
        return
    except ValueError:
        await say(update, context, _("That date is in the future. Please choose another."))
        return
    await context.services.people.set_pending(person.telegram_id, None)
    await acknowledge(update, _("Recorded."))
    await show_case(update, context, case_id)


async def answer_contact_day(update: Update, context: BotContext, text: str) -> None:
    person = context.person
    assert person is not None
    data = dict(person.pending_data or {})
    day = parse_day(text)
    if day is None:
        await say(update, context, _("Please type a date like 21/11/2026."))
        return
    await record(update, context, int(data["case"]), str(data["kind"]), day)


async def answer_review(update: Update, context: BotContext, text: str) -> None:
    person = context.person
    assert person is not None and person.pending is not None
    case_id = int(person.pending.split(":", 1)[1])
    day = parse_day(text)
    if day is None:
        await say(update, context, _("Please type a date like 24/12/2026."))
        return
    try:
        await context.services.cases.update_dates(person, case_id, next_review=day)
    except NotAllowed:
        await refuse(update, context)
        return
    await context.services.people.set_pending(person.telegram_id, None)
    await show_case(update, context, case_id)


async def record_move(update: Update, context: BotContext, case_id: int) -> None:
    person = context.person
    assert person is not None
    try:
        await context.services.cases.update_dates(
            person, case_id, last_move=_local_now(context).date()
        )
    except NotAllowed:
        await refuse(update, context)
        return
    await acknowledge(update, _("Move recorded: a visit is now due within 7 days."))
    await show_case(update, context, case_id)


# --- "Did you make contact?" -------------------------------------------------------
async def answer_outcome(update: Update, context: BotContext) -> None:
    person = context.person
    checkin_id, outcome = context.tapped.args
    if person is None or not person.is_staff:
        await refuse(update, context)
        return
    try:
        checkin = await context.services.checkins.record_outcome(person, int(checkin_id), outcome)
    except NotAllowed:
        await refuse(update, context)
        return
    except Stale:
        await fallback.stale_button(update, context)
        return
    if outcome == "moved":
        await choose_day(update, context, checkin.case_id)
        return
    if checkin.status == "done":
        # "How was it?": the one-question survey, at most once every 30 days per person.
        await context.services.surveys.invite_after_checkin(checkin.case_id)
    await acknowledge(update, _("Recorded."))
    await show_case(update, context, checkin.case_id)
