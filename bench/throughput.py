"""How many updates a second the bot handles, and how long each takes.

Pushes synthetic updates through the real Application with the in-process Bot API
(``bot.local_telegram``), so the network is out of the figure and the bot's own cost is in it:
(a) a bare echo handler — the framework's floor — and (b) the real bot: /start, choosing a
language and menu taps from many people, with a real database (SQLite, and PostgreSQL when
one answers); (c) the same people typing questions in their own words, so every message goes
through the crisis check (lexicons, then the example check) and the offer search (SQLite).
Prints updates/second, p50 and p99 latency, and (b)/(a).

Run: ``python -m bench.throughput [--updates 3000] [--people 500] [--postgres URL]``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot import migrate
from bot.app import build_application, build_services
from bot.db import create_engine
from bot.local_telegram import LocalTelegram
from bot.settings import Settings

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@dataclass
class Figures:
    label: str
    count: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.count / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    def line(self) -> str:
        return (
            f"{self.label:<44} {self.rate:>9.0f} upd/s   p50 {self.percentile(0.5):6.2f} ms"
            f"   p99 {self.percentile(0.99):6.2f} ms"
        )


# Everyday typed messages (invented for this benchmark; none is a crisis).
QUESTIONS = (
    "how much is the setting up home grant",
    "can i get help with driving lessons",
    "is there money for college books",
    "who pays my council tax",
    "when is my next meeting with my pa",
    "i got a place at uni next year what help is there",
    "do i get a bus pass",
    "hi",
    "thanks see you thursday",
    "can i see a dentist for free",
)


class Script:
    """Synthetic people: each starts, picks a language, then taps around the menu."""

    def __init__(self, people: int) -> None:
        self.people = people
        self.ids = itertools.count(1)

    def message(self, user: int, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self.ids),
            "date": 1_764_000_000,
            "chat": {"id": user, "type": "private"},
            "from": {"id": user, "is_bot": False, "first_name": "P", "language_code": "en"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
        return {"update_id": next(self.ids), "message": message}

    def tap(self, user: int, data: str) -> dict[str, Any]:
        return {
            "update_id": next(self.ids),
            "callback_query": {
                "id": str(next(self.ids)),
                "from": {"id": user, "is_bot": False, "first_name": "P"},
                "chat_instance": str(user),
                "message": {
                    "message_id": 1,
                    "date": 1_764_000_000,
                    "chat": {"id": user, "type": "private"},
                    "text": "menu",
                },
                "data": data,
            },
        }

    def typed(self, total: int) -> list[dict[str, Any]]:
        """Each person starts, picks English, then types everyday questions."""
        first: list[Callable[[int], dict[str, Any]]] = [
            lambda u: self.message(u, "/start"),
            lambda u: self.tap(u, "lang:set:en"),
        ]
        out: list[dict[str, Any]] = []
        for round_ in itertools.count():
            for user in range(1, self.people + 1):
                if round_ < len(first):
                    out.append(first[round_](200_000 + user))
                else:
                    question = QUESTIONS[(round_ + user) % len(QUESTIONS)]
                    out.append(self.message(200_000 + user, question))
                if len(out) == total:
                    return out
        return out

    def updates(self, total: int) -> list[dict[str, Any]]:
        steps: list[Callable[[int], dict[str, Any]]] = [
            lambda u: self.message(u, "/start"),
            lambda u: self.tap(u, "lang:set:en"),
            lambda u: self.tap(u, "menu:go:help"),
            lambda u: self.tap(u, "menu:show"),
            lambda u: self.message(u, "/menu"),
            lambda u: self.tap(u, "menu:go:language"),
        ]
        out: list[dict[str, Any]] = []
        for round_ in itertools.count():
            for user in range(1, self.people + 1):
                out.append(steps[min(round_, len(steps) - 1)](100_000 + user))
                if len(out) == total:
                    return out
        return out


async def measure(
    label: str, app: Any, updates: list[dict[str, Any]], in_flight: int = 1
) -> Figures:
    latencies: list[float] = []
    objects = [Update.de_json(data, app.bot) for data in updates]
    gate = asyncio.Semaphore(in_flight)

    async def one(update: Update) -> None:
        async with gate:
            started = time.perf_counter()
            await app.process_update(update)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    if in_flight == 1:
        for update in objects:
            await one(update)
    else:
        await asyncio.gather(*(one(update) for update in objects))
    return Figures(label, len(objects), time.perf_counter() - started, latencies)


async def echo_floor(updates: list[dict[str, Any]]) -> Figures:
    transport = LocalTelegram()
    app = Application.builder().token("1:bench").request(transport).updater(None).build()

    async def echo(update: Update, _context: Any) -> None:
        if update.effective_chat is not None:
            await app.bot.send_message(update.effective_chat.id, "ok")

    app.add_handler(MessageHandler(filters.ALL, echo))
    await app.initialize()
    try:
        texts = [u for u in updates if "message" in u]
        return await measure("(a) echo handler, no database", app, texts)
    finally:
        await app.shutdown()


async def real_bot(
    label: str, url: str, updates: list[dict[str, Any]], in_flight: int = 1
) -> Figures:
    engine = create_engine(url)
    await migrate.upgrade(engine)
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    services = build_services(settings, engine=engine)
    app = build_application(services, request=LocalTelegram(), rate_limit=False)
    services.safeguarding.lexicon.warm()  # as the runner does before it takes a message
    await app.initialize()
    try:
        return await measure(label, app, updates, in_flight)
    finally:
        await app.shutdown()
        await engine.dispose()


async def scratch_postgres(url: str) -> tuple[str, Callable[[], Awaitable[None]]] | None:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    name = f"careleaver_bench_{int(time.time())}"
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # no server: the PostgreSQL rows are simply left out
        print(f"(PostgreSQL not used: {type(error).__name__})")
        await admin.dispose()
        return None

    async def drop() -> None:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()

    return make_url(url).set(database=name).render_as_string(hide_password=False), drop


async def main(total: int, people: int, pg_url: str | None) -> None:
    updates = Script(people).updates(total)
    print(f"{total} updates from {people} people, one process, in-process Bot API\n")
    floor = await echo_floor(updates)
    print(floor.line())
    rows: list[Figures] = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        rows.append(await real_bot("(b) /start + menu taps, SQLite", url, updates))
    if pg_url:
        scratch = await scratch_postgres(pg_url)
        if scratch is not None:
            url, drop = scratch
            try:
                rows.append(await real_bot("(b) /start + menu taps, PostgreSQL", url, updates))
                fresh = Script(people)
                fresh.ids = itertools.count(10_000_000)
                rows.append(
                    await real_bot(
                        "(b) same, PostgreSQL, 16 updates in flight",
                        url,
                        [_shift(u, 1_000_000) for u in fresh.updates(total)],
                        in_flight=16,
                    )
                )
            finally:
                await drop()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        typed = Script(people).typed(total)
        rows.append(await real_bot("(c) typed questions, SQLite", url, typed))
    for row in rows:
        print(row.line() + f"   (b)/(a) time per update {floor.rate / row.rate:5.1f}x")
    mean = statistics.fmean(rows[0].latencies) * 1000
    print(f"\nmean latency, SQLite: {mean:.2f} ms")


def _shift(update: dict[str, Any], offset: int) -> dict[str, Any]:
    """The same script for a fresh set of people (ids moved by ``offset``)."""
    for key in ("message", "callback_query"):
        if key in update:
            body = update[key]
            body["from"]["id"] += offset
            chat = body["chat"] if key == "message" else body["message"]["chat"]
            chat["id"] += offset
    return update


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--postgres", default=DEFAULT_PG, help="server URL, or '' to skip")
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.people, args.postgres or None))


if __name__ == "__main__":
    cli()
