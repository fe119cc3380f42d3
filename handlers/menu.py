"""The main menu and help: the screens every other feature is reached from.

Each menu entry is a neutral button (``menu:go:<entry>``); a feature module registers the
screen behind its entry with :func:`add_entry`, so the menu never routes on translated text
and a new feature needs no change here beyond its registration.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Update

from bot.i18n import N_, _, current
from bot.people import PersonView
from handlers import callbacks
from handlers.context import BotContext
from handlers.screens import acknowledge, columns, keyboard, say, show

Screen = Callable[[Update, BotContext], Awaitable[None]]


@dataclass(frozen=True)
class Entry:
    key: str
    label: str  # English msgid, translated when shown
    roles: frozenset[str]  # who sees it in their menu
    screen: Screen | None = None


RLM = "\u200f"
YOUNG = frozenset({"young_person"})
STAFF = frozenset({"pa", "manager", "admin"})
EVERYONE = YOUNG | STAFF

# Order of the main menu; screens are attached by the feature modules.
ENTRIES: dict[str, Entry] = {
    key: Entry(key, label, roles)
    for key, label, roles in (
        ("caseload", N_("👥 My caseload"), frozenset({"pa"})),
        ("team", N_("👥 Team overview"), frozenset({"manager", "admin"})),
        ("add", N_("➕ Add a young person"), frozenset({"pa"})),
        ("offer", N_("📋 Local offer: what you can get"), EVERYONE),
        ("pledges", N_("🤝 Our promises (pledges)"), YOUNG),
        ("pa", N_("👤 My PA and meetings"), YOUNG),
        ("feedback", N_("💬 Feedback"), YOUNG),
        ("surveys", N_("📊 Surveys"), STAFF),
        ("help", N_("❓ Help"), EVERYONE),
        ("language", N_("🌐 Language"), EVERYONE),
    )
}


def add_entry(key: str, screen: Screen) -> None:
    entry = ENTRIES[key]
    ENTRIES[key] = Entry(key, entry.label, entry.roles, screen)


def menu_text() -> str:
    return _("What would you like to do?")


def menu_markup(person: PersonView | None = None) -> InlineKeyboardMarkup:
    role = person.role if person is not None else "young_person"
    buttons = [
        (_(e.label), callbacks.build("menu", "go", e.key))
        for e in ENTRIES.values()
        if role in e.roles
    ]
    return keyboard(columns(buttons, 2))


def back_row() -> list[tuple[str, str]]:
    return [(_("⬅️ Main menu"), callbacks.build("menu", "show"))]


async def send_menu(update: Update, context: BotContext) -> None:
    await say(update, context, menu_text(), menu_markup(context.person))


async def show_menu(update: Update, context: BotContext) -> None:
    """/menu or the "Main menu" button."""
    await acknowledge(update)
    await show(update, context, menu_text(), menu_markup(context.person))


async def on_menu_button(update: Update, context: BotContext) -> None:
    parsed = context.tapped
    if parsed.action == "show":
        await show_menu(update, context)
        return
    entry = ENTRIES.get(parsed.arg())
    role = context.person.role if context.person else "young_person"
    if entry is None or entry.screen is None or role not in entry.roles:
        await acknowledge(update, _("Sorry, that isn't available here."))
        await show(update, context, menu_text(), menu_markup(context.person))
        return
    await entry.screen(update, context)


def help_text() -> str:
    return "\n\n".join(
        [
            _(
                "<b>How I can help</b>\n"
                "Tap the buttons, or type a question in your own words, like "
                "“help with rent” or “money for college”."
            ),
            _(
                "/menu – main menu\n"
                "/language – change language\n"
                "/privacy – what I keep and why\n"
                "/mydata – see what I keep about you\n"
                "/delete – delete your data"
            ),
            crisis_lines(),
        ]
    )


def crisis_lines() -> str:
    """The UK crisis lines, with every number isolated for right-to-left text."""
    tr = current()
    text = _(
        "<b>If you need help now</b>\n"
        "• In an emergency, call {emergency}.\n"
        "• Samaritans, any time, free: call {samaritans}.\n"
        "• Shout, any time, free: text SHOUT to {shout}.\n"
        "• Childline, if you are under 19: call {childline}."
    ).format(
        emergency=tr.ltr("999"),
        samaritans=tr.ltr("116 123"),
        shout=tr.ltr("85258"),
        childline=tr.ltr("0800 1111"),
    )
    # A line whose first letters are Latin ("• Samaritans، …") would be laid out left to right
    # in a right-to-left language: a right-to-left mark at the start of each line prevents it.
    return "\n".join(f"{RLM}{line}" for line in text.splitlines()) if tr.is_rtl else text


async def show_help(update: Update, context: BotContext) -> None:
    await acknowledge(update)
    await show(update, context, help_text(), keyboard([back_row()]))


async def send_help(update: Update, context: BotContext) -> None:
    await say(update, context, help_text(), keyboard([back_row()]))
