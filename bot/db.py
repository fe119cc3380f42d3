"""The database engine, its SQLite profile, and the column types every table shares.

SQLite is the embedded default and PostgreSQL the server choice; both run the same models and
migrations. SQLite needs care (see tech notes): with the driver's default transaction handling
two writers silently lose updates, so every transaction starts with ``BEGIN IMMEDIATE`` and the
file runs in WAL mode with a busy timeout and foreign keys on. SQLite also forgets time zones,
so ``UTCDateTime`` stores UTC and gives it back on the way out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, MetaData, event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

# Constraint names that Alembic can rely on, identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# A 64-bit primary key on PostgreSQL, but SQLite's INTEGER PRIMARY KEY so rowids autoincrement.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    """The declarative base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC; naive values are refused, not guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite would store the offset as text and drop it on read; store plain UTC instead.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _sqlite_profile(engine: AsyncEngine) -> None:
    """WAL, busy timeout, foreign keys and ``BEGIN IMMEDIATE`` for every SQLite connection."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock up front: a read-modify-write can then never lose an update.
        # A read that asked for READ_ONLY runs in SQLite's autocommit mode instead: one round
        # trip, no lock held (see ``read_only``).
        if not connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN IMMEDIATE")


READ_ONLY = "careleaver_read_only"


async def read_only(session: AsyncSession) -> None:
    """Mark ``session``'s next transaction as a plain read before it starts.

    On SQLite the statements then run without ``BEGIN IMMEDIATE`` (each is its own snapshot),
    which saves a lock and two round trips; on PostgreSQL nothing changes. Only for code that
    writes nothing in that transaction.
    """
    await session.connection(execution_options={READ_ONLY: True})


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Build the engine for ``url`` with the profile its back end needs."""
    if url.startswith("sqlite"):
        engine = create_async_engine(url, echo=echo, hide_parameters=True)
        _sqlite_profile(engine)
        return engine
    return create_async_engine(
        url, echo=echo, hide_parameters=True, pool_pre_ping=True, pool_size=10, max_overflow=10
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (services return them as dataclasses)."""
    return async_sessionmaker(engine, expire_on_commit=False)


def utcnow() -> datetime:
    """The current time in UTC: the one clock the composition root hands to services."""
    return datetime.now(UTC)
