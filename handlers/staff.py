"""A PA's screens: the caseload (overdue first), one young person's record, a new invite link,
handing over to another PA, and the team overview for managers.

Every button here names a case by number; the number is never trusted — the service checks
that this member of staff may act on that case, refuses and audits otherwise.
"""

from __future__ import annotations

import html

from telegram import Update

from bot.i18n import N_, _, current
from bot.invites import link
from handlers import callbacks, fallback
from handlers.context import BotContext
from handlers.menu import back_row
from handlers.notices import STATUS
from handlers.screens import Button, acknowledge, keyboard, show
from scheduler.cases import NotAllowed
from scheduler.status import Standing

NUM = callbacks.NUM
callbacks.register(
    "staff",
    {
        "list": (r"\d{1,3}",),
        "case": (NUM,),
        "inv": (NUM,),
        "ho": (NUM,),
        "hto": (NUM, NUM),
        "team": (),
    },
)
PAGE = 8
ICONS = {"overdue": "🔴", "unreachable": "⚫", "due_soon": "🟠", "on_track": "🟢"}
DUTIES = {
    "visit": N_("a visit (at most two months apart)"),
    "seen": N_("seeing them (the council's standard)"),
    "move_visit": N_("a visit after their move"),
    "review_visit": N_("a visit before their pathway plan review"),
    "pathway_review": N_("a pathway plan review"),
    "in_touch_window": N_("contact around their birthday (in touch)"),
    "agreed": N_("the contact you agreed"),
}


def is_staff(context: BotContext) -> bool:
    return context.person is not None and context.person.is_staff


async def refuse(update: Update, context: BotContext) -> None:
    await acknowledge(update)
    await show(
        update,
        context,
        _("Sorry, that is only for staff who work with this young person."),
        keyboard([back_row()]),
    )


def _line(standing: Standing) -> str:
    due = current().day(standing.next_due, "short") if standing.next_due else "—"
    return f"{ICONS.get(standing.status, '')} {standing.case.label} · {due}"


async def show_caseload(update: Update, context: BotContext, page: int = 0) -> None:
    if not is_staff(context) or context.person is None:
        await refuse(update, context)
        return
    await acknowledge(update)
    standings = await context.services.caseload.caseload(context.person)
    if not standings:
        rows: list[list[Button]] = [
            [(_("➕ Add a young person"), callbacks.build("menu", "go", "add"))]
        ]
        rows.append(back_row())
        await show(update, context, _("Your caseload is empty."), keyboard(rows))
        return
    chunk = standings[page * PAGE : (page + 1) * PAGE]
    rows = [[(_line(s)[:60], callbacks.build("staff", "case", s.case.id))] for s in chunk]
    nav: list[Button] = []
    if page > 0:
        nav.append((_("◀ Previous"), callbacks.build("staff", "list", page - 1)))
    if (page + 1) * PAGE < len(standings):
        nav.append((_("More ▶"), callbacks.build("staff", "list", page + 1)))
    rows += [nav, back_row()]
    counts = {key: sum(1 for s in standings if s.status == key) for key in ICONS}
    text = _(
        "<b>Your caseload</b> ({count})\n🔴 overdue {overdue} · 🟠 due soon {soon} · "
        "⚫ unreachable {gone}"
    ).format(
        count=len(standings),
        overdue=counts["overdue"],
        soon=counts["due_soon"],
        gone=counts["unreachable"],
    )
    await show(update, context, text, keyboard(rows))


async def show_case(update: Update, context: BotContext, case_id: int | None = None) -> None:
    person = context.person
    if person is None or not person.is_staff:
        await refuse(update, context)
        return
    case_id = case_id if case_id is not None else int(context.tapped.arg())
    try:
        standing = await context.services.caseload.standing(person, case_id)
    except NotAllowed:
        await refuse(update, context)
        return
    await acknowledge(update)
    tr = current()
    case = standing.case
    lines = [
        f"<b>{current().ltr(html.escape(case.label))}</b> — {_(STATUS[standing.status])}",
        _("Date of birth: {date}").format(date=tr.day(case.date_of_birth)),
        _("Linked in this chat: {answer}").format(answer=_("yes") if case.linked else _("no")),
    ]
    for duty in standing.duties[:5]:
        lines.append(f"• {_(DUTIES.get(duty.kind, duty.kind))}: {tr.day(duty.due)}")
    rows: list[list[Button]] = [
        [(_("📅 Schedule a check-in"), callbacks.build("form", "sched", case.id))],
        [(_("📝 Record contact"), callbacks.build("form", "rec", case.id))],
        [
            (_("🏠 Record a move today"), callbacks.build("form", "moved", case.id)),
            (_("🗓 Set review date"), callbacks.build("form", "review", case.id)),
        ],
    ]
    if not case.linked:
        rows.append([(_("🔗 New invite link"), callbacks.build("staff", "inv", case.id))])
    rows.append([(_("🔁 Hand over"), callbacks.build("staff", "ho", case.id))])
    rows.append([(_("⬅️ Caseload"), callbacks.build("staff", "list", 0))])
    await show(update, context, "\n".join(lines), keyboard(rows))


async def new_invite(update: Update, context: BotContext) -> None:
    person = context.person
    if person is None or not person.is_staff:
        await refuse(update, context)
        return
    case_id = int(context.tapped.arg())
    try:
        token = await context.services.cases.new_invite(person, case_id)
    except NotAllowed:
        await refuse(update, context)
        return
    await acknowledge(update)
    await show(
        update,
        context,
        invite_text(
            link(context.services.settings.bot_username, token),
            context.services.settings.invite_days,
        ),
        keyboard([[(_("⬅️ Back"), callbacks.build("staff", "case", case_id))]]),
    )


def invite_text(url: str, days: int) -> str:
    return _("Send this link to the young person. It works once, for {days} days:\n{url}").format(
        days=days, url=current().ltr(url)
    )


async def hand_over(update: Update, context: BotContext) -> None:
    person = context.person
    if person is None or not person.is_staff:
        await refuse(update, context)
        return
    case_id = int(context.tapped.arg())
    try:
        await context.services.cases.get(person, case_id, "hand_over_view")
    except NotAllowed:
        await refuse(update, context)
        return
    await acknowledge(update)
    others = await context.services.cases.team_pas(person)
    rows: list[list[Button]] = [
        [
            (
                (p.display_name or _("PA {number}").format(number=p.id))[:50],
                callbacks.build("staff", "hto", case_id, p.id),
            )
        ]
        for p in others
    ]
    rows.append([(_("⬅️ Back"), callbacks.build("staff", "case", case_id))])
    text = (
        _("Hand over to which PA in your team?")
        if others
        else _("There is no other PA in your team yet.")
    )
    await show(update, context, text, keyboard(rows))


async def hand_over_to(update: Update, context: BotContext) -> None:
    person = context.person
    case_id, new_pa = (int(a) for a in context.tapped.args)
    if person is None or not person.is_staff:
        await refuse(update, context)
        return
    try:
        await context.services.caseload.hand_over(person, case_id, new_pa)
    except NotAllowed:
        await refuse(update, context)
        return
    await acknowledge(update)
    await show(
        update,
        context,
        _("Done. The young person has been told who their new PA is."),
        keyboard([[(_("⬅️ Caseload"), callbacks.build("staff", "list", 0))]]),
    )


async def show_team(update: Update, context: BotContext) -> None:
    person = context.person
    if person is None or person.role not in ("manager", "admin"):
        await refuse(update, context)
        return
    await acknowledge(update)
    late = await context.services.caseload.team_overdue(person, days=7)
    lines = [_("<b>Overdue by more than 7 days</b> ({count})").format(count=len(late))]
    lines += [
        f"• {current().ltr(html.escape(s.case.label))} · {current().day(s.next_due)}"
        for s in late
        if s.next_due
    ][:40]
    await show(update, context, "\n".join(lines), keyboard([back_row()]))


async def on_button(update: Update, context: BotContext) -> None:
    action = context.tapped.action
    if action == "list":
        await show_caseload(update, context, int(context.tapped.arg()))
    elif action == "case":
        await show_case(update, context)
    elif action == "inv":
        await new_invite(update, context)
    elif action == "ho":
        await hand_over(update, context)
    elif action == "hto":
        await hand_over_to(update, context)
    elif action == "team":
        await show_team(update, context)
    else:
        await fallback.stale_button(update, context)
