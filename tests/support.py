"""Test helpers: a settable clock, a test database, and a person who talks to the bot.

Updates are built as real Bot API JSON and parsed with ``Update.de_json`` — the same objects
PTB makes from Telegram's answers — then pushed through the real ``Application``. What the bot
sends is read back from the in-process transport, so assertions are about what a person sees.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from telegram import Update

from bot.local_telegram import LocalTelegram, Sent

TEST_DB_ENV = "CARELEAVER_TEST_DATABASE_URL"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 24, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def backend() -> str:
    url = os.environ.get(TEST_DB_ENV, "")
    return "postgresql" if url.startswith("postgresql") else "sqlite"


@asynccontextmanager
async def scratch_database(tmp_dir: str) -> AsyncIterator[str]:
    """A new, empty database for this test run: a SQLite file, or a PostgreSQL database
    created on the server named by CARELEAVER_TEST_DATABASE_URL and dropped afterwards."""
    server_url = os.environ.get(TEST_DB_ENV)
    if not server_url or server_url.startswith("sqlite"):
        yield f"sqlite+aiosqlite:///{tmp_dir}/test-{uuid.uuid4().hex[:8]}.db"
        return
    name = f"careleaver_test_{uuid.uuid4().hex[:10]}"
    admin: AsyncEngine = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


class Person:
    """Someone talking to the bot in a private chat."""

    _update_ids = itertools.count(1)

    def __init__(
        self, app: Any, transport: LocalTelegram, user_id: int, language_code: str | None = "en"
    ) -> None:
        self.app = app
        self.transport = transport
        self.user_id = user_id
        self.language_code = language_code

    def user(self) -> dict[str, Any]:
        found: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": "Tester"}
        if self.language_code:
            found["language_code"] = self.language_code
        return found

    async def push(self, data: dict[str, Any]) -> None:
        data = {"update_id": next(self._update_ids), **data}
        await self.app.process_update(Update.de_json(data, self.app.bot))

    def message(self, text: str, chat: dict[str, Any] | None = None) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._update_ids) + 500_000,
            "date": 1_764_000_000,
            "chat": chat or {"id": self.user_id, "type": "private"},
            "from": self.user(),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(" ", 1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return message

    async def send(self, text: str) -> list[Sent]:
        before = len(self.transport.log)
        await self.push({"message": self.message(text)})
        return self.transport.seen_by(self.user_id, before)

    async def send_raw(self, message: dict[str, Any], key: str = "message") -> list[Sent]:
        before = len(self.transport.log)
        full = {
            "message_id": next(self._update_ids) + 500_000,
            "date": 1_764_000_000,
            "chat": {"id": self.user_id, "type": "private"},
            "from": self.user(),
            **message,
        }
        await self.push({key: full})
        return self.transport.seen_by(self.user_id, before)

    async def press(self, data: str, message_id: int | None = None) -> list[Sent]:
        """Tap a button with this callback data (real or forged)."""
        before = len(self.transport.log)
        target = message_id or (self.last().message_id if self.screen() else 1)
        await self.push(
            {
                "callback_query": {
                    "id": str(next(self._update_ids)),
                    "from": self.user(),
                    "chat_instance": str(self.user_id),
                    "message": {
                        "message_id": target,
                        "date": 1_764_000_000,
                        "chat": {"id": self.user_id, "type": "private"},
                        "text": "…",
                    },
                    "data": data,
                }
            }
        )
        return self.transport.seen_by(self.user_id, before)

    async def tap(self, label: str) -> list[Sent]:
        """Tap the button whose label contains ``label`` on the latest message with buttons."""
        for sent in reversed(self.screen()):
            for button in sent.buttons:
                if label in str(button["text"]):
                    return await self.press(str(button["callback_data"]), sent.message_id)
        raise AssertionError(f"no button {label!r} on screen")

    def screen(self) -> list[Sent]:
        return self.transport.sent_to(self.user_id)

    def last(self) -> Sent:
        return self.transport.last(self.user_id)

    def last_with_buttons(self) -> Sent:
        for sent in reversed(self.screen()):
            if sent.buttons:
                return sent
        raise AssertionError("no message with buttons")
