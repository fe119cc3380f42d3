"""Staff command-line tools: invites, the contact report, demo data, the audit log, the outbox.

Each opens the configured database (migrating the embedded SQLite default first), does one
thing, prints plain text or CSV, and exits non-zero with one clear sentence on bad input.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Annotated, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings

T = TypeVar("T")
staff_app = typer.Typer(help="Staff accounts.", no_args_is_help=True)
report_app = typer.Typer(help="Reports for managers and committees.", no_args_is_help=True)
demo_app = typer.Typer(help="Synthetic data for trying the bot.", no_args_is_help=True)
outbox_app = typer.Typer(help="Scheduled messages.", no_args_is_help=True)


def _settings() -> Settings:
    from bot.cli import load_settings

    return load_settings()


def with_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    from bot.db import create_engine, session_factory
    from bot.runner import prepare_database

    settings = _settings()

    async def run() -> T:
        await prepare_database(settings)
        engine = create_engine(settings.database_url)
        try:
            async with session_factory(engine)() as session, session.begin():
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        typer.echo(f"{name} must be a date like 2027-03-31, not {text!r}", err=True)
        raise typer.Exit(2) from None


def _known_council(council: str) -> None:
    from offers.catalogue import load_all

    known = [c.id for c in load_all().councils()]
    if council not in known:
        typer.echo(f"Unknown council {council!r}. Known: {', '.join(known)}", err=True)
        raise typer.Exit(2)


@staff_app.command("invite")
def invite(
    council: Annotated[str, typer.Option(help="Council id, e.g. cheshire-east.")],
    team: Annotated[str, typer.Option(help="Team name, e.g. 'North'.")],
    role: Annotated[str, typer.Option(help="pa, manager or admin.")] = "pa",
) -> None:
    """Print a one-time link that registers whoever opens it as staff."""
    from bot import invites

    if role not in ("pa", "manager", "admin"):
        typer.echo("--role must be pa, manager or admin.", err=True)
        raise typer.Exit(2)
    _known_council(council)
    settings = _settings()

    async def work(session: AsyncSession) -> str:
        return await invites.create(session, kind="staff", council_id=council, role=role,
                                    team=team, now=datetime.now(UTC),
                                    days=settings.invite_days)  # fmt: skip

    token = with_session(work)
    typer.echo(invites.link(settings.bot_username, token))
    typer.echo(f"Works once, for {settings.invite_days} days.", err=True)


@report_app.command("contact")
def contact(
    council: Annotated[str, typer.Option(help="Council id.")],
    as_of: Annotated[str, typer.Option("--as-of", help="Report date (YYYY-MM-DD).")] = "",
    format_: Annotated[str, typer.Option("--format", help="table or csv.")] = "table",
) -> None:
    """% in touch by age band (SSDA903 rule), visits on time, plans in date, and per PA."""
    from scheduler import report

    day = _day(as_of, "--as-of") if as_of else datetime.now(UTC).date()
    if format_ not in ("table", "csv"):
        typer.echo("--format must be table or csv.", err=True)
        raise typer.Exit(2)
    built = with_session(lambda session: report.build(session, council, day))
    if format_ == "csv":
        sys.stdout.buffer.write(report.as_csv(built))
    else:
        typer.echo(report.as_table(built))


@demo_app.command("seed")
def demo_seed(
    council: Annotated[str, typer.Option(help="Council id.")],
    young_people: Annotated[int, typer.Option(help="How many young people.")] = 200,
) -> None:
    """Fill the database with synthetic PAs, young people, check-ins and contacts."""
    from scheduler import demo

    if not 1 <= young_people <= 1_000_000:
        typer.echo("--young-people must be between 1 and 1,000,000.", err=True)
        raise typer.Exit(2)
    _known_council(council)
    result = with_session(lambda s: demo.seed(s, council, young_people, datetime.now(UTC)))
    typer.echo(
        f"Added {result.young_people} young people, {result.pas} PAs, "
        f"{result.contacts} contacts and {result.checkins} check-ins (all invented)."
    )


def audit_command(
    since: Annotated[str, typer.Option(help="From this date (YYYY-MM-DD).")],
) -> None:
    """Staff actions and reads of personal data, allowed and refused."""
    from bot import audit

    day = _day(since, "--since")
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    entries = with_session(lambda session: audit.since(session, start))
    typer.echo("time\tactor\trole\tcouncil\taction\ttarget\tallowed")
    for e in entries:
        typer.echo(
            f"{e.at.isoformat(timespec='seconds')}\t{e.actor_id}\t{e.actor_role}\t"
            f"{e.council_id or ''}\t{e.action}\t{e.target or ''}\t"
            f"{'yes' if e.allowed else 'REFUSED'}"
        )


@outbox_app.command("status")
def outbox_status() -> None:
    """How many scheduled messages are pending, claimed, sent, dropped or failed."""
    from scheduler import outbox

    counts = with_session(outbox.counts)
    for status in ("pending", "claimed", "sent", "dropped", "failed"):
        typer.echo(f"{status}\t{counts.get(status, 0)}")
