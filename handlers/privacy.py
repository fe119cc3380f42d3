"""/mydata and /delete: a young person can see and erase what the bot holds about them."""

from __future__ import annotations

import html
import json
from typing import Any

from telegram import InputFile, Update

from bot.i18n import _
from handlers import callbacks
from handlers.context import BotContext
from handlers.menu import back_row
from handlers.screens import acknowledge, keyboard, say, show

callbacks.register("privacy", {"delete": (r"yes|no",)})


def _readable(data: dict[str, Any]) -> str:
    lines: list[str] = []
    for section, values in data.items():
        lines.append(f"<b>{html.escape(section)}</b>")
        if isinstance(values, dict):
            for key, value in values.items():
                shown = "—" if value in (None, "", [], {}) else value
                lines.append(f"• {html.escape(key)}: {html.escape(str(shown))}")
        else:
            lines.append(html.escape(str(values)))
    return "\n".join(lines)


async def my_data(update: Update, context: BotContext) -> None:
    user = update.effective_user
    if user is None:
        return
    data = await context.services.privacy.export(user.id)
    if data is None:
        await say(update, context, _("I don't hold anything about you."))
        return
    body = _readable(data)
    if len(body) > 3500:
        body = body[:3500] + "\n…"
    await say(update, context, _("This is everything I keep about you:") + "\n\n" + body)
    payload = json.dumps(data, ensure_ascii=False, indent=2).encode()
    await context.bot.send_document(
        user.id,
        InputFile(payload, filename="my-data.json"),
        caption=_("The same, as a file you can keep."),
    )


async def ask_delete(update: Update, context: BotContext) -> None:
    await say(
        update,
        context,
        _(
            "Do you want me to delete everything I keep about you? Your reminders stop and "
            "your PA is told that you left the chat. Your council keeps its own records about "
            "your care, as the law requires; this only deletes what this chat holds."
        ),
        keyboard(
            [
                [(_("Yes, delete it"), callbacks.build("privacy", "delete", "yes"))],
                [(_("No, keep it"), callbacks.build("privacy", "delete", "no"))],
            ]
        ),
    )


async def on_delete_button(update: Update, context: BotContext) -> None:
    user = update.effective_user
    await acknowledge(update)
    if user is None:
        return
    if context.tapped.arg() != "yes":
        await show(update, context, _("OK, nothing was deleted."), keyboard([back_row()]))
        return
    erased = await context.services.privacy.erase(user.id)
    context.person = None
    await show(
        update,
        context,
        _("Done. I have deleted what I kept about you. If you want to use me again, type /start.")
        if erased
        else _("I don't hold anything about you."),
    )


async def on_keep_account(update: Update, context: BotContext) -> None:
    """The inactivity reminder's button: using the chat again is all it takes to stay."""
    await acknowledge(update)
    await show(
        update,
        context,
        _("Thank you. Your account stays. Nothing was deleted."),
        keyboard([back_row()]),
    )
