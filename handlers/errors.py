"""The one error handler: a kind apology to the person, and a log line with no personal data.

The log gets the exception type, where it was raised and the update id — never the update body,
which holds message text and names. The traceback frames are kept (they name code, not people)
so a maintainer can find the fault.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.i18n import _
from handlers.context import BotContext

log = logging.getLogger(__name__)


def _where(error: BaseException) -> str:
    tb = error.__traceback__
    frames: list[str] = []
    while tb is not None:
        code = tb.tb_frame.f_code
        frames.append(f"{code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}:{code.co_name}")
        tb = tb.tb_next
    return " > ".join(frames[-6:])


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if error is None:
        return
    log.error(
        "error %s while handling update %s at %s",
        type(error).__name__,
        update_id,
        _where(error),
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != "private":
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await context.bot.send_message(
            update.effective_chat.id,
            _(
                "Sorry, something went wrong on my side. Nothing you did caused it. "
                "Please try again, or type /menu."
            ),
        )
    except TelegramError as send_error:
        log.warning("could not send the apology: %s", type(send_error).__name__)
