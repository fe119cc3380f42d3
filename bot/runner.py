"""Starting and stopping the bot: on Telegram (long polling) or in the terminal.

The embedded default (SQLite) migrates itself on start, so a newcomer has nothing else to run.
A server database is never migrated behind the operator's back: if it is behind, the bot says
which command to run and stops.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

import typer
from telegram import Update

from bot import migrate
from bot.app import build_application, build_services
from bot.db import create_engine, utcnow
from bot.settings import Settings
from bot.terminal import TerminalChat
from handlers import commands
from handlers.sweep import sweep_once

log = logging.getLogger(__name__)


async def upgrade_database(settings: Settings) -> str | None:
    engine = create_engine(settings.database_url)
    try:
        await migrate.upgrade(engine)
        return await migrate.current_revision(engine)
    finally:
        await engine.dispose()


async def prepare_database(settings: Settings) -> None:
    """Migrate SQLite automatically; check a server database is up to date."""
    if settings.is_sqlite:
        await upgrade_database(settings)
        return
    engine = create_engine(settings.database_url)
    try:
        current = await migrate.current_revision(engine)
    finally:
        await engine.dispose()
    if current != migrate.head_revision():
        typer.echo(
            f"The database is at revision {current}, but this version needs "
            f"{migrate.head_revision()}. Run: careleaver-bot db upgrade",
            err=True,
        )
        raise typer.Exit(3)


def run_polling(settings: Settings) -> None:
    asyncio.run(prepare_database(settings))
    services = build_services(settings)
    app = build_application(services, polling=True)
    # Every language's crisis-word index before the first message, not during it.
    services.safeguarding.lexicon.warm()
    log.info("starting long polling")
    try:
        app.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    finally:
        asyncio.run(services.engine.dispose())


async def run_terminal(
    settings: Settings,
    *,
    user_id: int,
    language_code: str | None,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """The terminal is one person's phone: what is due for them is delivered after each line
    (no background jobs, so two terminals on one database never take each other's messages)."""
    await prepare_database(settings)
    services = build_services(settings, clock=clock)
    chat = TerminalChat(user_id, language_code, clock=services.clock)
    app = build_application(services, request=chat.transport, rate_limit=False)
    try:
        await app.initialize()
        await commands.register_all(app.bot)
        await app.start()

        async def deliver() -> None:
            while await sweep_once(app.bot, services, chat_id=user_id):
                pass

        await chat.run(app, deliver)
    finally:
        if app.running:
            await app.stop()
        await app.shutdown()
        await services.engine.dispose()
