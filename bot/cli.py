"""The ``careleaver-bot`` command: run the bot, chat in a terminal, and staff tools.

Every subcommand loads settings and calls the composition root (``bot.app``); none builds
services itself. Errors a council's IT team can act on are printed as one plain sentence with
a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from pydantic import ValidationError

from bot import __version__
from bot.cli_content import content_app
from bot.cli_staff import audit_command, demo_app, outbox_app, report_app, staff_app
from bot.cli_surveys import survey_app
from bot.cli_translations import translations_app
from bot.db import utcnow
from bot.logs import setup_logging
from bot.settings import Settings

app = typer.Typer(
    help="careleaver-bot: a Telegram bot for young people leaving a council's care.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(content_app, name="content")
app.add_typer(translations_app, name="translations")
app.add_typer(staff_app, name="staff")
app.add_typer(report_app, name="report")
app.add_typer(demo_app, name="demo")
app.add_typer(outbox_app, name="outbox")
app.command("audit")(audit_command)
app.add_typer(survey_app, name="survey")


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValidationError as error:
        for problem in error.errors():
            field = ".".join(str(part) for part in problem["loc"])
            typer.echo(f"Setting CARELEAVER_{field.upper()}: {problem['msg']}", err=True)
        raise typer.Exit(2) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"careleaver-bot {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """careleaver-bot."""


NO_TOKEN = """No bot token is configured, so the bot cannot connect to Telegram.

To get a token: open Telegram, talk to @BotFather, send /newbot and follow the steps.
Then put the token in a file named .env in this folder:

    CARELEAVER_BOT_TOKEN=123456:ABC...

or set the environment variable CARELEAVER_BOT_TOKEN.

To try the bot without Telegram, run:  careleaver-bot chat
"""


@app.command()
def run() -> None:
    """Run the bot on Telegram with long polling."""
    from bot.runner import run_polling

    settings = load_settings()
    if settings.bot_token is None:
        typer.echo(NO_TOKEN, err=True)
        raise typer.Exit(2)
    setup_logging(settings.log_level, secrets=settings.secrets())
    run_polling(settings)


@app.command()
def chat(
    user_id: Annotated[int, typer.Option(help="Which simulated person you are.")] = 1,
    lang: Annotated[
        str | None, typer.Option(help="Your Telegram app's language, e.g. ar or ps.")
    ] = None,
    council: Annotated[str | None, typer.Option(help="Council id for new people.")] = None,
    database: Annotated[str | None, typer.Option(help="Database URL or SQLite file path.")] = None,
    at: Annotated[
        str | None,
        typer.Option(help="Pretend the chat starts at this UK time, e.g. '2026-12-01 09:00'."),
    ] = None,
) -> None:
    """Chat with the real bot in this terminal (no Telegram needed)."""
    from bot.runner import run_terminal

    settings = load_settings(default_council=council, database_url=_database_url(database))
    setup_logging("WARNING")
    clock = _clock_from(at) if at else utcnow
    if sys.stdin.isatty():
        typer.echo("Type a message, or a button's number. Ctrl-D to leave.\n")
    asyncio.run(run_terminal(settings, user_id=user_id, language_code=lang, clock=clock))


def _clock_from(text: str) -> Callable[[], datetime]:
    """A clock that starts at ``text`` (UK time) and then runs normally."""
    try:
        start = datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Europe/London"))
    except ValueError:
        typer.echo(f"--at must look like 2026-12-01 09:00, not {text!r}", err=True)
        raise typer.Exit(2) from None
    offset = start - utcnow()
    return lambda: utcnow() + offset


def _database_url(database: str | None) -> str | None:
    if database is None or "://" in database:
        return database
    return f"sqlite+aiosqlite:///{Path(database).resolve()}"


@db_app.command("upgrade")
def db_upgrade(
    database: Annotated[str | None, typer.Option(help="Database URL (default: settings).")] = None,
) -> None:
    """Apply all migrations to the configured database."""
    from bot.runner import upgrade_database

    settings = load_settings(database_url=_database_url(database))
    revision = asyncio.run(upgrade_database(settings))
    typer.echo(f"Database is at revision {revision}.")


def main() -> None:
    app()
