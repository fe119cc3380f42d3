"""What keeping in touch costs at a council's scale: 10,000 and 100,000 young people.

For each population and each database (SQLite file; PostgreSQL when one answers), it seeds
synthetic people with ``scheduler.demo`` (1 PA per 20 young people, contacts, check-ins), adds
two future reminders per scheduled check-in (pending rows that are *not* due) and a fixed
number of rows that *are* due, then prints:

- claim: the time to claim one sweep's due rows (``scheduler.outbox.claim``, one statement),
  and how many rows it claimed;
- sweep/row: a whole sweep through the real Application and the in-process Bot API, per row;
- report: ``careleaver-bot report contact`` for the council (every case assessed);
- hourly: the hourly overdue prompt pass over every case;
- peak memory of the report and of the sweep (tracemalloc, Python allocations).

A sweep must cost in proportion to the due rows, not the population: compare sweep/row at
10,000 and 100,000. Nothing holds a job per person in memory (there is no such job).

Run: ``python -m bench.keep_in_touch [--sizes 10000 100000] [--due 500] [--postgres URL]``.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import migrate
from bot.app import build_application, build_services
from bot.db import create_engine, session_factory
from bot.local_telegram import LocalTelegram
from bot.settings import Settings
from handlers.sweep import BATCH, sweep_once
from scheduler import demo, outbox, report
from scheduler.models import CheckIn, Outbox

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
COUNCIL = "cheshire-east"
T = TypeVar("T")


@dataclass
class Row:
    backend: str
    size: int
    seed_s: float
    claim_ms: float
    claimed: int
    sweep_ms_per_row: float
    report_s: float
    hourly_s: float
    report_peak_mib: float
    sweep_peak_mib: float


async def timed(work: Callable[[], Awaitable[T]], trace: bool = False) -> tuple[T, float, float]:
    """Result, seconds, and (when ``trace``) peak MiB of Python allocations while ``work``
    ran. Tracing slows Python down several times, so times come from untraced runs."""
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = await work()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    return result, seconds, peak / 2**20


async def future_reminders(engine: AsyncEngine, now: datetime) -> None:
    """Two reminders per scheduled check-in, due later: the rows a sweep must not touch."""
    sessions = session_factory(engine)
    async with sessions() as session, session.begin():
        checkins = (await session.execute(select(CheckIn.id, CheckIn.at))).all()
        rows: list[dict[str, Any]] = [
            {"chat_id": demo.DEMO_IDS + 900_000_000 + n, "kind": "checkin_reminder",
             "payload": {"checkin": cid, "kind": "visit", "at": at.isoformat(), "before": gap},
             "due_at": at - timedelta(seconds=gap), "quiet": True, "status": "pending",
             "attempts": 0, "created_at": now, "checkin_id": cid}
            for n, (cid, at) in enumerate(checkins) for gap in (86_400, 7_200)
        ]  # fmt: skip
        for start in range(0, len(rows), 5000):
            await session.execute(insert(Outbox), rows[start : start + 5000])


async def one(backend: str, url: str, size: int, due: int) -> Row:
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    engine = create_engine(url)
    await migrate.upgrade(engine)
    now = datetime.now(UTC).replace(hour=12, minute=0)
    sessions = session_factory(engine)

    async def seed() -> demo.Seeded:
        async with sessions() as session, session.begin():
            return await demo.seed(session, COUNCIL, size, now, due_now=due)

    start = time.perf_counter()
    await seed()
    await future_reminders(engine, now)
    seed_s = time.perf_counter() - start
    if backend == "postgresql":
        async with engine.connect() as connection:
            await connection.execute(text("ANALYZE"))
            await connection.commit()

    # Claim alone: one sweep's worth, then put the rows back for the full sweep.
    async def claim() -> list[outbox.Claimed]:
        async with sessions() as session, session.begin():
            return await outbox.claim(session, now, BATCH, "bench")

    claimed, claim_s, _ = await timed(claim)
    async with sessions() as session, session.begin():
        for row in claimed:
            await outbox.release(session, row.id, row.due_at, "bench")

    services = build_services(settings, engine=engine, sessions=sessions, clock=lambda: now)
    app = build_application(services, request=LocalTelegram(), rate_limit=False)
    await app.initialize()
    sent = 0
    sweep_s = 0.0
    sweep_peak = 0.0
    first = True
    while sent < due:
        # The first sweep is traced for memory only; the rest are timed.
        result, seconds, peak = await timed(lambda: sweep_once(app.bot, services), trace=first)
        done = sum(result.values())
        if done == 0:
            break
        if first:
            sweep_peak, first = peak, False
            continue
        sent += done
        sweep_s += seconds
    await app.shutdown()

    async def build_report() -> report.ContactReport:
        async with sessions() as session:
            return await report.build(session, COUNCIL, now.date())

    _, report_s, _ = await timed(build_report)
    _, _, report_peak = await timed(build_report, trace=True)
    _, hourly_s, _ = await timed(services.caseload.prompt_newly_overdue)
    await engine.dispose()
    return Row(backend, size, seed_s, claim_s * 1000, len(claimed), sweep_s * 1000 / max(1, sent),
               report_s, hourly_s, report_peak, sweep_peak)  # fmt: skip


async def pg_database(server: str, name: str, create: bool) -> bool:
    engine = create_engine(server)
    try:
        async with engine.connect() as connection:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            if create:
                await connection.execute(text(f"CREATE DATABASE {name}"))
        return True
    except Exception:  # no server: the PostgreSQL rows are skipped
        return False
    finally:
        await engine.dispose()


async def main(sizes: list[int], due: int, pg: str | None) -> None:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            url = f"sqlite+aiosqlite:///{folder}/kit-{size}.db"
            rows.append(await one("sqlite", url, size, due))
            print_row(rows[-1])
    if pg:
        base = pg.rsplit("/", 1)[0]
        for size in sizes:
            name = f"careleaver_bench_{size}"
            if not await pg_database(pg, name, create=True):
                print("(PostgreSQL did not answer: skipped)")
                break
            try:
                rows.append(await one("postgresql", f"{base}/{name}", size, due))
                print_row(rows[-1])
            finally:
                await pg_database(pg, name, create=False)


HEADER = (
    f"{'backend':<11}{'people':>8}{'seed s':>8}{'claim ms':>10}{'rows':>6}{'sweep ms/row':>14}"
    f"{'report s':>10}{'hourly s':>10}{'report MiB':>12}{'sweep MiB':>11}"
)


def print_row(row: Row) -> None:
    print(
        f"{row.backend:<11}{row.size:>8}{row.seed_s:>8.1f}{row.claim_ms:>10.2f}{row.claimed:>6}"
        f"{row.sweep_ms_per_row:>14.2f}{row.report_s:>10.2f}{row.hourly_s:>10.2f}"
        f"{row.report_peak_mib:>12.1f}{row.sweep_peak_mib:>11.1f}",
        flush=True,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--due", type=int, default=500, help="rows due in the sweep")
    parser.add_argument("--postgres", default=DEFAULT_PG, help="server URL, or '' to skip")
    args = parser.parse_args()
    print(f"{args.due} rows due per run; one sweep claims up to {BATCH}.")
    print(HEADER)
    asyncio.run(main(args.sizes, args.due, args.postgres or None))
