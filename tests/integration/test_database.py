"""The database layer on SQLite and PostgreSQL: migrations, time zones, concurrency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import migrate
from bot.db import create_engine, session_factory
from bot.models import Person
from tests.support import backend, scratch_database


async def test_migrations_match_the_models(engine: AsyncEngine) -> None:
    assert await migrate.current_revision(engine) == migrate.head_revision()
    assert await migrate.pending_changes(engine) == []


async def test_downgrade_to_nothing_and_back(tmp_root: Path) -> None:
    async with scratch_database(str(tmp_root)) as url:
        engine = create_engine(url)
        try:
            await migrate.upgrade(engine)
            await migrate.downgrade(engine, "base")
            assert await migrate.current_revision(engine) is None
            await migrate.upgrade(engine)
            assert await migrate.current_revision(engine) == migrate.head_revision()
        finally:
            await engine.dispose()


def _person(telegram_id: int, when: datetime) -> Person:
    return Person(
        telegram_id=telegram_id,
        role="young_person",
        council_id="cheshire-east",
        created_at=when,
        last_seen_at=when,
    )


async def test_times_come_back_as_the_same_instant_in_utc(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    summer = datetime(2026, 7, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    async with sessions() as session, session.begin():
        session.add(_person(5_000_000_001, summer))
    async with sessions() as session:
        row = (
            await session.execute(select(Person).where(Person.telegram_id == 5_000_000_001))
        ).scalar_one()
    assert row.created_at == summer
    assert row.created_at.tzinfo is not None
    assert row.created_at.utcoffset() == timedelta(0)
    assert row.created_at.hour == 9


async def test_naive_datetimes_are_refused(sessions: async_sessionmaker[AsyncSession]) -> None:
    with pytest.raises(Exception, match="naive datetime"):
        async with sessions() as session, session.begin():
            session.add(_person(5_000_000_002, datetime(2026, 1, 1, 12, 0)))


async def test_telegram_ids_beyond_32_bits(sessions: async_sessionmaker[AsyncSession]) -> None:
    big = 2**40 + 7
    async with sessions() as session, session.begin():
        session.add(_person(big, datetime(2026, 1, 1, tzinfo=UTC)))
    async with sessions() as session:
        found = await session.scalar(select(Person.telegram_id).where(Person.telegram_id == big))
    assert found == big


async def test_two_writers_lose_no_update(tmp_root: Path) -> None:
    """Read-modify-write from two engines at once: every increment survives."""
    async with scratch_database(str(tmp_root)) as url:
        first, second = create_engine(url), create_engine(url)
        try:
            await migrate.upgrade(first)
            async with session_factory(first)() as session, session.begin():
                session.add(_person(42, datetime(2026, 1, 1, tzinfo=UTC)))

            async def bump(engine: AsyncEngine, times: int) -> None:
                for _ in range(times):
                    async with session_factory(engine)() as session, session.begin():
                        query = select(Person).where(Person.telegram_id == 42)
                        if backend() == "postgresql":
                            query = query.with_for_update()
                        row = (await session.execute(query)).scalar_one()
                        row.council_id = (
                            str(int(row.council_id) + 1) if row.council_id.isdigit() else "1"
                        )

            await asyncio.gather(bump(first, 50), bump(second, 50))
            async with session_factory(first)() as session:
                value = await session.scalar(
                    select(Person.council_id).where(Person.telegram_id == 42)
                )
            assert value == "100"
        finally:
            await first.dispose()
            await second.dispose()


async def test_sqlite_profile_is_applied(engine: AsyncEngine) -> None:
    if backend() != "sqlite":
        pytest.skip("SQLite pragmas only apply to the SQLite back end")
    async with engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (await connection.execute(text("PRAGMA busy_timeout"))).scalar() == 10000


async def test_update_statement_sets_aware_values(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    when = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    async with sessions() as session, session.begin():
        session.add(_person(5_000_000_003, when))
    async with sessions() as session, session.begin():
        await session.execute(
            update(Person)
            .where(Person.telegram_id == 5_000_000_003)
            .values(last_seen_at=when + timedelta(hours=2))
        )
    async with sessions() as session:
        seen = await session.scalar(
            select(Person.last_seen_at).where(Person.telegram_id == 5_000_000_003)
        )
    assert seen == datetime(2026, 3, 29, 2, 30, tzinfo=UTC)


async def test_loading_a_person_reads_without_a_lock_and_notes_them_once_an_hour(
    tmp_root: Path,
) -> None:
    """The read on every update is one statement; "last seen" is written only when stale."""
    from sqlalchemy import event

    from bot.people import PeopleService

    async with scratch_database(str(tmp_root)) as url:
        engine = create_engine(url)
        try:
            await migrate.upgrade(engine)
            sessions = session_factory(engine)
            start = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
            async with sessions() as session, session.begin():
                session.add(_person(5_000_000_009, start))
            now = [start + timedelta(minutes=30)]
            people = PeopleService(sessions, lambda: now[0])
            statements: list[str] = []
            event.listen(engine.sync_engine, "before_cursor_execute",
                         lambda *args: statements.append(args[2].split()[0].upper()))  # fmt: skip
            seen = await people.load(5_000_000_009)
            assert seen is not None
            if backend() == "sqlite":
                assert statements == ["SELECT"], statements
            assert "UPDATE" not in statements
            statements.clear()
            now[0] = start + timedelta(hours=2)
            await people.load(5_000_000_009)
            assert "UPDATE" in statements
            async with sessions() as session:
                stored = await session.scalar(
                    select(Person.last_seen_at).where(Person.telegram_id == 5_000_000_009)
                )
            assert stored == now[0]
        finally:
            await engine.dispose()
