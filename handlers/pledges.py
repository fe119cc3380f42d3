"""The council's pledges: each with what it means for you and its latest "you said, we did".

The first screen lists the council's current pledge set (and England's principles, which
bind every council); a pledge opens into its meaning and the most recent progress. Older
versions of a pledge set (superseded, kept for the record) are reachable but labelled so.
"""

from __future__ import annotations

import html

from telegram import Update

from bot.i18n import _, current
from handlers import callbacks, fallback
from handlers.context import BotContext
from handlers.menu import back_row
from handlers.offer_cards import Reader, report_date_note
from handlers.screens import Button, acknowledge, keyboard, show
from offers.model import PledgeSet

SLUG = callbacks.SLUG
callbacks.register("pledges", {"home": (), "set": (SLUG,), "one": (SLUG, r"\d{1,2}")})


def _council(context: BotContext) -> str:
    person = context.person
    return person.council_id if person else context.services.settings.default_council


def _allowed(context: BotContext, pledge_set: PledgeSet) -> bool:
    return pledge_set.pack in context.services.offers.catalogue.packs_for(_council(context))


async def show_pledges(update: Update, context: BotContext) -> None:
    """The "Pledges" menu entry: the current pledge sets, one button each."""
    await acknowledge(update)
    catalogue = context.services.offers.catalogue
    today = context.services.clock().date()
    sets = catalogue.current_pledges(_council(context), today)
    reader = Reader(current())
    rows: list[list[Button]] = [
        [
            (
                html.unescape(reader.content(f"pledges:{ps.id}:title", ps.title))[:60],
                callbacks.build("pledges", "set", ps.id),
            )
        ]
        for ps in sets
    ]
    rows.append(back_row())
    text = _("These are the promises made to you. Tap one to read it.")
    await show(update, context, text, keyboard(rows))


async def show_set(update: Update, context: BotContext) -> None:
    catalogue = context.services.offers.catalogue
    pledge_set = catalogue.pledge_sets.get(context.tapped.arg())
    if pledge_set is None or not _allowed(context, pledge_set):
        await fallback.stale_button(update, context)
        return
    await acknowledge(update)
    reader = Reader(current())
    lines = [f"<b>{reader.content(f'pledges:{pledge_set.id}:title', pledge_set.title)}</b>"]
    if pledge_set.superseded_by:
        lines.append(_("ℹ️ This is an older version, kept for the record."))
    today = context.services.clock().date()
    dated = report_date_note(current(), pledge_set.sources, pledge_set.as_of, today)
    if dated:
        lines.append(dated)
    rows: list[list[Button]] = []
    for number, pledge in enumerate(pledge_set.pledges, start=1):
        title = reader.content(f"pledge:{pledge.id}:title", pledge.title)
        lines.append(f"{number}. {title}")
        rows.append(
            [
                (
                    f"{number}. {html.unescape(title)}"[:60],
                    callbacks.build("pledges", "one", pledge_set.id, number - 1),
                )
            ]
        )
    for older in catalogue.earlier_versions(pledge_set):
        rows.append([(_("🗂 Earlier version"), callbacks.build("pledges", "set", older.id))])
    rows.append([(_("⬅️ Back"), callbacks.build("pledges", "home"))])
    await show(update, context, "\n".join(lines) + reader.note(), keyboard(rows))


async def show_pledge(update: Update, context: BotContext) -> None:
    set_id, index = context.tapped.args
    catalogue = context.services.offers.catalogue
    pledge_set = catalogue.pledge_sets.get(set_id)
    pledges = pledge_set.pledges if pledge_set else ()
    pledge = pledges[int(index)] if int(index) < len(pledges) else None
    if pledge_set is None or pledge is None or not _allowed(context, pledge_set):
        await fallback.stale_button(update, context)
        return
    await acknowledge(update)
    tr = current()
    reader = Reader(tr)
    parts = [
        f"<b>{reader.content(f'pledge:{pledge.id}:title', pledge.title)}</b>",
        "<b>"
        + _("What this means for you")
        + "</b>\n"
        + reader.content(f"pledge:{pledge.id}:meaning", pledge.meaning),
    ]
    latest = pledge.latest
    if latest is not None:
        day = latest.date.isoformat()
        block = ["<b>" + _("You said, we did") + f"</b> ({tr.day(latest.date)})"]
        if latest.said:
            block.append(
                _("You said:")
                + " "
                + reader.content(f"pledge:{pledge.id}:{day}:said", latest.said)
            )
        block.append(
            _("We did:") + " " + reader.content(f"pledge:{pledge.id}:{day}:did", latest.did)
        )
        parts.append("\n".join(block))
    dated = report_date_note(
        tr, pledge_set.sources, pledge_set.as_of, context.services.clock().date()
    )
    if dated:
        parts.append(dated)
    parts.append(_("🕒 Last checked {date}").format(date=tr.day(pledge_set.last_reviewed)))
    markup = keyboard([[(_("⬅️ Back"), callbacks.build("pledges", "set", pledge_set.id))]])
    await show(update, context, "\n\n".join(parts) + reader.note(), markup)


ROUTES = {"home": show_pledges, "set": show_set, "one": show_pledge}


async def on_button(update: Update, context: BotContext) -> None:
    await ROUTES[context.tapped.action](update, context)
