"""Group −1: runs before every other handler, for every update.

It loads the person behind the update and sets the language everything below will speak —
every time, because the language is a context variable and would otherwise leak from the
previous person's update. Then the guards run in order; a guard may answer and stop the update.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.i18n import match_language, set_language
from handlers.context import BotContext
from handlers.onboarding import gate

Guard = Callable[[Update, BotContext], Awaitable[None]]

# Each guard may raise ApplicationHandlerStop after answering. Order matters.
GUARDS: list[Guard] = [gate]


async def before_every_update(update: Update, context: BotContext) -> None:
    services = context.services
    user = update.effective_user
    person = await services.people.load(user.id) if user is not None else None
    context.person = person
    if person is not None and person.language:
        set_language(person.language)
    else:
        suggested = match_language(user.language_code) if user is not None else None
        set_language(suggested or services.settings.default_language)
    for guard in GUARDS:
        await guard(update, context)
